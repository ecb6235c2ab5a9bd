import { APIRequestContext, Page } from '@playwright/test';
import { test, expect, logIn, setLanguage, Lang } from './fixtures';
import { ConsoleAPI } from './api';
import { AxeAudit } from './axe';

// Every page of the console, in both languages, passes axe-core's WCAG 2.1
// A and AA rules with no violation. The pages are reached by URL and by
// buttons named in the page's language (W below), so the same walk runs in
// English and German.

const W = {
  en: { logIn: 'Log In', createNow: 'Create Now', submit: 'Submit', ok: 'OK', createGateway: 'Create Virtual Gateway', createUser: 'Create User', regionMenu: /Region and project/, userMenu: /User menu/ },
  de: { logIn: 'Anmelden', createNow: 'Jetzt erstellen', submit: 'Absenden', ok: 'OK', createGateway: 'Virtuelles Gateway erstellen', createUser: 'Benutzer erstellen', regionMenu: /Region und Projekt/, userMenu: /Benutzermenü/ },
};

// idOf reads a resource's ID from its row in a list.
async function idOf(page: Page, list: string, name: string) {
  await page.goto(list);
  const href = await page.getByRole('row', { name, exact: true }).getByRole('link', { name, exact: true }).getAttribute('href');
  return href!.split('/').pop()!;
}

// start seeds the redundant scenario (plus dc-free, a connection without
// interfaces) through the API, logs in and switches to lang.
async function start(page: Page, request: APIRequestContext, lang: Lang) {
  test.setTimeout(150_000);
  const api = await ConsoleAPI.login(request);
  const s = await api.seedScenario();
  await api.createConnection({ name: 'dc-free', location: 'Biere', bandwidth: 50 });
  await logIn(page);
  await setLanguage(page, lang);
  return { audit: new AxeAudit(lang), s, api };
}

for (const lang of ['en', 'de'] as Lang[]) {
  const w = W[lang];

  test(`axe: login pages (${lang})`, async ({ page }) => {
    const audit = new AxeAudit(lang);
    await page.goto('/login');
    await setLanguage(page, lang);
    await audit.check(page, 'login');
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('wrong-password');
    await page.getByRole('button', { name: w.logIn, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'login with error');
    await page.goto('/no-such-page');
    await audit.check(page, '404 logged out');
    audit.expectClean();
  });

  test(`axe: chrome, lists and details (${lang})`, async ({ page, request }) => {
    const { audit, s } = await start(page, request, lang);

    // Chrome: service list, region and user menus, project choice page.
    await page.goto('/console');
    await audit.check(page, 'service list');
    await page.getByRole('button', { name: w.regionMenu }).click();
    await expect(page.locator('#region-menu')).toBeVisible();
    await audit.check(page, 'region menu open');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: w.userMenu }).click();
    await expect(page.locator('#user-menu')).toBeVisible();
    await audit.check(page, 'user menu open');
    await page.goto('/console/projects');
    await audit.check(page, 'project choice');

    // Lists.
    for (const [what, path] of [
      ['connections', '/dcaas/connections'], ['VPCs', '/vpc/vpcs'], ['gateways', '/dcaas/virtual-gateways'],
      ['interfaces', '/dcaas/virtual-interfaces'], ['topology', '/dcaas/topology'], ['operations log', '/operations'],
      ['guide', '/dcaas/guide'], ['connections search, none found', '/dcaas/connections?name=nothing'],
    ]) {
      await page.goto(path);
      await audit.check(page, what);
    }
    await page.goto('/dcaas/connections');
    await page.locator('[data-expander]').first().click();
    await audit.check(page, 'connections, row expanded');

    // Details.
    for (const [what, path] of [
      ['connection details', `/dcaas/connections/${s.dc123.id}`],
      ['gateway details', `/dcaas/virtual-gateways/${s.vgw.id}`],
      ['gateway topology', `/dcaas/virtual-gateways/${s.vgw.id}/topology`],
      ['interface details', `/dcaas/virtual-interfaces/${s.vif123.id}`],
    ]) {
      await page.goto(path);
      await audit.check(page, what);
    }

    audit.expectClean();
  });

  test(`axe: forms, dialog, confirmation and success (${lang})`, async ({ page, request }) => {
    const { audit, s } = await start(page, request, lang);
    // Forms, empty and with errors.
    await page.goto('/dcaas/connections/create');
    await audit.check(page, 'create connection');
    await page.locator('#name').fill('bad name!');
    await page.locator('#bandwidth').fill('fast');
    await page.locator('#description').fill('<b>');
    await page.getByRole('button', { name: w.createNow }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'create connection with errors');
    await page.locator('#name').fill('dc-axe');
    await page.locator('#bandwidth').fill('100');
    await page.locator('#description').fill('');
    await page.getByRole('button', { name: w.createNow }).click();
    await expect(page.getByRole('button', { name: w.submit })).toBeVisible();
    await audit.check(page, 'confirmation');
    await page.getByRole('button', { name: w.submit }).click();
    await expect(page.getByRole('timer')).toBeVisible();
    await audit.check(page, 'success');

    await page.goto(`/dcaas/connections/${s.dc123.id}/modify`);
    await audit.check(page, 'modify connection');
    await page.locator('#name').fill('');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'modify connection with errors');

    await page.goto('/dcaas/virtual-gateways');
    await page.getByRole('link', { name: w.createGateway }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await audit.check(page, 'gateway dialog open');
    await page.goto('/dcaas/virtual-gateways/create');
    await audit.check(page, 'create gateway page');
    await page.locator('#name').fill('');
    await page.locator('#cidrs').fill('192.168.1.7/24');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'create gateway with errors');
    await page.goto(`/dcaas/virtual-gateways/${s.vgw.id}/modify`);
    await audit.check(page, 'modify gateway');
    await page.locator('#cidrs').fill('192.168.0.0/16, 10.9.0.0/16');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await audit.check(page, 'gateway modified with warning');

    await page.goto('/dcaas/virtual-interfaces/create');
    await audit.check(page, 'create interface');
    await page.getByRole('button', { name: w.createNow }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'create interface with errors');
    await page.goto(`/dcaas/virtual-interfaces/${s.vif123.id}/modify`);
    await audit.check(page, 'modify interface');
    await page.locator('#bandwidth').fill('0');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'modify interface with errors');

    await page.goto('/vpc/vpcs/create');
    await audit.check(page, 'create VPC');
    await page.locator('#cidr').fill('172.16.1.7/24');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'create VPC with errors');

    await page.goto('/vpc/subnets/create');
    await audit.check(page, 'create subnet');
    await page.locator('#cidr').fill('192.168.0.0/25');
    await page.getByRole('button', { name: w.ok, exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'create subnet with errors');

    audit.expectClean();
  });

  test(`axe: delete confirmations, administration, error pages (${lang})`, async ({ page, request }) => {
    const { audit, s, api } = await start(page, request, lang);
    // Delete confirmations.
    const free = await idOf(page, '/dcaas/connections', 'dc-free');
    const vpcFree = await api.createVPC('vpc-free', '10.20.0.0/16');
    for (const [what, path] of [
      ['delete connection', `/dcaas/connections/${free}/delete`],
      ['delete interface', `/dcaas/virtual-interfaces/${s.vif456.id}/delete`],
      ['delete VPC', `/vpc/vpcs/${vpcFree.id}/delete`],
      ['delete subnet', `/vpc/subnets/${await api.subnetId('subnet-001')}/delete`],
    ]) {
      await page.goto(path);
      await audit.check(page, what);
    }
    // A gateway without interfaces, on a VPC of its own (one gateway per VPC).
    await api.createVPC('vpc-axe', '172.16.0.0/16');
    const lone = await api.createGateway({ name: 'vgw-lone', vpc: 'vpc-axe', cidrs: ['172.16.0.0/16'] });
    await page.goto(`/dcaas/virtual-gateways/${lone.id}/delete`);
    await audit.check(page, 'delete gateway');

    // Administration.
    await page.goto('/admin/users');
    await audit.check(page, 'admin users');
    await page.locator('#user-name').fill('bad name!');
    await page.getByRole('button', { name: w.createUser }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit.check(page, 'admin users with errors');
    await page.locator('#user-name').fill('trainee1');
    await page.getByRole('button', { name: w.createUser }).click();
    await expect(page.locator('#generated-password')).toBeVisible();
    await audit.check(page, 'admin user created');
    await page.goto('/admin/projects');
    await audit.check(page, 'admin projects');
    await page.getByRole('row').nth(1).getByRole('link').click();
    await audit.check(page, 'reset project');

    // Error pages.
    let r = await page.goto('/dcaas/connections/00000000-0000-0000-0000-000000000000');
    expect(r?.status()).toBe(404);
    await audit.check(page, '404');
    // 403: a trainee on the administration.
    await page.goto('/admin/users');
    const password = 'trainee2-password';
    await page.locator('#user-name').fill('trainee2');
    await page.locator('#user-password').fill(password);
    await page.getByRole('button', { name: w.createUser }).click();
    await expect(page.getByRole('status').first()).toBeVisible();
    const ctx = await page.context().browser()!.newContext();
    const t = await ctx.newPage();
    await logIn(t, 'trainee2', password);
    await setLanguage(t, lang);
    r = await t.goto('/admin/users');
    expect(r?.status()).toBe(403);
    await audit.check(t, '403');
    await ctx.close();

    audit.expectClean();
  });
}
