import { metric, metricDimensions, setMetricSink } from '../../lambdas/metrics';

describe('metrics', () => {
  const lines: string[] = [];
  const saved = { disabled: process.env.METRICS_DISABLED, stage: process.env.STAGE };
  beforeAll(() => {
    process.env.METRICS_DISABLED = 'false';
    setMetricSink((line) => lines.push(line));
  });
  afterAll(() => {
    process.env.METRICS_DISABLED = saved.disabled;
    if (saved.stage === undefined) delete process.env.STAGE;
    else process.env.STAGE = saved.stage;
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it("carries the stage as a dimension, exactly the dimensions the stack's alarms select", () => {
    process.env.STAGE = 'prod';
    metric('ScheduleFailed');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage']]);
    expect(line).toMatchObject({ ...metricDimensions('prod'), ScheduleFailed: 1 });
  });

  it('names the local stage where nothing sets one', () => {
    delete process.env.STAGE;
    metric('AlertFailed');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ service: 'redress', stage: 'local' });
  });
});
