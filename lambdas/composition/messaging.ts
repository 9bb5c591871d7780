/** The composition root's SNS side: SMS (OTPs at once; the drainer's gateway) and team alerts, and the deps of the service-order routes. */
import { SNSClient } from '@aws-sdk/client-sns';
import { otpHmacKey } from '../adapters/aws/secrets';
import { SnsAlertPublisher } from '../adapters/aws/sns-alerts';
import { SnsSmsSender } from '../adapters/aws/sns-sms';
import { findGrievance } from '../adapters/dynamodb/grievance-repository';
import { DynamoRateLogs } from '../adapters/dynamodb/rate-limiter';
import { RetryingSmsSender, type SmsRetryPolicy } from '../adapters/sms/retrying-sms-sender';
import { config, requireEnv, smsDltTemplateIds } from '../config';
import { newServiceOrderId } from '../domain/ids';
import type { AlertPublisher } from '../ports/alerts';
import type { SmsSender } from '../ports/sms';
import type { ChangeServiceOrderStatusDeps } from '../use-cases/change-service-order-status';
import type { CreateServiceOrderDeps } from '../use-cases/create-service-order';
import type { RequestOtpDeps } from '../use-cases/request-otp';
import {
  clock,
  documentClient,
  otpRepository,
  serviceOrderLookups,
  serviceOrderRepository,
  tableName,
} from './data';
import { lazy, providedPort } from './lifetime';
import { smsQueue } from './queueing';

const snsClient = /* @__PURE__ */ lazy(() => new SNSClient({}));

/**
 * OTP texts are sent while the customer waits, so they retry SNS throttling themselves with
 * full-jitter backoff. A `PHONE` request answers once its code was sent, so it can wait out a
 * throttled second or two: retries start within 3 s (the answer comes within ~3.5 s at worst,
 * well inside the surge budget of 5 s for an OTP text).
 */
export const OTP_SMS_RETRY: SmsRetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  budgetMs: 3000,
};
/**
 * A lookup's code is handed off while its answer waits for a fixed floor (SECURITY.md), so its
 * retries must fit inside that floor: the last retry starts within 600 ms of the first attempt.
 */
export const LOOKUP_SMS_RETRY: SmsRetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 400,
  budgetMs: 600,
};
/** What the last attempt's Publish may take on top of the retry budget (well above its usual tail). */
const SNS_PUBLISH_ALLOWANCE_MS = 400;

/**
 * How long an OTP lookup's answer leaves for SNS to take the SMS, retries of a throttled send
 * included: lookups answer no sooner than this (or OTP_LOOKUP_MIN_MS), matched or not, so SNS's
 * latency cannot tell a match (SECURITY.md); a slower publish finishes after the answer. A host
 * that provides its own SMS port (the local outbox, a test's fake) hands off at once and needs none.
 */
export const SNS_OTP_HAND_OFF_MS = LOOKUP_SMS_RETRY.budgetMs + SNS_PUBLISH_ALLOWANCE_MS;

/** OTP's own SNS client: one attempt per Publish, as OTP_SMS_RETRY does the retrying (no SDK retries on top). */
const otpSnsClient = /* @__PURE__ */ lazy(() => new SNSClient({ maxAttempts: 1 }));

export const smsSender = /* @__PURE__ */ lazy((): SmsSender => {
  const given = providedPort('sms');
  if (given) return given;
  const c = config();
  return new SnsSmsSender(snsClient(), {
    senderId: c.SMS_SENDER_ID,
    dltEntityId: c.SMS_DLT_ENTITY_ID,
    dltTemplateIds: smsDltTemplateIds(),
  });
});

/** Where OTP texts go: the host's SMS port, or SNS on OTP's own client (one attempt per Publish). */
const otpTransport = /* @__PURE__ */ lazy((): SmsSender => {
  const c = config();
  return (
    providedPort('sms') ??
    new SnsSmsSender(otpSnsClient(), {
      senderId: c.SMS_SENDER_ID,
      dltEntityId: c.SMS_DLT_ENTITY_ID,
      dltTemplateIds: smsDltTemplateIds(),
    })
  );
});

/** A `PHONE` request's code: retrying throttling within OTP_SMS_RETRY. */
const otpSmsSender = /* @__PURE__ */ lazy(
  (): SmsSender => new RetryingSmsSender(otpTransport(), OTP_SMS_RETRY),
);

/** A lookup's code: retrying throttling within LOOKUP_SMS_RETRY (inside the lookup's answer floor). */
const lookupSmsSender = /* @__PURE__ */ lazy(
  (): SmsSender => new RetryingSmsSender(otpTransport(), LOOKUP_SMS_RETRY),
);

export const alertPublisher = /* @__PURE__ */ lazy(
  (): AlertPublisher =>
    providedPort('alerts') ??
    new SnsAlertPublisher(snsClient(), {
      'level-1': requireEnv('ALERT_TOPIC_LEVEL_1_ARN'),
      'level-2': requireEnv('ALERT_TOPIC_LEVEL_2_ARN'),
      'level-3': requireEnv('ALERT_TOPIC_LEVEL_3_ARN'),
      operations: requireEnv('ALERT_TOPIC_OPERATIONS_ARN'),
    }),
);

export const createServiceOrderDeps = /* @__PURE__ */ lazy(
  (): CreateServiceOrderDeps => ({
    orders: serviceOrderRepository(),
    sms: smsQueue(),
    clock: clock(),
    newId: newServiceOrderId,
  }),
);

export const changeServiceOrderStatusDeps = /* @__PURE__ */ lazy(
  (): ChangeServiceOrderStatusDeps => ({
    orders: serviceOrderRepository(),
    sms: smsQueue(),
    clock: clock(),
  }),
);

export const requestOtpDeps = /* @__PURE__ */ lazy((): RequestOtpDeps => {
  const c = config();
  return {
    rates: new DynamoRateLogs(documentClient(), tableName()),
    otps: otpRepository(),
    orders: serviceOrderLookups(),
    grievancePhone: async (id) => (await findGrievance(documentClient(), tableName(), id))?.customer.phone,
    sms: otpSmsSender(),
    lookupSms: lookupSmsSender(),
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
      lookupSmsBudgetMs: providedPort('sms') ? 0 : SNS_OTP_HAND_OFF_MS,
      defaultCountryCode: c.DEFAULT_COUNTRY_CODE,
      allowedCountryCodes: c.ALLOWED_COUNTRY_CODES,
    },
  };
});
