import { providePorts, resolvePort } from '../../lambdas/container';
import type { AlertPublisher } from '../../lambdas/ports/alerts';
import type { DeadlineScheduler } from '../../lambdas/ports/scheduler';
import type { SmsSender } from '../../lambdas/ports/sms';

export interface PortCounts {
  sms: number;
  alerts: number;
  schedules: number;
  cancels: number;
}

/** Wraps the host's SMS, alert and scheduler ports to count what each operation asks of them. */
export function countPorts(): { counts: PortCounts; reset(): PortCounts } {
  const counts: PortCounts = { sms: 0, alerts: 0, schedules: 0, cancels: 0 };
  const missing = (): never => {
    throw new Error('the local host provides this port');
  };
  const sms = resolvePort('sms', missing);
  const alerts = resolvePort('alerts', missing);
  const scheduler = resolvePort('scheduler', missing);
  const countingSms: SmsSender = {
    send: (m) => {
      counts.sms++;
      return sms.send(m);
    },
  };
  const countingAlerts: AlertPublisher = {
    publish: (a) => {
      counts.alerts++;
      return alerts.publish(a);
    },
  };
  const countingScheduler: DeadlineScheduler = {
    schedule: (e, at) => {
      counts.schedules++;
      return scheduler.schedule(e, at);
    },
    cancel: (e) => {
      counts.cancels++;
      return scheduler.cancel(e);
    },
  };
  providePorts({ sms: countingSms, alerts: countingAlerts, scheduler: countingScheduler });
  return {
    counts,
    reset: () => {
      const snapshot = { ...counts };
      counts.sms = 0;
      counts.alerts = 0;
      counts.schedules = 0;
      counts.cancels = 0;
      return snapshot;
    },
  };
}
