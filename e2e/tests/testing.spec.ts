import { test, expect, ConsoleAPI } from './fixtures';

// The console runs with -testing -testing-seed 1 -testing-clock
// 2026-01-01T00:00:00Z (playwright.config.ts): after POST /testing/reset the
// same steps give the same IDs and times, so recordings are repeatable.

test('deterministic IDs and times after each reset', async ({ request }) => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    expect((await request.post('/testing/reset')).status()).toBe(204);
    const api = await ConsoleAPI.login(request);
    const c = (await api.createConnection({ name: 'dc-123', location: 'Biere', bandwidth: 100 })) as unknown as { id: string; create_time: string };
    runs.push(c);
  }
  expect(runs[1].id).toBe(runs[0].id);
  expect(runs[1].create_time).toBe(runs[0].create_time);
  expect(runs[0].create_time).toMatch(/^2026-01-01/);
});
