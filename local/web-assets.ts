import type { HttpResponse } from '../lambdas/http/problem';
import type { WebBuild } from '../web/build';

/**
 * Serves the web apps (WEB.md, "Where they live"): the customer portal at /,
 * the staff console at /console/ (any path under it falls back to its
 * index.html, as a single-page app's own paths do), their hashed assets, and
 * /console/config.json (how staff sign in: `local` here; the stack serves
 * Cognito's). Everything else is left to the API: answers undefined.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The headers CloudFront will add to every page (a strict CSP with no inline script). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const CONSOLE_CONFIG = JSON.stringify({ signIn: { kind: 'local' } });

export function webAssets(build: WebBuild) {
  const files = new Map(build.files.map((f) => [f.path, f.contents]));
  const file = (path: string, immutable: boolean): HttpResponse | undefined => {
    const contents = files.get(path);
    if (!contents) return undefined;
    const ext = path.slice(path.lastIndexOf('.'));
    return {
      statusCode: 200,
      headers: {
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...SECURITY_HEADERS,
      },
      body: Buffer.from(contents).toString('utf8'),
    };
  };
  const notFound = (): HttpResponse => ({
    statusCode: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
    body: 'Not found',
  });

  return (method: string, pathname: string): HttpResponse | undefined => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (pathname === '/' || pathname === '/index.html') return file('/index.html', false);
    if (pathname === '/console') return { statusCode: 308, headers: { Location: '/console/' }, body: '' };
    if (pathname === '/console/config.json')
      return {
        statusCode: 200,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' },
        body: CONSOLE_CONFIG,
      };
    if (pathname.startsWith('/assets/') || pathname.startsWith('/console/assets/'))
      return file(pathname, true) ?? notFound();
    if (pathname.startsWith('/console/')) return file('/console/index.html', false);
    return undefined;
  };
}
