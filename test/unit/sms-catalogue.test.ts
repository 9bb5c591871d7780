import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Grievance } from '../../lambdas/domain/grievance';
import {
  closeForNoFeedback,
  createGrievance,
  customerFeedback,
  escalateOnDeadline,
  type OutgoingSms,
  staffRespond,
} from '../../lambdas/domain/grievance-rules';
import { deadlineEvent, type GrievanceSettings } from '../../lambdas/domain/grievance-sla';
import { SERVICE_ORDER_STATUSES } from '../../lambdas/domain/service-order';
import { createServiceOrder, serviceOrderStatusSms } from '../../lambdas/domain/service-order-rules';
import {
  DLT_VARIABLE_MAX,
  dltPattern,
  dltTemplate,
  fitVariable,
  gsm7Length,
  MAX_SEGMENTS,
  renderSms,
  SMS_CATALOGUE,
  SMS_KINDS,
  type SmsText,
  smsSize,
} from '../../lambdas/domain/sms-catalogue';
import { requestOtp } from '../../lambdas/use-cases/request-otp';
import { FixedClock } from '../support/clock';
import { dltTable, worstCase } from '../support/dlt-table';
import { RecordingSms } from '../support/fakes';
import { SETTINGS, T0 } from '../support/grievances';

const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);
const PHONE = '+919812345670';

/** Every grievance SMS the rules produce over a grievance's life: created, escalated twice, resolved, reopened, closed. */
function grievanceTexts(settings: GrievanceSettings): OutgoingSms[] {
  const out: OutgoingSms[] = [];
  const created = createGrievance(
    {
      customer: { name: 'A', phone: PHONE },
      category: 'OTHER',
      description: 'Long enough text.',
      channel: 'WEB',
    },
    { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
    settings,
  );
  out.push(...created.effects.sms);
  let g: Grievance = created.grievance;
  for (const _ of [2, 3]) {
    const decision = escalateOnDeadline(
      g,
      deadlineEvent(g, g.dueAt ?? ''),
      new Date(g.dueAt ?? ''),
      settings,
    );
    if (decision.kind !== 'CHANGE') throw new Error('expected an escalation');
    out.push(...decision.change.effects.sms);
    g = decision.change.grievance;
  }
  const staff = { sub: 'p-1', level: 3 };
  // A resolution in Hindi with typographic quotes and a URL: none of it goes into the SMS.
  const message = '“आपका फ़ोन बदल दिया जाएगा” – see https://redress.example/help <3 …';
  const resolved = staffRespond(g, { message, resolve: true }, staff, new Date(g.dueAt ?? ''), settings);
  out.push(...resolved.effects.sms);
  const reopened = customerFeedback(
    resolved.grievance,
    { satisfied: false, comment: 'No.' },
    hours(200),
    settings,
  );
  out.push(...reopened.effects.sms);
  const again = staffRespond(reopened.grievance, { message, resolve: true }, staff, hours(201), settings);
  out.push(...again.effects.sms);
  const satisfied = customerFeedback(again.grievance, { satisfied: true }, hours(202), settings);
  out.push(...satisfied.effects.sms);
  const lapsed = closeForNoFeedback(
    again.grievance,
    deadlineEvent(again.grievance, again.grievance.feedbackDueAt ?? ''),
    hours(2000),
  );
  if (lapsed.kind !== 'CHANGE') throw new Error('expected a closure');
  out.push(...lapsed.change.effects.sms);
  return out;
}

function serviceOrderTexts(model: string): SmsText[] {
  const order = createServiceOrder(
    {
      id: 'SO7KQ2M9XH4R',
      customer: { name: 'Asha', phone: PHONE },
      device: { model },
      issue: 'Cracked screen',
      serviceCentre: 'Bengaluru MG Road',
    },
    T0,
    'sc-1',
  );
  return SERVICE_ORDER_STATUSES.map((status) => serviceOrderStatusSms({ ...order, status }));
}

async function otpTexts(ttlSeconds: number): Promise<SmsText[]> {
  const sms = new RecordingSms();
  await requestOtp(
    {
      rates: { read: async (keys) => keys.map((k) => ({ ...k, hits: [], version: 0 })) },
      otps: {
        create: async () => 'CREATED',
        get: async () => undefined,
        recordWrongAttempt: async () => true,
        redeem: async () => true,
      },
      orders: { get: async () => undefined, findBy: async () => [], listByPhone: async () => [] },
      grievancePhone: async () => undefined,
      sms,
      clock: new FixedClock(T0),
      hmacKey: async () => 'k'.repeat(32),
      settings: {
        ttlSeconds,
        maxAttempts: 5,
        resendSeconds: 30,
        maxPerNumberPerHour: 5,
        maxPerIdentifierPerHour: 5,
        maxPerClientPerHour: 100,
        lookupMinMs: 0,
        defaultCountryCode: '91',
        allowedCountryCodes: ['91'],
      },
    },
    { identifierType: 'PHONE', identifier: '9812345670', clientIp: '1.2.3.4' },
  );
  return sms.sent;
}

/** Every SMS the system sends, through the code that sends it, under default and unusual settings. */
async function everySentText(): Promise<SmsText[]> {
  const unusual: GrievanceSettings = {
    slaLevelHours: [1000.5, 0.001, 0.5],
    feedbackWindowHours: 12,
    reminderFraction: 0.5,
  };
  return [
    ...grievanceTexts(SETTINGS),
    ...grievanceTexts(unusual),
    ...serviceOrderTexts('Pixel 9'),
    ...serviceOrderTexts('Galaxy S24 Ultra 5G (Titanium Violet) 512 GB – “Enterprise”'),
    ...serviceOrderTexts('रेडमी नोट'),
    ...(await otpTexts(300)),
    ...(await otpTexts(3600)),
  ];
}

describe('the SMS catalogue', () => {
  it('sends every kind of SMS the system has, each under its own template', async () => {
    const sent = await everySentText();
    expect(new Set(sent.map((m) => m.kind))).toEqual(new Set(SMS_KINDS));
  });

  it("matches every text the system sends against its kind's DLT template, within two segments of GSM-7", async () => {
    for (const { kind, body } of await everySentText()) {
      expect([kind, body]).toEqual([kind, expect.stringMatching(dltPattern(kind))]);
      expect([body, smsSize(body).encoding]).toEqual([body, 'GSM-7']);
      expect(smsSize(body).segments).toBeLessThanOrEqual(MAX_SEGMENTS);
    }
  });

  it('stays within two segments at worst: every variable at the 30 characters DLT allows', () => {
    for (const kind of SMS_KINDS) {
      const size = smsSize(worstCase(kind));
      expect([kind, size.encoding, size.segments <= MAX_SEGMENTS]).toEqual([kind, 'GSM-7', true]);
    }
  });

  it('has only GSM-7 in fixed text: no typographic dash, quote, ellipsis or rupee sign forcing UCS-2', () => {
    for (const kind of SMS_KINDS) {
      const fixed = dltTemplate(kind);
      expect([kind, gsm7Length(fixed) !== null]).toEqual([kind, true]);
      expect(fixed).not.toMatch(/[–—‘’“”…₹\u00a0]/);
      // Extension-table characters count double and some DLT portals mangle them.
      expect(fixed.replace(/\{#var#\}/g, '')).not.toMatch(/[\^{}\\[\]~|€]/);
    }
  });

  it('fits any variable value to GSM-7 and 30 characters, so a rendered text always matches its template', () => {
    expect(fitVariable('Galaxy “S24” – Ultra…')).toBe('Galaxy "S24" - Ultra...');
    expect(fitVariable('Téléphone ₹ 999')).toBe('Telephone Rs. 999');
    expect(fitVariable('x'.repeat(100))).toHaveLength(DLT_VARIABLE_MAX);
    const { body } = renderSms('SERVICE_ORDER_REGISTERED', { model: 'फ़ोन', id: 'SO7KQ2M9XH4R' });
    expect(body).toMatch(dltPattern('SERVICE_ORDER_REGISTERED'));
    expect(() => renderSms('OTP', { code: '123456' })).toThrow('SMS OTP needs a value for {minutes}');
  });

  it('counts GSM-7 and UCS-2 lengths and segments as carriers do', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsSize('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsSize(`${'a'.repeat(69)}’`)).toEqual({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(smsSize('न'.repeat(71))).toEqual({ encoding: 'UCS-2', length: 71, segments: 2 });
  });

  it('is listed in the README exactly as it must be registered, with lengths and segments', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(dltTable());
    for (const kind of SMS_KINDS) expect(SMS_CATALOGUE[kind].text.length).toBeGreaterThan(0);
  });
});
