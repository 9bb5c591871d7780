import type { Browser, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host';
import {
  DESKTOP,
  pwExpect as expect,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  PHONE,
  VIEWPORTS,
  withPage,
} from '../support/browser';
import { ShiftableClock } from '../support/clock';
import { call, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

jest.setTimeout(120_000);

let browser: Browser;
let host: LocalHost;
const clock = new ShiftableClock();
let seq = 0;
const newPhone = () => `97400${String(10000 + seq++).padStart(5, '0')}`;

beforeAll(async () => {
  [browser, host] = await Promise.all([launchBrowser(), startTestHost({ clock, timers: 'manual' })]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

async function signIn(page: Page, staffId: string, role: string) {
  await page.goto(`${host.url}/console/`);
  await page.getByLabel('Staff ID').fill(staffId);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function fileGrievance(phone: string, name = 'Meera Iyer') {
  const desk = await staffToken(host.url, 'seed', ['grievance-desk']);
  const result = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
    token: desk,
    body: {
      phone,
      name,
      category: 'REPAIR_DELAY',
      description: 'Repair is late by two weeks.',
      channel: 'SERVICE_CENTRE',
    },
  });
  expect(result.status).toBe(201);
  return result.body.id;
}

const queue = (page: Page) => page.getByRole('table', { name: 'Grievance queue' });

describe('staff console', () => {
  it.each(VIEWPORTS)(
    'the desk works its queue: reply, internal note, resolve (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-queue-${size}`, viewport, async (page) => {
        const id = await fileGrievance(newPhone());
        await page.goto(`${host.url}/console/`);
        await expectAccessible(page, 'sign-in');
        await signIn(page, `desk-${size}`, 'Grievance Desk (level 1)');
        await expect(queue(page)).toContainText(id);
        await expectAccessible(page, 'queue');
        await expectNoSidewaysScroll(page, 'queue');
        // actions the desk may not take are not offered
        await page.getByRole('button', { name: 'Service orders' }).click();
        await expect(page.getByRole('button', { name: 'New service order' })).toHaveCount(0);
        await page.getByRole('button', { name: 'Grievance queue' }).click();

        await page.getByLabel('Search').fill(id);
        await page.getByRole('button', { name: 'Find' }).click();
        await expect(queue(page).getByRole('row')).toHaveCount(2);
        await queue(page).getByRole('button', { name: id }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Grievance ${id}` })).toBeFocused();
        await expectAccessible(page, 'grievance');
        await expectNoSidewaysScroll(page, 'grievance');

        await page.getByLabel('Reply').fill('We are looking into it.');
        await page.getByRole('button', { name: 'Send' }).click();
        await expect(page.getByRole('status')).toContainText('Reply sent');
        await page.getByLabel('Reply').fill('Spare part arrives Monday.');
        await page.getByLabel('Internal note').check();
        await page.getByRole('button', { name: 'Send' }).click();
        await expect(page.getByRole('status')).toContainText('Note added');
        await expect(page.getByText('Spare part arrives Monday.')).toBeVisible();
        await page.getByLabel('Reply').fill('Your phone is repaired and ready.');
        await page.getByLabel('Resolve').check();
        await page.getByRole('button', { name: 'Send' }).click();
        await expect(page.getByRole('status')).toContainText('Resolved');
        await expect(page.getByText('Resolved', { exact: true })).toBeVisible();

        await page.getByRole('button', { name: 'Back to the queue' }).click();
        await page.getByLabel('Status').selectOption('RESOLVED');
        await expect(queue(page)).toContainText(id);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      });
    },
  );

  it('marks a breached SLA "SLA breached" in the president\'s office queue', async () => {
    await withPage(browser, 'console-breached', DESKTOP, async (page) => {
      const id = await fileGrievance(newPhone(), 'Late Customer');
      for (const hours of [49, 25, 13]) {
        clock.advance(hours * 3600);
        await host.fireDueDeadlines();
      }
      await signIn(page, 'pres-1', 'Office of the President (level 3)');
      await page.getByLabel('SLA breached only').check();
      const row = queue(page).getByRole('row', { name: new RegExp(id) });
      await expect(row).toContainText('SLA breached');
      await expect(row).toContainText('Office of the President');
    });
  });

  it('files for a walk-in customer', async () => {
    await withPage(browser, 'console-walk-in', PHONE, async (page) => {
      await signIn(page, 'desk-walk', 'Grievance Desk (level 1)');
      await page.getByRole('button', { name: 'File for a walk-in customer' }).click();
      await expectAccessible(page, 'walk-in');
      await expectNoSidewaysScroll(page, 'walk-in');
      await page.getByLabel('Mobile number').fill('12345');
      await page.getByLabel('Customer name').fill('Walk In');
      await page.getByLabel('Category').selectOption({ label: 'Device defect' });
      await page.getByLabel('Description').fill('The phone restarts by itself.');
      await page.getByRole('button', { name: 'Submit complaint' }).click();
      await expect(page.locator('#complaint-phone-error')).toBeVisible();
      await page.getByLabel('Mobile number').fill(newPhone());
      await page.getByRole('button', { name: 'Submit complaint' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /Grievance GRV-/ })).toBeVisible();
      await expect(page.getByText('The phone restarts by itself.')).toBeVisible();
    });
  });

  it.each(VIEWPORTS)(
    'a service centre creates an order and moves it through every status (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-orders-${size}`, viewport, async (page) => {
        await signIn(page, `sc-${size}`, 'Service centre');
        await expect(page.getByRole('button', { name: 'Grievance queue' })).toHaveCount(0);
        await page.getByRole('button', { name: 'New service order' }).click();
        await expectAccessible(page, 'new service order');
        await expectNoSidewaysScroll(page, 'new service order');
        await page.getByLabel('Customer name').fill('Kiran');
        await page.getByLabel('Mobile number').fill(newPhone());
        await page.getByLabel('Device model').fill('Redress X2');
        await page.getByLabel('IMEI').fill('356938035643801');
        await page.getByLabel('Serial number').fill('RX2SN000111');
        await page.getByLabel('Issue').fill('Battery drains fast');
        await page.getByLabel('Service centre').fill('Andheri, Mumbai');
        await page.getByLabel('Estimated ready time').fill('2030-12-01T10:00');
        await page.getByRole('button', { name: 'Create' }).click();
        // the IMEI's check digit is wrong: the error sits by the field, the rest is kept
        await expect(page.locator('#so-imei-error')).toBeVisible();
        await expect(page.getByLabel('Issue')).toHaveValue('Battery drains fast');
        await page.getByLabel('IMEI').fill('356938035643809');
        await page.getByRole('button', { name: 'Create' }).click();
        await expect(page.getByRole('status')).toContainText('created');
        const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
        const id = heading.replace('Service order ', '');
        await expectAccessible(page, 'service order');
        await expectNoSidewaysScroll(page, 'service order');

        for (const label of ['Work in progress', 'Ready for delivery', 'Delivered']) {
          await page.getByLabel('Note').fill(`Now ${label}`);
          await page.getByRole('button', { name: label, exact: true }).click();
          await expect(page.getByRole('status')).toContainText(`Status changed to ${label}`);
          await expect(
            page.getByRole('list', { name: 'Repair progress' }).locator('[aria-current="step"]'),
          ).toContainText(label);
        }
        await expect(page.getByRole('button', { name: 'Cancelled' })).toHaveCount(0);

        // a second order is cancelled; then found by its id
        await page.getByRole('button', { name: 'Back to service orders' }).click();
        await page.getByLabel('Find a service order').fill(id);
        await page.getByRole('button', { name: 'Find' }).click();
        await page.getByRole('button', { name: id }).click();
        await expect(page.getByRole('heading', { level: 1, name: `Service order ${id}` })).toBeVisible();
        await page.getByRole('button', { name: 'Back to service orders' }).click();
        await page.getByRole('button', { name: 'New service order' }).click();
        await page.getByLabel('Customer name').fill('Kiran');
        await page.getByLabel('Mobile number').fill(newPhone());
        await page.getByLabel('Device model').fill('Redress X2');
        await page.getByLabel('Issue').fill('Camera');
        await page.getByLabel('Service centre').fill('Andheri, Mumbai');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByRole('button', { name: 'Cancelled' }).click();
        await expect(page.getByRole('status')).toContainText('Status changed to Cancelled');
        await expect(page.getByRole('button', { name: 'Work in progress' })).toHaveCount(0);
      });
    },
  );

  it('works with the keyboard alone', async () => {
    await withPage(browser, 'console-keyboard', DESKTOP, async (page) => {
      const id = await fileGrievance(newPhone());
      await page.goto(`${host.url}/console/`);
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('Staff ID')).toBeFocused();
      await page.keyboard.type('desk-kb');
      await page.keyboard.press('Tab'); // Role: Grievance Desk is first
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(queue(page)).toContainText(id);
      await queue(page).getByRole('button', { name: id }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: `Grievance ${id}` })).toBeFocused();
      await page.getByLabel('Reply').focus();
      await page.keyboard.type('Answered with the keyboard.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space'); // Resolve
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Send' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status')).toContainText('Resolved');
    });
  });
});

describe('staff console on API v1.1', () => {
  const CENTRE = (sub: string) => staffToken(host.url, sub, ['service-centre']);

  async function createOrder(token: string, phone: string, serviceCentre: string, n: number) {
    const result = await call<{ id: string }>(host.url, 'POST', '/staff/service-orders', {
      token,
      body: {
        purchaseOrderNumber: `PO-${phone}-${n}`,
        customer: { name: 'Nila', phone },
        device: { model: 'Redress X3', serialNumber: `RX3SN${phone}${n}` },
        issue: 'No sound',
        serviceCentre,
      },
    });
    expect(result.status).toBe(201);
    return result.body.id;
  }

  it('offers what GET /staff/me says, not the role picked at sign-in', async () => {
    await withPage(browser, 'console-me', DESKTOP, async (page) => {
      // the token says grievance desk, but the API's profile of the caller is a service centre
      await page.route('**/staff/me', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ sub: 'who-1', groups: ['service-centre'], level: null }),
        }),
      );
      await signIn(page, 'who-1', 'Grievance Desk (level 1)');
      await expect(page.getByRole('heading', { level: 1, name: 'Service orders' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Grievance queue' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'New service order' })).toBeVisible();
    });
  });

  it('the head of customer service sees levels 1 and 2 (from /staff/me) and searches by phone and order id', async () => {
    await withPage(browser, 'console-search', PHONE, async (page) => {
      const phone = newPhone();
      const centre = await CENTRE('sc-search');
      const orderId = await createOrder(centre, phone, 'Search Centre', 0);
      const desk = await staffToken(host.url, 'seed', ['grievance-desk']);
      const filed = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
        token: desk,
        body: {
          phone,
          name: 'Nila',
          category: 'REPAIR_QUALITY',
          description: 'The speaker still does not work.',
          serviceOrderId: orderId,
          channel: 'SERVICE_CENTRE',
        },
      });
      const id = filed.body.id;
      await signIn(page, 'head-search', 'Head of Customer Service (level 2)');
      await expect(queue(page)).toBeVisible();
      const levels = await page.getByLabel('Level').locator('option').allTextContents();
      expect(levels).toEqual(['All my levels', '1 · Grievance Desk', '2 · Head of Customer Service']);
      for (const q of [phone, `+91${phone}`, orderId]) {
        await page.getByLabel('Search').fill(q);
        await page.getByRole('button', { name: 'Find' }).click();
        await expect(page.getByRole('status')).toContainText(`found for ${q}`);
        await expect(queue(page)).toContainText(id);
      }
      await expectAccessible(page, 'queue search');
      await expectNoSidewaysScroll(page, 'queue search');
      // the grievance links to its service order, which grievance staff may read but not change
      await queue(page).getByRole('button', { name: id }).click();
      await page.getByRole('button', { name: `Service order ${orderId}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Service order ${orderId}` })).toBeFocused();
      await expect(page.getByRole('list', { name: 'Repair progress' })).toContainText('Under inspection');
      await expect(page.getByRole('button', { name: 'Work in progress' })).toHaveCount(0);
      await expect(page.getByLabel('Note')).toHaveCount(0);
      await expectAccessible(page, 'read-only service order');
      await expectNoSidewaysScroll(page, 'read-only service order');
      await page.getByRole('button', { name: `Back to grievance ${id}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `Grievance ${id}` })).toBeVisible();
    });
  });

  it.each(VIEWPORTS)(
    'lists service orders by service centre and status with "Load more", and finds them by phone, order number or serial (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-order-list-${size}`, viewport, async (page) => {
        const centre = await CENTRE(`sc-list-${size}`);
        const place = `List Centre ${size}`;
        const phone = newPhone();
        const ids: string[] = [];
        for (let i = 0; i < 21; i++) ids.push(await createOrder(centre, phone, place, i));
        await call(host.url, 'POST', `/staff/service-orders/${ids[0]}/status`, {
          token: centre,
          body: { status: 'WORK_IN_PROGRESS' },
        });
        await signIn(page, `sc-list-${size}`, 'Service centre');
        await expect(page.getByRole('heading', { level: 1, name: 'Service orders' })).toBeVisible();
        const found = page.getByRole('list', { name: 'Service orders found' });
        await page.getByLabel('Service centre').fill(place);
        await page.getByRole('button', { name: 'Find' }).click();
        await expect(found.getByRole('listitem')).toHaveCount(20);
        await page.getByRole('button', { name: 'Load more' }).click();
        await expect(found.getByRole('listitem')).toHaveCount(21);
        await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
        await expectAccessible(page, 'service order list');
        await expectNoSidewaysScroll(page, 'service order list');
        await page.getByLabel('Status').selectOption({ label: 'Work in progress' });
        await page.getByRole('button', { name: 'Find' }).click();
        await expect(found.getByRole('listitem')).toHaveCount(1);
        await expect(found).toContainText(ids[0] ?? '');
        await expect(found).toContainText('Work in progress');
        await page.getByLabel('Status').selectOption({ label: 'Any status' });
        await page.getByLabel('Service centre').fill('');
        for (const q of [`PO-${phone}-3`, `RX3SN${phone}3`]) {
          await page.getByLabel('Find a service order').fill(q);
          await page.getByRole('button', { name: 'Find' }).click();
          await expect(found.getByRole('listitem')).toHaveCount(1);
          await expect(found).toContainText(ids[3] ?? '');
        }
        await page.getByLabel('Find a service order').fill(phone);
        await page.getByRole('button', { name: 'Find' }).click();
        await expect(found.getByRole('listitem')).toHaveCount(20);
      });
    },
  );

  it.each(VIEWPORTS)(
    'marks a grievance past its deadline "Overdue" in the queue (%s)',
    async (size, viewport) => {
      await withPage(browser, `console-overdue-${size}`, viewport, async (page) => {
        const desk = await staffToken(host.url, 'seed', ['grievance-desk']);
        const filed = await call<{ id: string; dueAt: string }>(host.url, 'POST', '/staff/grievances', {
          token: desk,
          body: {
            phone: newPhone(),
            name: 'Overdue Customer',
            category: 'OTHER',
            description: 'Nobody has answered me yet.',
            channel: 'SERVICE_CENTRE',
          },
        });
        const { id, dueAt } = filed.body;
        await signIn(page, `desk-overdue-${size}`, 'Grievance Desk (level 1)');
        const row = queue(page).getByRole('row', { name: new RegExp(id) });
        await expect(row).toContainText('left');
        await expect(row.getByText('Overdue', { exact: true })).toHaveCount(0);
        // the browser's clock past the deadline, before the host has escalated it
        await page.clock.setFixedTime(new Date(Date.parse(dueAt) + 60_000));
        await page.reload();
        await signIn(page, `desk-overdue-${size}`, 'Grievance Desk (level 1)');
        await expect(row.getByText('Overdue', { exact: true })).toBeVisible();
        await expectAccessible(page, 'overdue queue');
        await expectNoSidewaysScroll(page, 'overdue queue');
      });
    },
  );
});
