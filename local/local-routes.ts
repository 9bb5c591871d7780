import { randomBytes, randomUUID } from 'node:crypto';
import type { LocalSmsQueue } from '../lambdas/adapters/local/local-sms-queue';
import type { Outbox } from '../lambdas/adapters/local/outbox';
import { BadRequestError, NotFoundError } from '../lambdas/errors';
import { type HttpResponse, problemResponse } from '../lambdas/http/problem';
import type { StaffPrincipal } from './api-gateway-event';

export const LOCAL_PREFIX = '/_local/';

/** The local stand-in for the staff identity provider: tokens from POST /_local/token, kept in memory. */
export class StaffTokens {
  private readonly tokens = new Map<string, StaffPrincipal>();

  issue(staff: StaffPrincipal): string {
    const token = `local.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { sub: staff.sub, groups: [...staff.groups] });
    return token;
  }

  find(token: string): StaffPrincipal | undefined {
    return this.tokens.get(token);
  }
}

export interface LocalRequest {
  method: string;
  url: URL;
  body: Buffer;
}

const json = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * The routes that exist only on the local host (API.md, "The local host only"):
 * GET /_local/sms[?to=], GET /_local/alerts and POST /_local/token. The host adds CORS.
 * `/_local/sms` adds to the contract's `messages` (sent, oldest first) what the SMS queue holds:
 * `queued` (oldest first), `undeliverable` (refused for good) and `deadLettered`.
 */
export function localRoutes(deps: { outbox: Outbox; smsQueue: LocalSmsQueue; tokens: StaffTokens }) {
  return async (request: LocalRequest): Promise<HttpResponse> => {
    const { method, url } = request;
    if (method === 'GET' && url.pathname === '/_local/sms') {
      const to = url.searchParams.get('to');
      const mine = <T extends { to: string }>(list: T[]) => (to ? list.filter((m) => m.to === to) : list);
      const { queued, undeliverable, deadLettered } = await deps.smsQueue.lists();
      return json(200, {
        messages: mine(deps.outbox.sms),
        queued: mine(queued),
        undeliverable: mine(undeliverable),
        deadLettered: mine(deadLettered),
      });
    }
    if (method === 'GET' && url.pathname === '/_local/alerts')
      return json(200, { alerts: deps.outbox.alerts });
    if (method === 'POST' && url.pathname === '/_local/token') {
      let body: { sub?: unknown; groups?: unknown };
      try {
        body = JSON.parse(request.body.toString('utf8') || '{}');
      } catch {
        return problemResponse(new BadRequestError('The body is not valid JSON.'), url.pathname);
      }
      const groups = Array.isArray(body?.groups)
        ? body.groups.filter((g): g is string => typeof g === 'string')
        : [];
      const sub = typeof body?.sub === 'string' && body.sub ? body.sub : `staff-${randomUUID()}`;
      return json(200, { token: deps.tokens.issue({ sub, groups }) });
    }
    return problemResponse(new NotFoundError(`No local route ${method} ${url.pathname}.`), url.pathname);
  };
}
