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
