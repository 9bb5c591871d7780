/** Small fetch helpers for end-to-end tests over real HTTP. */
export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export async function staffToken(baseUrl: string, sub: string, groups: string[]): Promise<string> {
  const result = await call<{ token: string }>(baseUrl, 'POST', '/_local/token', { body: { sub, groups } });
  return result.body.token;
}

/** What POST /staff/service-orders takes, all but the customer's phone defaulted. */
export interface ServiceOrderSeed {
  phone: string;
  name?: string;
  device?: { model: string; imei?: string; serialNumber?: string };
  issue?: string;
  serviceCentre?: string;
}

/** Registers a service order for `seed.phone` as a service centre (POST /staff/service-orders). */
export function createServiceOrder(
  baseUrl: string,
  token: string,
  seed: ServiceOrderSeed,
): Promise<HttpResult<{ id: string }>> {
  return call<{ id: string }>(baseUrl, 'POST', '/staff/service-orders', {
    token,
    body: {
      customer: { name: seed.name ?? 'Asha Rao', phone: seed.phone },
      device: seed.device ?? { model: 'Pixel 9', imei: '356938035643809' },
      issue: seed.issue ?? 'The screen flickers',
      serviceCentre: seed.serviceCentre ?? 'Bengaluru MG Road',
    },
  });
}

/** The latest SMS to `to` in the local outbox. */
export async function lastSms(
  baseUrl: string,
  to: string,
): Promise<{ to: string; body: string; sentAt: string } | undefined> {
  const result = await call<{ messages: { to: string; body: string; sentAt: string }[] }>(
    baseUrl,
    'GET',
    `/_local/sms?to=${encodeURIComponent(to)}`,
  );
  return result.body.messages.at(-1);
}

export const codeFrom = (sms: { body: string } | undefined): string => {
  const match = /\b(\d{6})\b/.exec(sms?.body ?? '');
  if (!match?.[1]) throw new Error(`no code in SMS: ${sms?.body}`);
  return match[1];
};

/** Obtains a customer token for `phone` through the real OTP flow. */
export async function customerToken(baseUrl: string, phone: string): Promise<string> {
  const otp = await call<{ challengeId: string }>(baseUrl, 'POST', '/otp', {
    body: { identifierType: 'PHONE', identifier: phone },
  });
  if (otp.status !== 202) throw new Error(`POST /otp answered ${otp.status}: ${otp.text}`);
  const code = codeFrom(await lastSms(baseUrl, phone));
  const verified = await call<{ accessToken: string }>(baseUrl, 'POST', '/otp/verify', {
    body: { challengeId: otp.body.challengeId, code },
  });
  if (verified.status !== 200)
    throw new Error(`POST /otp/verify answered ${verified.status}: ${verified.text}`);
  return verified.body.accessToken;
}
