/** IMEI: 15 digits whose last is the Luhn check digit of the first 14. */
export function isValidImei(value: string): boolean {
  if (!/^\d{15}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = value.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Serial numbers: 6–30 letters or digits, compared case-insensitively. */
export const SERIAL_PATTERN = /^[A-Za-z0-9]{6,30}$/;
export const normalizeSerial = (value: string): string => value.trim().toUpperCase();

/** Service order ids: SO + 10 characters of an alphabet without look-alikes (0/O, 1/I/L). */
export const SERVICE_ORDER_ID_PATTERN = /^SO[0-9A-Z]{4,28}$/;
export const GRIEVANCE_ID_PATTERN = /^GRV-[0-9A-Z]{4,28}$/;
export const PURCHASE_ORDER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-/]{2,39}$/;

/** A staff id as the identity provider names staff (a Cognito sub, a local test sub): 1–128 safe characters. */
export const STAFF_ID_PATTERN = /^[\w.@:+-]{1,128}$/;
