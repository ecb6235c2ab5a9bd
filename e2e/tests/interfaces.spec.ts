import { test, expect, createConnection, nav, createGateway, createInterface } from './fixtures';
import { cell } from './pages';

test('the complete seed procedure: two connections, one gateway, two interfaces, then delete in order', async ({ page, connections, gateways, interfaces }) => {
  await connections.selectProject('eu-de');
  await connections.open();
  await createConnection(page, { name: 'dc-123', location: 'Biere', peering: 'Marderbug-DC01', bandwidth: '100', description: 'This is a connection.' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createConnection(page, { name: 'dc-456', location: 'Magdeburg', bandwidth: '100' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();

  await createGateway(page, 'vgw-123', /VPC-001/, '192.168.0.0/16', 'This is a virtual gateway.');

  await createInterface(page, { name: 'vif-123', connection: /dc-123/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: 'This is a virtual interface.' });
  await expect(page.getByRole('status').filter({ hasText: 'vif-123 has been created with VLAN 1.' })).toBeVisible();
  await createInterface(page, { name: 'vif-456', connection: /dc-456/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: 'The second one.' });
  await expect(page.getByRole('status').filter({ hasText: 'vif-456 has been created with VLAN 1.' })).toBeVisible();

  // Interfaces list: connection and gateway links, VLANs, type.
  // Each cell by its column's header, with its exact text.
  for (const [vif, dc] of [['vif-123', 'dc-123'], ['vif-456', 'dc-456']]) {
    const row = interfaces.row(vif);
    await expect(cell(row, 'Connection')).toHaveText(dc);
    await expect(cell(row, 'Connection').getByRole('link', { name: dc, exact: true })).toBeVisible();
    await expect(cell(row, 'Virtual Gateway')).toHaveText('vgw-123');
    await expect(cell(row, 'Virtual Gateway').getByRole('link', { name: 'vgw-123', exact: true })).toBeVisible();
    await expect(cell(row, 'VLAN')).toHaveText('1'); // VLAN 1 on each connection
    await expect(cell(row, 'Type')).toHaveText('Private');
  }

  // Connections list: one interface on each, bandwidth as created, delete disabled.
  await nav(page, 'Connections');
  for (const dc of ['dc-123', 'dc-456']) {
    await expect(connections.cell(dc, 'Virtual Interfaces')).toHaveText('1');
    await expect(connections.cell(dc, 'Bandwidth (Mbit/s)')).toHaveText('100');
    await expect(connections.row(dc).getByRole('link', { name: 'Delete' })).toHaveAttribute('aria-disabled', 'true');
  }
  // Gateways list: two interfaces, delete disabled.
  await nav(page, 'Virtual Gateways');
  await expect(gateways.cell('vgw-123', 'Virtual Interfaces')).toHaveText('2');
  await expect(gateways.cell('vgw-123', 'VPC')).toHaveText('VPC-001');
  await expect(gateways.row('vgw-123').getByRole('link', { name: 'Delete' })).toHaveAttribute('aria-disabled', 'true');

  // Delete in the order interface, gateway, connection.
  await interfaces.open();
  for (const vif of ['vif-123', 'vif-456']) {
    await interfaces.delete(vif);
    await expect(page.getByRole('status').filter({ hasText: `${vif} has been deleted` })).toBeVisible();
  }
  await gateways.open();
  await gateways.delete('vgw-123');
  await expect(gateways.row('vgw-123')).toHaveCount(0);
  await connections.nav('Connections');
  for (const dc of ['dc-123', 'dc-456']) {
    await connections.delete(dc);
    await expect(connections.row(dc)).toHaveCount(0);
  }
});

test('refusals show the message on the form with the values kept', async ({ page, connections }) => {
  await connections.open();
  await createConnection(page, { name: 'dc-a', location: 'Biere', bandwidth: '100' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createConnection(page, { name: 'dc-b', location: 'Biere', bandwidth: '50' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createGateway(page, 'vgw-1', /VPC-001/, '192.168.0.0/16', '');
  await createInterface(page, { name: 'vif-a', connection: /dc-a/, gateway: /vgw-1/, bandwidth: '100', subnet: '10.1.0.0/16', description: '' });
  await expect(page.getByRole('status').filter({ hasText: 'vif-a has been created' })).toBeVisible();

  // Same location twice on one gateway.
  await createInterface(page, { name: 'vif-b', connection: /dc-b/, gateway: /vgw-1/, bandwidth: '50', subnet: '10.2.0.0/16', description: 'kept' });
  await expect(page.getByRole('alert')).toContainText('Correct the fields');
  await expect(page.getByLabel('Connection', { exact: true })).toHaveAccessibleDescription(/different access location than Biere/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('vif-b');
  await expect(page.getByLabel('Remote Subnet')).toHaveValue('10.2.0.0/16');
  await expect(page.getByLabel('Description')).toHaveValue('kept');

  // Bandwidth above the connection's.
  await createInterface(page, { name: 'vif-c', connection: /dc-a/, gateway: /vgw-1/, bandwidth: '500', subnet: '10.3.0.0/16', description: '' });
  await expect(page.getByLabel('Bandwidth (Mbit/s)')).toHaveAccessibleDescription(/cannot exceed the 100 Mbit\/s/);
  await expect(page.getByLabel('Bandwidth (Mbit/s)')).toHaveValue('500');
});
