import type { ProvidedPorts } from '../../lambdas/composition/lifetime';
import type { QueuedSms } from '../../lambdas/ports/sms-queue';

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
  /**
   * While held, a queued SMS is counted and kept back instead of reaching the local queue, whose
   * own DynamoDB items and deliveries stand in for SQS and the drainer: in AWS the request makes
   * one SendMessage and the drainer's work is another function's. `release()` queues what was kept.
   */
  hold(): void;
  release(): Promise<void>;
}

/** Counts what each operation asks of the host's SMS, alert and scheduler ports. */
export function countPorts(): PortCounter {
  const counts: PortCounts = { sms: 0, alerts: 0, schedules: 0, cancels: 0 };
  let held: QueuedSms[] | undefined;
  let queue: ProvidedPorts['smsQueue'] | undefined;
  return {
    counts,
    wrap: ({ sms, smsQueue, alerts, scheduler, clock }) => {
      queue = smsQueue;
      return {
        clock,
        // An SMS handed over: sent at once (OTPs) or queued (every other).
        sms: {
          send: (m) => {
            counts.sms++;
            return sms.send(m);
          },
        },
        smsQueue: {
          enqueue: async (m) => {
            counts.sms++;
            if (held) held.push(m);
            else await smsQueue.enqueue(m);
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
      };
    },
    hold: () => {
      held ??= [];
    },
    release: async () => {
      const kept = held ?? [];
      held = undefined;
      for (const m of kept) await queue?.enqueue(m);
    },
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
