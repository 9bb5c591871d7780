import { parseConfig } from '../../lambdas/config';
import { STAGES, type StageConfig, type StageRuntime, stageConfig } from '../../lib/stage-config';

const stages = Object.keys(STAGES) as StageConfig['stage'][];

/** What a function of `stage` reads at cold start: the stage's values plus the table the stack sets. */
const parsed = (stage: StageConfig['stage']) => parseConfig({ ...STAGES[stage].runtime, TABLE_NAME: 't' });

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
    expect(parsed('dev')).toEqual({ ...defaults, LOG_LEVEL: 'debug' });
    expect(parsed('prod')).toEqual({
      ...defaults,
      CORS_ALLOWED_ORIGINS: ['https://www.redress.example', 'https://app.redress.example'],
      SMS_DLT_ENTITY_ID: '1101000000000000000',
      SMS_DLT_TEMPLATE_ID: '1107000000000000000',
    });
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
