// The seed scenario (Redundant Connection Access) through nginx's round
// robin over two console instances on one PostgreSQL database (run.sh sets
// it up). Consecutive requests of the browser land on different instances:
// the login on one, the next page on the other; a form posted on one, its
// redirect answered by the other. The test also proves that they did, from
// the X-Upstream header nginx adds to every response.
//
// It does not use the fixtures' test (POST /testing/reset needs -testing and
// would reset the shared database under the other instance); it starts from
// the fresh database run.sh created.
import { test, expect, Page } from '@playwright/test';
import { logIn } from '../tests/fixtures';
import { ConsolePage, ConnectionsPage, GatewaysPage, InterfacesPage, TopologyPage } from '../tests/pages';

const password = process.env.E2E_LB_ADMIN_PASSWORD ?? '';
// The consoles' addresses, as nginx names them in X-Upstream.
const upstreams = (process.env.E2E_LB_UPSTREAMS ?? '').split(' ').filter(Boolean);

type Served = { method: string; path: string; status: number; upstream: string };

// recordResponses collects the page's document responses (navigations,
// form posts and their redirects) with the instance that answered, and every
// response of any kind with an error status.
function recordResponses(page: Page) {
  const documents: Served[] = [];
  const errors: Served[] = [];
  page.on('response', (r) => {
    const s: Served = {
      method: r.request().method(),
      path: new URL(r.url()).pathname + new URL(r.url()).search,
      status: r.status(),
      upstream: r.headers()['x-upstream'] ?? '(no X-Upstream)',
    };
    if (r.request().resourceType() === 'document') documents.push(s);
    if (s.status >= 400) errors.push(s);
  });
  return { documents, errors };
}

const show = (list: Served[]) => list.map((s) => `${s.method} ${s.path} -> ${s.status} from ${s.upstream}`).join('\n');

test('seed scenario through nginx round robin over two consoles on one PostgreSQL database', async ({ page }) => {
  expect(password, 'E2E_LB_ADMIN_PASSWORD (run.sh sets it)').not.toBe('');
  expect(upstreams, 'E2E_LB_UPSTREAMS (run.sh sets it)').toHaveLength(2);
  const { documents, errors } = recordResponses(page);
  const connections = new ConnectionsPage(page);
  const gateways = new GatewaysPage(page);
  const interfaces = new InterfacesPage(page);
  const topology = new TopologyPage(page);

  // Log in (the session is in the database: the next page comes from the other instance).
  await logIn(page, 'admin', password);
  await connections.selectProject('eu-de');

  // Creating a Connection, twice: Create Now -> Submit -> Back to Connection List.
  await connections.open();
  await connections.create({ name: 'dc-123', location: 'Biere', peering: 'Marderbug-DC01', bandwidth: '100', description: 'This is a connection.' });
  await connections.backToList();
  await expect(connections.row('dc-123')).toContainText('Normal');
  await connections.create({ name: 'dc-456', location: 'Magdeburg', bandwidth: '100' });
  await connections.backToList();
  await expect(connections.row('dc-456')).toContainText('Normal');

  // Creating a Virtual Gateway on VPC-001 (the dialog, OK).
  await gateways.open();
  await gateways.create({ name: 'vgw-123', vpc: /VPC-001/, cidr: '192.168.0.0/16', description: 'This is a virtual gateway.' });

  // Creating a Virtual Interface, twice.
  await interfaces.open();
  await interfaces.create({ name: 'vif-123', connection: /dc-123/, gateway: /vgw-123/, subnet: '192.168.51.0/24', description: 'This is a virtual interface.' });
  await interfaces.open();
  await interfaces.create({ name: 'vif-456', connection: /dc-456/, gateway: /vgw-123/, subnet: '192.168.51.0/24' });

  // The balancing itself: the flow's pages came from both instances, and
  // some form post was answered by one instance and its redirect (or next
  // page) by the other.
  await test.info().attach('document responses of the flow', { body: show(documents), contentType: 'text/plain' });
  const seen = new Set(documents.map((d) => d.upstream));
  expect(seen.size, `distinct X-Upstream values of the flow's document responses:\n${show(documents)}`).toBeGreaterThanOrEqual(2);
  expect([...seen].sort(), 'X-Upstream values are the two consoles').toEqual([...upstreams].sort());
  const crossed = documents.filter((d, i) => d.method === 'POST' && i + 1 < documents.length && documents[i + 1].upstream !== d.upstream);
  expect(crossed.length, `form posts whose next page came from the other instance:\n${show(documents)}`).toBeGreaterThan(0);

  // The result pages, each loaded until both instances have served it (a
  // stale cache of lists or pictures on one instance shows here).
  const onBoth = async (path: string, heading: string, check: () => Promise<void>) => {
    const served = new Set<string>();
    for (let i = 0; i < 6 && served.size < upstreams.length; i++) {
      const r = await page.goto(path);
      expect(r, `GET ${path}`).not.toBeNull();
      expect(r!.status(), `GET ${path} from ${r!.headers()['x-upstream']}`).toBe(200);
      served.add(r!.headers()['x-upstream'] ?? '(no X-Upstream)');
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await check();
    }
    expect([...served].sort(), `instances that served ${path}`).toEqual([...upstreams].sort());
  };
  await onBoth('/dcaas/connections', 'Connections', async () => {
    await expect(connections.cell('dc-123', 'Location')).toHaveText('Biere');
    await expect(connections.cell('dc-456', 'Location')).toHaveText('Magdeburg');
    for (const name of ['dc-123', 'dc-456']) {
      await expect(connections.cell(name, 'Status')).toHaveText('Normal');
      await expect(connections.cell(name, 'Virtual Interfaces')).toHaveText('1');
    }
  });
  await onBoth('/dcaas/virtual-gateways', 'Virtual Gateways', async () => {
    await expect(gateways.cell('vgw-123', 'VPC')).toHaveText('VPC-001');
    await expect(gateways.cell('vgw-123', 'Virtual Interfaces')).toHaveText('2');
    await expect(gateways.cell('vgw-123', 'Redundancy')).toContainText('Redundant');
  });
  await onBoth('/dcaas/virtual-interfaces', 'Virtual Interfaces', async () => {
    await expect(interfaces.cell('vif-123', 'Connection')).toHaveText('dc-123');
    await expect(interfaces.cell('vif-456', 'Connection')).toHaveText('dc-456');
    for (const name of ['vif-123', 'vif-456']) {
      await expect(interfaces.cell(name, 'Status')).toHaveText('Normal');
      await expect(interfaces.cell(name, 'Virtual Gateway')).toHaveText('vgw-123');
    }
  });
  await onBoth('/dcaas/topology', 'Topology', async () => {
    await expect(topology.picture('vgw-123')).toHaveAccessibleName(/Redundant: Biere \+ Magdeburg/);
  });

  // Log out (on one instance): the session has ended on both. Each try is
  // a protected page and its redirect to /login, two requests, so a request
  // of the page's own (healthz) between tries shifts which instance gets the
  // protected page next.
  await new ConsolePage(page).logOut();
  const refused = new Set<string>();
  for (let i = 0; i < 6 && refused.size < upstreams.length; i++) {
    const r = await page.goto('/dcaas/connections');
    await expect(page, 'a page after logging out').toHaveURL(/\/login(\?|$)/);
    const first = await r!.request().redirectedFrom()?.response();
    expect(first, 'GET /dcaas/connections after logging out is a redirect').toBeTruthy();
    refused.add(first!.headers()['x-upstream'] ?? '(no X-Upstream)');
    await page.request.get('/healthz');
  }
  expect([...refused].sort(), 'instances that refused the ended session').toEqual([...upstreams].sort());

  expect(errors, `responses with an error status:\n${show(errors)}`).toEqual([]);
});
