import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Config, ConfigKey } from '../lambdas/config';

/** Variables the stack (or the local host) sets itself, from the resources it makes; no stage may set them. */
export type StackSetKey = 'TABLE_NAME' | 'DYNAMODB_ENDPOINT' | 'OTP_HMAC_SECRET_ID' | 'OTP_HMAC_KEY';

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
  /** Runtime values this stage sets on purpose, handed to every function as its environment. */
  runtime: StageRuntime;
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
    runtime: { LOG_LEVEL: 'debug' },
    corsOrigins: ['*'],
    alertEmails: { 'level-1': [], 'level-2': [], 'level-3': [], operations: [] },
    throttling: { rateLimit: 50, burstLimit: 100 },
    waf: { generalLimit: 2000, otpLimit: 100, windowSeconds: 300 },
    alarms: { api5xxRatePercent: 5, smsFailures: 5, smsMonthToDateUsd: 10 },
    logRetention: RetentionDays.ONE_WEEK,
    sweepInterval: Duration.minutes(5),
    protectData: false,
    mfa: 'OPTIONAL',
  },
  prod: {
    stage: 'prod',
    runtime: {
      CORS_ALLOWED_ORIGINS: PROD_ORIGINS.join(','),
      SMS_DLT_ENTITY_ID: '1101000000000000000',
      SMS_DLT_TEMPLATE_ID: '1107000000000000000',
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
    alarms: { api5xxRatePercent: 1, smsFailures: 1, smsMonthToDateUsd: 800 },
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
