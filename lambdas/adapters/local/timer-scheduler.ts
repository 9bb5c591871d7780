import { logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { DeadlineEvent, DeadlineScheduler } from '../../ports/scheduler';

/** What a timer calls: by default the escalation handler module itself, with the scheduler's input. */
export type DeadlineTarget = (event: DeadlineEvent) => Promise<unknown>;

const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit (~24.8 days); longer waits re-arm in steps

const nameOf = (e: DeadlineEvent) =>
  `${e.grievanceId}|${e.level}|${e.kind ?? 'DEADLINE'}|${e.dueAt}|${e.rearm ?? 0}`;

async function escalationHandler(event: DeadlineEvent): Promise<unknown> {
  const { handler } = await import('../../events/escalation');
  return handler(event, {
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:escalation',
    getRemainingTimeInMillis: () => 90_000,
  });
}

/**
 * The local host's scheduler: one in-process timer per trigger that calls the
 * same escalation handler EventBridge Scheduler would, with the same input.
 * Timers are unref'd (they never keep the process alive); `stop` clears them
 * and waits for deliveries in progress.
 */
export class TimerScheduler implements DeadlineScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly target: DeadlineTarget = escalationHandler,
  ) {}

  async schedule(event: DeadlineEvent, at: Date): Promise<void> {
    if (this.stopped) return;
    const name = nameOf(event);
    const existing = this.timers.get(name);
    if (existing) clearTimeout(existing);
    const wait = Math.max(0, at.getTime() - this.clock.now().getTime());
    const timer = setTimeout(
      () => {
        this.timers.delete(name);
        if (wait > MAX_TIMEOUT_MS) {
          void this.schedule(event, at);
          return;
        }
        this.fire(event);
      },
      Math.min(wait, MAX_TIMEOUT_MS),
    );
    timer.unref();
    this.timers.set(name, timer);
  }

  async cancel(event: DeadlineEvent): Promise<void> {
    const name = nameOf(event);
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  /** Triggers armed and not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  private fire(event: DeadlineEvent): void {
    if (this.stopped) return;
    const run = this.target(event)
      .then(() => undefined)
      .catch((error: unknown) =>
        logger.error('local deadline delivery failed', { grievanceId: event.grievanceId, error }),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Clears every timer and waits for deliveries already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
