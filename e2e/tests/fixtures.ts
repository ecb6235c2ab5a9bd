import { test as base, expect, Page } from '@playwright/test';
import { adminPassword } from '../playwright.config';

// logIn follows seed step 1: "Log in to the management console".
export async function logIn(page: Page, user = 'admin', password = adminPassword) {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  await page.getByLabel('User Name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByRole('heading', { name: 'Service List' })).toBeVisible();
}

// selectProject follows seed step 2: the region icon in the upper left corner.
export async function selectProject(page: Page, project: string) {
  await page.getByRole('button', { name: /Region and project/ }).click();
  await page.getByRole('button', { name: project, exact: true }).click();
  await expect(page.getByRole('button', { name: /Region and project/ })).toContainText(project);
}

// openConnections follows seed steps 3-4.
export async function openConnections(page: Page) {
  await page.getByRole('link', { name: 'Service List' }).click();
  await page.getByRole('region', { name: 'Network' }).getByRole('link', { name: 'Direct Connect' }).click();
  await page.getByRole('navigation', { name: 'Network Console' }).getByRole('link', { name: 'Connections' }).click();
  await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
}

export type ConnectionValues = {
  name: string;
  location: string;
  peering?: string;
  bandwidth: string;
  description?: string;
};

// createConnection follows seed steps 5-7 from the Connections page.
export async function createConnection(page: Page, v: ConnectionValues) {
  await page.getByRole('link', { name: 'Create Connection' }).click();
  await expect(page.getByRole('heading', { name: 'Create Connection' })).toBeVisible();
  await expect(page.getByLabel('Region')).toHaveValue(/eu-/);
  await page.getByLabel('Name', { exact: true }).fill(v.name);
  await page.getByRole('radio', { name: v.location }).check();
  if (v.peering !== undefined) await page.getByLabel('Peering Position').fill(v.peering);
  await page.getByLabel('Bandwidth (Mbit/s)').fill(v.bandwidth);
  if (v.description !== undefined) await page.getByLabel('Description').fill(v.description);
  await page.getByRole('button', { name: 'Create Now' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm Connection Details' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Your request has been submitted.' })).toBeVisible();
}

// Every test starts from a fresh install.
// nav opens a page of the Network Console navigation pane.
export async function nav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Network Console' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

// createGateway follows "Creating a Virtual Gateway" (dialog, OK).
export async function createGateway(page: Page, name: string, vpc: RegExp, cidr: string, description: string) {
  await nav(page, 'Virtual Gateways');
  await page.getByRole('link', { name: 'Create Virtual Gateway' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Virtual Gateway' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('VPC', { exact: true }).selectOption({ label: (await dialog.getByLabel('VPC', { exact: true }).locator('option').filter({ hasText: vpc }).first().textContent())! });
  await dialog.getByLabel('CIDR Block').fill(cidr);
  await dialog.getByLabel('Description').fill(description);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('row', { name })).toBeVisible();
}

// createInterface follows "Creating a Virtual Interface" (Create Now).
export async function createInterface(page: Page, v: { name: string; connection: RegExp; gateway: RegExp; bandwidth: string; subnet: string; description: string }) {
  await nav(page, 'Virtual Interfaces');
  await page.getByRole('link', { name: 'Create Virtual Interface' }).click();
  await expect(page.getByRole('heading', { name: 'Create Virtual Interface' })).toBeVisible();
  await expect(page.getByLabel('Region')).toHaveValue('eu-de');
  await page.getByLabel('Name', { exact: true }).fill(v.name);
  const conn = page.getByLabel('Connection', { exact: true });
  await conn.selectOption({ label: (await conn.locator('option').filter({ hasText: v.connection }).first().textContent())! });
  const gw = page.getByLabel('Virtual Gateway', { exact: true });
  await gw.selectOption({ label: (await gw.locator('option').filter({ hasText: v.gateway }).first().textContent())! });
  await expect(page.getByLabel('VLAN')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('Bandwidth (Mbit/s)')).toHaveValue(/\d+/);
  await page.getByLabel('Bandwidth (Mbit/s)').fill(v.bandwidth);
  await page.getByLabel('Remote Subnet').fill(v.subnet);
  await page.getByLabel('Description').fill(v.description);
  await page.getByRole('button', { name: 'Create Now' }).click();
}


// buildSeedScenario creates, through the console, the whole redundant scenario of the
// user guide in the current project (eu-de).
export async function buildSeedScenario(page: Page) {
  await openConnections(page);
  await createConnection(page, { name: 'dc-123', location: 'Biere', bandwidth: '100' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createConnection(page, { name: 'dc-456', location: 'Magdeburg', bandwidth: '100' });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createGateway(page, 'vgw-123', /VPC-001/, '192.168.0.0/16', '');
  await createInterface(page, { name: 'vif-123', connection: /dc-123/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: '' });
  await createInterface(page, { name: 'vif-456', connection: /dc-456/, gateway: /vgw-123/, bandwidth: '100', subnet: '192.168.51.0/24', description: '' });
}

export const test = base.extend<{ loggedIn: Page }>({
  page: async ({ page }, use) => {
    await resetConsole(page);
    await use(page);
  },
  loggedIn: async ({ page }, use) => {
    await logIn(page);
    await use(page);
  },
});
export { expect };

// resetConsole returns the console to a fresh install (the server runs with
// -testing): default projects with VPC-001, the admin user, nothing else.
export async function resetConsole(page: Page) {
  const r = await page.request.post('/testing/reset');
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
