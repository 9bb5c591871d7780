/**
 * Every SMS Redress can send, in one place: its kind, its text with named
 * variables, and what India's DLT registration needs to know about it. The use
 * cases render from here, the SMS adapter attaches the kind's DLT template id
 * (per stage, from configuration), and the README's DLT table is tested against
 * it, so the registered templates and the sent texts cannot drift apart.
 *
 * Indian carriers drop a message whose text does not match the template
 * registered under the id it carries. A template is the fixed text with each
 * variable as `{#var#}`, and a variable may carry at most 30 characters, so
 * free text (a staff resolution, a long description) never goes into an SMS:
 * customers read it where they track their grievance.
 */
import { SERVICE_ORDER_STATUSES, type ServiceOrderStatus, STATUS_TEXT } from './service-order';

/** What a DLT operator accepts in one `{#var#}`. */
export const DLT_VARIABLE_MAX = 30;

/** The most segments any text may take: 2 × 153 GSM-7 characters. */
export const MAX_SEGMENTS = 2;

/**
 * Every kind, in the order of the README's DLT table. Spelled out (not the keys of the catalogue)
 * so that configuration, which checks the template ids of every kind in every function, carries
 * 12 names instead of the texts; `satisfies` below keeps the catalogue and this list equal.
 */
export const SMS_KINDS = [
  'OTP',
  'GRIEVANCE_REGISTERED',
  'GRIEVANCE_ESCALATED',
  'GRIEVANCE_REOPENED',
  'GRIEVANCE_RESOLVED',
  'GRIEVANCE_CLOSED_SATISFIED',
  'GRIEVANCE_CLOSED_NO_FEEDBACK',
  'SERVICE_ORDER_REGISTERED',
  'SERVICE_ORDER_WORK_IN_PROGRESS',
  'SERVICE_ORDER_READY_FOR_DELIVERY',
  'SERVICE_ORDER_DELIVERED',
  'SERVICE_ORDER_CANCELLED',
] as const;

/** The kind of an SMS: which template it is sent under. */
export type SmsKind = (typeof SMS_KINDS)[number];

/** What the DLT registration and the README need to know of a template; the functions send only its text. */
interface SmsNote {
  /** When it is sent. */
  purpose: string;
  /** An example value of each variable at its longest, for the length columns of the README. */
  longest: Record<string, string>;
}

interface SmsTemplate extends SmsNote {
  /** The text, with each variable as `{name}`. Fixed text must be GSM-7 (no typographic quotes, dashes or ellipses). */
  text: string;
}

const LONGEST_GRIEVANCE_ID = 'GRV-ABCDEFGHJK';
const LONGEST_SERVICE_ORDER_ID = 'SO7KQ2M9XH4R';
/** The level-SMS variables at their longest: the longest level name, an SLA of 1000.5 hours, a UTC time. */
const OPEN_LEVEL_LONGEST = {
  id: LONGEST_GRIEVANCE_ID,
  level: 'Head of Customer Service',
  sla: '1000.5 hours',
  due: '2026-12-31 23:59 UTC',
};

/** The status a service order can move to, each with its own template (a description is longer than a variable). */
export type ServiceOrderUpdateStatus = Exclude<ServiceOrderStatus, 'UNDER_INSPECTION'>;
const UPDATE_STATUSES = /* @__PURE__ */ SERVICE_ORDER_STATUSES.filter(
  (s): s is ServiceOrderUpdateStatus => s !== 'UNDER_INSPECTION',
);
const statusText = (status: ServiceOrderStatus) =>
  `${STATUS_TEXT[status].label} - ${STATUS_TEXT[status].description}`;
type UpdateKind = `SERVICE_ORDER_${ServiceOrderUpdateStatus}`;
/** One entry per status a service order can move to, keyed by its kind. */
const perUpdate = <T>(entry: (status: ServiceOrderUpdateStatus) => T) =>
  Object.fromEntries(
    UPDATE_STATUSES.map((status) => [`SERVICE_ORDER_${status}`, entry(status)]),
  ) as unknown as Record<UpdateKind, T>;

/**
 * The text of every kind. Texts and notes are two tables (kind by kind, in the same order) so
 * that a function's bundle carries the texts it sends and not the README's notes; built by
 * pure-annotated calls, so a function that sends no SMS carries neither.
 */
const SMS_TEXTS = /* @__PURE__ */ (() =>
  ({
    OTP: '{code} is your Redress verification code. It expires in {minutes} min. Never share it with anyone.',
    GRIEVANCE_REGISTERED:
      'Redress: your grievance {id} is registered with our {level}, who will respond within {sla} ' +
      '(by {due}). Quote {id} in any enquiry.',
    GRIEVANCE_ESCALATED:
      'Redress: your grievance {id} has been escalated to the {level}, who will respond within {sla} (by {due}).',
    GRIEVANCE_REOPENED:
      'Redress: your grievance {id} is reopened with the {level}, who will respond within {sla} (by {due}).',
    GRIEVANCE_RESOLVED:
      'Redress: your grievance {id} has been resolved. See the resolution where you track your grievance ' +
      'and tell us within {window} whether you are satisfied.',
    GRIEVANCE_CLOSED_SATISFIED: 'Redress: thank you for your feedback. Your grievance {id} is now closed.',
    GRIEVANCE_CLOSED_NO_FEEDBACK:
      'Redress: your grievance {id} is now closed, as we did not hear back after its resolution.',
    SERVICE_ORDER_REGISTERED: `Redress: your {model} is registered as service order {id}. Status: ${statusText('UNDER_INSPECTION')}.`,
    ...perUpdate((status) => `Redress: service order {id} is now ${statusText(status)}.`),
  }) satisfies Record<SmsKind, string>)();

/** When each kind is sent and its variables at their longest (the README's DLT table; tests). */
const SMS_NOTES = /* @__PURE__ */ (() =>
  ({
    OTP: { purpose: 'A one-time password (POST /otp).', longest: { code: '123456', minutes: '60' } },
    GRIEVANCE_REGISTERED: {
      purpose: 'A new grievance is with the Grievance Desk (rule 1).',
      longest: OPEN_LEVEL_LONGEST,
    },
    GRIEVANCE_ESCALATED: {
      purpose: 'A missed deadline or an unsatisfied customer moved the grievance up a level (rules 2 and 5).',
      longest: OPEN_LEVEL_LONGEST,
    },
    GRIEVANCE_REOPENED: {
      purpose: 'An unsatisfied customer reopened a level-3 resolution (rule 5).',
      longest: OPEN_LEVEL_LONGEST,
    },
    GRIEVANCE_RESOLVED: {
      purpose: 'Staff resolved the grievance; the customer has the feedback window to answer (rule 4).',
      longest: { id: LONGEST_GRIEVANCE_ID, window: '1000.5 days' },
    },
    GRIEVANCE_CLOSED_SATISFIED: {
      purpose: 'The customer was satisfied (rule 5).',
      longest: { id: LONGEST_GRIEVANCE_ID },
    },
    GRIEVANCE_CLOSED_NO_FEEDBACK: {
      purpose: 'The feedback window ran out (rule 6).',
      longest: { id: LONGEST_GRIEVANCE_ID },
    },
    SERVICE_ORDER_REGISTERED: {
      purpose: 'A service centre booked a device in.',
      longest: { model: 'X'.repeat(DLT_VARIABLE_MAX), id: LONGEST_SERVICE_ORDER_ID },
    },
    ...perUpdate((status) => ({
      purpose: `A service order moved to ${STATUS_TEXT[status].label}.`,
      longest: { id: LONGEST_SERVICE_ORDER_ID },
    })),
  }) satisfies Record<SmsKind, SmsNote>)();

/** Every template whole: text, purpose and longest example, by kind (tests and the README's DLT table). */
export const SMS_CATALOGUE = /* @__PURE__ */ (() =>
  Object.fromEntries(
    SMS_KINDS.map((kind) => [kind, { text: SMS_TEXTS[kind], ...SMS_NOTES[kind] }]),
  ) as unknown as Record<SmsKind, SmsTemplate>)();

/** An SMS ready to send: its text and the template it was rendered from. */
export interface SmsText {
  kind: SmsKind;
  body: string;
}

const VARIABLE = /\{(\w+)\}/g;

/** The names of a template's variables, in order of first use. */
export function variablesOf(kind: SmsKind): string[] {
  return [...new Set([...SMS_TEXTS[kind].matchAll(VARIABLE)].map((m) => m[1] as string))];
}

/**
 * The text of `kind` with its variables filled in. Each value is made GSM-7
 * and cut to what a DLT variable holds, so whatever the input, the SMS matches
 * its registered template.
 */
export function renderSms(kind: SmsKind, values: Record<string, string | number>): SmsText {
  const body = SMS_TEXTS[kind].replace(VARIABLE, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`SMS ${kind} needs a value for {${name}}`);
    // A variable must carry something: a value with nothing GSM-7 in it (a model name in Devanagari) becomes '-'.
    return fitVariable(String(value)) || '-';
  });
  return { kind, body };
}

/** The template exactly as registered on the DLT platform: fixed text, `{#var#}` for each variable. */
export const dltTemplate = (kind: SmsKind): string => SMS_TEXTS[kind].replace(VARIABLE, '{#var#}');

/** What a carrier checks: the fixed text exactly, 1–30 characters for each `{#var#}`. */
export function dltPattern(kind: SmsKind): RegExp {
  const parts = dltTemplate(kind)
    .split('{#var#}')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join(`[^\\n]{1,${DLT_VARIABLE_MAX}}`)}$`);
}

/** The template's text at its longest (each variable at its longest example), for lengths and segments. */
export const longestExample = (kind: SmsKind): string => renderSms(kind, SMS_NOTES[kind].longest).body;

// ---------------------------------------------------------------- GSM-7

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the GSM-7 extension table: each takes two septets. */
const GSM7_EXTENDED = '^{}\\[~]|€\f';

/** The length of `text` in GSM-7 septets, or null when a character is not in GSM-7 (the SMS would go as UCS-2). */
export function gsm7Length(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXTENDED.includes(ch)) septets += 2;
    else return null;
  }
  return septets;
}

/** How an SMS of `text` travels: encoding, length in its units, and segments (153 GSM-7 / 67 UCS-2 each when split). */
export function smsSize(text: string): { encoding: 'GSM-7' | 'UCS-2'; length: number; segments: number } {
  const septets = gsm7Length(text);
  if (septets !== null)
    return { encoding: 'GSM-7', length: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = [...text].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0xffff ? 2 : 1), 0);
  return { encoding: 'UCS-2', length: units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

const LOOK_ALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u20B9': 'Rs.',
};

/**
 * A variable's value as the SMS can carry it: look-alike punctuation made
 * plain, accents dropped, anything else outside GSM-7 (and the extension
 * table, which DLT operators handle unevenly) removed, cut to 30 characters.
 */
export function fitVariable(value: string): string {
  const plain = [...value.normalize('NFKD')]
    .map((ch) => LOOK_ALIKES[ch] ?? ch)
    .join('')
    .replace(/[\u0300-\u036f]/g, '');
  const kept = [...plain].filter((ch) => GSM7_BASIC.includes(ch) && ch !== '\n' && ch !== '\r').join('');
  return kept.replace(/\s+/g, ' ').trim().slice(0, DLT_VARIABLE_MAX);
}
