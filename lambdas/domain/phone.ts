/**
 * Mobile number rules per country calling code. Only mobile numbers are
 * accepted: SMS one-time passwords are useless on a landline.
 */
const MOBILE_PLANS: Record<string, RegExp> = {
  '91': /^[6-9]\d{9}$/, // India
  '880': /^1[3-9]\d{8}$/, // Bangladesh
  '977': /^9[78]\d{8}$/, // Nepal
  '94': /^7\d{8}$/, // Sri Lanka
  '971': /^5[024568]\d{7}$/, // UAE
  '44': /^7\d{9}$/, // UK
  '65': /^[89]\d{7}$/, // Singapore
  '62': /^8\d{8,11}$/, // Indonesia
};

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Reads `+<cc><number>`, `<cc><number>` with a leading 00, or a national number
 * (optionally with a trunk 0) in the default country. Spaces, dashes, dots and
 * brackets are ignored.
 */
export function normalizePhone(
  input: string,
  defaultCountryCode: string,
  allowed: readonly string[],
): PhoneResult {
  const compact = input.trim().replace(/[\s\-().]/g, '');
  if (!/^(\+|00)?\d+$/.test(compact)) return { ok: false, message: 'must be a mobile number' };
  let cc: string | undefined;
  let national: string;
  if (compact.startsWith('+') || compact.startsWith('00')) {
    const digits = compact.replace(/^(\+|00)/, '');
    cc = allowed.find((c) => digits.startsWith(c) && MOBILE_PLANS[c]?.test(digits.slice(c.length)));
    if (!cc)
      return {
        ok: false,
        message: `must be a mobile number of an allowed country (+${allowed.join(', +')})`,
      };
    national = digits.slice(cc.length);
  } else {
    cc = defaultCountryCode;
    national = compact.replace(/^0/, '');
  }
  if (!allowed.includes(cc)) return { ok: false, message: `country code +${cc} is not accepted` };
  const plan = MOBILE_PLANS[cc];
  if (!plan?.test(national)) return { ok: false, message: 'must be a valid mobile number' };
  return { ok: true, e164: `+${cc}${national}` };
}
