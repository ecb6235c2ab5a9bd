import { Page } from '@playwright/test';
import { test, expect, logIn, selectProject, openConnections, createConnection, createGateway, createInterface } from './fixtures';

// Payloads the rules let through (descriptions refuse < and > but take
// quotes, ampersands, entity-like text, URL schemes and look-alike
// characters): stored, they must show as plain text everywhere and never run.
const payloads = {
  connection: `"'><x onmouseover=alert(1) &lt;script&gt;alert(2)&lt;/script&gt; javascript:alert(3)`.replace(/[<>]/g, ''),
  gateway: `＜script＞alert(4)＜/script＞ " onfocus="alert(5)" autofocus x="`,
  vif: `&#60;img src=x onerror=alert(6)&#62; ' ; alert(7); //`,
};

// watch records every dialog and console error of the page.
function watch(page: Page) {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

test('stored payloads are shown as text on every page and never run', async ({ page }) => {
  const problems = watch(page);
  await logIn(page);
  await selectProject(page, 'eu-de');
  await openConnections(page);
  await createConnection(page, { name: 'dc-xss', location: 'Biere', bandwidth: '100', description: payloads.connection });
  await page.getByRole('link', { name: 'Back to Connection List' }).click();
  await createGateway(page, 'vgw-xss', /VPC-001/, '192.168.0.0/16', payloads.gateway);
  await createInterface(page, { name: 'vif-xss', connection: /dc-xss/, gateway: /vgw-xss/, bandwidth: '50', subnet: '192.168.51.0/24', description: payloads.vif });
  await expect(page.getByRole('heading', { name: 'Virtual Interfaces', level: 1 })).toBeVisible();

  // Every page that shows the resources, their details or their log.
  const pages = ['/dcaas/connections', '/dcaas/virtual-gateways', '/dcaas/virtual-interfaces', '/dcaas/topology', '/operations', '/console'];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
  }
  for (const [list, name, text] of [
    ['/dcaas/connections', 'dc-xss', payloads.connection],
    ['/dcaas/virtual-gateways', 'vgw-xss', payloads.gateway],
    ['/dcaas/virtual-interfaces', 'vif-xss', payloads.vif],
  ]) {
    await page.goto(list);
    await page.getByRole('link', { name, exact: true }).first().click();
    // The payload is on the details page as the very text stored.
    await expect(page.getByText(text, { exact: true }).first()).toBeVisible();
    const href = page.url();
    for (const sub of ['/modify', '/delete']) {
      await page.goto(href + sub);
      await expect(page.locator('h1')).toBeVisible();
    }
    if (list.includes('gateways')) {
      await page.goto(href + '/topology');
      await expect(page.locator('svg').first()).toBeVisible();
    }
    // Modify forms carry the payload back in their fields unchanged.
    await page.goto(href + '/modify');
    await expect(page.getByLabel('Description')).toHaveValue(text);
  }
  // Nothing the payloads carry became markup.
  for (const path of pages) {
    await page.goto(path);
    expect(await page.locator('x, [onmouseover], [onfocus], [onerror], script:not([src])').count()).toBe(0);
  }
  expect(problems).toEqual([]);
});

test('the login page shows a hostile user name as text', async ({ page }) => {
  const problems = watch(page);
  await page.goto('/login');
  await page.getByLabel('User Name').fill(`"><script>alert(1)</script>`);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log In' }).click();
  await expect(page.getByText('Incorrect user name or password.')).toBeVisible();
  await expect(page.getByLabel('User Name')).toHaveValue(`"><script>alert(1)</script>`);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  // The refused login is answered 401, which Chromium reports as a failed
  // load; anything else (a dialog, a script error) is a failure.
  expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
});
