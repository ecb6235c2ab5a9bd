import AxeBuilder from '@axe-core/playwright';
import { Page, expect } from '@playwright/test';

// The WCAG 2.1 A and AA rules every page must pass.
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// AxeAudit collects axe-core results of many pages and fails once, at the
// end, with every violation listed (page, rule, elements), so one run shows
// everything to fix.
export class AxeAudit {
  readonly checked: string[] = [];
  private readonly problems: string[] = [];

  constructor(private readonly lang: string) {}

  async check(page: Page, what: string) {
    const t0 = Date.now();
    const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
    if (process.env.AXE_TIMING) console.log(`axe ${what}: ${Date.now() - t0} ms`);
    this.checked.push(what);
    for (const v of result.violations) {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join('; ')}`).join('\n');
      this.problems.push(`[${this.lang}] ${what} (${page.url()}): ${v.id} (${v.impact}) ${v.help}\n${nodes}`);
    }
  }

  expectClean() {
    expect(this.problems, `axe violations on ${this.checked.length} pages`).toEqual([]);
  }
}
