/**
 * Small error classes, one job each. Only errors whose status is below 500 are
 * shown to the client; anything else becomes a generic 500 (see http/problem.ts).
 */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = new.target.name;
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
    super(400, `${TYPE_BASE}validation`, 'Invalid request', detail, { errors });
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string) {
    super(400, `${TYPE_BASE}bad-request`, 'Bad request', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid bearer token is required.', extra: Record<string, unknown> = {}) {
    super(401, `${TYPE_BASE}unauthorized`, 'Unauthorized', detail, extra, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Your group may not perform this action.') {
    super(403, `${TYPE_BASE}forbidden`, 'Forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail = 'No such resource.') {
    super(404, `${TYPE_BASE}not-found`, 'Not found', detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, `${TYPE_BASE}conflict`, 'Conflict', detail, extra);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(
      413,
      `${TYPE_BASE}payload-too-large`,
      'Payload too large',
      `The body must not exceed ${limit} bytes.`,
    );
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(
      415,
      `${TYPE_BASE}unsupported-media-type`,
      'Unsupported media type',
      'Send the body as application/json.',
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
    );
  }
}

/** 429: `Retry-After` (header) and `retryAfterSeconds` (body) both say when the same request would be accepted. */
export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number, detail = 'Too many requests; try again later.') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      429,
      `${TYPE_BASE}rate-limited`,
      'Too many requests',
      detail,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }
}
