/** The composition root's DynamoDB side: the clock, the table's repositories and the read-only deps. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { otpHmacKey } from '../adapters/aws/otp-key';
import { DynamoCustomerRecords } from '../adapters/dynamodb/customer-records';
import { DynamoGrievanceReader, DynamoGrievanceRepository } from '../adapters/dynamodb/grievance-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoOtpRepository } from '../adapters/dynamodb/otp-repository';
import {
  DynamoServiceOrderReader,
  DynamoServiceOrderRepository,
} from '../adapters/dynamodb/service-order-repository';
import { DynamoTokenRepository } from '../adapters/dynamodb/token-repository';
import { config } from '../config';
import type { GrievanceSettings } from '../domain/grievance-sla';
import type { Authenticator } from '../http/middlewares';
import { type Clock, systemClock } from '../ports/clock';
import type { VerifyOtpDeps } from '../use-cases/verify-otp';
import { lazy, providedPort } from './lifetime';

export const clock = /* @__PURE__ */ lazy((): Clock => providedPort('clock') ?? systemClock);

/** DYNAMODB_ENDPOINT points it at DynamoDB Local. */
export const documentClient = /* @__PURE__ */ lazy(() => {
  const { DYNAMODB_ENDPOINT } = config();
  const base = new DynamoDBClient(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {});
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
});

export const tableName = (): string => config().TABLE_NAME;

export const idempotencyStore = /* @__PURE__ */ lazy(
  () =>
    new DynamoIdempotencyStore(documentClient(), tableName(), { ttlHours: config().IDEMPOTENCY_TTL_HOURS }),
);
/** Read-only access for the GET functions and the OTP look-ups (their role may only read grievances). */
export const grievanceReader = /* @__PURE__ */ lazy(
  () => new DynamoGrievanceReader(documentClient(), tableName()),
);
export const grievanceRepository = /* @__PURE__ */ lazy(
  () => new DynamoGrievanceRepository(documentClient(), tableName()),
);
/** The create routes' repository: it writes a grievance and its idempotency record in one transaction. */
export const idempotentGrievanceRepository = /* @__PURE__ */ lazy(
  () => new DynamoGrievanceRepository(documentClient(), tableName(), idempotencyStore()),
);
/** Read-only access for the GET functions (their role may only read the table). */
export const serviceOrderReader = /* @__PURE__ */ lazy(
  () => new DynamoServiceOrderReader(documentClient(), tableName()),
);
/** Reads and writes, for the functions that create or change orders. */
export const serviceOrderRepository = /* @__PURE__ */ lazy(
  () => new DynamoServiceOrderRepository(documentClient(), tableName()),
);
export const otpRepository = /* @__PURE__ */ lazy(
  () => new DynamoOtpRepository(documentClient(), tableName()),
);
const tokenRepository = /* @__PURE__ */ lazy(() => new DynamoTokenRepository(documentClient(), tableName()));

/** Customer bearer tokens from /otp/verify, checked against the table (expiry in code). */
export const customerAuth: Authenticator = async (token) => {
  const found = await tokenRepository().find(token, clock().now());
  return found ? { phone: found.phone } : undefined;
};

export const grievanceSettings = /* @__PURE__ */ lazy((): GrievanceSettings => {
  const c = config();
  return {
    slaLevelHours: c.SLA_LEVEL_HOURS,
    feedbackWindowHours: c.FEEDBACK_WINDOW_HOURS,
    reminderFraction: c.SLA_REMINDER_FRACTION,
  };
});

/** Reading grievances: the repository alone. */
export const readGrievanceDeps = /* @__PURE__ */ lazy(() => ({ grievances: grievanceReader() }));

/** Reading service orders: the read-only reader. */
export const readServiceOrderDeps = /* @__PURE__ */ lazy(() => ({ orders: serviceOrderReader() }));

export const verifyOtpDeps = /* @__PURE__ */ lazy((): VerifyOtpDeps => {
  const c = config();
  return {
    otps: otpRepository(),
    records: new DynamoCustomerRecords(documentClient(), tableName()),
    clock: clock(),
    hmacKey: otpHmacKey,
    settings: { accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS, otpTtlSeconds: c.OTP_TTL_SECONDS },
  };
});
