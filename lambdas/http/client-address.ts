import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The header CloudFront adds to every request it forwards to API Gateway (an
 * origin custom header): a random value generated at deploy and kept in Secrets
 * Manager. A viewer cannot set it (CloudFront overwrites origin custom headers),
 * and the API's WAF blocks every request that does not carry it.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The viewer's IP address as CloudFront saw it: set by the distribution's
 * viewer-request function on the API behaviours from `event.viewer.ip`,
 * overwriting whatever the viewer sent under that name.
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (of digests, so the lengths always match). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * One IP address out of `ip`, `ipv4:port` or `[ipv6]:port` (the forms CloudFront
 * uses); undefined for anything else (lists, names, garbage).
 */
export function parseViewerAddress(raw: string): string | undefined {
  const value = raw.trim();
  if (isIP(value)) return value;
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:\d{1,5}$/.exec(value);
  if (bracketed?.[1] && isIP(bracketed[1]) === 6) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
  if (v4WithPort?.[1] && isIP(v4WithPort[1]) === 4) return v4WithPort[1];
  return undefined;
}

/**
 * The address a per-client limit should count a request against. Behind
 * CloudFront, API Gateway's source IP is the edge location's, shared by every
 * customer it serves; the viewer's own address comes in VIEWER_ADDRESS_HEADER.
 * That header is believed only when the request also carries the right origin
 * verification value (so it really came through our distribution, which set
 * it); otherwise — the local host, no secret configured, a missing, wrong or
 * malformed header — the source IP API Gateway saw is used, as before.
 */
export function clientAddress(input: {
  /** Request headers (any case). */
  headers: Record<string, string | undefined> | null | undefined;
  /** `requestContext.identity.sourceIp`. */
  sourceIp: string;
  /** The origin verification value, when this function knows one. */
  expectedOriginVerify: string | undefined;
}): string {
  const { headers, sourceIp, expectedOriginVerify } = input;
  if (!expectedOriginVerify || !headers) return sourceIp;
  let verify: string | undefined;
  let viewer: string | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === ORIGIN_VERIFY_HEADER) verify = value;
    else if (lower === VIEWER_ADDRESS_HEADER) viewer = value;
  }
  if (verify === undefined || viewer === undefined || !sameSecret(verify, expectedOriginVerify))
    return sourceIp;
  return parseViewerAddress(viewer) ?? sourceIp;
}
