import { isValidImei } from '../../lambdas/domain/identifiers';
import { normalizePhone } from '../../lambdas/domain/phone';

describe('phone numbers', () => {
  const read = (input: string, allowed = ['91']) => normalizePhone(input, '91', allowed);

  it.each([
    ['9876543210', '+919876543210'],
    ['+91 98765 43210', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['0091-9876543210', '+919876543210'],
  ])('reads %s as %s', (input, e164) => {
    expect(read(input)).toEqual({ ok: true, e164 });
  });

  it.each(['2212345678', '98765', '+14155550123', 'call me', '+9198765432101'])('refuses %s', (input) => {
    expect(read(input).ok).toBe(false);
  });

  it('accepts another country only when it is allowed', () => {
    expect(read('+447700900123').ok).toBe(false);
    expect(read('+447700900123', ['91', '44'])).toEqual({ ok: true, e164: '+447700900123' });
  });
});

describe('IMEI', () => {
  it.each(['356938035643809', '490154203237518'])('accepts %s with a valid Luhn check digit', (imei) => {
    expect(isValidImei(imei)).toBe(true);
  });

  it.each(['356938035643808', '49015420323751', '4901542032375180', '49015420323751A'])(
    'refuses %s',
    (imei) => {
      expect(isValidImei(imei)).toBe(false);
    },
  );
});
