// The public page in a real browser (Debian's Chromium driven by playwright-core), tried as a new
// user would: the secretariat publishes, a member adds an indicator with a baseline and two values,
// and the page shows its chart, switches to French, leads to the data package, and passes axe-core's
// WCAG 2.1 A/AA rules. Screenshots are kept in test-artifacts/public-page/ (not committed).
// Without Chromium a plain `npm test` skips this file and says so; `.ci/run` installs Chromium and
// sets DOCKET_TEST_REQUIRE_BROWSER, so there it cannot be skipped.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataRoutes } from '../../src/http/open-data.routes.ts';
import { createHttpServer, listen, type HttpServer } from '../../src/http/server.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const CHROMIUM = process.env.DOCKET_CHROMIUM ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.DOCKET_TEST_REQUIRE_BROWSER)
  throw new Error(`Chromium is required (DOCKET_TEST_REQUIRE_BROWSER) but missing at ${CHROMIUM}`);
if (!hasBrowser)
  console.warn(
    `Chromium not found at ${CHROMIUM}: the public page's browser tests are skipped (apt-get install chromium; .ci/run installs it).`,
  );

const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'public-page');
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// What the functions run inside the page use of the DOM: the project compiles without DOM types,
// and those functions are sent to the browser as source, so each casts globalThis itself.
interface InPage {
  document: {
    createElement(tag: string): { textContent: string };
    head: { append(node: unknown): void };
    querySelectorAll(selector: string): { forEach(fn: (d: { open: boolean }) => void): void };
  };
  __docketRan?: boolean;
  axe: { run(context: unknown, options: object): Promise<unknown> };
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  passes: { id: string }[];
}

describe.skipIf(!hasBrowser)('the public page in Chromium', () => {
  let h: Harness;
  let server: HttpServer;
  let base = '';
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];

  /** A fresh browser profile each time; `bypassCSP` only for the accessibility check. */
  async function browser(o: { bypassCSP?: boolean } = {}): Promise<Page> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-chromium-'));
    dirs.push(dir);
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      locale: 'en-GB',
      viewport: { width: 1024, height: 900 },
      ...o,
    });
    contexts.push(context);
    return context.pages()[0] ?? context.newPage();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h = await harness('sqlite');
    const must = async (person: string, line: string) => {
      const out = await h.run(person, line);
      if (!out.ok) throw new Error(`${line}: ${JSON.stringify(out.reply.lines)}`);
    };
    // The new user's path, step by step through the commands.
    await must('sec', '/coalition settings publish:on');
    await joined(h, 'wanjiru', 'Judiciary of Kenya', 'government');
    await must(
      'wanjiru',
      '/commitment log title:"Open court hearings online" member:Kenya plan:2024-2028 description:"Publish hearing lists and judgments of all courts online." themes:open_justice_institutions,justice_data ogp_id:KE0034',
    );
    await must(
      'wanjiru',
      '/commitment indicator C1 sdg:16.3.3 baseline:32 baseline_date:2024-01-15 target:60 target_date:2027-12-31 source:https://knbs.example.org/2024',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:38 date:2025-06-30 source:https://knbs.example.org/2025',
    );
    await must(
      'wanjiru',
      '/commitment measure C1 indicator:I1 value:44.5 date:2026-10-31 source:https://knbs.example.org/2026',
    );
    await must('wanjiru', '/commitment update C1 limited "Hearing lists online in 10 counties."');
    await must(
      'wanjiru',
      '/learning share title:"Paralegal networks" summary:"Community paralegals resolved most land disputes." themes:legal_empowerment url:https://example.org/paralegals',
    );
    await must(
      'sec',
      '/meeting schedule title:"Annual meeting" start:"2027-09-10 09:00" kind:in_person location:"OGP Summit"',
    );
    server = createHttpServer({
      ready: () => h.services.ping(),
      log: h.docket.log,
      routes: [openDataRoutes({ services: h.services })],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    server?.close();
    await h?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('shows the indicator chart, switches to French and follows the data-package link, with nothing refused by the CSP', async () => {
    const page = await browser();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    const started = Date.now();
    const res = await page.goto(`${base}/c/justice`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('OGP Justice Coalition: commitments and evidence');

    // The chart: an image named by its title, drawn at a real size, with its points.
    const chart = page.getByRole('img', { name: /I1 · SDG 16\.3\.3/ });
    await chart.waitFor({ state: 'visible' });
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    expect(box.height).toBeGreaterThan(80);
    expect(await page.locator('figure#I1 svg circle').count()).toBe(3); // baseline and two values
    expect(await page.locator('figure#I1 figcaption').textContent()).toContain(
      '45% of the way from baseline to target.',
    );
    await chart.screenshot({ path: path.join(ARTIFACTS, 'chart-en.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-en.png'), fullPage: true });
    console.info(`public page: loaded and rendered in ${Date.now() - started} ms in Chromium`);

    // The Content-Security-Policy holds: a script put into the page does not run.
    expect(
      await page.evaluate(() => {
        const w = globalThis as unknown as InPage;
        const s = w.document.createElement('script');
        s.textContent = 'window.__docketRan = true';
        w.document.head.append(s);
        return w.__docketRan === true;
      }),
    ).toBe(false);
    refused.length = 0;

    // Readable without JavaScript: the values table opens by itself (details/summary).
    await page.getByText('Values and sources').first().click();
    await expect.poll(() => page.locator('figure#I1 table').isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/\?lang=fr$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('#commitments').textContent()).toBe('Engagements');
    await page
      .getByRole('img', { name: /I1 · ODD 16\.3\.3/ })
      .screenshot({ path: path.join(ARTIFACTS, 'chart-fr.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-fr.png'), fullPage: true });

    const [descriptor] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/open/justice/datapackage.json')),
      page.locator('#datapackage').click(),
    ]);
    expect(descriptor.status()).toBe(200);
    const data = (await descriptor.json()) as {
      name: string;
      resources: { path: string }[];
      licenses: { name: string }[];
    };
    expect(data.name).toBe('docket-justice');
    expect(data.licenses[0]!.name).toBe('CC-BY-4.0');
    expect(data.resources.map((r) => r.path)).toContain('measurements.csv');
    expect(page.url()).toBe(`${base}/open/justice/datapackage.json`);
    expect(refused).toEqual([]);
  });

  it('has no WCAG 2.1 A/AA violations by axe-core, in English and in French, tables open', async () => {
    // The check's own script needs the CSP bypassed; the page itself is unchanged.
    const page = await browser({ bypassCSP: true });
    for (const lang of ['en', 'fr']) {
      await page.goto(`${base}/c/justice?lang=${lang}`);
      await page.addScriptTag({ content: AXE });
      await page.evaluate(() =>
        (globalThis as unknown as InPage).document
          .querySelectorAll('details')
          .forEach((d) => (d.open = true)),
      );
      const result = (await page.evaluate((tags) => {
        const w = globalThis as unknown as InPage;
        return w.axe.run(w.document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations', 'passes'],
        });
      }, WCAG21_AA)) as AxeResult;
      expect(
        result.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
        lang,
      ).toEqual([]);
      // axe really ran: contrast, names, language and the rest were checked and passed.
      expect(result.passes.map((p) => p.id)).toEqual(
        expect.arrayContaining([
          'color-contrast',
          'html-has-lang',
          'html-lang-valid',
          'svg-img-alt',
          'link-name',
        ]),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, `axe-${lang}.png`), fullPage: true });
    }
  });
});
