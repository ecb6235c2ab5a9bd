import { Page } from '@playwright/test';
import { test, expect, logIn, selectProject, openConnections, createConnection } from './fixtures';

async function openNav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Network Console' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

// chooseOption selects the option whose text matches, whatever the rest of its label.
async function chooseOption(page: Page, label: string, text: RegExp) {
  const select = page.getByLabel(label, { exact: true });
  const option = select.locator('option').filter({ hasText: text }).first();
  await select.selectOption((await option.getAttribute('value'))!);
}

test('VPC and the seed gateway: create through the dialog, list, modify, disabled VPC delete, delete', async ({ page }) => {
  await logIn(page);
  await selectProject(page, 'eu-de');
  await openConnections(page);

  // A fresh project has VPC-001; add a second VPC.
  await openNav(page, 'Virtual Private Cloud');
  await expect(page.getByRole('row', { name: 'VPC-001' })).toContainText('192.168.0.0/16');
  await page.getByRole('link', { name: 'Create VPC' }).click();
  await page.getByLabel('Name', { exact: true }).fill('vpc-lab');
  await page.getByLabel('IPv4 CIDR Block').fill('172.16.1.7/24');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('the network is 172.16.1.0/24')).toBeVisible();
  await page.getByLabel('IPv4 CIDR Block').fill('172.16.0.0/16');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('status')).toContainText('VPC vpc-lab has been created.');
  await expect(page.getByRole('row', { name: 'vpc-lab' })).toContainText('172.16.0.0/16');

  // Seed "Creating a Virtual Gateway", steps 1-4, through the dialog.
  await openNav(page, 'Virtual Gateways');
  await expect(page.getByText('You can create 5 more virtual gateways.')).toBeVisible();
  await page.getByRole('link', { name: 'Create Virtual Gateway' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Virtual Gateway' });
  await expect(dialog).toBeVisible();
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
  await chooseOption(page, 'VPC', /^VPC-001 \(192\.168\.0\.0\/16\)/);
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
  await openNav(page, 'Virtual Private Cloud');
  const vpcRow = page.getByRole('row', { name: 'VPC-001' });
  await expect(vpcRow.getByRole('link', { name: 'vgw-456' })).toBeVisible();
  const vpcDelete = vpcRow.getByRole('link', { name: 'Delete' });
  await expect(vpcDelete).toHaveAttribute('aria-disabled', 'true');
  await expect(vpcDelete).toHaveAccessibleDescription(/cannot be deleted because virtual gateway vgw-456 uses it/);

  // Delete the gateway, after a confirmation; then the VPC is free.
  await openNav(page, 'Virtual Gateways');
  await page.getByRole('row', { name: 'vgw-456' }).getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'Are you sure you want to delete virtual gateway vgw-456?' })).toBeVisible();
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status')).toContainText('vgw-456 has been deleted');
  await expect(page.getByRole('row', { name: 'vgw-456' })).toHaveCount(0);

  await openNav(page, 'Virtual Private Cloud');
  await page.getByRole('row', { name: 'vpc-lab' }).getByRole('link', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status')).toContainText('VPC vpc-lab has been deleted.');
  await expect(page.getByRole('row', { name: 'VPC-001' }).getByRole('link', { name: 'Delete' })).not.toHaveAttribute('aria-disabled', 'true');
});

test('a gateway with a bound virtual interface cannot be deleted, and says why', async ({ page }) => {
  await logIn(page);
  await selectProject(page, 'eu-de');
  await openConnections(page);
  await createConnection(page, { name: 'dc-biere', location: 'Biere', bandwidth: '100' });

  await openNav(page, 'Virtual Gateways');
  await page.getByRole('link', { name: 'Create Virtual Gateway' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Virtual Gateway' });
  await dialog.getByLabel('Name', { exact: true }).fill('vgw-123');
  await dialog.getByLabel('CIDR Block').fill('192.168.0.0/16');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('row', { name: 'vgw-123' })).toBeVisible();

  await openNav(page, 'Virtual Interfaces');
  await page.getByRole('link', { name: 'Create Virtual Interface' }).click();
  await page.getByLabel('Name', { exact: true }).fill('vif-123');
  await chooseOption(page, 'Connection', /dc-biere/);
  await chooseOption(page, 'Virtual Gateway', /vgw-123/);
  await page.getByLabel('Remote Subnet').fill('10.1.0.0/24');
  await page.getByRole('button', { name: 'Create Now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'vif-123 has been created' })).toBeVisible();

  await openNav(page, 'Virtual Gateways');
  const row = page.getByRole('row', { name: 'vgw-123' });
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');
  const del = row.getByRole('link', { name: 'Delete' });
  await expect(del).toHaveAttribute('aria-disabled', 'true');
  await expect(del).toHaveAccessibleDescription(/1 virtual interface is bound to it/);
  await row.getByRole('button', { name: 'Show details of vgw-123' }).click();
  await expect(page.getByRole('link', { name: 'vif-123' })).toBeVisible();
});
