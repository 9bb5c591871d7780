import type { Browser } from 'playwright-core';
import { type SmsSender, SmsUndeliverableError } from '../../lambdas/ports/sms';
import type { LocalHost } from '../../local/host';
import { DESKTOP, pwExpect as expect, expectAccessible, launchBrowser, withPage } from '../support/browser';
import { call, createServiceOrder, staffToken } from '../support/http';
import { startTestHost } from '../support/local-host';

jest.setTimeout(120_000);

const OPTED_OUT = '+919740099001';

/** The SMS gateway refuses every text to OPTED_OUT for good, as SNS does for an opted-out number. */
const smsGateway = (deliver: SmsSender): SmsSender => ({
  send: async (m) => {
    if (m.to === OPTED_OUT) throw new SmsUndeliverableError('OPTED_OUT', 'Phone number is opted out');
    await deliver.send(m);
  },
});

let browser: Browser;
let host: LocalHost;

beforeAll(async () => {
  [browser, host] = await Promise.all([launchBrowser(), startTestHost({ smsGateway, timers: 'manual' })]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('staff console: an SMS the customer never got', () => {
  it('shows on the grievance that the customer was not told, and why', async () => {
    const desk = await staffToken(host.url, 'seed', ['grievance-desk']);
    const filed = await call<{ id: string }>(host.url, 'POST', '/staff/grievances', {
      token: desk,
      body: {
        phone: OPTED_OUT,
        name: 'Meera Iyer',
        category: 'REPAIR_DELAY',
        description: 'Repair is late by two weeks.',
        channel: 'SERVICE_CENTRE',
      },
    });
    expect(filed.status).toBe(201);
    await host.drainSms();

    await withPage(browser, 'console-sms-not-delivered', DESKTOP, async (page) => {
      await page.goto(`${host.url}/console/`);
      await page.getByLabel('Staff ID').fill('desk-sms');
      await page.getByLabel('Role').selectOption({ label: 'Grievance Desk (level 1)' });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Search').fill(filed.body.id);
      await page.getByRole('button', { name: 'Find' }).click();
      await page
        .getByRole('table', { name: 'Grievance queue' })
        .getByRole('button', { name: filed.body.id })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: `Grievance ${filed.body.id}` })).toBeVisible();
      const entry = page.getByRole('listitem').filter({ hasText: 'Customer not told' });
      await expect(entry).toContainText('Customer not told: SMS failed (the number opted out of SMS)');
      await expect(entry).toContainText(`grievance registered SMS to ${OPTED_OUT} was not sent`);
      await expectAccessible(page, 'grievance with an undelivered SMS');
    });
  });

  it('shows on the service order that the customer was not told', async () => {
    const centre = await staffToken(host.url, 'seed-sc', ['service-centre']);
    const created = await createServiceOrder(host.url, centre, { phone: OPTED_OUT });
    expect(created.status).toBe(201);
    await host.drainSms();

    await withPage(browser, 'console-order-sms-not-delivered', DESKTOP, async (page) => {
      await page.goto(`${host.url}/console/`);
      await page.getByLabel('Staff ID').fill('sc-sms');
      await page.getByLabel('Role').selectOption({ label: 'Service centre' });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Find a service order').fill(created.body.id);
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('button', { name: created.body.id }).click();
      await expect(
        page.getByRole('heading', { level: 1, name: `Service order ${created.body.id}` }),
      ).toBeVisible();
      await expect(
        page.getByText('Customer not told: SMS failed (the number opted out of SMS)'),
      ).toBeVisible();
      await expectAccessible(page, 'service order with an undelivered SMS');
    });
  });
});
