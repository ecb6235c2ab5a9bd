import { test as base, expect, Page, APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { adminPassword } from '../playwright.config';
import { ConsoleAPI } from './api';
import {
  ConsolePage, ConnectionsPage, VpcPage, GatewaysPage, InterfacesPage, TopologyPage, OperationsLogPage, AdminPage,
  ConnectionValues,
} from './pages';

export { ConsoleAPI };
export type { ConnectionValues };

// adminState is where auth.setup.ts saves the admin's logged-in browser
// state (git-ignored), so tests need not log in through the form each time.
export const adminState = path.join(__dirname, '..', '.auth', 'admin.json');

// logIn follows seed step 1: "Log in to the management console".
export async function logIn(page: Page, user = 'admin', password = adminPassword) {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  await page.getByLabel('User Name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByRole('heading', { name: 'Service List' })).toBeVisible();
}

// useSavedLogin gives page the admin session saved by auth.setup.ts; when it
// is no longer valid (a test logged it out), it logs in through the form.
export async function useSavedLogin(page: Page) {
  if (fs.existsSync(adminState)) {
    const state = JSON.parse(fs.readFileSync(adminState, 'utf8'));
    await page.context().addCookies(state.cookies);
  }
  await page.goto('/console');
  if (new URL(page.url()).pathname === '/login') await logIn(page);
  await expect(page.getByRole('heading', { name: 'Service List' })).toBeVisible();
}

// The seed steps as functions, for scripts that prefer them to page objects.
export const selectProject = (page: Page, project: string) => new ConsolePage(page).selectProject(project);
export const openConnections = (page: Page) => new ConnectionsPage(page).open();
export const createConnection = (page: Page, v: ConnectionValues) => new ConnectionsPage(page).create(v);
export const nav = (page: Page, name: string) => new ConsolePage(page).nav(name);

// createGateway follows "Creating a Virtual Gateway" (dialog, OK).
export async function createGateway(page: Page, name: string, vpc: RegExp, cidr: string, description: string) {
  const gateways = new GatewaysPage(page);
  await gateways.open();
  await gateways.create({ name, vpc, cidr, description });
}

// createInterface follows "Creating a Virtual Interface" up to Create Now.
export async function createInterface(page: Page, v: { name: string; connection: RegExp; gateway: RegExp; bandwidth: string; subnet: string; description: string }) {
  const interfaces = new InterfacesPage(page);
  await interfaces.open();
  await interfaces.submit(v);
}

// buildSeedScenario creates, through the console, the whole redundant
// scenario of the user guide in the current project (eu-de).
export async function buildSeedScenario(page: Page) {
  const connections = new ConnectionsPage(page);
  await connections.open();
  await connections.create({ name: 'dc-123', location: 'Biere', bandwidth: '100' });
  await connections.backToList();
  await connections.create({ name: 'dc-456', location: 'Magdeburg', bandwidth: '100' });
  await connections.backToList();
  await createGateway(page, 'vgw-123', /VPC-001/, '192.168.0.0/16', '');
  await createInterface(page, { name: 'vif-123', connection: /dc-123/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: '' });
  await createInterface(page, { name: 'vif-456', connection: /dc-456/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: '' });
}

type Fixtures = {
  loggedIn: Page;
  api: ConsoleAPI;
  console: ConsolePage;
  connections: ConnectionsPage;
  vpcs: VpcPage;
  gateways: GatewaysPage;
  interfaces: InterfacesPage;
  topology: TopologyPage;
  operations: OperationsLogPage;
  admin: AdminPage;
};

// test gives every test a console fresh from install (POST /testing/reset),
// and on request: loggedIn (the page with the saved admin session), api
// (an admin token for project eu-de) and the page objects on that page.
export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    await resetConsole(page.request);
    await use(page);
  },
  loggedIn: async ({ page }, use) => {
    await useSavedLogin(page);
    await use(page);
  },
  api: async ({ page, request }, use) => {
    void page; // the reset comes first
    await use(await ConsoleAPI.login(request));
  },
  console: async ({ loggedIn }, use) => use(new ConsolePage(loggedIn)),
  connections: async ({ loggedIn }, use) => use(new ConnectionsPage(loggedIn)),
  vpcs: async ({ loggedIn }, use) => use(new VpcPage(loggedIn)),
  gateways: async ({ loggedIn }, use) => use(new GatewaysPage(loggedIn)),
  interfaces: async ({ loggedIn }, use) => use(new InterfacesPage(loggedIn)),
  topology: async ({ loggedIn }, use) => use(new TopologyPage(loggedIn)),
  operations: async ({ loggedIn }, use) => use(new OperationsLogPage(loggedIn)),
  admin: async ({ loggedIn }, use) => use(new AdminPage(loggedIn)),
});
export { expect };

// resetConsole returns the console to a fresh install (the server runs with
// -testing): default projects with VPC-001, the admin user, nothing else.
export async function resetConsole(request: APIRequestContext) {
  const r = await request.post('/testing/reset');
  expect(r.status()).toBe(204);
}

export type Lang = 'en' | 'de';

// setLanguage switches the console's language with the language buttons
// (on the login page, or in the user menu); the choice stays in the session.
export async function setLanguage(page: Page, lang: Lang) {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  const menu = page.locator('#user-button');
  if (await menu.count()) await menu.click();
  await page.getByRole('button', { name: lang === 'de' ? 'Deutsch' : 'English', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}
