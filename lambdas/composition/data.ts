/** The composition root's DynamoDB side: the clock, the table's repositories and the read-only deps. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cursorKey, otpHmacKey } from '../adapters/aws/secrets';
import { SignedCursors } from '../adapters/dynamodb/cursor';
import { DynamoCustomerRecords } from '../adapters/dynamodb/customer-records';
import {
  DynamoDeadlineReader,
  DynamoGrievanceReader,
  DynamoGrievanceRepository,
} from '../adapters/dynamodb/grievance-repository';
import { DynamoGrievanceStatsReader } from '../adapters/dynamodb/grievance-stats-reader';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoOtpRepository } from '../adapters/dynamodb/otp-repository';
import {
  DynamoServiceOrderLookups,
  DynamoServiceOrderReader,
  DynamoServiceOrderWriter,
} from '../adapters/dynamodb/service-order-repository';
import { DynamoTableProbe } from '../adapters/dynamodb/table-probe';
import { DynamoTokenRepository } from '../adapters/dynamodb/token-repository';
import { config } from '../config';
import type { GrievanceSettings } from '../domain/grievance-sla';
import type { Authenticator } from '../http/middlewares';
import { type Clock, systemClock } from '../ports/clock';
import type { CheckReadinessDeps } from '../use-cases/check-readiness';
import type { SlaReportDeps } from '../use-cases/sla-report';
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
/**
 * Signs list cursors with a key derived from the OTP secret (OTP_HMAC_KEY locally,
 * the Secrets Manager secret in AWS): one secret, read only when a list first
 * seals or opens a cursor, so only routes that declare `otp-secret` ever read it.
 */
export const signedCursors = /* @__PURE__ */ lazy(() => new SignedCursors(cursorKey));

/** Read-only access for the GET functions and the OTP look-ups (their role may only read grievances). */
export const grievanceReader = /* @__PURE__ */ lazy(
  () => new DynamoGrievanceReader(documentClient(), tableName(), signedCursors()),
);
export const grievanceRepository = /* @__PURE__ */ lazy(
  () =>
    new DynamoGrievanceRepository(
      documentClient(),
      tableName(),
      signedCursors(),
      undefined,
      config().REPORT_TIME_ZONE,
    ),
);
/** The create routes' repository: it writes a grievance and its idempotency record in one transaction. */
export const idempotentGrievanceRepository = /* @__PURE__ */ lazy(
  () =>
    new DynamoGrievanceRepository(
      documentClient(),
      tableName(),
      signedCursors(),
      idempotencyStore(),
      config().REPORT_TIME_ZONE,
    ),
);

/** GET /staff/reports/sla: the day items by key, the running counters, overdue deadlines — reads only. */
export const slaReportDeps = /* @__PURE__ */ lazy(
  (): SlaReportDeps => ({
    stats: new DynamoGrievanceStatsReader(documentClient(), tableName()),
    grievances: new DynamoDeadlineReader(documentClient(), tableName()),
    clock: clock(),
    timeZone: config().REPORT_TIME_ZONE,
  }),
);
/** Look-ups by key and index only (OTP requests, grievance filing, single-order reads): no list, no cursors. */
export const serviceOrderLookups = /* @__PURE__ */ lazy(
  () => new DynamoServiceOrderLookups(documentClient(), tableName()),
);
/** Read-only access for the GET functions (their role may only read the table). */
export const serviceOrderReader = /* @__PURE__ */ lazy(
  () => new DynamoServiceOrderReader(documentClient(), tableName(), signedCursors()),
);
/** Reads and writes, for the functions that create or change orders. */
export const serviceOrderRepository = /* @__PURE__ */ lazy(
  () => new DynamoServiceOrderWriter(documentClient(), tableName()),
);
export const otpRepository = /* @__PURE__ */ lazy(
  () => new DynamoOtpRepository(documentClient(), tableName()),
);
const tokenRepository = /* @__PURE__ */ lazy(() => new DynamoTokenRepository(documentClient(), tableName()));

/** Customer bearer tokens from /otp/verify, checked against the table (expiry in code): expired is told apart. */
export const customerAuth: Authenticator = async (token) => {
  const checked = await tokenRepository().check(token, clock().now());
  if (checked.status === 'EXPIRED') return 'expired';
  return checked.status === 'VALID'
    ? { phone: checked.token.phone, expiresAt: checked.token.expiresAt, token }
    : undefined;
};

/** The session routes: the token repository (GET /session reads nothing more; logout revokes). */
export const sessionDeps = /* @__PURE__ */ lazy(() => ({ tokens: tokenRepository() }));

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

/** Reading service orders: the read-only reader (look-ups and the staff list). */
export const readServiceOrderDeps = /* @__PURE__ */ lazy(() => ({ orders: serviceOrderReader() }));

/** Reading one order, or a customer's orders: the look-ups alone. */
export const lookUpServiceOrderDeps = /* @__PURE__ */ lazy(() => ({ orders: serviceOrderLookups() }));

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

/** /health: the table must answer within two seconds (well inside API Gateway's 29 s and any load balancer's check). */
export const readinessDeps = /* @__PURE__ */ lazy(
  (): CheckReadinessDeps => ({
    probes: [new DynamoTableProbe(documentClient(), tableName())],
    timeoutMs: 2000,
  }),
);
