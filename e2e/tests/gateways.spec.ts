import { test, expect } from './fixtures';
import { chooseOption } from './pages';

test('VPC and the seed gateway: create through the dialog, list, modify, disabled VPC delete, delete', async ({ page, connections, vpcs, gateways }) => {
  await connections.selectProject('eu-de');
  await connections.open();

  // A fresh project has VPC-001; add a second VPC.
  await vpcs.open();
  await expect(vpcs.row('VPC-001')).toContainText('192.168.0.0/16');
  await vpcs.create('vpc-lab', '172.16.1.7/24');
  await expect(page.getByText('the network is 172.16.1.0/24')).toBeVisible();
  await page.getByLabel('IPv4 CIDR Block').fill('172.16.0.0/16');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('status')).toContainText('VPC vpc-lab has been created.');
  await expect(page.getByRole('row', { name: 'vpc-lab' })).toContainText('172.16.0.0/16');

  // Seed "Creating a Virtual Gateway", steps 1-4, through the dialog.
  await gateways.open();
  await expect(page.getByText('You can create 5 more virtual gateways.')).toBeVisible();
  const dialog = await gateways.openDialog();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(/^vgw-/);
  await expect(dialog.getByLabel('CIDR Block')).toHaveAttribute('placeholder', 'Example: 192.168.52.0/24, 192.168.54.0/24');
  await expect(dialog.getByText('0/128')).toBeVisible();
  // Cancel closes the dialog without creating anything.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('link', { name: 'Create Virtual Gateway' }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('vgw-123');
  await expect(dialog.getByLabel('VPC', { exact: true }).locator('option', { hasText: 'VPC-001 (192.168.0.0/16)' })).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Refresh the VPC list' }).click();
  await expect(dialog).toBeVisible();
  await chooseOption(dialog.getByLabel('VPC', { exact: true }), /^VPC-001 \(192\.168\.0\.0\/16\)/);
  await dialog.getByLabel('CIDR Block').fill('192.168.0.0/16');
  await dialog.getByLabel('Description').fill('This is a virtual gateway.');
  await expect(dialog.getByText('26/128')).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Virtual gateway vgw-123 has been created.' })).toBeVisible();
  const row = page.getByRole('row', { name: 'vgw-123' });
  await expect(row).toContainText('Normal');
  await expect(row).toContainText('Default');
  await expect(row.getByRole('link', { name: 'VPC-001' })).toBeVisible();
  await expect(page.getByText('You can create 4 more virtual gateways.')).toBeVisible();
  await row.getByRole('button', { name: 'Show details of vgw-123' }).click();
  await expect(page.getByText('This is a virtual gateway.')).toBeVisible();

  // Modify: name and CIDR blocks; one block outside the VPC is accepted with a warning.
  await row.getByRole('link', { name: 'Modify' }).click();
  await expect(page.getByRole('heading', { name: 'Modify Virtual Gateway' })).toBeVisible();
  await expect(page.getByLabel('VPC', { exact: true })).toHaveValue('VPC-001 (192.168.0.0/16)');
  await page.getByLabel('Name', { exact: true }).fill('vgw-456');
  await page.getByLabel('CIDR Block').fill('192.168.52.0/24\n192.168.54.0/24, 10.8.0.0/16');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'vgw-456 has been modified' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '10.8.0.0/16 is outside the CIDR block of VPC VPC-001' })).toBeVisible();
  await page.getByRole('row', { name: 'vgw-456' }).getByRole('link', { name: 'vgw-456' }).click();
  await expect(page.getByRole('heading', { name: 'vgw-456', level: 1 })).toBeVisible();
  await expect(page.getByText('192.168.54.0/24')).toBeVisible();
  await expect(page.getByRole('note')).toContainText('10.8.0.0/16 is outside');

  // The VPC in use cannot be deleted, and says why. (The gateway's own
  // disabled Delete needs a virtual interface: see the next test.)
  await vpcs.open();
  const vpcRow = vpcs.row('VPC-001');
  await expect(vpcRow.getByRole('link', { name: 'vgw-456' })).toBeVisible();
  const vpcDelete = vpcRow.getByRole('link', { name: 'Delete' });
  await expect(vpcDelete).toHaveAttribute('aria-disabled', 'true');
  await expect(vpcDelete).toHaveAccessibleDescription(/cannot be deleted because virtual gateway vgw-456 uses it/);

  // Delete the gateway, after a confirmation; then the VPC is free.
  await gateways.open();
  await gateways.delete('vgw-456');
  await expect(page.getByRole('status')).toContainText('vgw-456 has been deleted');
  await expect(page.getByRole('row', { name: 'vgw-456' })).toHaveCount(0);

  await vpcs.open();
  await vpcs.delete('vpc-lab');
  await expect(page.getByRole('status')).toContainText('VPC vpc-lab has been deleted.');
  // Without the gateway VPC-001 still holds subnet-001, so it stays undeletable, and says why.
  const stillHeld = page.getByRole('row', { name: 'VPC-001' }).getByRole('link', { name: 'Delete' });
  await expect(stillHeld).toHaveAttribute('aria-disabled', 'true');
  await expect(stillHeld).toHaveAccessibleDescription(/cannot be deleted because it has 1 subnet\(s\)/);
});

test('a gateway with a bound virtual interface cannot be deleted, and says why', async ({ page, connections, gateways, interfaces }) => {
  await connections.selectProject('eu-de');
  await connections.open();
  await connections.create({ name: 'dc-biere', location: 'Biere', bandwidth: '100' });

  await gateways.open();
  await gateways.create({ name: 'vgw-123', cidr: '192.168.0.0/16' });

  await interfaces.open();
  await interfaces.submit({ name: 'vif-123', connection: /dc-biere/, gateway: /vgw-123/, subnet: '10.1.0.0/24' });
  await expect(page.getByRole('status').filter({ hasText: 'vif-123 has been created' })).toBeVisible();

  await gateways.open();
  const row = page.getByRole('row', { name: 'vgw-123' });
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');
  const del = row.getByRole('link', { name: 'Delete' });
  await expect(del).toHaveAttribute('aria-disabled', 'true');
  await expect(del).toHaveAccessibleDescription(/1 virtual interface is bound to it/);
  await row.getByRole('button', { name: 'Show details of vgw-123' }).click();
  await expect(page.getByRole('link', { name: 'vif-123' })).toBeVisible();
});
