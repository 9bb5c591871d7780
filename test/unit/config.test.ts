import { parseConfig, parseSmsDltTemplateIds } from '../../lambdas/config';
import { SMS_KINDS } from '../../lambdas/domain/sms-catalogue';

describe('parseConfig', () => {
  it("fills API.md's defaults for everything but the table", () => {
    expect(parseConfig({ TABLE_NAME: 't' })).toEqual({
      TABLE_NAME: 't',
      DYNAMODB_ENDPOINT: undefined,
      DEFAULT_COUNTRY_CODE: '91',
      ALLOWED_COUNTRY_CODES: ['91'],
      OTP_TTL_SECONDS: 300,
      OTP_RESEND_SECONDS: 30,
      OTP_MAX_PER_NUMBER_PER_HOUR: 5,
      OTP_MAX_PER_IDENTIFIER_PER_HOUR: 5,
      OTP_MAX_PER_CLIENT_PER_HOUR: 100,
      OTP_MAX_ATTEMPTS: 5,
      OTP_LOOKUP_MIN_MS: 250,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      OTP_HMAC_KEY: undefined,
      OTP_HMAC_SECRET_ID: undefined,
      SLA_LEVEL_HOURS: [48, 24, 12],
      FEEDBACK_WINDOW_HOURS: 168,
      SLA_REMINDER_FRACTION: 0.75,
      IDEMPOTENCY_TTL_HOURS: 24,
      ESCALATION_MAX_WAIT_SECONDS: 60,
      REPORT_TIME_ZONE: 'Asia/Kolkata',
      CORS_ALLOWED_ORIGINS: ['*'],
      SMS_SENDER_ID: 'REDRSS',
      SMS_MAX_PER_SECOND: 10,
      SMS_QUEUE_URL: undefined,
      SMS_DRAIN_CONCURRENCY: 1,
      SMS_DLT_ENTITY_ID: undefined,
      SMS_DLT_TEMPLATE_IDS: undefined,
      STAGE: 'local',
      LOG_LEVEL: 'info',
    });
  });

  it('reads set values, lists and fractional SLA hours, and treats empty as unset', () => {
    const c = parseConfig({
      TABLE_NAME: 't',
      ALLOWED_COUNTRY_CODES: '91, 65 ,',
      SLA_LEVEL_HOURS: '0.001,0.0005,0.00025',
      OTP_TTL_SECONDS: '60',
      SLA_REMINDER_FRACTION: '0.5',
      LOG_LEVEL: 'debug',
      SMS_SENDER_ID: '',
    });
    expect(c.ALLOWED_COUNTRY_CODES).toEqual(['91', '65']);
    expect(c.SLA_LEVEL_HOURS).toEqual([0.001, 0.0005, 0.00025]);
    expect(c.OTP_TTL_SECONDS).toBe(60);
    expect(c.SLA_REMINDER_FRACTION).toBe(0.5);
    expect(c.LOG_LEVEL).toBe('debug');
    expect(c.SMS_SENDER_ID).toBe('REDRSS');
  });

  it('fails fast naming every bad variable', () => {
    const attempt = () =>
      parseConfig({
        OTP_TTL_SECONDS: '10',
        OTP_MAX_ATTEMPTS: '2.5',
        SLA_LEVEL_HOURS: '48,24',
        SLA_REMINDER_FRACTION: '1',
        DEFAULT_COUNTRY_CODE: '+91',
        OTP_HMAC_KEY: 'short',
        LOG_LEVEL: 'verbose',
        FEEDBACK_WINDOW_HOURS: 'a week',
      });
    expect(attempt).toThrow(
      'Invalid configuration: TABLE_NAME: is required; DEFAULT_COUNTRY_CODE: must be a country calling code such as 91; ' +
        'OTP_TTL_SECONDS: must be a whole number ≥ 30; OTP_MAX_ATTEMPTS: must be a whole number ≥ 1; ' +
        'OTP_HMAC_KEY: must be at least 16 characters; SLA_LEVEL_HOURS: expected three positive numbers; ' +
        'FEEDBACK_WINDOW_HOURS: must be a number > 0; SLA_REMINDER_FRACTION: must be a number > 0 and < 1; ' +
        'LOG_LEVEL: must be one of debug, info, warn, error',
    );
  });

  it('refuses an SMS pace of zero and a drain concurrency below one', () => {
    expect(() => parseConfig({ TABLE_NAME: 't', SMS_MAX_PER_SECOND: '0' })).toThrow(
      'SMS_MAX_PER_SECOND: must be a number > 0',
    );
    expect(() => parseConfig({ TABLE_NAME: 't', SMS_DRAIN_CONCURRENCY: '0' })).toThrow(
      'SMS_DRAIN_CONCURRENCY: must be a whole number ≥ 1',
    );
    expect(parseConfig({ TABLE_NAME: 't', SMS_MAX_PER_SECOND: '0.5' }).SMS_MAX_PER_SECOND).toBe(0.5);
  });

  describe('SMS_DLT_TEMPLATE_IDS', () => {
    const all = Object.fromEntries(SMS_KINDS.map((k, i) => [k, String(1107000000000000000n + BigInt(i))]));

    it('reads a template id for every SMS kind of the catalogue', () => {
      const c = parseConfig({ TABLE_NAME: 't', SMS_DLT_TEMPLATE_IDS: JSON.stringify(all) });
      expect(parseSmsDltTemplateIds(c.SMS_DLT_TEMPLATE_IDS)).toEqual(all);
      expect(parseSmsDltTemplateIds(undefined)).toBeUndefined();
    });

    it('fails fast on a missing kind, an unknown kind, a malformed id or bad JSON', () => {
      const { OTP: _otp, ...noOtp } = all;
      const parse = (value: string) => () => parseSmsDltTemplateIds(value);
      expect(parse(JSON.stringify(noOtp))).toThrow('SMS_DLT_TEMPLATE_IDS: has no id for OTP');
      expect(parse(JSON.stringify({ ...all, GRIEVANCE: '1107000000000000099' }))).toThrow(
        'names unknown kinds GRIEVANCE',
      );
      expect(parse(JSON.stringify({ ...all, OTP: '1107' }))).toThrow('not 19 digits for OTP');
      expect(parse('1107000000000000000')).toThrow('must be a JSON object of SMS kind to DLT template id');
      expect(parse('{')).toThrow('must be a JSON object of SMS kind to DLT template id');
    });
  });
});

describe('REPORT_TIME_ZONE', () => {
  it('takes an IANA time zone and refuses anything else, naming the variable', () => {
    expect(parseConfig({ TABLE_NAME: 't', REPORT_TIME_ZONE: 'Europe/London' }).REPORT_TIME_ZONE).toBe(
      'Europe/London',
    );
    expect(() => parseConfig({ TABLE_NAME: 't', REPORT_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /REPORT_TIME_ZONE/,
    );
  });
});
