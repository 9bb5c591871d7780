/**
 * Opaque, tamper-evident page cursors. A cursor is `<payload>.<tag>`: the
 * payload is base64url JSON of where the next page starts (DynamoDB start keys),
 * the tag an HMAC-SHA256 over the query it was made for and the payload. So a
 * cursor that was edited, truncated, made by someone else or for another query
 * (another phone, other filters) is refused with a 400 naming `cursor` — it never
 * reaches DynamoDB, whose ValidationException would be a 500.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../errors';

/** The cursor key, or the secret it is derived from (read once per container by the caller). */
export type CursorKeySource = () => Promise<string>;

const VERSION = 'c1';
const TAG_BYTES = 32;
const SHAPE = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{43}$/;

export class InvalidCursorError extends ValidationError {
  constructor() {
    super([{ path: 'cursor', message: 'is not a cursor this query gave out' }]);
  }
}

export class SignedCursors {
  private key: Promise<Buffer> | undefined;

  /**
   * `secret` is the configured secret (the OTP HMAC key in every stage); the
   * cursor key is derived from it under its own label, so a cursor tag can never
   * be mistaken for, or help compute, an OTP hash.
   */
  constructor(private readonly secret: CursorKeySource) {}

  private cursorKey(): Promise<Buffer> {
    if (!this.key) {
      this.key = this.secret().then((s) => createHmac('sha256', s).update('redress/cursor-key/v1').digest());
      this.key.catch(() => {
        this.key = undefined; // the secret could not be read: try again on the next request
      });
    }
    return this.key;
  }

  private async tag(query: string, payload: string): Promise<Buffer> {
    return createHmac('sha256', await this.cursorKey())
      .update(`${VERSION}\n${query}\n${payload}`)
      .digest();
  }

  /** A cursor for `position` of the query identified by `query` (bound to it: the query is in the tag, not the payload). */
  async seal(query: string, position: unknown): Promise<string> {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${(await this.tag(query, payload)).toString('base64url')}`;
  }

  /** The position sealed in `cursor` for `query`; any other string is an InvalidCursorError (400). */
  async open(cursor: string, query: string): Promise<unknown> {
    if (!SHAPE.test(cursor)) throw new InvalidCursorError();
    const [payload = '', given = ''] = cursor.split('.');
    const tag = Buffer.from(given, 'base64url');
    const expected = await this.tag(query, payload);
    // Compare in constant time; canonical base64url only (no second spelling of the same tag).
    if (tag.length !== TAG_BYTES || tag.toString('base64url') !== given || !timingSafeEqual(tag, expected))
      throw new InvalidCursorError();
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    } catch {
      throw new InvalidCursorError();
    }
  }
}

/** A DynamoDB key as a cursor carries it: an object of string or number attributes only. */
export function isKey(value: unknown): value is Record<string, string | number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')
  );
}
