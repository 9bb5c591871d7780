import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import type { components } from '../../generated/api';
import { LEVEL_NAMES, toLevel } from '../../lambdas/domain/grievance';
import type { LocalHost } from '../../local/host';
import { formatDay, resolutionTime } from '../../web/shared/format';
import {
  DESKTOP,
  pwExpect as expect,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  VIEWPORTS,
  withPage,
} from '../support/browser';
import { FixedClock } from '../support/clock';
import { T0 } from '../support/grievances';
import { call, customerToken, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

jest.setTimeout(120_000);

let browser: Browser;
let host: LocalHost;
// 2026-03-02 14:30 in India; the reports' days follow it, and each page's clock is set to it.
const clock = new FixedClock(T0);
let seq = 0;
const newPhone = () => `97411${String(10000 + seq++).padStart(5, '0')}`;

beforeAll(async () => {
  [browser, host] = await Promise.all([
    launchBrowser(),
    startTestHost({ env: { OTP_LOOKUP_MIN_MS: '0' }, clock, timers: 'manual' }),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const token = (sub: string, group: string) => staffToken(host.url, sub, [group]);

async function signIn(page: Page, staffId: string, role: string) {
  await page.clock.setFixedTime(clock.now());
  await page.goto(`${host.url}/console/`);
  await page.getByLabel('Staff ID').fill(staffId);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function fileGrievance(phone = newPhone()): Promise<string> {
  const result = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
    token: await token('seed', 'grievance-desk'),
    body: {
      phone,
      name: 'Meera Iyer',
      category: 'REPAIR_DELAY',
      description: 'Repair is late by two weeks.',
      channel: 'SERVICE_CENTRE',
    },
  });
  expect(result.status).toBe(201);
  return result.body.id;
}

const claimAs = async (sub: string, id: string) => {
  const claimed = await call(host.url, 'POST', `/staff/grievances/${id}/claim`, {
    token: await token(sub, 'grievance-desk'),
    body: {},
  });
  expect(claimed.status).toBe(200);
};

const queue = (page: Page) => page.getByRole('table', { name: 'Grievance queue' });
const owner = (page: Page) => page.getByRole('region', { name: 'Owner' });

describe('staff console: who holds a grievance', () => {
  it.each(VIEWPORTS)(
    'claims and releases, shows the owner in the queue and filters it by owner (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-claim-${size}`, viewport, async (page) => {
        const id = await fileGrievance();
        const held = await fileGrievance();
        await claimAs('desk-other', held);
        await signIn(page, `desk-claim-${size}`, 'Grievance Desk (level 1)');
        const row = queue(page).getByRole('row', { name: new RegExp(id) });
        await expect(row).toContainText('Unassigned');
        await expect(queue(page).getByRole('row', { name: new RegExp(held) })).toContainText('desk-other');

        await queue(page).getByRole('button', { name: id }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Grievance ${id}` })).toBeFocused();
        await expect(owner(page)).toContainText('Unassigned');
        await expect(page.getByRole('button', { name: 'Release' })).toHaveCount(0);
        await expect(page.getByRole('button', { name: 'Take over' })).toHaveCount(0);
        await page.getByRole('button', { name: 'Claim' }).click();
        await expect(owner(page).getByRole('status')).toContainText('You hold this grievance now');
        await expect(owner(page)).toContainText('You');
        await expect(page.getByRole('button', { name: 'Claim' })).toHaveCount(0);
        await expect(page.getByText('Taken up at the Grievance Desk')).toBeVisible();
        await expectAccessible(page, 'claimed grievance');
        await expectNoSidewaysScroll(page, 'claimed grievance');

        await page.getByRole('button', { name: 'Back to the queue' }).click();
        await expect(row).toContainText('You');
        await page.getByLabel('Owner').selectOption({ label: 'Mine' });
        await expect(queue(page).getByRole('row')).toHaveCount(2);
        await expect(queue(page)).toContainText(id);
        await page.getByLabel('Owner').selectOption({ label: 'Unassigned' });
        await expect(queue(page)).not.toContainText(id);
        await expect(queue(page)).not.toContainText(held);
        await expectAccessible(page, 'queue by owner');
        await expectNoSidewaysScroll(page, 'queue by owner');
        await page.getByLabel('Owner').selectOption({ label: 'Anyone' });
        await expect(queue(page)).toContainText(held);

        await queue(page).getByRole('button', { name: id }).click();
        await page.getByRole('button', { name: 'Release' }).click();
        await expect(owner(page).getByRole('status')).toContainText('Released');
        await expect(owner(page)).toContainText('Unassigned');
        await expect(page.getByRole('button', { name: 'Claim' })).toBeVisible();
        await page.getByRole('button', { name: 'Back to the queue' }).click();
        await page.getByLabel('Owner').selectOption({ label: 'Unassigned' });
        await expect(queue(page)).toContainText(id);
      });
    },
  );

  it('takes over from another staff member, and says so when a claim loses the race', async () => {
    await withPage(browser, 'console-take-over', DESKTOP, async (page) => {
      const id = await fileGrievance();
      await claimAs('desk-a', id);
      await signIn(page, 'desk-b', 'Grievance Desk (level 1)');
      await queue(page).getByRole('button', { name: id }).click();
      await expect(owner(page)).toContainText('desk-a');
      await expect(page.getByRole('button', { name: 'Claim' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Release' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Take over' }).click();
      await expect(owner(page)).toContainText('You');
      await expect(page.getByText('Taken over at the Grievance Desk')).toBeVisible();
      const seen = await call<{ assignee?: { staffId: string } }>(
        host.url,
        'GET',
        `/staff/grievances/${id}`,
        {
          token: await token('desk-a', 'grievance-desk'),
        },
      );
      expect(seen.body.assignee?.staffId).toBe('desk-b');

      // desk-a claims the second one between desk-b opening it and pressing "Claim"
      const raced = await fileGrievance();
      await page.getByRole('button', { name: 'Back to the queue' }).click();
      await queue(page).getByRole('button', { name: raced }).click();
      await expect(page.getByRole('button', { name: 'Claim' })).toBeVisible();
      await claimAs('desk-a', raced);
      await page.getByRole('button', { name: 'Claim' }).click();
      const alert = owner(page).getByRole('alert');
      await expect(alert).toContainText('Someone else has claimed this grievance');
      await expect(alert).toBeFocused();
      await expect(owner(page)).toContainText('desk-a');
      await expect(page.getByRole('button', { name: 'Take over' })).toBeVisible();
      await expectAccessible(page, 'grievance held by someone else');
    });
  });

  it('claims and releases with the keyboard alone', async () => {
    await withPage(browser, 'console-claim-keyboard', DESKTOP, async (page) => {
      const id = await fileGrievance();
      await page.clock.setFixedTime(clock.now());
      await page.goto(`${host.url}/console/`);
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('Staff ID')).toBeFocused();
      await page.keyboard.type('desk-kb');
      await page.keyboard.press('Tab'); // Role: Grievance Desk is first
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(queue(page)).toContainText(id);
      await queue(page).getByRole('button', { name: id }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: `Grievance ${id}` })).toBeFocused();
      // As a keyboard user would, wait for the page's actions before moving on (on a busy machine the
      // heading can take focus before the grievance's buttons are drawn, and a Tab then lands past them).
      await expect(page.getByRole('button', { name: 'Claim' })).toBeVisible();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Claim' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(owner(page).getByText('You', { exact: true })).toBeVisible();
      await expect(page.locator('#owner-line')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Release' })).toBeFocused();
      await page.keyboard.press('Space');
      await expect(owner(page)).toContainText('Unassigned');
    });
  });
});

/** The SLA report as the contract states it (the OpenAPI document's SlaReport). */
type Report = components['schemas']['SlaReport'];

/** The cells of each row of a table, header row included. */
const cells = (page: Page, name: string | RegExp) =>
  page
    .getByRole('table', { name })
    .evaluate((t: HTMLTableElement) =>
      [...t.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())),
    );

/**
 * Types a date into the focused date field with the keys alone. Chromium lays
 * the field out in the browser's own locale (mm/dd/yyyy or dd/mm/yyyy, not the
 * page's): a probe tells which, then Shift+Tab goes back to the first part.
 */
async function typeDate(page: Page, iso: string) {
  await page.keyboard.type('01022026');
  const monthFirst = await page.evaluate(
    () => (document.activeElement as HTMLInputElement).value === '2026-01-02',
  );
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(monthFirst ? `${m}${d}${y}` : `${d}${m}${y}`);
}

/** Presses Tab until `target` has focus (a date field has a stop for each of its parts). */
async function tabUntil(page: Page, target: Locator) {
  for (let i = 0; i < 6; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

describe('staff console: the SLA report', () => {
  let head: string;
  // After the data below: 2026-03-06 07:30 in India, so the default range is 28 Feb – 6 Mar.
  const FROM = '2026-02-28';
  const TO = '2026-03-06';

  beforeAll(async () => {
    head = await token('head-report', 'customer-service-head');
    const desk = await token('desk-report', 'grievance-desk');
    const resolve = (id: string, as: string) =>
      call(host.url, 'POST', `/staff/grievances/${id}/responses`, {
        token: as,
        body: { message: 'Your phone is repaired and ready.', resolve: true },
      });
    const phone = newPhone();
    const ids = [
      await fileGrievance(phone),
      await fileGrievance(),
      await fileGrievance(),
      await fileGrievance(),
    ];
    clock.advance(2 * 3600);
    expect((await resolve(ids[0] ?? '', desk)).status).toBe(200);
    const customer = await customerToken(host.url, `+91${phone}`);
    const feedback = await call(host.url, 'POST', `/grievances/${ids[0]}/feedback`, {
      token: customer,
      body: { satisfied: true, rating: 4 },
    });
    expect(feedback.status).toBe(200);
    clock.advance(47 * 3600); // past the level-1 deadline
    await host.fireDueDeadlines();
    clock.advance(3 * 3600);
    expect((await resolve(ids[1] ?? '', head)).status).toBe(200);
    clock.advance(22 * 3600); // past the level-2 deadline
    await host.fireDueDeadlines();
    clock.advance(13 * 3600); // past the level-3 deadline: breached
    await host.fireDueDeadlines();
  });

  it.each(VIEWPORTS)(
    'shows the report of the last seven days as the API gives it, its chart and its CSV (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-report-${size}`, viewport, async (page) => {
        const api = await call<Report>(host.url, 'GET', `/staff/reports/sla?from=${FROM}&to=${TO}`, {
          token: head,
        });
        expect(api.status).toBe(200);
        const report = api.body;
        expect(report.filed).toBeGreaterThanOrEqual(4);
        expect(report.days.some((d) => d.breached > 0)).toBe(true);

        await signIn(page, `head-report-${size}`, 'Head of Customer Service (level 2)');
        await page.getByRole('button', { name: 'Reports' }).click();
        await expect(page.getByRole('heading', { level: 1, name: 'SLA report' })).toBeFocused();
        await expect(page.getByLabel('From', { exact: true })).toHaveValue(FROM);
        await expect(page.getByLabel('To', { exact: true })).toHaveValue(TO);
        const period = `${formatDay(FROM)} to ${formatDay(TO)}`;
        await expect(page.getByRole('table', { name: `By level, ${period}` })).toBeVisible();

        expect(await cells(page, /^By level/)).toEqual([
          ['', ...report.levels.map((l) => `${l.level} · ${l.levelName}`)],
          ['Entered', ...report.levels.map((l) => String(l.entered))],
          ['Resolved there', ...report.levels.map((l) => String(l.resolved))],
          ['Resolved within SLA', ...report.levels.map((l) => String(l.resolvedWithinSla))],
          ['Escalated on deadline', ...report.levels.map((l) => String(l.escalatedOnDeadline))],
          ['Escalated because unhappy', ...report.levels.map((l) => String(l.escalatedUnhappy))],
          ['Breached (level 3)', '—', '—', String(report.levels[2]?.breached)],
          [
            'Median time to resolution',
            ...report.levels.map((l) => resolutionTime(l.medianResolutionMinutes)),
          ],
          [
            '90th percentile time to resolution',
            ...report.levels.map((l) => resolutionTime(l.p90ResolutionMinutes)),
          ],
        ]);
        expect(report.levels[0]?.medianResolutionMinutes).not.toBeNull();
        expect(await cells(page, 'Open now')).toEqual([
          ['Level', 'Open', 'Overdue'],
          ...report.openNow.map((o) => [
            `${o.level} · ${LEVEL_NAMES[toLevel(o.level)]}`,
            String(o.open),
            String(o.overdue),
          ]),
        ]);
        const facts = await page
          .getByRole('heading', { level: 2, name: /^Overall/ })
          .evaluate((h) => (h.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' '));
        expect(facts).toContain(`Filed${report.filed}`);
        expect(facts).toContain(`Closed${report.closed}`);
        expect(facts).toContain(`Satisfied${report.satisfaction.satisfied}`);
        expect(report.satisfaction.rated).toBeGreaterThan(0);
        expect(facts).toContain(`${report.satisfaction.averageRating?.toFixed(1)} of 5`);

        const total = (k: 'filed' | 'resolved' | 'escalated' | 'breached') =>
          report.days.reduce((s, d) => s + d[k], 0);
        const chart = page.getByRole('img', { name: /^Grievances per day/ });
        await expect(chart).toBeVisible();
        const chartName = (await chart.getAttribute('aria-labelledby')) ?? '';
        const summary = await page.locator(`[id="${chartName}"]`).textContent();
        expect(summary).toContain('(7 days)');
        expect(summary).toContain(
          `${total('filed')} filed, ${total('resolved')} resolved, ${total('escalated')} escalated, ${total('breached')} breached`,
        );
        await page.getByText('Figures per day').click();
        expect(await cells(page, /^Per day/)).toEqual([
          ['Date', 'Filed', 'Resolved', 'Escalated', 'Breached'],
          ...report.days.map((d) => [
            formatDay(d.date),
            String(d.filed),
            String(d.resolved),
            String(d.escalated),
            String(d.breached),
          ]),
        ]);
        await expectAccessible(page, 'report');
        await expectNoSidewaysScroll(page, 'report');

        const csv = await call(host.url, 'GET', `/staff/reports/sla?from=${FROM}&to=${TO}`, {
          token: head,
          headers: { accept: 'text/csv' },
        });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`sla-report-${FROM}-to-${TO}.csv`);
        expect(readFileSync(await download.path(), 'utf8')).toBe(csv.text);
        expect(csv.text.trim().split('\r\n')).toHaveLength(8);
      });
    },
  );

  it('refuses a reversed or too long range next to "To", and is offered to report readers only', async () => {
    await withPage(browser, 'console-report-range', DESKTOP, async (page) => {
      await signIn(page, 'desk-no-report', 'Grievance Desk (level 1)');
      await expect(queue(page)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Reports' })).toHaveCount(0);

      await signIn(page, 'pres-report', 'Office of the President (level 3)');
      await page.getByRole('button', { name: 'Reports' }).click();
      await expect(page.getByRole('table', { name: /^By level/ })).toBeVisible();
      await page.getByLabel('From', { exact: true }).fill('2026-03-05');
      await page.getByLabel('To', { exact: true }).fill('2026-03-01');
      await page.getByRole('button', { name: 'Show report' }).click();
      await expect(page.locator('#report-to-error')).toContainText('Must not be before');
      await expect(page.getByRole('alert')).toBeFocused();
      await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page, 'report range error');
      await page.getByLabel('From', { exact: true }).fill('2025-01-01');
      await page.getByLabel('To', { exact: true }).fill('2026-01-02');
      await page.getByRole('button', { name: 'Show report' }).click();
      await expect(page.locator('#report-to-error')).toContainText('at most 366 days');
      await page.getByLabel('To', { exact: true }).fill('2026-01-01');
      await page.getByRole('button', { name: 'Show report' }).click();
      await expect(page.getByRole('table', { name: 'By level, 1 Jan 2025 to 1 Jan 2026' })).toBeVisible();
      const chart = page.getByRole('img', { name: /^Grievances per day/ });
      await expect(chart).toBeVisible();
      await expect(page.locator('#report-to-error')).toHaveCount(0);
    });
  });

  it('shows a range with the keyboard alone', async () => {
    await withPage(browser, 'console-report-keyboard', DESKTOP, async (page) => {
      await page.clock.setFixedTime(clock.now());
      await page.goto(`${host.url}/console/`);
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await page.keyboard.press('Tab');
      await page.keyboard.type('head-kb');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowDown'); // Role: Head of Customer Service
      await expect(page.getByLabel('Role')).toHaveValue('customer-service-head');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(queue(page)).toBeVisible();
      await page.getByRole('button', { name: 'Reports' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'SLA report' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('From', { exact: true })).toBeFocused();
      await typeDate(page, '2026-03-04');
      await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-03-04');
      await tabUntil(page, page.getByLabel('To', { exact: true }));
      await typeDate(page, '2026-03-05');
      await expect(page.getByLabel('To', { exact: true })).toHaveValue('2026-03-05');
      await page.keyboard.press('Enter'); // submits the form
      await expect(
        page.getByRole('table', {
          name: `By level, ${formatDay('2026-03-04')} to ${formatDay('2026-03-05')}`,
        }),
      ).toBeVisible();
      const chart = page.getByRole('img', { name: /^Grievances per day/ });
      await expect(chart).toBeVisible();
    });
  });
});
