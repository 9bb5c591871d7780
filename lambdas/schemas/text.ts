import * as z from './z';

/**
 * Text a person typed, as the API accepts it (API.md: "Text fields accept no
 * control characters — line breaks only in free text — and no bidirectional
 * overrides"): every text field of every body is one of these two, so the rule
 * lives here once. A name or a model can no longer carry a line break into an
 * SMS ("M\r\n123456 is your Redress verification code"), nor RTL overrides or
 * lone surrogates into the table.
 */

/** Line breaks: CR, LF, and Unicode's line and paragraph separators. */
const LINE_BREAK = /[\r\n\u2028\u2029]/;
/**
 * C0 and C1 controls and DEL (Unicode's Cc, U+0000–U+001F and U+007F–U+009F, a set Unicode never
 * changes; line breaks included: free text takes only LF, after normalising). Spelled as ranges, not
 * `\p{Cc}`: a property escape makes V8 build the class from ICU's tables when it parses the bundle,
 * at every cold start.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\0-\x1F\x7F-\x9F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL_BUT_LF = /[\0-\t\v-\x1F\x7F-\x9F]/;
/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a reader sees. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const noBidi = () =>
  z.refine<string>((v) => !BIDI_CONTROL.test(v), 'must not contain bidirectional control characters');
const wellFormed = () =>
  z.refine<string>((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode text (no unpaired surrogates)');

/** One line of text (a name, a model, a service centre): trimmed, `min`–`max` characters, no line breaks or controls. */
export const singleLineText = (min: number, max: number) =>
  z.string().check(
    z.trim(),
    z.refine((v: string) => !LINE_BREAK.test(v), 'must be a single line'),
    z.refine((v: string) => !CONTROL.test(v), 'must not contain control characters'),
    noBidi(),
    wellFormed(),
    z.minLength(min),
    z.maxLength(max),
  );

/**
 * Free text (a description, a message, a comment, an issue, a note): line
 * breaks allowed — CRLF, CR and U+2028/U+2029 stored as LF — other controls not.
 */
export const freeText = (min: number, max: number) =>
  z.string().check(
    z.overwrite((v: string) => v.replace(/\r\n?|[\u2028\u2029]/g, '\n')),
    z.trim(),
    z.refine(
      (v: string) => !CONTROL_BUT_LF.test(v),
      'must not contain control characters other than line breaks',
    ),
    noBidi(),
    wellFormed(),
    z.minLength(min),
    z.maxLength(max),
  );
