import { test, expect, logIn, nav, buildSeedScenario } from './fixtures';

test('failover drill: the verdict, the picture and the log follow a simulated cut and its repair', async ({ page, topology, operations }) => {
  await buildSeedScenario(page);

  await topology.open();
  const picture = topology.picture('vgw-123');
  await expect(picture).toHaveAccessibleName(/Redundant: Biere \+ Magdeburg/);
  await expect(page.getByRole('row', { name: 'vif-123' })).toContainText('Carrying traffic');

  // Simulate a failure of the Biere connection from its details page.
  await nav(page, 'Connections');
  await page.getByRole('row', { name: 'dc-123' }).getByRole('link', { name: 'dc-123' }).click();
  await page.getByRole('button', { name: 'Simulate Failure' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Simulated a failure of connection dc-123 at Biere' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Down');

  await nav(page, 'Virtual Gateways');
  await expect(page.getByRole('row', { name: 'vgw-123' })).toContainText('Single point of failure: connection dc-456 at Magdeburg');
  await nav(page, 'Topology');
  await expect(picture).toHaveAccessibleName(/Single point of failure: connection dc-456 at Magdeburg/);
  await expect(page.getByRole('row', { name: 'vif-123' })).toContainText('Down: connection dc-123 is down');
  await expect(page.getByRole('row', { name: 'vif-456' })).toContainText('Carrying traffic');
  await nav(page, 'Virtual Interfaces');
  await expect(page.getByRole('row', { name: 'vif-123' })).toContainText('Down');

  await operations.open();
  await operations.filter({ action: 'fail' });
  const entry = operations.entry(0);
  await expect(entry).toContainText('dc-123');
  await expect(entry).toContainText('Simulate Failure');
  await expect(entry).toContainText('admin');

  // Restore from the list.
  await nav(page, 'Connections');
  await page.getByRole('row', { name: 'dc-123' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is restored' })).toBeVisible();
  await nav(page, 'Topology');
  await expect(picture).toHaveAccessibleName(/Redundant: Biere \+ Magdeburg/);

  // The guide ticks every step.
  await nav(page, 'Redundant Connection Access');
  await expect(page.getByRole('list', { name: 'Steps' }).getByRole('listitem')).toHaveCount(5);
  await expect(page.getByText('vgw-123: Redundant: Biere + Magdeburg')).toBeVisible();
});

test('trainees work in their own projects and cannot reach others or the administration', async ({ page, browser, admin }) => {
  await admin.openUsers();
  for (const name of ['trainee1', 'trainee2']) {
    await admin.createTrainee(name, `${name}-password`);
  }

  // Trainee 1 creates a connection.
  const t1 = await browser.newPage();
  await logIn(t1, 'trainee1', 'trainee1-password');
  await expect(t1.getByRole('button', { name: /Region and project/ })).toContainText('eu-de_trainee1');
  await t1.goto('/dcaas/connections/create');
  await t1.getByLabel('Name', { exact: true }).fill('dc-trainee1');
  await t1.getByRole('button', { name: 'Create Now' }).click();
  await t1.getByRole('button', { name: 'Submit' }).click();
  await t1.getByRole('link', { name: 'Back to Connection List' }).click();
  await t1.getByRole('row', { name: 'dc-trainee1' }).getByRole('link', { name: 'dc-trainee1' }).click();
  const url = t1.url();

  // Trainee 2 cannot open it, nor the Users page.
  const t2 = await browser.newPage();
  await logIn(t2, 'trainee2', 'trainee2-password');
  const r = await t2.goto(url);
  expect(r?.status()).toBe(404);
  await expect(t2.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const adminPage = await t2.goto('/admin/users');
  expect(adminPage?.status()).toBe(403);
  await t2.goto('/dcaas/connections');
  await expect(t2.getByRole('row', { name: 'dc-trainee1' })).toHaveCount(0);
  await expect(t2.getByRole('navigation', { name: 'Network Console' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

  // The admin sees the trainee's project and resets it.
  await admin.resetProject('eu-de_trainee1');
  await expect(page.getByRole('status')).toContainText('eu-de_trainee1 is back to its fresh state');
  await t1.goto('/dcaas/connections');
  await expect(t1.getByRole('row', { name: 'dc-trainee1' })).toHaveCount(0);
});
