import { providePorts, resolvePort } from '../../lambdas/container';
import { RecordingAlerts, RecordingScheduler, RecordingSms } from '../../test/support/fakes';

export interface PortCounts {
  sms: number;
  alerts: number;
  schedules: number;
  cancels: number;
}

/** Wraps the host's SMS, alert and scheduler ports to count what each operation asks of them. */
export function countPorts(): { counts: PortCounts; reset(): PortCounts } {
  const missing = (): never => {
    throw new Error('the local host provides this port');
  };
  // Recording fakes that pass every call on to the host's own port.
  const sms = new RecordingSms(resolvePort('sms', missing));
  const alerts = new RecordingAlerts(resolvePort('alerts', missing));
  const scheduler = new RecordingScheduler(resolvePort('scheduler', missing));
  providePorts({ sms, alerts, scheduler });
  const counts: PortCounts = {
    get sms() {
      return sms.sent.length;
    },
    get alerts() {
      return alerts.published.length;
    },
    get schedules() {
      return scheduler.armed.length;
    },
    get cancels() {
      return scheduler.cancelled.length;
    },
  };
  return {
    counts,
    reset: () => {
      const snapshot = { ...counts };
      sms.sent.length = 0;
      alerts.published.length = 0;
      scheduler.armed.length = 0;
      scheduler.cancelled.length = 0;
      return snapshot;
    },
  };
}
