import { test, expect, selectProject } from './fixtures';
import type { Page } from '@playwright/test';

// Every option of every button group (radio buttons that look like a row of
// buttons) can be clicked by role and name, as a script following the user
// guide writes it: page.getByRole('radio', { name }).click(). Playwright's
// actionability checks (visible, stable, enabled, receives the pointer
// event) must pass for an option that is not selected and for the one that
// is: the selected option's label used to lie over its input
// ("<span>Biere</span> intercepts pointer events").

// The console's forms. A form without a button group is visited too, so a
// group added to it later is covered.
const forms = [
  '/dcaas/connections/create',
  '/dcaas/virtual-gateways/create',
  '/dcaas/virtual-interfaces/create',
  '/vpc/vpcs/create',
  '/admin/users',
];

// clickEveryOption clicks each radio of the page by role and name, first
// while it is not selected (it becomes selected), then again while it is
// selected (it stays selected). It returns the names it clicked.
async function clickEveryOption(page: Page): Promise<string[]> {
  const names: string[] = [];
  for (const radio of await page.getByRole('radio').all()) {
    if (await radio.isVisible()) names.push((await radio.getAttribute('aria-label')) ?? (await radio.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? '')));
  }
  for (const name of names) {
    const radio = page.getByRole('radio', { name, exact: true });
    // Not selected (or, for the default, already selected): click selects it.
    await radio.click({ timeout: 5_000 });
    await expect(radio).toBeChecked();
    // Selected: a click passes the checks too and keeps it selected.
    await radio.click({ timeout: 5_000 });
    await expect(radio).toBeChecked();
    // check() and setChecked() do the same checks.
    await radio.check({ timeout: 5_000 });
    await expect(radio).toBeChecked();
  }
  return names;
}

test('every option of every button group is clickable by role and name, selected or not', async ({ loggedIn: page }) => {
  const clicked: Record<string, string[]> = {};
  for (const project of ['eu-de', 'eu-nl']) {
    await selectProject(page, project);
    for (const path of forms) {
      await page.goto(path);
      clicked[`${project} ${path}`] = await clickEveryOption(page);
    }
  }
  // Not vacuous: the connection form's Location group was found and clicked
  // in both regions, the default (selected) option first.
  expect(clicked['eu-de /dcaas/connections/create']).toEqual(['Biere', 'Magdeburg']);
  expect(clicked['eu-nl /dcaas/connections/create']).toEqual(['Amsterdam-Aalsmeer', 'Amsterdam-Almere']);
  await selectProject(page, 'eu-de');
});

test('the selected location is clickable: the guide\'s script step works as written', async ({ loggedIn: page }) => {
  await page.goto('/dcaas/connections/create');
  const biere = page.getByRole('radio', { name: 'Biere' });
  await expect(biere).toBeChecked(); // selected by default
  await biere.click({ timeout: 5_000 });
  await expect(biere).toBeChecked();
  await page.getByRole('radio', { name: 'Magdeburg' }).click({ timeout: 5_000 });
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
  await page.getByRole('radio', { name: 'Magdeburg' }).click({ timeout: 5_000 });
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
  await biere.click({ timeout: 5_000 });
  await expect(biere).toBeChecked();
  // The keyboard still moves the choice, and the focus ring shows on the button.
  await biere.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Magdeburg' })).toBeFocused();
  const ring = await page.locator('.button-group input:focus-visible + span').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe('none');
});
