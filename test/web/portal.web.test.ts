import type { Browser, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import {
  DESKTOP,
  pwExpect as expect,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  otpFor,
  PHONE,
  VIEWPORTS,
  withPage,
} from '../support/browser';
import { ShiftableClock } from '../support/clock';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

/** A 15-digit IMEI with a valid Luhn check digit, from 14 digits. */
function imei(body14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(body14[13 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return `${body14}${(10 - (sum % 10)) % 10}`;
}

jest.setTimeout(120_000);

let browser: Browser;
let host: LocalHost;
const clock = new ShiftableClock();
let centre: string;
let desk: string;
let phoneSeq = 0;
/** A mobile number no other test uses. */
const newPhone = () => `98450${String(10000 + phoneSeq++).padStart(5, '0')}`;
const e164 = (national: string) => `+91${national}`;

beforeAll(async () => {
  [browser, host] = await Promise.all([
    launchBrowser(),
    startTestHost({
      clock,
      timers: 'manual',
      // Several sign-ins per number in one test: no cool-down between them.
      env: {
        OTP_RESEND_SECONDS: '0',
        OTP_MAX_PER_NUMBER_PER_HOUR: '20',
        OTP_MAX_PER_IDENTIFIER_PER_HOUR: '20',
        OTP_MAX_PER_CLIENT_PER_HOUR: '1000',
      },
    }),
  ]);
  centre = await staffToken(host.url, 'sc-1', ['service-centre']);
  desk = await staffToken(host.url, 'desk-1', ['grievance-desk']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function createOrder(phone: string, extra: Record<string, unknown> = {}) {
  const result = await call<{ id: string }>(host.url, 'POST', '/staff/service-orders', {
    token: centre,
    body: {
      customer: { name: 'Asha Rao', phone },
      device: {
        model: 'Redress X1',
        imei: imei(`35693803${String(phoneSeq).padStart(6, '0')}`),
        serialNumber: `RX1SN${phoneSeq}0042`,
      },
      issue: 'The screen is cracked',
      serviceCentre: 'Koramangala, Bengaluru',
      estimatedReadyAt: '2030-12-01T10:00:00Z',
      ...extra,
    },
  });
  expect(result.status).toBe(201);
  return result.body as { id: string; device: { imei: string; serialNumber: string } };
}

async function moveOrder(id: string, status: string) {
  const result = await call(host.url, 'POST', `/staff/service-orders/${id}/status`, {
    token: centre,
    body: { status },
  });
  expect(result.status).toBe(200);
}

/** Steps 1 and 2: look up, read the code from the outbox, submit it. */
async function signIn(page: Page, type: string, value: string, phone: string) {
  await page.goto(host.url);
  const sent = host.outbox.sms.filter((m) => m.to === e164(phone)).length;
  await page.getByLabel('Look up by').selectOption({ label: type });
  await page.getByLabel('Number').fill(value);
  await page.getByRole('button', { name: 'Confirm' }).click();
  const code = await otpFor(host, e164(phone), sent);
  await page.getByLabel('One-time password').fill(code);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your repairs and complaints' })).toBeVisible();
}

const progress = (page: Page, orderId: string) =>
  page
    .getByRole('region', { name: `Service order ${orderId}` })
    .getByRole('list', { name: 'Repair progress' });

describe('customer portal', () => {
  it('tracks a repair by each of the six look-up types', async () => {
    const phone = newPhone();
    const order = await createOrder(phone, { purchaseOrderNumber: `PO-${phone}` });
    const filed = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
      token: desk,
      body: {
        phone,
        name: 'Asha Rao',
        category: 'REPAIR_DELAY',
        description: 'My repair is taking too long.',
        channel: 'SERVICE_CENTRE',
      },
    });
    const lookups: [string, string][] = [
      ['Mobile number', phone],
      ['Service order number', order.id.toLowerCase()],
      ['Order number', `PO-${phone}`],
      ['IMEI', order.device.imei],
      ['Serial number', order.device.serialNumber],
      ['Grievance number', filed.body.id],
    ];
    for (const [type, value] of lookups) {
      await withPage(browser, `portal-lookup-${type}`, PHONE, async (page) => {
        await signIn(page, type, value, phone);
        if (type === 'Grievance number')
          await expect(page.getByRole('list', { name: 'Your complaints' })).toContainText(filed.body.id);
        else {
          const list = progress(page, order.id);
          await expect(list.locator('[aria-current="step"]')).toContainText('Under inspection');
          await expect(list.locator('[aria-current="step"]')).toContainText('Your device is being checked');
          // masked but for the last 4
          const card = page.getByRole('region', { name: `Service order ${order.id}` });
          await expect(card).toContainText(order.device.imei.slice(-4));
          await expect(card).not.toContainText(order.device.imei);
        }
      });
    }
  });

  it.each(VIEWPORTS)(
    'follows the repair and a complaint through escalation, resolution and unhappy feedback (%s)',
    async (size, viewport) => {
      await withPage(browser, `portal-journey-${size}`, viewport, async (page) => {
        const phone = newPhone();
        const order = await createOrder(phone);
        await page.goto(host.url);
        await expectAccessible(page, 'look-up');
        await expectNoSidewaysScroll(page, 'look-up');
        await page.getByLabel('Number').fill(phone);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await expect(page.getByLabel('One-time password')).toHaveAttribute('autocomplete', 'one-time-code');
        await expect(page.getByLabel('One-time password')).toHaveAttribute('inputmode', 'numeric');
        await expect(page.getByRole('button', { name: 'Send a new code' })).toBeVisible();
        await expectAccessible(page, 'one-time password');
        await expectNoSidewaysScroll(page, 'one-time password');
        // a wrong code keeps the screen and says how many attempts are left
        await page.getByLabel('One-time password').fill('000000');
        await page.getByRole('button', { name: 'Submit' }).click();
        await expect(page.getByRole('alert')).toContainText('attempts left');
        await page.getByLabel('One-time password').fill(await otpFor(host, e164(phone)));
        await page.getByRole('button', { name: 'Submit' }).click();

        // the tracking indicator follows the service centre
        const list = progress(page, order.id);
        await expect(list.getByRole('listitem')).toHaveCount(4);
        await expect(list.locator('[aria-current="step"]')).toContainText('Under inspection');
        await expectAccessible(page, 'signed in');
        await expectNoSidewaysScroll(page, 'signed in');
        await moveOrder(order.id, 'WORK_IN_PROGRESS');
        await moveOrder(order.id, 'CANCELLED');
        // the complaint screen and back reloads the orders
        await page.getByRole('button', { name: 'File a complaint' }).click();
        await expectAccessible(page, 'complaint form');
        await expectNoSidewaysScroll(page, 'complaint form');
        // nothing typed is lost on an error
        await page.getByLabel('Your name').fill('Asha Rao');
        await page.getByLabel('Description').fill('Too short');
        await page.getByRole('button', { name: 'Submit complaint' }).click();
        await expect(page.getByRole('alert')).toContainText('Choose a category');
        await expect(page.getByLabel('Your name')).toHaveValue('Asha Rao');
        await page.getByLabel('Email').fill('not-an-email');
        await page.getByLabel('Category').selectOption({ label: 'Repair delay' });
        await page.getByLabel('Service order').selectOption(order.id);
        await page.getByLabel('Description').fill('My phone has been at the service centre for three weeks.');
        await expect(page.getByText('of 2,000 characters')).toBeVisible();
        await page.getByRole('button', { name: 'Submit complaint' }).click();
        // the API's field error sits next to Email, and focus is on the summary
        await expect(page.locator('#complaint-email-error')).toBeVisible();
        await expect(page.getByRole('alert')).toBeFocused();
        await expect(page.getByLabel('Description')).toHaveValue(
          'My phone has been at the service centre for three weeks.',
        );
        await page.getByLabel('Email').fill('asha@example.com');
        await page.getByRole('button', { name: 'Submit complaint' }).click();
        await expect(page.getByRole('heading', { name: 'Complaint filed' })).toBeVisible();
        await expect(page.getByText('Grievance Desk')).toBeVisible();
        const id = (await page.locator('strong', { hasText: /^GRV-/ }).textContent()) ?? '';
        expect(id).toMatch(/^GRV-/);
        await expectAccessible(page, 'complaint filed');

        await page.getByRole('button', { name: 'Back to your repairs and complaints' }).click();
        const cancelled = progress(page, order.id);
        await expect(cancelled.getByRole('listitem')).toHaveCount(5);
        await expect(cancelled.locator('[aria-current="step"]')).toContainText('Cancelled');
        await expect(cancelled.locator('[aria-current="step"]')).toContainText(
          'Your service order is cancelled',
        );
        await expect(page.getByRole('list', { name: 'Your complaints' })).toContainText(id);

        // the deadline passes: the complaint moves to level 2
        clock.advance(49 * 3600);
        expect(await host.fireDueDeadlines()).toBeGreaterThan(0);
        // the customer's token outlived by the clock: sign in again (an expired session says so)
        // (the page's own once-a-minute check may have noticed first and left already)
        await page
          .getByRole('button', { name: `Complaint ${id}` })
          .click({ timeout: 2000 })
          .catch(() => undefined);
        await expect(page.getByRole('alert')).toContainText('session has expired');
        await expect(page.getByLabel('Number')).toHaveValue(phone);
        const before = host.outbox.sms.filter((m) => m.to === e164(phone)).length;
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByLabel('One-time password').fill(await otpFor(host, e164(phone), before));
        await page.getByRole('button', { name: 'Submit' }).click();
        await page.getByRole('button', { name: `Complaint ${id}` }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Complaint ${id}` })).toBeFocused();
        await expect(page.getByText('Head of Customer Service').first()).toBeVisible();
        await expectAccessible(page, 'complaint page');
        await expectNoSidewaysScroll(page, 'complaint page');

        // level 2 resolves; the customer is not satisfied: level 3
        const head = await staffToken(host.url, 'head-1', ['customer-service-head']);
        const resolved = await call(host.url, 'POST', `/staff/grievances/${id}/responses`, {
          token: head,
          body: { message: 'We replaced the screen free of charge.', resolve: true },
        });
        expect(resolved.status).toBe(200);
        await call(host.url, 'POST', `/staff/grievances/${id}/responses`, {
          token: head,
          body: { message: 'Staff only: customer called twice.', internal: true },
        });
        await page.getByRole('button', { name: 'Back to your repairs and complaints' }).click();
        await page.getByRole('button', { name: `Complaint ${id}` }).click();
        await expect(page.getByText('We replaced the screen free of charge.')).toBeVisible();
        await expect(page.getByText('Staff only')).toHaveCount(0);
        await expectAccessible(page, 'resolution');
        await page.getByRole('button', { name: "I'm not satisfied" }).click();
        await expect(page.getByLabel('Comment')).toBeFocused();
        await page.getByLabel('Rating').selectOption('2');
        await page.getByLabel('Comment').fill('The screen still flickers.');
        await page.getByRole('button', { name: 'Send feedback' }).click();
        await expect(page.getByRole('status')).toContainText('Office of the President');

        // sign out revokes the token and returns to step 1
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect(page.getByRole('alert')).toContainText('signed out');
        await expect(page.getByRole('button', { name: 'Confirm' })).toBeVisible();
      });
    },
  );

  it('a satisfied customer closes the complaint', async () => {
    await withPage(browser, 'portal-satisfied', DESKTOP, async (page) => {
      const phone = newPhone();
      const filed = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
        token: desk,
        body: {
          phone,
          name: 'Ravi',
          category: 'WARRANTY',
          description: 'Warranty claim was refused.',
          channel: 'SERVICE_CENTRE',
        },
      });
      await call(host.url, 'POST', `/staff/grievances/${filed.body.id}/responses`, {
        token: desk,
        body: { message: 'Your warranty claim is accepted.', resolve: true },
      });
      await signIn(page, 'Mobile number', phone, phone);
      await page.getByRole('button', { name: `Complaint ${filed.body.id}` }).click();
      await page.getByLabel('Rating').selectOption('5');
      await page.getByRole('button', { name: "I'm satisfied" }).click();
      await expect(page.getByRole('status')).toContainText('closed');
      await expect(page.getByText('Closed').first()).toBeVisible();
    });
  });

  it('says when to try again after too many requests, keeping what was typed', async () => {
    await withPage(browser, 'portal-429', PHONE, async (page) => {
      await page.goto(host.url);
      const phone = newPhone();
      await page.getByLabel('Number').fill(phone);
      for (let i = 0; i < 20; i++)
        await call(host.url, 'POST', '/otp', { body: { identifierType: 'PHONE', identifier: phone } });
      await page.getByRole('button', { name: 'Confirm' }).click();
      await expect(page.getByRole('alert')).toContainText('Try again in');
      await expect(page.getByLabel('Number')).toHaveValue(phone);
    });
  });

  it('works with the keyboard alone', async () => {
    await withPage(browser, 'portal-keyboard', PHONE, async (page) => {
      const phone = newPhone();
      const order = await createOrder(phone);
      await page.goto(host.url);
      // The first screen must have rendered (and placed its focus) before the first key press.
      await expect(page.getByLabel('Look up by')).toBeVisible();
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await page.keyboard.press('Tab'); // Look up by
      await expect(page.getByLabel('Look up by')).toBeFocused();
      await page.keyboard.press('Tab'); // Number
      await page.keyboard.type(phone);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: /one-time password/ })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('One-time password')).toBeFocused();
      await page.keyboard.type(await otpFor(host, e164(phone)));
      await page.keyboard.press('Enter');
      await expect(progress(page, order.id)).toBeVisible();
      await page.getByRole('button', { name: 'File a complaint' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'File a complaint' })).toBeFocused();
      await page.keyboard.press('Tab');
      await page.keyboard.type('Asha Rao');
      await page.keyboard.press('Tab'); // Email
      await page.keyboard.press('Tab'); // Category
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab'); // Service order
      await page.keyboard.press('Tab'); // Description
      await page.keyboard.type('Typed with the keyboard only, nothing else.');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Submit complaint' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Complaint filed' })).toBeFocused();
    });
  });
});

describe('customer portal on API v1.1', () => {
  /** Files a complaint for `phone` as the grievance desk; its id and deadline. */
  async function fileFor(phone: string, description = 'The repair is taking far too long.') {
    const filed = await call<{ id: string; dueAt: string }>(host.url, 'POST', '/staff/grievances', {
      token: desk,
      body: { phone, name: 'Asha Rao', category: 'REPAIR_DELAY', description, channel: 'SERVICE_CENTRE' },
    });
    expect(filed.status).toBe(201);
    return filed.body;
  }

  /** The bearer token the page sends (it lives in the page's memory only). */
  function watchToken(page: Page): () => string | undefined {
    let token: string | undefined;
    page.on('request', (r) => {
      const auth = r.headers().authorization;
      if (auth?.startsWith('Bearer ')) token = auth.slice('Bearer '.length);
    });
    return () => token;
  }

  it.each(VIEWPORTS)('"Sign out" revokes the token on the server (%s)', async (size, viewport) => {
    await withPage(browser, `portal-sign-out-${size}`, viewport, async (page) => {
      const phone = newPhone();
      await createOrder(phone);
      const token = watchToken(page);
      await signIn(page, 'Mobile number', phone, phone);
      const old = token();
      expect(old).toBeDefined();
      expect((await call(host.url, 'GET', '/session', { token: old })).status).toBe(200);
      const logout = page.waitForResponse((r) => r.url().endsWith('/session/logout'));
      await page.getByRole('button', { name: 'Sign out' }).click();
      expect((await logout).status()).toBe(204);
      await expect(page.getByRole('alert')).toContainText('You have signed out.');
      await expect(page.getByRole('button', { name: 'Confirm' })).toBeVisible();
      const after = await call<{ code: string }>(host.url, 'GET', '/session', { token: old });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('token_invalid');
      expect((await call(host.url, 'GET', '/service-orders', { token: old })).status).toBe(401);
    });
  });

  it('an expired session (token_expired) returns to step 1 and says so, keeping the number', async () => {
    await withPage(browser, 'portal-expired', PHONE, async (page) => {
      const phone = newPhone();
      await createOrder(phone);
      await signIn(page, 'Mobile number', phone, phone);
      // the token lives 15 minutes on the host's clock
      clock.advance(16 * 60);
      const refused = page.waitForResponse((r) => r.url().endsWith('/session') && r.status() === 401);
      // opening the form checks the session first (as does the page's once-a-minute check)
      await page
        .getByRole('button', { name: 'File a complaint' })
        .click({ timeout: 2000 })
        .catch(() => undefined);
      expect(((await (await refused).json()) as { code: string }).code).toBe('token_expired');
      await expect(page.getByRole('alert')).toContainText('Your session has expired');
      await expect(
        page.getByRole('heading', { level: 1, name: 'Track your repair or complaint' }),
      ).toBeVisible();
      await expect(page.getByLabel('Number')).toHaveValue(phone);
      await expectAccessible(page, 'session expired');
    });
  });

  it('lists the complaints a page at a time with "Load more complaints", by keyboard', async () => {
    await withPage(browser, 'portal-load-more', PHONE, async (page) => {
      const phone = newPhone();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++)
        ids.push((await fileFor(phone, `Complaint number ${i} about my repair.`)).id);
      const pages: string[] = [];
      page.on('request', (r) => {
        if (/\/grievances\?/.test(r.url())) pages.push(r.url());
      });
      await signIn(page, 'Mobile number', phone, phone);
      const list = page.getByRole('list', { name: 'Your complaints' });
      await expect(list.getByRole('listitem')).toHaveCount(10);
      await page.getByRole('button', { name: 'Load more complaints' }).focus();
      await page.keyboard.press('Enter');
      await expect(list.getByRole('listitem')).toHaveCount(12);
      for (const id of ids) await expect(list).toContainText(id);
      await expect(page.getByRole('button', { name: 'Load more complaints' })).toHaveCount(0);
      expect(pages.some((u) => /[?&]cursor=/.test(u))).toBe(true);
      await expectAccessible(page, 'complaints, two pages');
      await expectNoSidewaysScroll(page, 'complaints, two pages');
    });
  });

  it.each(VIEWPORTS)(
    're-reads the orders (GET /service-orders) after a status change; the fourth stage is "Delivery" (%s)',
    async (size, viewport) => {
      await withPage(browser, `portal-delivery-${size}`, viewport, async (page) => {
        const phone = newPhone();
        const order = await createOrder(phone);
        await signIn(page, 'Mobile number', phone, phone);
        const list = progress(page, order.id);
        // the stage names WEB.md lists
        expect(await list.locator('.stage-label').allTextContents()).toEqual([
          'Under inspection',
          'Work in progress',
          'Ready for delivery',
          'Delivery',
        ]);
        for (const status of ['WORK_IN_PROGRESS', 'READY_FOR_DELIVERY', 'DELIVERED'])
          await moveOrder(order.id, status);
        const reread = page.waitForResponse((r) => r.url().endsWith('/service-orders') && r.ok());
        // the page checks again as soon as it is shown (and every minute while it is)
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
        await reread;
        const current = list.locator('[aria-current="step"]');
        await expect(current).toContainText('Delivery');
        await expect(current).toContainText('Delivered');
        await expect(current).toContainText('You have accepted the delivery of your device');
        await expect(list.getByRole('listitem')).toHaveCount(4);
        await expectAccessible(page, 'delivered');
        await expectNoSidewaysScroll(page, 'delivered');
      });
    },
  );

  it.each(VIEWPORTS)('marks a complaint past its deadline "Overdue" (%s)', async (size, viewport) => {
    await withPage(browser, `portal-overdue-${size}`, viewport, async (page) => {
      const phone = newPhone();
      const filed = await fileFor(phone);
      await signIn(page, 'Mobile number', phone, phone);
      await page.getByRole('button', { name: `Complaint ${filed.id}` }).click();
      await expect(page.getByText(/left$/)).toBeVisible();
      await expect(page.getByText('Overdue', { exact: true })).toHaveCount(0);
      await page.getByRole('button', { name: 'Back to your repairs and complaints' }).click();
      // the browser's clock an hour past the deadline (the deadline has not been processed yet)
      await page.clock.setFixedTime(new Date(Date.parse(filed.dueAt) + 3600_000));
      await page.getByRole('button', { name: `Complaint ${filed.id}` }).click();
      await expect(page.getByText('Overdue', { exact: true })).toBeVisible();
      await expectAccessible(page, 'overdue complaint');
    });
  });
});
