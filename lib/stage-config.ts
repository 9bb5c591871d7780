import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Config, ConfigKey } from '../lambdas/config';
import type { SmsKind } from '../lambdas/domain/sms-catalogue';

/**
 * Variables the stack (or the local host) sets itself, from the resources it makes or from the
 * typed fields below (stage, DLT ids); no stage may set them as raw strings.
 */
export type StackSetKey =
  | 'TABLE_NAME'
  | 'DYNAMODB_ENDPOINT'
  | 'OTP_HMAC_SECRET_ID'
  | 'OTP_HMAC_KEY'
  | 'CURSOR_SECRET_ID'
  | 'CURSOR_KEY'
  | 'ORIGIN_VERIFY_SECRET_ID'
  | 'STAGE'
  | 'SMS_DLT_ENTITY_ID'
  | 'SMS_DLT_TEMPLATE_IDS'
  | 'SMS_QUEUE_URL'
  | 'SMS_DRAIN_CONCURRENCY';

/**
 * The runtime values a stage overrides, by the names lambdas/config.ts reads (a
 * misspelt name does not compile). Everything left out takes config.ts's one
 * default at cold start; the stage-config test parses each stage's values.
 */
export type StageRuntime = Partial<
  Record<Exclude<ConfigKey, StackSetKey | 'LOG_LEVEL'>, string> & { LOG_LEVEL: Config['LOG_LEVEL'] }
>;

/** Per-stage settings, typed. `cdk deploy -c stage=prod` picks one. */
export interface StageConfig {
  stage: 'dev' | 'prod';
  /** The region the stage deploys to; synthesis refuses a deployer environment that names another. */
  region: string;
  /** The account the stage deploys to, when pinned; synthesis refuses credentials of another account. */
  account?: string;
  /** Runtime values this stage sets on purpose, handed to every function as its environment. */
  runtime: StageRuntime;
  sms: {
    /**
     * India's DLT registration: the principal entity id and the template id of every SMS kind of
     * lambdas/domain/sms-catalogue.ts (a new kind does not compile until it has one). Absent: the
     * stage sends without DLT attributes (the SNS sandbox, verified numbers only).
     */
    dlt?: { entityId: string; templateIds: Record<SmsKind, string> };
    /**
     * Whether this stage owns the account's SMS settings in its region: SNS delivery-status logging
     * (role, log groups, SetSMSAttributes), the delivery-failure alarm and the account-wide spend alarm.
     * Exactly one stack per account and region may; two would fight over the same log groups.
     */
    accountSettings?: { deliverySuccessSamplingPercent: number };
  };
  /** CORS origins for API Gateway's preflight answers. */
  corsOrigins: string[];
  /** E-mail addresses subscribed to each alert topic. */
  alertEmails: { 'level-1': string[]; 'level-2': string[]; 'level-3': string[]; operations: string[] };
  throttling: { rateLimit: number; burstLimit: number };
  /**
   * WAF rate-based rules, per client IP over `windowSeconds` (60, 120, 300 or 600):
   * one for every path, one much tighter for /otp (each code costs an SMS).
   */
  waf: { generalLimit: number; otpLimit: number; windowSeconds: 60 | 120 | 300 | 600 };
  /** Alarm thresholds; every alarm notifies the operations topic. */
  alarms: {
    /** Share of API requests answered 5xx, in percent, over 5 minutes. */
    api5xxRatePercent: number;
    /** SMS (incl. OTP) sends that failed in 5 minutes. */
    smsFailures: number;
    /** Alarm when the account's SMS spend this month passes this many USD (set below the SNS spend limit). */
    smsMonthToDateUsd: number;
    /** Share of SMS the carriers reported undelivered, in percent, over an hour (account settings owner only). */
    smsDeliveryFailureRatePercent: number;
    /** Deadlines or reminders that could not be scheduled, in 5 minutes (the sweeper repairs them, late). */
    scheduleFailures: number;
    /** Team alerts (escalations, reminders, breaches) that could not be published, in 5 minutes. */
    alertFailures: number;
    /** Age of the oldest customer SMS in the queue, in seconds, over two 5-minute periods. */
    smsQueueAgeSeconds: number;
  };
  logRetention: RetentionDays;
  /** Sweeper period: the bound on how late an escalation can be if its schedule was lost. */
  sweepInterval: Duration;
  /** Data survives stack deletion and cannot be deleted by accident. */
  protectData: boolean;
  mfa: 'OPTIONAL' | 'REQUIRED';
}

/** Prod's browser origins: API Gateway's preflight answers and the functions' CORS_ALLOWED_ORIGINS alike. */
const PROD_ORIGINS = ['https://www.redress.example', 'https://app.redress.example'];

export const STAGES: Record<StageConfig['stage'], StageConfig> = {
  dev: {
    stage: 'dev',
    region: 'ap-south-1',
    runtime: { LOG_LEVEL: 'debug' },
    // Dev sends from the SNS sandbox without DLT, and leaves the account's SMS settings to prod
    // (give it `accountSettings` when it has an account or region of its own).
    sms: {},
    corsOrigins: ['*'],
    alertEmails: { 'level-1': [], 'level-2': [], 'level-3': [], operations: [] },
    throttling: { rateLimit: 50, burstLimit: 100 },
    waf: { generalLimit: 2000, otpLimit: 100, windowSeconds: 300 },
    alarms: {
      api5xxRatePercent: 5,
      smsFailures: 5,
      smsMonthToDateUsd: 10,
      smsDeliveryFailureRatePercent: 25,
      scheduleFailures: 5,
      alertFailures: 5,
      smsQueueAgeSeconds: 900,
    },
    logRetention: RetentionDays.ONE_WEEK,
    sweepInterval: Duration.minutes(5),
    protectData: false,
    mfa: 'OPTIONAL',
  },
  prod: {
    stage: 'prod',
    // Mumbai: customers and their data are in India. Pin `account` to the production account id too.
    region: 'ap-south-1',
    runtime: { CORS_ALLOWED_ORIGINS: PROD_ORIGINS.join(',') },
    sms: {
      // Placeholders: the ids the DLT platform gives the entity and each template (README, "DLT templates").
      dlt: {
        entityId: '1101000000000000000',
        templateIds: {
          OTP: '1107000000000000001',
          GRIEVANCE_REGISTERED: '1107000000000000002',
          GRIEVANCE_ESCALATED: '1107000000000000003',
          GRIEVANCE_REOPENED: '1107000000000000004',
          GRIEVANCE_RESOLVED: '1107000000000000005',
          GRIEVANCE_CLOSED_SATISFIED: '1107000000000000006',
          GRIEVANCE_CLOSED_NO_FEEDBACK: '1107000000000000007',
          SERVICE_ORDER_REGISTERED: '1107000000000000008',
          SERVICE_ORDER_WORK_IN_PROGRESS: '1107000000000000009',
          SERVICE_ORDER_READY_FOR_DELIVERY: '1107000000000000010',
          SERVICE_ORDER_DELIVERED: '1107000000000000011',
          SERVICE_ORDER_CANCELLED: '1107000000000000012',
        },
      },
      // Every successful delivery is logged too, so the failure rate is exact (~130,000 lines a month).
      accountSettings: { deliverySuccessSamplingPercent: 100 },
    },
    corsOrigins: PROD_ORIGINS,
    alertEmails: {
      'level-1': ['grievance-desk@redress.example'],
      'level-2': ['head-customer-service@redress.example'],
      'level-3': ['president-office@redress.example'],
      operations: ['operations@redress.example'],
    },
    throttling: { rateLimit: 500, burstLimit: 1000 },
    // 2000/5 min is ~7 requests a second from one address: generous for carrier NAT, fatal to a scraper.
    // 100 OTP calls per 5 min per address backs up the per-number/identifier limits inside the function.
    waf: { generalLimit: 2000, otpLimit: 100, windowSeconds: 300 },
    alarms: {
      api5xxRatePercent: 1,
      smsFailures: 1,
      smsMonthToDateUsd: 800,
      smsDeliveryFailureRatePercent: 10,
      scheduleFailures: 1,
      alertFailures: 1,
      smsQueueAgeSeconds: 300,
    },
    logRetention: RetentionDays.THREE_MONTHS,
    sweepInterval: Duration.minutes(5),
    protectData: true,
    mfa: 'REQUIRED',
  },
};

export function stageConfig(name: unknown): StageConfig {
  const stage = STAGES[String(name ?? 'dev') as StageConfig['stage']];
  if (!stage)
    throw new Error(`Unknown stage "${String(name)}": use one of ${Object.keys(STAGES).join(', ')}`);
  return stage;
}

/** The environment every function of the stage gets: its runtime values, its name and its DLT ids. */
export function functionEnvironment(config: StageConfig): Record<string, string> {
  const { dlt } = config.sms;
  return {
    ...Object.fromEntries(
      Object.entries(config.runtime).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    STAGE: config.stage,
    ...(dlt
      ? { SMS_DLT_ENTITY_ID: dlt.entityId, SMS_DLT_TEMPLATE_IDS: JSON.stringify(dlt.templateIds) }
      : {}),
  };
}

/** What the CDK CLI puts in the app's environment (and AWS_REGION / AWS_DEFAULT_REGION, when set). */
export type DeployerEnvironment = Partial<
  Record<'CDK_DEFAULT_REGION' | 'CDK_DEFAULT_ACCOUNT' | 'AWS_REGION' | 'AWS_DEFAULT_REGION', string>
>;

/** The CLI's region when nothing is configured: indistinguishable from a profile that names it. */
const CLI_FALLBACK_REGION = 'us-east-1';

/**
 * The stack's environment: the stage's region (and account, when pinned), never the deployer's.
 * Refuses a deployer whose environment names another region, or whose credentials are for another
 * account than a pinned one, so nobody deploys prod believing it goes elsewhere. The CLI sets
 * CDK_DEFAULT_REGION to us-east-1 when no region is configured at all; that alone is not taken as
 * a choice (a warning is returned instead), an explicit AWS_REGION / AWS_DEFAULT_REGION always is.
 */
export function deploymentEnvironment(
  config: StageConfig,
  deployer: DeployerEnvironment,
): { env: { region: string; account?: string }; warnings: string[] } {
  const warnings: string[] = [];
  const explicit = deployer.AWS_REGION || deployer.AWS_DEFAULT_REGION;
  const named = explicit || deployer.CDK_DEFAULT_REGION;
  if (named && named !== config.region) {
    if (!explicit && named === CLI_FALLBACK_REGION) {
      warnings.push(
        `CDK_DEFAULT_REGION is ${named}, the CDK CLI's fallback when no region is configured; ` +
          `stage ${config.stage} deploys to ${config.region}.`,
      );
    } else {
      throw new Error(
        `Stage ${config.stage} deploys to ${config.region}, but this environment names ${named}. ` +
          `Set AWS_REGION=${config.region} (or the profile's region) to deploy it, or pick another stage.`,
      );
    }
  }
  const account = config.account ?? deployer.CDK_DEFAULT_ACCOUNT;
  if (config.account && deployer.CDK_DEFAULT_ACCOUNT && deployer.CDK_DEFAULT_ACCOUNT !== config.account) {
    throw new Error(
      `Stage ${config.stage} deploys to account ${config.account}, but these credentials are for ` +
        `${deployer.CDK_DEFAULT_ACCOUNT}.`,
    );
  }
  return { env: { region: config.region, ...(account ? { account } : {}) }, warnings };
}
