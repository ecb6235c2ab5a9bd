// The README's "Writing Playwright scripts" example: the user guide's
// Redundant Connection Access procedure, clicked through the console with
// the page objects. Kept as a real spec so the example always works.
import { test, expect } from './fixtures';

test('seed scenario: two connections at Biere and Magdeburg, one gateway, two interfaces, redundant', async ({
  connections, gateways, interfaces, topology,
}) => {
  // Creating a Connection, twice (steps 2-8).
  await connections.selectProject('eu-de');
  await connections.open();
  await connections.create({ name: 'dc-123', location: 'Biere', peering: 'Marderbug-DC01', bandwidth: '100', description: 'This is a connection.' });
  await connections.backToList();
  await connections.create({ name: 'dc-456', location: 'Magdeburg', bandwidth: '100' });
  await connections.backToList();
  await expect(connections.row('dc-123')).toContainText('Normal');

  // Creating a Virtual Gateway (dialog, OK).
  await gateways.open();
  await gateways.create({ name: 'vgw-123', vpc: /VPC-001/, cidr: '192.168.0.0/16', description: 'This is a virtual gateway.' });

  // Creating a Virtual Interface, twice.
  await interfaces.open();
  await interfaces.create({ name: 'vif-123', connection: /dc-123/, gateway: /vgw-123/, subnet: '192.168.51.0/24', description: 'This is a virtual interface.' });
  await interfaces.open();
  await interfaces.create({ name: 'vif-456', connection: /dc-456/, gateway: /vgw-123/, subnet: '192.168.51.0/24' });

  // The result: redundant over both locations.
  await topology.open();
  await expect(topology.picture('vgw-123')).toHaveAccessibleName(/Redundant: Biere \+ Magdeburg/);
});
