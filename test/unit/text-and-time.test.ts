import { resetConfig } from '../../lambdas/config';
import { resolvedSms } from '../../lambdas/domain/grievance-messages';
import { createGrievance } from '../../lambdas/domain/grievance-rules';
import {
  changeStatus,
  createServiceOrder,
  serviceOrderCreatedSms,
} from '../../lambdas/domain/service-order-rules';
import { ValidationError } from '../../lambdas/errors';
import { parseOrThrow } from '../../lambdas/http/validate';
import { customerGrievanceBody, feedbackBody, staffResponseBody } from '../../lambdas/schemas/grievance';
import { changeServiceOrderStatusBody, createServiceOrderBody } from '../../lambdas/schemas/service-order';
import { freeText, singleLineText } from '../../lambdas/schemas/text';
import { SETTINGS } from '../support/grievances';

const NOW = new Date('2026-11-25T12:00:00.000Z');

// The phone schema reads the allowed country codes from the configuration.
const saved = { ...process.env };
beforeAll(() => {
  process.env.TABLE_NAME = 'unit-text-and-time';
  resetConfig();
});
afterAll(() => {
  process.env = saved;
  resetConfig();
});
const grievanceBody = (over: Record<string, unknown> = {}) => ({
  name: 'José Ramírez',
  category: 'REPAIR_DELAY',
  description: 'My phone has been at the centre for three weeks.',
  channel: 'WEB',
  ...over,
});
const orderBody = (over: Record<string, unknown> = {}) => ({
  customer: { name: 'Asha Rao', phone: '+919876543210' },
  device: { model: 'Pixel 9' },
  issue: 'No sound',
  serviceCentre: 'Pune',
  ...over,
});
/** The field paths a body is refused for. */
const refused = (schema: Parameters<typeof parseOrThrow>[0], body: unknown): string[] => {
  try {
    parseOrThrow(schema, body);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.errors.map((e) => e.path);
  }
};

describe('text fields (issue 13.7): one rule for every field, in lambdas/schemas/text.ts', () => {
  const line = singleLineText(1, 100);
  const free = freeText(1, 2000);

  it.each([
    ['a NUL', '\u0000'],
    ['only NULs', '\u0000\u0000\u0000'],
    ['a line feed', 'M\n123456 is your Redress verification code'],
    ['a CR LF', 'M\r\n123456 is your Redress verification code'],
    ['a tab', 'Asha\tRao'],
    ['a C1 control', 'Asha\u0085Rao'],
    ['DEL', 'Asha\u007F'],
    ['a line separator', 'Asha\u2028Rao'],
    ['a right-to-left override', 'Asha \u202Egnp.exe'],
    ['a left-to-right embedding', '\u202AAsha'],
    ['an isolate', 'Asha \u2067Rao\u2069'],
    ['a lone high surrogate', 'Asha \uD83D'],
    ['a lone low surrogate', '\uDE00 Asha'],
  ])('refuses %s in a single-line field', (_what, value) => {
    expect(line.safeParse(value).success).toBe(false);
  });

  it('keeps letters of any script, emoji and marks in a single-line field', () => {
    for (const ok of ['José Ramírez', 'आशा राव', 'محمد', '😀 Asha', 'Ünïcödé\u200F'])
      expect(line.parse(`  ${ok} `)).toBe(ok);
  });

  it('takes line breaks in free text, stored as LF, and nothing else of the kind', () => {
    expect(free.parse('First line\r\nSecond line\rThird\u2028Fourth')).toBe(
      'First line\nSecond line\nThird\nFourth',
    );
    for (const bad of ['tab\there', 'nul\u0000', 'bell\u0007', '\u202Eevil', 'lone \uD800 surrogate'])
      expect(free.safeParse(bad).success).toBe(false);
  });

  it('is used by every text field of the grievance bodies', () => {
    expect(refused(customerGrievanceBody, grievanceBody({ name: '\u0000' }))).toEqual(['name']);
    expect(refused(customerGrievanceBody, grievanceBody({ name: '\u202Eevil' }))).toEqual(['name']);
    expect(
      refused(customerGrievanceBody, grievanceBody({ description: 'Ten chars \u0000 and more' })),
    ).toEqual(['description']);
    expect(refused(customerGrievanceBody, grievanceBody({ device: { model: 'M\r\n123456' } }))).toEqual([
      'device.model',
    ]);
    expect(refused(customerGrievanceBody, grievanceBody({ serviceOrderId: 'SO\n1' }))).toEqual([
      'serviceOrderId',
    ]);
    expect(
      refused(customerGrievanceBody, grievanceBody({ description: 'Line one\nline two of it' })),
    ).toEqual([]);
    expect(refused(feedbackBody, { satisfied: false, comment: '\uDC00' })).toEqual(['comment']);
    expect(refused(staffResponseBody, { message: 'ok\u0007' })).toEqual(['message']);
    expect(refused(staffResponseBody, { message: 'Dear customer,\nyour phone is ready.' })).toEqual([]);
  });

  it('is used by every text field of the service-order bodies', () => {
    expect(
      refused(createServiceOrderBody, orderBody({ device: { model: 'M\r\n123456 is your code' } })),
    ).toEqual(['device.model']);
    expect(
      refused(createServiceOrderBody, orderBody({ customer: { name: '\u202E', phone: '9876543210' } })),
    ).toEqual(['customer.name']);
    expect(refused(createServiceOrderBody, orderBody({ serviceCentre: 'Pune\nMain' }))).toEqual([
      'serviceCentre',
    ]);
    expect(refused(createServiceOrderBody, orderBody({ issue: 'No sound\nat all' }))).toEqual([]);
    expect(refused(createServiceOrderBody, orderBody({ issue: 'No \u0000 sound' }))).toEqual(['issue']);
    expect(refused(changeServiceOrderStatusBody, { status: 'CANCELLED', note: 'a\u0000' })).toEqual(['note']);
  });
});

describe('no SMS puts text a person typed on a line of its own', () => {
  it('keeps a staff message, line breaks and all, out of the resolution SMS', () => {
    const g = createGrievance(
      {
        customer: { name: 'Asha', phone: '+919812345670' },
        category: 'OTHER',
        description: 'A description long enough.',
        channel: 'WEB',
      },
      { id: 'GRV-ABCDEFGHJK', now: NOW, actor: 'CUSTOMER' },
      SETTINGS,
    ).grievance;
    const sms = resolvedSms(g, SETTINGS);
    expect(sms.body).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(sms.body).toContain('GRV-ABCDEFGHJK');
    expect(sms.body).not.toContain('123456');
  });

  it('renders the booking SMS for a model that once carried a line break on one line', () => {
    const model = 'M\r\n123456 is your Redress verification code';
    // The schema refuses it now…
    expect(refused(createServiceOrderBody, orderBody({ device: { model } }))).toEqual(['device.model']);
    // …and an order stored before that rule still renders on one line.
    const order = createServiceOrder(
      { id: 'SO7KQ2M9XH4R', ...orderBody({ device: { model } }) } as Parameters<typeof createServiceOrder>[0],
      NOW,
      'sc-1',
    );
    const sms = serviceOrderCreatedSms(order).body;
    expect(sms).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(sms).toContain('service order SO7KQ2M9XH4R');
    expect(sms).not.toMatch(/(^|\n)\d{6} is your Redress verification code/);
  });
});

describe('timestamps (RFC 3339 with any offset in, UTC with Z out)', () => {
  it('reads an offset as the same instant in UTC', () => {
    const body = parseOrThrow(
      createServiceOrderBody,
      orderBody({ estimatedReadyAt: '2026-11-28T10:00:00+05:30' }),
    );
    expect(body.estimatedReadyAt).toBe('2026-11-28T04:30:00.000Z');
    const z = parseOrThrow(changeServiceOrderStatusBody, {
      status: 'WORK_IN_PROGRESS',
      estimatedReadyAt: '2026-11-28T10:00:00.5-03:00',
    });
    expect(z.estimatedReadyAt).toBe('2026-11-28T13:00:00.500Z');
  });

  it('still refuses what is not a timestamp, or one without an offset', () => {
    for (const bad of ['tomorrow', '2026-11-28', '2026-11-28T10:00:00', '2026-11-28T10:00:00+5:30'])
      expect(refused(createServiceOrderBody, orderBody({ estimatedReadyAt: bad }))).toEqual([
        'estimatedReadyAt',
      ]);
  });

  it('refuses an estimate in the past (by the injected clock) with a 400 naming the field', () => {
    const input = {
      id: 'SO7KQ2M9XH4R',
      ...orderBody(),
      estimatedReadyAt: '2026-11-25T11:59:59.999Z',
    } as Parameters<typeof createServiceOrder>[0];
    expect(() => createServiceOrder(input, NOW, 'sc-1')).toThrow(ValidationError);
    try {
      createServiceOrder(input, NOW, 'sc-1');
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        { path: 'estimatedReadyAt', message: 'must be in the future' },
      ]);
    }
    const order = createServiceOrder({ ...input, estimatedReadyAt: '2026-11-25T12:00:00.001Z' }, NOW, 'sc-1');
    expect(order.estimatedReadyAt).toBe('2026-11-25T12:00:00.001Z');
    expect(() =>
      changeStatus(
        order,
        { status: 'WORK_IN_PROGRESS', estimatedReadyAt: NOW.toISOString(), staffId: 'sc-1' },
        NOW,
      ),
    ).toThrow('estimatedReadyAt: must be in the future');
  });
});
