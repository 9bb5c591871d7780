/**
 * The one lifetime of the composition root (lambdas/composition/): every
 * client, adapter, repository and use-case deps object is built once per
 * container (per process), lazily, on first use, by `lazy()`.
 *
 * The local host and tests replace the outward ports (SMS, the SMS queue, alerts, scheduler,
 * clock) with `provide()` before anything is built; `resetComposition()` lets a
 * new local host in the same process start afresh. Nothing else decides which
 * implementation runs.
 */
import type { AlertPublisher } from '../ports/alerts';
import type { Clock } from '../ports/clock';
import type { DeadlineScheduler } from '../ports/scheduler';
import type { SmsSender } from '../ports/sms';
import type { SmsQueue } from '../ports/sms-queue';

/** The ports a host may replace: the local host's outbox and timers, a test's fakes. */
export interface ProvidedPorts {
  /** The SMS gateway itself: OTPs are sent through it at once. */
  sms: SmsSender;
  /** The queue every other customer SMS goes through. */
  smsQueue: SmsQueue;
  alerts: AlertPublisher;
  scheduler: DeadlineScheduler;
  clock: Clock;
}

let provided: Partial<ProvidedPorts> = {};
const resets: (() => void)[] = [];
let built = false;

/**
 * A value built on first use and kept for the container's life. Call it as
 * `/* @__PURE__ *\/ lazy(...)` so a bundle that never uses the value drops it.
 */
export function lazy<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  resets.push(() => {
    value = undefined;
  });
  return () => {
    if (!value) {
      built = true;
      value = { v: make() };
    }
    return value.v;
  };
}

/** The port a host provided, if any (read by the composition modules only). */
export const providedPort = <K extends keyof ProvidedPorts>(name: K): ProvidedPorts[K] | undefined =>
  provided[name];

/** Replaces outward ports. Only before anything was built: a late call would go unnoticed, so it throws. */
export function provide(ports: Partial<ProvidedPorts>): void {
  if (built)
    throw new Error('provide() after the composition root built something: call resetComposition() first');
  provided = { ...provided, ...ports };
}

/** Forgets every built object and provided port (a new local host in the same process). */
export function resetComposition(): void {
  for (const reset of resets) reset();
  provided = {};
  built = false;
}
