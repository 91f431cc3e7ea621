import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/binary.js';

/**
 * A person's first run: `pnpm start` (here its `cxgraph serve`), GraphiQL in a real browser, the
 * live↔historical join example. Debian's Chromium (`apt-get install chromium`); .ci/run installs it and
 * sets CXGRAPH_REQUIRE_BROWSER=1 so a missing browser fails there instead of skipping.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CXGRAPH_REQUIRE_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
if (!available) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`);


interface JoinResult {
  errors?: unknown[];
  data?: { liveConversations: { edges: Array<{ node: { participants: Array<{ agent: { name: string; metrics: { handleTime: { avg: number } | null } | null } | null }> } }> } };
}

describe.runIf(available)('GraphiQL in Chromium', () => {
  it('runs the join example and shows agents with their 7-day handle times', async () => {
    const { child, match } = await startCli(['serve', '--port', '0', '--sandbox-port', '0', '--sandbox-now', '2026-03-10T14:30:00Z'], /cxgraph gateway: (http:\/\/localhost:\d+\/graphql)/);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(match[1]!.replace('localhost', '127.0.0.1'), { waitUntil: 'load', timeout: 120_000 });
      // The examples are named operations of GraphiQL's default document: run the join, as a person would.
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 120_000 });
      const answered = page.waitForResponse((r) => r.url().includes('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('LiveCallsWithAgentHistory'));
      await page.locator('.graphiql-execute-button').click();
      await page.locator('[role="menuitem"]', { hasText: 'LiveCallsWithAgentHistory' }).click();
      // What the browser received (the response editor only renders the lines in view)…
      const body = (await (await answered).json()) as JoinResult;
      expect(body.errors).toBeUndefined();
      const agents = body.data!.liveConversations.edges.flatMap((e) => e.node.participants).flatMap((p) => (p.agent ? [p.agent] : []));
      expect(agents.length).toBeGreaterThan(0);
      for (const a of agents) expect(a.name).toMatch(/^\S+ \S+/);
      expect(agents.some((a) => (a.metrics?.handleTime?.avg ?? 0) > 0)).toBe(true);
      // …and what the page shows of it.
      const response = page.locator('.graphiql-response');
      await expect.poll(async () => (await response.innerText()).replace(/\s+/g, ' '), { timeout: 90_000 }).toContain('"liveConversations"');
      await page.screenshot({ path: '/tmp/cxgraph-graphiql.png' });
    } finally {
      await browser.close();
      child.kill('SIGINT');
      await once(child, 'close');
    }
  }, 120_000);
});
