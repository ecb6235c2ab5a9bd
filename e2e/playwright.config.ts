import { defineConfig } from '@playwright/test';

// The console is built and started on a kernel-chosen loopback port with a
// fresh database, no provisioning delay, and deterministic IDs and times
// (-testing-seed, -testing-clock; POST /testing/reset restarts both). It prints
// "listening on http://127.0.0.1:<port>"; webServer.wait captures the port
// into E2E_PORT, which the workers inherit.
const port = process.env.E2E_PORT;

export const adminPassword = 'e2e-admin-password';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A committed test.only (or describe.only) fails the whole run, with CI
  // set or not: to run one test, name it on the command line (-g) instead.
  forbidOnly: true,
  reporter: [['list']],
  // Generous: a full seed scenario takes ~10 s, more on a busy 2-core machine.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results/artifacts',
  use: {
    baseURL: port ? `http://127.0.0.1:${port}` : undefined,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1366, height: 850 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // "setup" logs in once and saves the session (tests/auth.setup.ts); the
  // tests run after it.
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'console', dependencies: ['setup'], testIgnore: /.*\.setup\.ts/ },
  ],
  webServer: {
    command:
      // A private temp folder per run for the binary and the database, so
      // two runs never share state.
      // Its request log goes to e2e/test-results/server.log, not the test output.
      'cd .. && D=$(mktemp -d) && go build -o "$D/dcconsole" . && mkdir -p e2e/test-results && exec "$D/dcconsole" -addr 127.0.0.1:0 -db "$D/e2e.db" -provision-delay 0s -testing -testing-seed 1 -testing-clock 2026-01-01T00:00:00Z 2>e2e/test-results/server.log',
    env: { DCCONSOLE_ADMIN_PASSWORD: adminPassword },
    wait: { stdout: /listening on http:\/\/127\.0\.0\.1:(?<e2e_port>\d+)/ },
    timeout: 180_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
