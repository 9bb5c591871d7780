/**
 * CloudWatch Embedded Metric Format: one JSON line per metric, picked up from the
 * function's log stream without any SDK call. Every metric carries the
 * `service` and `stage` dimensions, so two stages in one account never share a
 * metric (or an alarm); the stack's alarms name the same two.
 */
import { LOCAL_STAGE } from './config';

export type MetricName =
  | 'GrievanceCreated'
  | 'GrievanceEscalated'
  | 'GrievanceSlaBreached'
  | 'GrievanceClosed'
  | 'OtpSent'
  | 'OtpFailed'
  | 'SmsFailed'
  /** A queued SMS the gateway refused for good (opted out, invalid number): recorded on its grievance or order. */
  | 'SmsUndeliverable'
  /** A queued SMS the gateway throttled: it goes back to the queue with a backoff. */
  | 'SmsThrottled'
  | 'SmsSent'
  | 'AlertFailed'
  | 'ScheduleFailed'
  | 'SweeperEscalated'
  | 'SweeperReminded';

export const METRICS_NAMESPACE = 'Redress';

/** The dimensions every metric of a stage carries, as the functions emit them and the alarms select them. */
export const metricDimensions = (stage: string) => ({ service: 'redress', stage });

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function setMetricSink(next: (line: string) => void): void {
  sink = next;
}

export function metric(name: MetricName, value = 1, dimensions: Record<string, string> = {}): void {
  // Off where nothing collects EMF lines (tests, the local host's console).
  if (process.env.METRICS_DISABLED === 'true') return;
  // STAGE is validated with the rest of the configuration at cold start; read directly here so a
  // metric never forces (or fails) that parse.
  const dims = { ...metricDimensions(process.env.STAGE || LOCAL_STAGE), ...dimensions };
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
