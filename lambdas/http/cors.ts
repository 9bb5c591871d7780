import { config } from '../config';

/** CORS answer headers for a request's Origin, from CORS_ALLOWED_ORIGINS. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  const allowed = config().CORS_ALLOWED_ORIGINS;
  if (allowed.includes('*')) return { 'Access-Control-Allow-Origin': '*' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  return { Vary: 'Origin' };
}
