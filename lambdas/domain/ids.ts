import { randomInt } from 'node:crypto';

/** Crockford-like alphabet: no 0/O, 1/I/L, U — easy to read out and type on a phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short, human-typable, unguessable id (10 chars ≈ 49 bits from a CSPRNG). */
export function randomCode(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const newServiceOrderId = (): string => `SO${randomCode(10)}`;
export const newGrievanceId = (): string => `GRV-${randomCode(10)}`;
