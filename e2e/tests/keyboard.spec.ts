import { test, expect } from './fixtures';

// Keyboard only: the key flows work without a mouse, focus is visible, the
// dialog traps focus and gives it back, errors are announced.

test('region menu: opens with Enter, focus moves in, Escape closes it and focus returns', async ({ loggedIn: page }) => {
  const button = page.getByRole('button', { name: /Region and project/ });
  await button.focus();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const current = page.getByRole('button', { name: 'eu-de', exact: true });
  await expect(current).toBeFocused();
  await expect(current).toHaveAttribute('aria-current', 'true');
  // The focused control shows a visible outline.
  expect(await current.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toBeFocused();
  // Choose eu-nl with the keyboard: Tab to it, Enter.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'eu-nl', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(button).toContainText('eu-nl');
});

test('gateway dialog: keyboard opens it, focus stays inside, Escape closes it, focus goes back', async ({ gateways, page }) => {
  await gateways.open();
  const opener = page.getByRole('link', { name: 'Create Virtual Gateway' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = gateways.dialog;
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(':focus')).toHaveCount(1);
  // Tabbing many times never leaves the modal dialog.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body)).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  // Cancel gives focus back too.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('a form with errors: submitted with Enter, the summary is an alert, focus on the first invalid field, errors described', async ({ connections, page }) => {
  await connections.open();
  await page.getByRole('link', { name: 'Create Connection' }).focus();
  await page.keyboard.press('Enter');
  const name = connections.field('Name');
  await name.fill('bad name!');
  await connections.field('Bandwidth (Mbit/s)').fill('fast');
  await connections.field('Bandwidth (Mbit/s)').press('Enter');
  await expect(connections.alert).toContainText('Correct the fields');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/Only digits, letters/);
  await expect(connections.field('Bandwidth (Mbit/s)')).toHaveAccessibleDescription(/whole number/);
  // The location radios are reachable and checkable by keyboard.
  await page.getByRole('radio', { name: 'Biere' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
});

test('every Operation link in a row is reachable with Tab; disabled Delete explains itself', async ({ api, connections, page }) => {
  await api.seedScenario();
  await connections.open();
  const row = connections.row('dc-123');
  await row.getByRole('link', { name: 'dc-123' }).focus();
  const reached: string[] = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(reached).toEqual(expect.arrayContaining(['Modify', 'Delete', 'Simulate Failure']));
  await expect(row.getByRole('link', { name: 'Delete' })).toHaveAccessibleDescription(/virtual interface uses it/);
});
