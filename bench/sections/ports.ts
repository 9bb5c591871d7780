import type { ProvidedPorts } from '../../lambdas/composition/lifetime';

export interface PortCounts {
  sms: number;
  alerts: number;
  schedules: number;
  cancels: number;
}

export interface PortCounter {
  counts: PortCounts;
  /** The host's ports, counted: handed to the local host as its `decoratePorts`. */
  wrap(ports: ProvidedPorts): ProvidedPorts;
  /** The counts so far, then zero. */
  reset(): PortCounts;
}

/** Counts what each operation asks of the host's SMS, alert and scheduler ports. */
export function countPorts(): PortCounter {
  const counts: PortCounts = { sms: 0, alerts: 0, schedules: 0, cancels: 0 };
  return {
    counts,
    wrap: ({ sms, smsQueue, alerts, scheduler, clock }) => ({
      clock,
      // An SMS handed over: sent at once (OTPs) or queued (every other).
      sms: {
        send: (m) => {
          counts.sms++;
          return sms.send(m);
        },
      },
      smsQueue: {
        enqueue: (m) => {
          counts.sms++;
          return smsQueue.enqueue(m);
        },
      },
      alerts: {
        publish: (a) => {
          counts.alerts++;
          return alerts.publish(a);
        },
      },
      scheduler: {
        schedule: (e, at) => {
          counts.schedules++;
          return scheduler.schedule(e, at);
        },
        cancel: (e) => {
          counts.cancels++;
          return scheduler.cancel(e);
        },
      },
    }),
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
