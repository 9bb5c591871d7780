import { parseConfig, parseSmsDltTemplateIds } from '../../lambdas/config';
import { SMS_KINDS } from '../../lambdas/domain/sms-catalogue';
import {
  deploymentEnvironment,
  functionEnvironment,
  STAGES,
  type StageConfig,
  type StageRuntime,
  stageConfig,
} from '../../lib/stage-config';

const stages = Object.keys(STAGES) as StageConfig['stage'][];

/** What a function of `stage` reads at cold start: the stage's environment plus the table the stack sets. */
const parsed = (stage: StageConfig['stage']) =>
  parseConfig({ ...functionEnvironment(STAGES[stage]), TABLE_NAME: 't' });

describe.each(stages)('the runtime values of the %s stage', (stage) => {
  it('parse with lambdas/config.ts', () => {
    expect(() => parsed(stage)).not.toThrow();
  });

  it("give the functions the same CORS origins as API Gateway's preflight answers", () => {
    expect(parsed(stage).CORS_ALLOWED_ORIGINS).toEqual(STAGES[stage].corsOrigins);
  });
});

describe('stage runtime values', () => {
  it('override only what a stage sets, leaving the rest to the defaults of lambdas/config.ts', () => {
    const defaults = parseConfig({ TABLE_NAME: 't' });
    expect(parsed('dev')).toEqual({ ...defaults, LOG_LEVEL: 'debug', STAGE: 'dev' });
    expect(parsed('prod')).toEqual({
      ...defaults,
      STAGE: 'prod',
      CORS_ALLOWED_ORIGINS: ['https://www.redress.example', 'https://app.redress.example'],
      SMS_DLT_ENTITY_ID: '1101000000000000000',
      SMS_DLT_TEMPLATE_IDS: JSON.stringify(STAGES.prod.sms.dlt?.templateIds),
    });
    // Parsed where SMS are sent (smsDltTemplateIds()): every kind of the catalogue, as the stage wrote them.
    expect(parseSmsDltTemplateIds(parsed('prod').SMS_DLT_TEMPLATE_IDS)).toEqual(
      STAGES.prod.sms.dlt?.templateIds,
    );
    expect(Object.keys(STAGES.prod.sms.dlt?.templateIds ?? {}).sort()).toEqual([...SMS_KINDS].sort());
    expect(parseSmsDltTemplateIds(parsed('dev').SMS_DLT_TEMPLATE_IDS)).toBeUndefined();
  });

  it('fail the parse when a value is bad (the check above is not vacuous)', () => {
    const bad: StageRuntime = { ...STAGES.prod.runtime, OTP_TTL_SECONDS: '10' };
    expect(() => parseConfig({ ...bad, TABLE_NAME: 't' })).toThrow('OTP_TTL_SECONDS: must be a whole number');
  });

  it('must be named right at compile time, since at run time a misspelt name is silently ignored', () => {
    const misspelt = { SLA_LEVEL_HORS: '24,12,6' };
    expect(parseConfig({ ...misspelt, TABLE_NAME: 't' }).SLA_LEVEL_HOURS).toEqual([48, 24, 12]);
    const _refusedByTheCompiler: StageRuntime[] = [
      // @ts-expect-error a name lambdas/config.ts does not read
      { SLA_LEVEL_HORS: '24,12,6' },
      // @ts-expect-error the stack sets the table name itself
      { TABLE_NAME: 'fixed-name' },
      // @ts-expect-error the HMAC key comes from Secrets Manager (OTP_HMAC_SECRET_ID, set by the stack)
      { OTP_HMAC_KEY: 'x'.repeat(32) },
      // @ts-expect-error LOG_LEVEL is one of the logger's levels
      { LOG_LEVEL: 'verbose' },
      // @ts-expect-error the stage name comes from the stage itself
      { STAGE: 'prod' },
      // @ts-expect-error DLT ids are typed per kind in `sms.dlt`, not a raw JSON string
      { SMS_DLT_TEMPLATE_IDS: '{}' },
    ];
  });
});

describe('stageConfig', () => {
  it('picks the named stage, dev by default, and refuses an unknown one', () => {
    expect(stageConfig('prod')).toBe(STAGES.prod);
    expect(stageConfig(undefined)).toBe(STAGES.dev);
    expect(() => stageConfig('qa')).toThrow('Unknown stage "qa": use one of dev, prod');
  });
});

describe('prod SMS', () => {
  it('has a distinct DLT template id for every kind of the SMS catalogue', () => {
    const ids = STAGES.prod.sms.dlt?.templateIds ?? {};
    expect(Object.keys(ids).sort()).toEqual([...SMS_KINDS].sort());
    expect(new Set(Object.values(ids)).size).toBe(SMS_KINDS.length);
  });
});

describe('deploymentEnvironment', () => {
  const prod = STAGES.prod;
  const pinned: StageConfig = { ...prod, account: '111122223333' };

  it("deploys to the stage's region, whatever the deployer's profile says when it agrees", () => {
    expect(
      deploymentEnvironment(prod, { CDK_DEFAULT_REGION: 'ap-south-1', CDK_DEFAULT_ACCOUNT: '999' }),
    ).toEqual({
      env: { region: 'ap-south-1', account: '999' },
      warnings: [],
    });
    expect(prod.region).toBe('ap-south-1');
    expect(STAGES.dev.region).toBe('ap-south-1');
  });

  it('refuses an environment that names another region', () => {
    expect(() => deploymentEnvironment(prod, { CDK_DEFAULT_REGION: 'eu-west-1' })).toThrow(
      'Stage prod deploys to ap-south-1, but this environment names eu-west-1',
    );
    expect(() =>
      deploymentEnvironment(prod, { AWS_REGION: 'us-east-1', CDK_DEFAULT_REGION: 'us-east-1' }),
    ).toThrow('names us-east-1');
    expect(() => deploymentEnvironment(prod, { AWS_DEFAULT_REGION: 'us-west-2' })).toThrow('names us-west-2');
  });

  it("only warns about the CLI's us-east-1 fallback when no region is configured at all", () => {
    const { env, warnings } = deploymentEnvironment(prod, { CDK_DEFAULT_REGION: 'us-east-1' });
    expect(env.region).toBe('ap-south-1');
    expect(warnings).toEqual([expect.stringContaining("the CDK CLI's fallback")]);
  });

  it('refuses credentials of another account than a pinned one, and uses the pinned one offline', () => {
    expect(() => deploymentEnvironment(pinned, { CDK_DEFAULT_ACCOUNT: '444455556666' })).toThrow(
      'Stage prod deploys to account 111122223333, but these credentials are for 444455556666',
    );
    expect(deploymentEnvironment(pinned, {}).env).toEqual({ region: 'ap-south-1', account: '111122223333' });
    expect(deploymentEnvironment(pinned, { CDK_DEFAULT_ACCOUNT: '111122223333' }).env.account).toBe(
      '111122223333',
    );
  });
});
