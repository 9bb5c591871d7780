/**
 * Small error classes, one job each. Only errors whose status is below 500 are
 * shown to the client; anything else becomes a generic 500 (see http/problem.ts).
 * Each carries the stable `code` of API.md's "Errors" table, which a UI translates.
 */
export interface FieldError {
  path: string;
  message: string;
}

/** The machine-readable reasons of API.md ("Errors — RFC 9457 problem details"). */
export const PROBLEM_CODES = [
  'invalid_request',
  'token_missing',
  'token_invalid',
  'token_expired',
  'otp_wrong_code',
  'otp_challenge_invalid',
  'forbidden',
  'not_found',
  'transition_not_allowed',
  'conflict',
  'body_too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'rate_limited',
  'otp_attempts_exhausted',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The code of a status when an error names none (the first row of its status in API.md's table). */
export function defaultCode(status: number): ProblemCode {
  const byStatus: Record<number, ProblemCode> = {
    400: 'invalid_request',
    401: 'token_missing',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'body_too_large',
    415: 'unsupported_media_type',
    422: 'idempotency_key_reused',
    429: 'rate_limited',
  };
  return byStatus[status] ?? 'internal';
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
    readonly code: ProblemCode = defaultCode(status),
  ) {
    super(detail);
    this.name = new.target.name;
  }

  /** Whether a client may see this error as it is (see http/problem.ts): 4xx, or a 5xx that says nothing internal. */
  get exposed(): boolean {
    return this.status < 500;
  }
}

const TYPE_BASE = 'https://redress.example/problems/';

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldError[],
    detail = errors.length === 1
      ? `${errors[0]?.path || 'body'}: ${errors[0]?.message}`
      : 'The request has invalid fields.',
  ) {
    super(400, `${TYPE_BASE}validation`, 'Invalid request', detail, { errors }, {}, 'invalid_request');
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string) {
    super(400, `${TYPE_BASE}bad-request`, 'Bad request', detail, {}, {}, 'invalid_request');
  }
}

export type UnauthorizedCode = Extract<
  ProblemCode,
  'token_missing' | 'token_invalid' | 'token_expired' | 'otp_wrong_code' | 'otp_challenge_invalid'
>;

/**
 * RFC 6750's challenge: `Bearer` always, with `error="invalid_token"` when a
 * token was sent but is unknown, expired or revoked.
 */
export function bearerChallenge(code: ProblemCode, description?: string): string {
  if (code !== 'token_invalid' && code !== 'token_expired') return 'Bearer';
  const text = description ?? (code === 'token_expired' ? 'The token expired' : 'The token is not valid');
  return `Bearer error="invalid_token", error_description="${text.replace(/["\\]/g, '')}"`;
}

/** 401. `code` says why (API.md); the default, a missing token, keeps older callers' meaning. */
export class UnauthorizedError extends AppError {
  constructor(
    detail = 'A valid bearer token is required.',
    extra: Record<string, unknown> = {},
    code: UnauthorizedCode = 'token_missing',
  ) {
    super(
      401,
      `${TYPE_BASE}unauthorized`,
      'Unauthorized',
      detail,
      extra,
      { 'WWW-Authenticate': bearerChallenge(code) },
      code,
    );
  }
}

/** No bearer token at all. */
export class TokenMissingError extends UnauthorizedError {
  constructor(detail = 'A bearer token is required.') {
    super(detail, {}, 'token_missing');
  }
}

/** A bearer token was sent but is unknown or revoked. */
export class TokenInvalidError extends UnauthorizedError {
  constructor(detail = 'The bearer token is not valid. Sign in again.') {
    super(detail, {}, 'token_invalid');
  }
}

/** A customer token past its `expiresAt`. */
export class TokenExpiredError extends UnauthorizedError {
  constructor(detail = 'The bearer token has expired. Sign in again.') {
    super(detail, {}, 'token_expired');
  }
}

/** A wrong one-time password; the challenge takes `attemptsRemaining` more. */
export class OtpWrongCodeError extends UnauthorizedError {
  constructor(attemptsRemaining: number, detail = 'The code is wrong.') {
    super(detail, { attemptsRemaining }, 'otp_wrong_code');
  }
}

/** An unknown, expired or used OTP challenge. */
export class OtpChallengeInvalidError extends UnauthorizedError {
  constructor(detail = 'The code is invalid or has expired. Request a new one.') {
    super(detail, {}, 'otp_challenge_invalid');
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Your group may not perform this action.') {
    super(403, `${TYPE_BASE}forbidden`, 'Forbidden', detail, {}, {}, 'forbidden');
  }
}

export class NotFoundError extends AppError {
  constructor(detail = 'No such resource.') {
    super(404, `${TYPE_BASE}not-found`, 'Not found', detail, {}, {}, 'not_found');
  }
}

export class ConflictError extends AppError {
  constructor(
    detail: string,
    extra: Record<string, unknown> = {},
    code: Extract<ProblemCode, 'conflict' | 'transition_not_allowed'> = 'conflict',
  ) {
    super(409, `${TYPE_BASE}conflict`, 'Conflict', detail, extra, {}, code);
  }
}

/** A service-order status change the state machine does not allow (`allowedStatuses` in the body). */
export class TransitionNotAllowedError extends ConflictError {
  constructor(detail: string, extra: { currentStatus: string; allowedStatuses: string[] }) {
    super(detail, extra, 'transition_not_allowed');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(
      413,
      `${TYPE_BASE}payload-too-large`,
      'Payload too large',
      `The body must not exceed ${limit} bytes.`,
      {},
      {},
      'body_too_large',
    );
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail = 'Send the body as application/json.') {
    super(
      415,
      `${TYPE_BASE}unsupported-media-type`,
      'Unsupported media type',
      detail,
      {},
      {},
      'unsupported_media_type',
    );
  }
}

export class IdempotencyMismatchError extends AppError {
  constructor() {
    super(
      422,
      `${TYPE_BASE}idempotency-key-reused`,
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request body.',
      {},
      {},
      'idempotency_key_reused',
    );
  }
}

/** 429: `Retry-After` (header) and `retryAfterSeconds` (body) both say when the same request would be accepted. */
export class TooManyRequestsError extends AppError {
  constructor(
    retryAfterSeconds: number,
    detail = 'Too many requests; try again later.',
    code: Extract<ProblemCode, 'rate_limited' | 'otp_attempts_exhausted'> = 'rate_limited',
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      429,
      `${TYPE_BASE}rate-limited`,
      'Too many requests',
      detail,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
      code,
    );
  }
}

/** The OTP challenge took its maximum of wrong codes: even the right one is refused now. */
export class OtpAttemptsExhaustedError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number, detail = 'Too many wrong codes. Request a new one.') {
    super(retryAfterSeconds, detail, 'otp_attempts_exhausted');
  }
}

/**
 * 502: the SMS gateway did not take a text the caller is waiting for (an OTP): throttled past the
 * retry budget, or a number it refuses. Shown to the client with when to try again — never why
 * in the gateway's words.
 */
export class SmsNotSentError extends AppError {
  constructor(retryAfterSeconds: number, detail: string) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      502,
      `${TYPE_BASE}sms-not-sent`,
      'Text message not sent',
      detail,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
      'internal',
    );
  }

  override get exposed(): boolean {
    return true;
  }
}

/**
 * 503: a dependency (the table) does not answer. Shown to the client — it says
 * only that the service is not ready, never why.
 */
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'The service is not ready; try again shortly.') {
    super(503, `${TYPE_BASE}unavailable`, 'Service unavailable', detail, {}, {}, 'internal');
  }

  override get exposed(): boolean {
    return true;
  }
}
