import { test as setup } from '@playwright/test';
import { logIn, adminState } from './fixtures';

// Logs in once per role and saves the browser state (the session cookie) for
// the loggedIn fixture. Trainee users do not survive POST /testing/reset, so
// tests create and log in trainees themselves (AdminPage.createTrainee).
setup('log in as admin', async ({ page }) => {
  await logIn(page);
  await page.context().storageState({ path: adminState });
});
