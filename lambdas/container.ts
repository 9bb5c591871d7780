import type { AlertPublisher } from './ports/alerts';
import type { Clock } from './ports/clock';
import type { DeadlineScheduler } from './ports/scheduler';
import type { SmsSender } from './ports/sms';

/**
 * The ports a handler's use cases need. Each Lambda builds the AWS adapter on
 * first use (see wiring/); the local host and tests provide their own adapters
 * before the first request. Nothing else decides which implementation runs.
 */
export interface Ports {
  sms: SmsSender;
  alerts: AlertPublisher;
  scheduler: DeadlineScheduler;
  clock: Clock;
}

const provided: Partial<Ports> = {};

export function providePorts(ports: Partial<Ports>): void {
  Object.assign(provided, ports);
}

export function resolvePort<K extends keyof Ports>(name: K, make: () => Ports[K]): Ports[K] {
  let port = provided[name];
  if (!port) {
    port = make();
    provided[name] = port;
  }
  return port as Ports[K];
}
