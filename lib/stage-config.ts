import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Per-stage settings, typed. `cdk deploy -c stage=prod` picks one. Runtime
 * values become the functions' environment (parsed again by lambdas/config.ts).
 */
export interface StageConfig {
  stage: 'dev' | 'prod';
  /** Runtime configuration handed to every function (names as in lambdas/config.ts). */
  runtime: {
    SLA_LEVEL_HOURS: string;
    FEEDBACK_WINDOW_HOURS: string;
    SLA_REMINDER_FRACTION: string;
    DEFAULT_COUNTRY_CODE: string;
    ALLOWED_COUNTRY_CODES: string;
    OTP_TTL_SECONDS: string;
    OTP_RESEND_SECONDS: string;
    OTP_MAX_PER_NUMBER_PER_HOUR: string;
    OTP_MAX_PER_IDENTIFIER_PER_HOUR: string;
    OTP_MAX_PER_CLIENT_PER_HOUR: string;
    OTP_MAX_ATTEMPTS: string;
    ACCESS_TOKEN_TTL_SECONDS: string;
    CORS_ALLOWED_ORIGINS: string;
    SMS_SENDER_ID: string;
    SMS_DLT_ENTITY_ID?: string;
    SMS_DLT_TEMPLATE_ID?: string;
    LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error';
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
  };
  logRetention: RetentionDays;
  /** Sweeper period: the bound on how late an escalation can be if its schedule was lost. */
  sweepInterval: Duration;
  /** Data survives stack deletion and cannot be deleted by accident. */
  protectData: boolean;
  mfa: 'OPTIONAL' | 'REQUIRED';
}

const common: StageConfig['runtime'] = {
  SLA_LEVEL_HOURS: '48,24,12',
  FEEDBACK_WINDOW_HOURS: '168',
  SLA_REMINDER_FRACTION: '0.75',
  DEFAULT_COUNTRY_CODE: '91',
  ALLOWED_COUNTRY_CODES: '91',
  OTP_TTL_SECONDS: '300',
  OTP_RESEND_SECONDS: '30',
  OTP_MAX_PER_NUMBER_PER_HOUR: '5',
  OTP_MAX_PER_IDENTIFIER_PER_HOUR: '5',
  OTP_MAX_PER_CLIENT_PER_HOUR: '100',
  OTP_MAX_ATTEMPTS: '5',
  ACCESS_TOKEN_TTL_SECONDS: '900',
  CORS_ALLOWED_ORIGINS: '*',
  SMS_SENDER_ID: 'REDRSS',
  LOG_LEVEL: 'info',
};

export const STAGES: Record<StageConfig['stage'], StageConfig> = {
  dev: {
    stage: 'dev',
    runtime: { ...common, LOG_LEVEL: 'debug' },
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
      ...common,
      CORS_ALLOWED_ORIGINS: 'https://www.redress.example,https://app.redress.example',
      SMS_DLT_ENTITY_ID: '1101000000000000000',
      SMS_DLT_TEMPLATE_ID: '1107000000000000000',
    },
    corsOrigins: ['https://www.redress.example', 'https://app.redress.example'],
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
