import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';

/** Debian's chromium, headless; as root it needs --no-sandbox. One per test file. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
    headless: true,
  });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const VIEWPORTS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RESULTS = join(__dirname, '..', '..', 'test-results');

/**
 * A fresh context and page for one test; on failure a full-page screenshot in
 * test-results/<name>.png before the error is rethrown.
 */
export async function withPage(
  browser: Browser,
  name: string,
  viewport: { width: number; height: number },
  fn: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport, locale: 'en-IN', timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  try {
    await fn(page, context);
    if (pageErrors.length) throw pageErrors[0];
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page
      .screenshot({ path: join(RESULTS, `${name.replace(/[^\w-]+/g, '-')}.png`), fullPage: true })
      .catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated over the DevTools protocol: addScriptTag would be an inline script, which the pages' CSP refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** At 360 px wide the page does not scroll sideways (then the viewport is put back). */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  if (before) await page.setViewportSize(before);
  expect({ screen, overflow: widths.scroll > widths.client }).toEqual({ screen, overflow: false });
}

/** The newest 6-digit code the local outbox sent to `phone`. */
export async function otpFor(host: LocalHost, phone: string, after = 0): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const sms = host.outbox.sms.filter((m) => m.to === phone).slice(after);
    const code = sms
      .map((m) => /\b(\d{6})\b/.exec(m.body)?.[1])
      .filter(Boolean)
      .at(-1);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code sent to ${phone}`);
}

/**
 * Web-first assertions (playwright-core has no `expect`): each retries until it
 * holds or 5 s pass, as @playwright/test's do. Anything that is not a locator
 * goes to Jest's expect.
 */
interface LocatorAssertions {
  toBeVisible(): Promise<void>;
  toBeFocused(): Promise<void>;
  toContainText(text: string | RegExp): Promise<void>;
  toHaveCount(n: number): Promise<void>;
  toHaveValue(value: string): Promise<void>;
  toHaveAttribute(name: string, value: string): Promise<void>;
}

const isLocator = (v: unknown): v is Locator =>
  typeof v === 'object' && v !== null && 'waitFor' in v && 'evaluate' in v;

async function eventually(
  describe: () => string,
  check: () => Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() > until) throw new Error(`Timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function locatorAssertions(l: Locator, negate: boolean): LocatorAssertions {
  const holds = (p: Promise<boolean>) => p.then((v) => v !== negate);
  const not = negate ? 'not ' : '';
  let last = '';
  const text = async () => {
    last = (await l.allTextContents()).join(' | ');
    return last;
  };
  const matches = (t: string, want: string | RegExp) =>
    typeof want === 'string' ? t.includes(want) : want.test(t);
  return {
    toBeVisible: () =>
      eventually(
        () => `${l} ${not}visible`,
        () => holds(l.first().isVisible()),
      ),
    toBeFocused: () =>
      eventually(
        () => `${l} ${not}focused`,
        () => holds(l.evaluate((el) => el === document.activeElement)),
      ),
    toContainText: (want) =>
      eventually(
        () => `${l} ${not}containing ${want}; text: ${last}`,
        () => holds(text().then((t) => matches(t, want))),
      ),
    toHaveCount: (n) =>
      eventually(
        () => `${l} ${not}count ${n}; was ${last}`,
        () =>
          holds(
            l.count().then((c) => {
              last = String(c);
              return c === n;
            }),
          ),
      ),
    toHaveValue: (value) =>
      eventually(
        () => `${l} ${not}value ${value}; was ${last}`,
        () =>
          holds(
            l.inputValue().then((v) => {
              last = v;
              return v === value;
            }),
          ),
      ),
    toHaveAttribute: (name, value) =>
      eventually(
        () => `${l} ${not}${name}=${value}; was ${last}`,
        () =>
          holds(
            l.getAttribute(name).then((v) => {
              last = String(v);
              return v === value;
            }),
          ),
      ),
  };
}

export function pwExpect(target: Locator): LocatorAssertions & { not: LocatorAssertions };
export function pwExpect<T>(target: T): jest.JestMatchers<T>;
export function pwExpect(target: unknown) {
  if (isLocator(target))
    return Object.assign(locatorAssertions(target, false), { not: locatorAssertions(target, true) });
  return expect(target);
}
