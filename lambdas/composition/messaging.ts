/** The composition root's SNS side: SMS (OTPs at once; the drainer's gateway) and team alerts, and the deps of the service-order routes. */
import { SNSClient } from '@aws-sdk/client-sns';
import { otpHmacKey } from '../adapters/aws/secrets';
import { SnsAlertPublisher } from '../adapters/aws/sns-alerts';
import { SnsSmsSender } from '../adapters/aws/sns-sms';
import { DynamoRateLogs } from '../adapters/dynamodb/rate-limiter';
import { config, requireEnv } from '../config';
import { newServiceOrderId } from '../domain/ids';
import type { AlertPublisher } from '../ports/alerts';
import type { SmsSender } from '../ports/sms';
import type { ChangeServiceOrderStatusDeps } from '../use-cases/change-service-order-status';
import type { CreateServiceOrderDeps } from '../use-cases/create-service-order';
import type { RequestOtpDeps } from '../use-cases/request-otp';
import {
  clock,
  documentClient,
  grievanceReader,
  otpRepository,
  serviceOrderReader,
  serviceOrderRepository,
  tableName,
} from './data';
import { lazy, providedPort } from './lifetime';
import { smsQueue } from './queueing';

const snsClient = /* @__PURE__ */ lazy(() => new SNSClient({}));

/**
 * How long an OTP lookup's answer leaves for SNS to take the SMS: lookups answer no sooner than
 * this (or OTP_LOOKUP_MIN_MS), matched or not, so SNS's latency cannot tell a match (SECURITY.md).
 * Well above SNS Publish's usual tail; a slower publish finishes after the answer. A host that
 * provides its own SMS port (the local outbox, a test's fake) hands off at once and needs none.
 */
const SNS_OTP_HAND_OFF_MS = 1000;

export const smsSender = /* @__PURE__ */ lazy((): SmsSender => {
  const given = providedPort('sms');
  if (given) return given;
  const c = config();
  return new SnsSmsSender(snsClient(), {
    senderId: c.SMS_SENDER_ID,
    dltEntityId: c.SMS_DLT_ENTITY_ID,
    dltTemplateIds: c.SMS_DLT_TEMPLATE_IDS,
  });
});

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
    orders: serviceOrderReader(),
    grievancePhone: async (id) => (await grievanceReader().find(id))?.customer.phone,
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
      lookupSmsBudgetMs: providedPort('sms') ? 0 : SNS_OTP_HAND_OFF_MS,
      defaultCountryCode: c.DEFAULT_COUNTRY_CODE,
      allowedCountryCodes: c.ALLOWED_COUNTRY_CODES,
    },
  };
});
