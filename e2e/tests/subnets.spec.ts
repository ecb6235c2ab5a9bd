import { test, expect, setLanguage } from './fixtures';

test('subnets on the VPC page: subnet-001 in VPC-001, create with field errors, VPC delete refused, delete; German', async ({ page, connections, vpcs }) => {
  await connections.selectProject('eu-de');
  await vpcs.open();

  // Every project starts with subnet-001 in VPC-001.
  const subnets = page.getByRole('table', { name: 'Subnets' });
  await expect(subnets.getByRole('row', { name: 'subnet-001', exact: true })).toContainText('VPC-001');
  await expect(subnets.getByRole('row', { name: 'subnet-001', exact: true })).toContainText('192.168.0.0/24');

  // A block overlapping subnet-001 comes back with the error under the field, values kept.
  await vpcs.createSubnet({ vpc: /^VPC-001/, name: 'sn-web', cidr: '192.168.0.128/25' });
  await expect(vpcs.alert).toBeVisible();
  await expect(page.getByText('overlaps subnet subnet-001 (192.168.0.0/24) of VPC VPC-001')).toBeVisible();
  await expect(vpcs.field('Name')).toHaveValue('sn-web');
  await vpcs.field('IPv4 CIDR Block').fill('192.168.10.0/24');
  await page.getByRole('button', { name: 'OK' }).click();
  await expect(vpcs.message('Subnet sn-web has been created.')).toBeVisible();
  await expect(vpcs.row('sn-web')).toContainText('192.168.10.1');

  // A VPC with subnets cannot be deleted, and says why.
  const vpcDelete = vpcs.row('VPC-001').getByRole('link', { name: 'Delete' });
  await expect(vpcDelete).toHaveAttribute('aria-disabled', 'true');
  await expect(vpcDelete).toHaveAccessibleDescription(/it has 2 subnet\(s\)/);

  // The row's own link preselects its VPC.
  await vpcs.row('VPC-001').getByRole('link', { name: 'Create Subnet in VPC-001' }).click();
  await expect(vpcs.field('VPC')).toHaveValue(/.+/);
  await expect(vpcs.field('VPC').locator('option:checked')).toHaveText('VPC-001 (192.168.0.0/16)');
  await page.getByRole('link', { name: 'Cancel' }).click();

  await vpcs.deleteSubnet('sn-web');
  await expect(vpcs.message('Subnet sn-web has been deleted.')).toBeVisible();
  await expect(vpcs.row('sn-web')).toHaveCount(0);

  // German.
  await setLanguage(page, 'de');
  await expect(page.getByRole('heading', { name: 'Subnetze', level: 2 })).toBeVisible();
  await page.getByRole('link', { name: 'Subnetz erstellen', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Subnetz erstellen', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Gateway', { exact: true })).toBeVisible();
  await setLanguage(page, 'en');
});
