import { DynamoGrievanceReader } from '../adapters/dynamodb/grievance-repository';
import { DynamoOtpRepository } from '../adapters/dynamodb/otp-repository';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { DynamoServiceOrderReader } from '../adapters/dynamodb/service-order-repository';
import { config } from '../config';
import type { RequestOtpDeps } from '../use-cases/request-otp';
import { clock } from './clock';
import { documentClient, tableName } from './dynamodb';
import { otpHmacKey } from './otp-key';
import { smsSender } from './sms';

export function requestOtpDeps(): RequestOtpDeps {
  const db = documentClient();
  const table = tableName();
  const c = config();
  return {
    rates: new DynamoRateLimiter(db, table),
    otps: new DynamoOtpRepository(db, table),
    orders: new DynamoServiceOrderReader(db, table),
    grievancePhone: async (id) => (await new DynamoGrievanceReader(db, table).find(id))?.customer.phone,
    sms: smsSender(),
    clock: clock(),
    hmacKey: otpHmacKey,
    settings: {
      ttlSeconds: c.OTP_TTL_SECONDS,
      maxAttempts: c.OTP_MAX_ATTEMPTS,
      resendSeconds: c.OTP_RESEND_SECONDS,
      maxPerNumberPerHour: c.OTP_MAX_PER_NUMBER_PER_HOUR,
      maxPerIdentifierPerHour: c.OTP_MAX_PER_IDENTIFIER_PER_HOUR,
      maxPerClientPerHour: c.OTP_MAX_PER_CLIENT_PER_HOUR,
      lookupMinMs: c.OTP_LOOKUP_MIN_MS,
      defaultCountryCode: c.DEFAULT_COUNTRY_CODE,
      allowedCountryCodes: c.ALLOWED_COUNTRY_CODES,
    },
  };
}
