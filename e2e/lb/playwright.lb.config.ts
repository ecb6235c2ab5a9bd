import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// The load-balanced run (e2e/lb/run.sh): no webServer; run.sh starts two
// consoles on one PostgreSQL database and nginx in front of them, and passes
// nginx's URL in E2E_LB_URL. Chromium's launch options are the main config's.
const url = process.env.E2E_LB_URL;
if (!url) throw new Error('E2E_LB_URL is not set: run e2e/lb/run.sh (make test-e2e-lb), not this config directly');

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: '../test-results/lb/artifacts',
  use: { ...base.use, baseURL: url },
});
