import {
  clientAddress,
  ORIGIN_VERIFY_HEADER,
  parseViewerAddress,
  VIEWER_ADDRESS_HEADER,
} from '../../lambdas/http/client-address';

const SECRET = 'k3yFromSecretsManager0123456789abcdef';
const EDGE = '130.176.1.10'; // a CloudFront edge address, as API Gateway sees it

const choose = (headers: Record<string, string | undefined> | null, ...expected: [string | undefined] | []) =>
  clientAddress({ headers, sourceIp: EDGE, expectedOriginVerify: expected.length ? expected[0] : SECRET });

describe('the client address a per-client limit counts', () => {
  it("is the viewer's address on a request that came through the distribution", () => {
    expect(choose({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' })).toBe(
      '203.0.113.7',
    );
    // API Gateway keeps the header names as sent; CloudFront may capitalise them.
    expect(choose({ 'X-Origin-Verify': SECRET, 'X-Viewer-Address': '2001:db8::42' })).toBe('2001:db8::42');
  });

  it('ignores a viewer address without the origin verification value (a spoofed header)', () => {
    expect(choose({ [VIEWER_ADDRESS_HEADER]: '203.0.113.7' })).toBe(EDGE);
    expect(choose({ [ORIGIN_VERIFY_HEADER]: 'guess', [VIEWER_ADDRESS_HEADER]: '203.0.113.7' })).toBe(EDGE);
    expect(choose({ [ORIGIN_VERIFY_HEADER]: `${SECRET}x`, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' })).toBe(
      EDGE,
    );
    expect(choose({ [ORIGIN_VERIFY_HEADER]: '', [VIEWER_ADDRESS_HEADER]: '203.0.113.7' })).toBe(EDGE);
  });

  it('uses the source IP when the function knows no secret (the local host), whatever the headers say', () => {
    const headers = { [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' };
    expect(choose(headers, undefined)).toBe(EDGE);
    expect(choose(headers, '')).toBe(EDGE);
    expect(choose(null)).toBe(EDGE);
  });

  it('falls back to the source IP when the viewer address is missing or malformed', () => {
    for (const bad of [
      '',
      'unknown',
      '203.0.113.7, 198.51.100.1',
      '999.1.1.1',
      'example.com',
      '[::1',
      '1.2.3',
    ])
      expect([bad, choose({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: bad })]).toEqual([
        bad,
        EDGE,
      ]);
    expect(choose({ [ORIGIN_VERIFY_HEADER]: SECRET })).toBe(EDGE);
  });
});

describe('parseViewerAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:46532', '203.0.113.7'],
    ['2001:db8::1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
  ])('reads %p as %p', (raw, ip) => expect(parseViewerAddress(raw)).toBe(ip));

  it.each(['', '203.0.113.7:', '203.0.113.7:123456', '[203.0.113.7]:80', 'a.b.c.d', '1.2.3.4 5.6.7.8'])(
    'refuses %p',
    (raw) => expect(parseViewerAddress(raw)).toBeUndefined(),
  );
});
