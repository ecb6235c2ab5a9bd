// Usage: node shot.cjs BASEURL user pass out-dir path1 path2 ...
// Logs in and takes a full-page screenshot of each path (for looking at pages).
// SHOT_LANG=de switches the console to German first (the login page's Deutsch).
const { chromium } = require('@playwright/test');
(async () => {
  const [base, user, pass, out, ...paths] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(base + '/login');
  if (process.env.SHOT_LANG === 'de') await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await page.screenshot({ path: `${out}/login.png` });
  const de = process.env.SHOT_LANG === 'de';
  await page.getByLabel(de ? 'Benutzername' : 'User Name').fill(user);
  await page.getByLabel(de ? 'Passwort' : 'Password').fill(pass);
  await page.getByRole('button', { name: de ? 'Anmelden' : 'Log In' }).click();
  for (const p of paths) {
    const [path, action] = p.split('#');
    await page.goto(base + path);
    if (action === 'region') await page.getByRole('button', { name: /Region and project/ }).click();
    if (action === 'submit') await page.getByRole('button', { name: de ? 'Jetzt erstellen' : 'Create Now' }).click();
    const name = (path.replace(/[^a-z0-9]+/gi, '_') + (action ? '_' + action : '')).replace(/^_/, '') || 'root';
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    console.log(`${out}/${name}.png`);
  }
  await browser.close();
})();
