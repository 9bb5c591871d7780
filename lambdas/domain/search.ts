/**
 * What a staff search term (`q`) can name. Exact matches only: each kind is a
 * key or index look-up, so a term is read as every kind it could be (a
 * 10-digit number may be a phone, a purchase order or a serial number) and the
 * results are united.
 */
import {
  GRIEVANCE_ID_PATTERN,
  isValidImei,
  PURCHASE_ORDER_PATTERN,
  SERIAL_PATTERN,
  SERVICE_ORDER_ID_PATTERN,
} from './identifiers';

/** Reads a phone number (national or E.164) as E.164, or undefined when it is none. */
export type PhoneReader = (input: string) => string | undefined;

export type GrievanceMatch =
  | { by: 'GRIEVANCE'; id: string }
  | { by: 'PHONE'; phone: string }
  | { by: 'SERVICE_ORDER'; serviceOrderId: string };

export type ServiceOrderMatch = {
  by: 'SERVICE_ORDER' | 'PURCHASE_ORDER' | 'IMEI' | 'SERIAL' | 'PHONE';
  value: string;
};

/** A grievance search: an exact grievance id, a phone, or a service order id (ids read case-insensitively). */
export function grievanceMatches(q: string, readPhone: PhoneReader): GrievanceMatch[] {
  const term = q.trim();
  const upper = term.toUpperCase();
  const phone = readPhone(term);
  return [
    ...(GRIEVANCE_ID_PATTERN.test(upper) ? [{ by: 'GRIEVANCE' as const, id: upper }] : []),
    ...(phone ? [{ by: 'PHONE' as const, phone }] : []),
    ...(SERVICE_ORDER_ID_PATTERN.test(upper)
      ? [{ by: 'SERVICE_ORDER' as const, serviceOrderId: upper }]
      : []),
  ];
}

/** A service-order search: an exact order id, purchase order number, phone, IMEI or serial number. */
export function serviceOrderMatches(q: string, readPhone: PhoneReader): ServiceOrderMatch[] {
  const term = q.trim();
  const upper = term.toUpperCase();
  const digits = term.replace(/[\s-]/g, '');
  const phone = readPhone(term);
  const out: ServiceOrderMatch[] = [];
  if (SERVICE_ORDER_ID_PATTERN.test(upper)) out.push({ by: 'SERVICE_ORDER', value: upper });
  if (PURCHASE_ORDER_PATTERN.test(term)) out.push({ by: 'PURCHASE_ORDER', value: term });
  if (phone) out.push({ by: 'PHONE', value: phone });
  if (isValidImei(digits)) out.push({ by: 'IMEI', value: digits });
  if (SERIAL_PATTERN.test(term)) out.push({ by: 'SERIAL', value: term });
  return out;
}
