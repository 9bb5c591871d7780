/**
 * CloudWatch Embedded Metric Format: one JSON line per metric, picked up from the
 * function's log stream without any SDK call.
 */
export type MetricName =
  | 'GrievanceCreated'
  | 'GrievanceEscalated'
  | 'GrievanceSlaBreached'
  | 'GrievanceClosed'
  | 'OtpSent'
  | 'OtpFailed'
  | 'SmsFailed'
  | 'AlertFailed'
  | 'ScheduleFailed'
  | 'SweeperEscalated';

export const METRICS_NAMESPACE = 'Redress';

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function setMetricSink(next: (line: string) => void): void {
  sink = next;
}

export function metric(name: MetricName, value = 1, dimensions: Record<string, string> = {}): void {
  // Off where nothing collects EMF lines (tests, the local host's console).
  if (process.env.METRICS_DISABLED === 'true') return;
  const dims = { service: 'redress', ...dimensions };
  sink(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [Object.keys(dims)],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      ...dims,
      [name]: value,
    }),
  );
}
