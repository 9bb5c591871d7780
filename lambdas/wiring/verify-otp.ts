import { DynamoGrievanceReader } from '../adapters/dynamodb/grievance-repository';
import { DynamoOtpRepository } from '../adapters/dynamodb/otp-repository';
import { DynamoServiceOrderReader } from '../adapters/dynamodb/service-order-repository';
import { DynamoTokenRepository } from '../adapters/dynamodb/token-repository';
import { config } from '../config';
import type { VerifyOtpDeps } from '../use-cases/verify-otp';
import { clock } from './clock';
import { documentClient, tableName } from './dynamodb';
import { otpHmacKey } from './otp-key';

export function verifyOtpDeps(): VerifyOtpDeps {
  const db = documentClient();
  const table = tableName();
  const c = config();
  return {
    otps: new DynamoOtpRepository(db, table),
    tokens: new DynamoTokenRepository(db, table),
    orders: new DynamoServiceOrderReader(db, table),
    grievancesOf: (phone) => new DynamoGrievanceReader(db, table).listByPhone(phone),
    clock: clock(),
    hmacKey: otpHmacKey,
    settings: { accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS, otpTtlSeconds: c.OTP_TTL_SECONDS },
  };
}
