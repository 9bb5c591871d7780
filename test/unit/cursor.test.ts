import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { ValidationError } from '../../lambdas/errors';

const cursors = new SignedCursors(async () => 'a-test-secret-of-enough-length');
const position = { p: { '1': { pk: 'GRV#GRV-ABCD', sk: 'GRV', queuePk: 'OPEN#1', queueSk: 'x' }, '2': 1 } };

/** Every way a cursor can be spoiled: each must be refused as a 400 naming `cursor`. */
async function forgeries(good: string): Promise<[string, string][]> {
  const [payload = '', tag = ''] = good.split('.');
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const edited = Buffer.from(
    JSON.stringify({
      p: { '1': { pk: 'GRV#GRV-OTHER', sk: 'GRV', queuePk: 'OPEN#3', queueSk: 'x' }, '2': 1 },
    }),
  ).toString('base64url');
  const otherKey = await new SignedCursors(async () => 'somebody-elses-secret-key').seal('q1', position);
  return [
    ['an edited payload with the old tag', `${edited}.${tag}`],
    ['a flipped tag byte', `${payload}.${flip(tag, 5)}`],
    ['no tag', payload],
    ['a truncated tag', `${payload}.${tag.slice(0, -2)}`],
    ['a cursor signed with another key', otherKey],
    ['plain text', 'bogus'],
    ['an unsigned base64 cursor', Buffer.from(JSON.stringify(position)).toString('base64url')],
    ['an empty payload', `.${tag}`],
    ['a payload that is not JSON', `${Buffer.from('{not json').toString('base64url')}.${tag}`],
    ['extra segments', `${good}.${tag}`],
    ['padding characters', `${payload}=.${tag}`],
  ];
}

describe('signed cursors', () => {
  it('give back the position they sealed, for the same query', async () => {
    const cursor = await cursors.seal('q1', position);
    await expect(cursors.open(cursor, 'q1')).resolves.toEqual(position);
  });

  it('are opaque: the query they belong to is not written in them', async () => {
    const cursor = await cursors.seal('phone|+919812345670', { p: { phone: 0 } });
    expect(Buffer.from(cursor.split('.')[0] ?? '', 'base64url').toString()).not.toContain('+9198');
  });

  it('refuse a cursor made for another query (another phone, other filters)', async () => {
    const cursor = await cursors.seal('phone|+919812345670', position);
    await expect(cursors.open(cursor, 'phone|+919812345671')).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuse every forgery with a 400 that names the cursor', async () => {
    const good = await cursors.seal('q1', position);
    const cases = await forgeries(good);
    expect(cases.length).toBeGreaterThanOrEqual(7);
    for (const [what, forged] of cases) {
      const error = await cursors.open(forged, 'q1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([what, error]).toEqual([what, expect.any(ValidationError)]);
      expect((error as ValidationError).status).toBe(400);
      expect((error as ValidationError).errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    }
  });

  it('derive their key from the secret under their own label (not the secret itself)', async () => {
    const { createHmac } = await import('node:crypto');
    const cursor = await cursors.seal('q1', position);
    const [payload = '', tag = ''] = cursor.split('.');
    const withRawSecret = createHmac('sha256', 'a-test-secret-of-enough-length')
      .update(`c1\nq1\n${payload}`)
      .digest('base64url');
    expect(tag).not.toBe(withRawSecret);
  });

  it('read the secret again after it failed to load, instead of failing forever', async () => {
    let calls = 0;
    const flaky = new SignedCursors(async () => {
      calls++;
      if (calls === 1) throw new Error('secrets extension not ready');
      return 'the-secret-after-a-retry';
    });
    await expect(flaky.seal('q', position)).rejects.toThrow('not ready');
    await expect(flaky.seal('q', position)).resolves.toMatch(/\./);
  });
});
