import * as fs from 'fs';
import { Page } from '@playwright/test';
import { test, expect, logIn, nav, buildSeedScenario, setLanguage, Lang } from './fixtures';
import { AxeAudit } from './axe';

// Training Administration > Classes: a class of three, one trainee runs the
// scenario in a browser of their own, the trainer's board follows; then the
// class actions.

async function createClass(page: Page, name: string, count: string, w = W.en) {
  await page.goto('/admin/classes');
  await page.getByRole('link', { name: w.createClass }).click();
  await page.getByLabel(w.className, { exact: true }).fill(name);
  await page.getByLabel(w.count, { exact: true }).fill(count);
  await page.getByRole('button', { name: w.createClass }).click();
}

const W = {
  en: { createClass: 'Create Class', className: 'Class Name', count: 'Number of Trainees', board: 'Open Class Board', reset: 'Reset All Projects', del: 'Delete Class', yes: 'Yes', no: 'No' },
  de: { createClass: 'Klasse erstellen', className: 'Klassenname', count: 'Anzahl der Teilnehmenden', board: 'Klassenübersicht öffnen', reset: 'Alle Projekte zurücksetzen', del: 'Klasse löschen', yes: 'Ja', no: 'Nein' },
};

test('a class of three: credentials once, trainee 2 runs the scenario, the board ticks; reset, disable, delete', async ({ loggedIn: page, browser }) => {
  test.setTimeout(300_000);
  await nav(page, 'Classes');
  await page.getByRole('link', { name: 'Create Class' }).click();
  await page.getByLabel('Class Name', { exact: true }).fill('c1');
  await page.getByLabel('Number of Trainees', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Create Class' }).click();

  // The credentials, once: cards and the CSV download.
  await expect(page.getByRole('heading', { name: 'Credentials of class c1' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Trainee credentials' }).getByRole('listitem');
  await expect(cards).toHaveCount(3);
  const card = page.getByRole('listitem', { name: 'c1-02' });
  await expect(card).toContainText('eu-de_c1-02');
  const password = (await card.locator('[data-password]').textContent())!.trim();
  expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('c1-credentials.csv');
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('user,password,project,region');
  expect(csv).toContain(`c1-02,${password},eu-de_c1-02,eu-de`);
  expect(csv).toHaveLength(4);

  // The board, fresh.
  await page.getByRole('link', { name: 'Open Class Board' }).click();
  await expect(page.getByRole('heading', { name: 'Class c1', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Class progress')).toHaveAttribute('value', '0');
  const row = page.getByRole('row', { name: 'c1-02' });
  await expect(row.getByRole('img', { name: 'Step 1 not done' })).toBeVisible();
  await expect(page.getByText(password)).toHaveCount(0);

  // Trainee 2, in a browser of their own, with the card's password.
  const traineeContext = await browser.newContext();
  const trainee = await traineeContext.newPage();
  await logIn(trainee, 'c1-02', password);
  await expect(trainee.getByRole('button', { name: /Region and project/ })).toContainText('eu-de_c1-02');
  // Trainees see nothing of the class or of each other.
  expect((await trainee.goto('/admin/classes'))?.status()).toBe(403);
  await trainee.goto('/console');
  await trainee.getByRole('button', { name: /Region and project/ }).click();
  await expect(trainee.locator('#region-menu').getByRole('button')).toHaveCount(1);
  await buildSeedScenario(trainee);
  // The failover drill, from the list.
  await nav(trainee, 'Connections');
  await trainee.getByRole('row', { name: 'dc-123' }).getByRole('button', { name: 'Simulate Failure' }).click();
  await expect(trainee.getByRole('status').filter({ hasText: 'Simulated a failure' })).toBeVisible();
  await trainee.getByRole('row', { name: 'dc-123' }).getByRole('button', { name: 'Restore' }).click();
  await expect(trainee.getByRole('status').filter({ hasText: 'is restored' })).toBeVisible();

  // The board follows by itself (it refreshes every 10 s).
  await expect(row.getByRole('progressbar', { name: 'Progress of c1-02' })).toHaveAttribute('value', '7', { timeout: 30_000 });
  for (let i = 1; i <= 5; i++) await expect(row.getByRole('img', { name: `Step ${i} done` })).toBeVisible();
  await expect(row).toContainText('vgw-123: Redundant: Biere + Magdeburg');
  await expect(row).toContainText('Run and restored');
  await expect(page.getByLabel('Class progress')).toHaveAttribute('value', '33');
  // Pausing stops the updates (its state is announced).
  const pause = page.getByRole('button', { name: 'Pause Updates' });
  await pause.click();
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await pause.click();

  // Sort by progress: ascending, then descending (most done first).
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Trainees' }).getByRole('row').last()).toHaveAccessibleName('c1-02');
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Trainees' }).getByRole('row').nth(1)).toHaveAccessibleName('c1-02');

  // The trainee's name opens their project read-only.
  await row.getByRole('link', { name: 'c1-02' }).click();
  await expect(page.getByRole('heading', { name: 'Redundant Connection Access', level: 1 })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Read-only view' })).toContainText('eu-de_c1-02');
  await expect(page.locator('.guide-step.done')).toHaveCount(5);
  await nav(page, 'Connections');
  await page.getByRole('row', { name: 'dc-123' }).getByRole('button', { name: 'Simulate Failure' }).click();
  await expect(page.getByRole('main')).toContainText('read-only view');
  await page.goto('/dcaas/topology');
  await expect(page.getByRole('main')).toContainText('Redundant: Biere + Magdeburg');
  await page.getByRole('button', { name: 'Leave Read-Only View' }).click();
  await expect(page.getByRole('heading', { name: 'Class c1', level: 1 })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Read-only view' })).toHaveCount(0);

  // Reset every trainee's project, after a confirmation.
  await page.getByRole('link', { name: 'Reset All Projects' }).click();
  await expect(page.getByRole('heading', { name: 'Are you sure you want to reset the 3 trainee projects of class c1?' })).toBeVisible();
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 trainee projects are back to their fresh state' })).toBeVisible();
  await expect(row.getByRole('progressbar', { name: 'Progress of c1-02' })).toHaveAttribute('value', '0');
  await trainee.goto('/dcaas/connections');
  await expect(trainee.getByRole('row', { name: 'dc-123' })).toHaveCount(0);

  // Disable: the trainee is out; enable: back in.
  await page.getByRole('button', { name: 'Disable Class' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'can no longer log in' })).toBeVisible();
  await trainee.goto('/dcaas/connections');
  await expect(trainee.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  await page.getByRole('button', { name: 'Enable Class' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'enabled again' })).toBeVisible();
  await logIn(trainee, 'c1-02', password);

  // Delete, after a confirmation naming what goes.
  await page.getByRole('link', { name: 'Delete Class' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('3 trainee users');
  await expect(page.getByRole('alertdialog')).toContainText('3 projects');
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Class c1 was deleted with its 3 trainees' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'c1', exact: true })).toHaveCount(0);
  await trainee.goto('/dcaas/connections');
  await expect(trainee.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  await traineeContext.close();
});

test('bad input is refused with a message and creates nothing', async ({ loggedIn: page }) => {
  await createClass(page, 'c1', '201');
  await expect(page.getByRole('alert')).toContainText('Nothing was created');
  await expect(page.locator('#class-count-error')).toHaveText('The number of trainees must be 1 to 200.');
  await expect(page.getByLabel('Number of Trainees')).toBeFocused();
  await page.getByLabel('Number of Trainees', { exact: true }).fill('2');
  await page.getByLabel('User Name Prefix').fill('bad prefix');
  await page.getByRole('button', { name: 'Create Class' }).click();
  await expect(page.locator('#class-prefix-error')).toContainText('letters, digits');
  await page.goto('/admin/classes');
  await expect(page.getByText('No classes yet.')).toBeVisible();
});

for (const lang of ['en', 'de'] as Lang[]) {
  test(`axe: the class pages (${lang})`, async ({ loggedIn: page }) => {
    test.setTimeout(300_000);
    const w = W[lang];
    const audit = new AxeAudit(lang);
    await setLanguage(page, lang);
    await page.goto('/admin/classes');
    await audit.check(page, 'classes, empty');
    await createClass(page, 'room', '0', w);
    await audit.check(page, 'create class with errors');
    await page.getByLabel(w.count, { exact: true }).fill('2');
    await page.getByRole('button', { name: w.createClass }).click();
    await audit.check(page, 'credentials');
    await page.getByRole('link', { name: w.board }).click();
    await audit.check(page, 'board');
    await page.getByRole('table').getByRole('link', { name: 'room-01' }).click();
    await audit.check(page, 'read-only view');
    await page.goto('/admin/classes');
    await audit.check(page, 'classes');
    await page.getByRole('link', { name: 'room' }).click();
    await page.getByRole('link', { name: w.reset }).click();
    await audit.check(page, 'reset class');
    await page.getByRole('link', { name: w.no }).click();
    await page.getByRole('link', { name: w.del }).click();
    await audit.check(page, 'delete class');
    audit.expectClean();
  });
}
