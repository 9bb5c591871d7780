import { createLogger, redact, setLogSink } from '../../lambdas/logger';

describe('redact', () => {
  it('masks phone numbers standing alone in free text to their last four digits', () => {
    expect(redact('PhoneNumber +919876543210 rejected')).toBe('PhoneNumber ********3210 rejected');
    expect(redact('call 98765 43210 now')).toBe('call ******3210 now');
    expect(redact({ to: '+919876543210' })).toEqual({ to: '********3210' });
  });

  it('leaves ids that merely contain digit runs alone', () => {
    const ids = [
      '12345678-1234-1234-1234-123456789012',
      'cc26bc48-c123-4567-8901-960cc46bc40f',
      'GRV-3MPP8SMC54',
      '2026-11-22T10:00:00.000Z',
    ];
    for (const id of ids) expect(redact({ correlationId: id })).toEqual({ correlationId: id });
  });

  it('hides six-digit codes and secrets under known keys', () => {
    expect(redact('Your code is 424242')).toBe('Your code is [digits]');
    expect(redact({ code: '424242', accessToken: 'abc', nested: { otp: 1 } })).toEqual({
      code: '[redacted]',
      accessToken: '[redacted]',
      nested: { otp: '[redacted]' },
    });
  });
});

describe('createLogger', () => {
  const lines: string[] = [];
  const level = process.env.LOG_LEVEL;
  beforeAll(() => setLogSink((line) => lines.push(line)));
  afterEach(() => {
    lines.length = 0;
    process.env.LOG_LEVEL = level;
  });

  it('keeps its own level, timestamp and message when the data has fields of those names', () => {
    process.env.LOG_LEVEL = 'info';
    createLogger().info('deadline handled', { level: 2, message: 'x', timestamp: 'y' });
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ level: 'info', message: 'deadline handled' });
    expect(entry.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('honours LOG_LEVEL set after the logger was created', () => {
    const log = createLogger();
    process.env.LOG_LEVEL = 'error';
    log.info('quiet');
    log.error('loud');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['loud']);
  });
});
