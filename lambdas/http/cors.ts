import { config } from '../config';

/** Answer headers a browser script may read besides the CORS-safelisted ones (API.md, "Errors"). */
export const EXPOSED_HEADERS = 'Retry-After, X-Correlation-Id';

/** Request headers a browser may send (the preflight's Access-Control-Allow-Headers). */
export const ALLOWED_REQUEST_HEADERS = [
  'Content-Type',
  'Authorization',
  'Idempotency-Key',
  'X-Correlation-Id',
];

/** CORS answer headers for a request's Origin, from CORS_ALLOWED_ORIGINS; every answer carries them. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  const allowed = config().CORS_ALLOWED_ORIGINS;
  const expose = { 'Access-Control-Expose-Headers': EXPOSED_HEADERS };
  if (allowed.includes('*')) return { 'Access-Control-Allow-Origin': '*', ...expose };
  if (origin && allowed.includes(origin))
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', ...expose };
  return { Vary: 'Origin', ...expose };
}
