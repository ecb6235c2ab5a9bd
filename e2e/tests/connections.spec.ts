import { test, expect, logIn, selectProject, openConnections, createConnection } from './fixtures';

test('seed procedure: create the Biere and Magdeburg connections, modify one, delete both', async ({ page, connections }) => {
  await connections.selectProject('eu-de');
  await connections.open();
  // A fresh project's quota is 10 connections (migration 0001).
  await expect(connections.quotaLeft).toHaveText('10');

  await connections.create({ name: 'dc-biere', location: 'Biere', peering: 'Marderbug-DC01', bandwidth: '100', description: 'This is a connection.' });
  await connections.backToList();
  await expect(connections.row('dc-biere')).toBeVisible();

  // Step 8: the second connection, at the other location; the typed 120 snaps up to 150.
  await connections.create({ name: 'dc-magdeburg', location: 'Magdeburg', bandwidth: '120' });
  await connections.backToList();

  // Each cell by its column's header, with its exact text.
  const biere = connections.row('dc-biere');
  await expect(connections.cell('dc-biere', 'Location')).toHaveText('Biere');
  await expect(connections.cell('dc-biere', 'Bandwidth (Mbit/s)')).toHaveText('100');
  await expect(connections.cell('dc-biere', 'Status')).toHaveText('Normal');
  await expect(connections.cell('dc-biere', 'Virtual Interfaces')).toHaveText('0');
  await expect(connections.cell('dc-magdeburg', 'Location')).toHaveText('Magdeburg');
  await expect(connections.cell('dc-magdeburg', 'Bandwidth (Mbit/s)')).toHaveText('150');
  await expect(connections.cell('dc-magdeburg', 'Status')).toHaveText('Normal');
  await expect(connections.cell('dc-magdeburg', 'Virtual Interfaces')).toHaveText('0');
  await expect(connections.quotaLeft).toHaveText('8');

  // Details.
  await biere.getByRole('link', { name: 'dc-biere' }).click();
  await expect(page.getByRole('heading', { name: 'dc-biere' })).toBeVisible();
  await expect(page.getByText('Marderbug-DC01')).toBeVisible();
  await expect(page.getByText('This is a connection.')).toBeVisible();
  await page.getByRole('link', { name: 'Back to Connection List' }).click();

  // Modify.
  await connections.modify('dc-magdeburg', { name: 'dc-magdeburg-2', bandwidth: '250' });
  await expect(page.getByRole('status')).toContainText('dc-magdeburg-2 has been modified');
  await expect(connections.cell('dc-magdeburg-2', 'Bandwidth (Mbit/s)')).toHaveText('300');
  await expect(connections.cell('dc-magdeburg-2', 'Location')).toHaveText('Magdeburg');

  // Delete, after a confirmation.
  for (const name of ['dc-magdeburg-2', 'dc-biere']) {
    await connections.delete(name);
    await expect(page.getByRole('status')).toContainText(`${name} has been deleted`);
    await expect(connections.row(name)).toHaveCount(0);
  }
  await expect(connections.quotaLeft).toHaveText('10');
});

test('invalid input comes back on the form with the values kept', async ({ page }) => {
  await logIn(page);
  await openConnections(page);
  await page.getByRole('link', { name: 'Create Connection' }).click();
  await page.getByLabel('Name', { exact: true }).fill('bad name!');
  await page.getByRole('radio', { name: 'Magdeburg' }).check();
  await page.getByLabel('Peering Position').fill('Berlin DC 01');
  await page.getByLabel('Bandwidth (Mbit/s)').fill('fast');
  await page.getByLabel('Description').fill('kept <b>');
  await page.getByRole('button', { name: 'Create Now' }).click();
  await expect(page.getByRole('alert')).toContainText('Correct the fields');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('bad name!');
  await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Only digits, letters/);
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
  await expect(page.getByLabel('Peering Position')).toHaveAccessibleDescription(/underscores/);
  await expect(page.getByLabel('Bandwidth (Mbit/s)')).toHaveAccessibleDescription(/whole number/);
  await expect(page.getByLabel('Description')).toHaveValue('kept <b>');
  await expect(page.getByLabel('Description')).toHaveAccessibleDescription(/angle brackets/);
});

test('Previous on the confirmation page keeps every value; the slider snaps typed values', async ({ page }) => {
  await logIn(page);
  await openConnections(page);
  await page.getByRole('link', { name: 'Create Connection' }).click();
  await page.getByLabel('Name', { exact: true }).fill('dc-prev');
  await page.getByRole('radio', { name: 'Magdeburg' }).check();
  const box = page.getByLabel('Bandwidth (Mbit/s)');
  await box.fill('5');
  await box.blur();
  await expect(box).toHaveValue('10');
  const slider = page.getByRole('slider', { name: 'Bandwidth slider' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveValue('50');
  await box.fill('450');
  await box.blur();
  await expect(box).toHaveValue('500');
  await page.getByLabel('Description').fill('abc');
  await expect(page.getByText('3/128', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Create Now' }).click();
  await expect(page.getByRole('row', { name: 'Bandwidth (Mbit/s)' }).getByRole('cell')).toHaveText('500');
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('dc-prev');
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
  await expect(box).toHaveValue('500');
  await expect(page.getByLabel('Description')).toHaveValue('abc');
});

test('the success page returns to the list by itself after the countdown', async ({ page }) => {
  await logIn(page);
  await openConnections(page);
  await createConnection(page, { name: 'dc-countdown', location: 'Biere', bandwidth: '10' });
  await expect(page.getByRole('timer')).toContainText('redirected to the connection list');
  await page.waitForURL(/\/dcaas\/connections$/, { timeout: 15_000 });
  const row = page.getByRole('row', { name: 'dc-countdown' });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(row).toHaveCount(0);
});

test('the region icon switches project and scopes the list', async ({ page }) => {
  await logIn(page);
  await selectProject(page, 'eu-nl');
  await openConnections(page);
  await page.getByRole('link', { name: 'Create Connection' }).click();
  await expect(page.getByLabel('Region')).toHaveValue('eu-nl');
  await expect(page.getByRole('radio', { name: 'Amsterdam-Aalsmeer' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Biere' })).toHaveCount(0);
  await selectProject(page, 'eu-de');
  await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
});

test('log out ends the session; a wrong password gets one clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('User Name').fill('admin');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByRole('alert')).toHaveText('Incorrect user name or password.');
  await logIn(page);
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('button', { name: 'Log Out' }).click();
  await expect(page.getByRole('heading', { name: 'Log in to the management console' })).toBeVisible();
  await page.goto('/dcaas/connections');
  await expect(page).toHaveURL(/\/login/);
});
