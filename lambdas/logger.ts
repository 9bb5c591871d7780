/**
 * Structured JSON logs (one line per entry) that never print a full phone number,
 * an OTP, a token or a secret. Values under sensitive keys are masked, and any
 * string that looks like a phone number keeps only its last 4 digits.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS =
  /^(code|otp|token|accesstoken|authorization|password|secret|codehash|tokenhash|hmackey)$/i;
const PHONE_KEYS = /phone|^to$|msisdn/i;
/** A run of 10–16 digits (with spaces or dashes) standing alone: not a piece of a UUID or a longer id. */
const PHONE_LIKE = /(?<![\w-])\+?\d[\d -]{8,14}\d(?![\w-])/g;
/** An ISO 8601 date or timestamp, which PHONE_LIKE would otherwise mask ("2026-11-22" has ten digits and dashes). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function redact(value: unknown, key = '', depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (value === null || value === undefined) return value;
  if (SECRET_KEYS.test(key)) return '[redacted]';
  if (typeof value === 'string') {
    if (PHONE_KEYS.test(key)) return maskPhone(value);
    if (ISO_TIME.test(value)) return value;
    return value.replace(PHONE_LIKE, (m) => maskPhone(m)).replace(/\b\d{6}\b/g, '[digits]');
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, key, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, '', depth + 1) };
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k, depth + 1)]));
  }
  return value;
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  with(context: Record<string, unknown>): Logger;
}

/** Per-request fields (the correlation id) added to every line logged while a request runs. */
const requestScope = new AsyncLocalStorage<Record<string, unknown>>();

export function withLogContext<T>(context: Record<string, unknown>, run: () => T): T {
  return requestScope.run(context, run);
}

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

/** Test hook: capture log lines. */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}

export function createLogger(context: Record<string, unknown> = {}): Logger {
  const write = (level: Level, message: string, data?: Record<string, unknown>) => {
    // Read per line, not per logger: modules create their loggers at import, before a host sets LOG_LEVEL.
    if (ORDER[level] < (ORDER[process.env.LOG_LEVEL as Level] ?? ORDER.info)) return;
    const timestamp = new Date().toISOString();
    const entry: Record<string, unknown> = {
      level,
      timestamp,
      message,
      ...context,
      ...(requestScope.getStore() ?? {}),
      ...(data ?? {}),
    };
    // A field of the same name in the data (a grievance's `level`, say) must not overwrite these.
    entry.level = level;
    entry.timestamp = timestamp;
    entry.message = message;
    sink(JSON.stringify(redact(entry)));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    with: (more) => createLogger({ ...context, ...more }),
  };
}

export const logger = createLogger({ service: 'redress', function: process.env.AWS_LAMBDA_FUNCTION_NAME });
