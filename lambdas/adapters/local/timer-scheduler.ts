import { logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { DeadlineEvent, DeadlineScheduler } from '../../ports/scheduler';

/** What a timer calls: by default the escalation handler module itself, with the scheduler's input. */
export type DeadlineTarget = (event: DeadlineEvent) => Promise<unknown>;

export interface TimerSchedulerOptions {
  target?: DeadlineTarget;
  /**
   * `real` (default, `npm start`): each trigger arms a `setTimeout` for its
   * distance from the clock's now. `manual`: no timers at all; triggers fire only
   * when `fireDue()` is called — for tests that move an injected clock.
   */
  timers?: 'real' | 'manual';
}

interface Trigger {
  event: DeadlineEvent;
  at: Date;
  timer?: NodeJS.Timeout;
}

const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit (~24.8 days); longer waits re-arm in steps
const MAX_FIRE_ROUNDS = 100; // fireDue: deliveries arming due triggers forever would be a bug, not a schedule

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
 * The local host's scheduler: one trigger per deadline that calls the same
 * escalation handler EventBridge Scheduler would, with the same input. With
 * real timers a trigger fires by itself when its time comes; `fireDue()` fires
 * every trigger due by the clock now, whatever the timers, so a test can move
 * the clock instead of waiting. Timers are unref'd (they never keep the process
 * alive); `stop` clears them and waits for deliveries in progress.
 */
export class TimerScheduler implements DeadlineScheduler {
  private readonly triggers = new Map<string, Trigger>();
  private readonly running = new Set<Promise<void>>();
  private readonly target: DeadlineTarget;
  private readonly realTimers: boolean;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    options: TimerSchedulerOptions = {},
  ) {
    this.target = options.target ?? escalationHandler;
    this.realTimers = (options.timers ?? 'real') === 'real';
  }

  async schedule(event: DeadlineEvent, at: Date): Promise<void> {
    if (this.stopped) return;
    const name = nameOf(event);
    clearTimeout(this.triggers.get(name)?.timer);
    const trigger: Trigger = { event, at };
    if (this.realTimers) trigger.timer = this.arm(name, trigger);
    this.triggers.set(name, trigger);
  }

  async cancel(event: DeadlineEvent): Promise<void> {
    const name = nameOf(event);
    clearTimeout(this.triggers.get(name)?.timer);
    this.triggers.delete(name);
  }

  /** Triggers armed and not yet fired. */
  get pending(): number {
    return this.triggers.size;
  }

  /**
   * Fires, one after another in time order, every trigger due by the clock now
   * (and any such trigger those deliveries arm), after waiting for deliveries
   * already running; resolves with how many it fired once they all finished.
   */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (let round = 0; round < MAX_FIRE_ROUNDS; round++) {
      await this.settle();
      const now = this.clock.now().getTime();
      const due = [...this.triggers.entries()]
        .filter(([, t]) => t.at.getTime() <= now)
        .sort(([, a], [, b]) => a.at.getTime() - b.at.getTime());
      if (due.length === 0 || this.stopped) return fired;
      for (const [name, trigger] of due) {
        if (this.triggers.get(name) !== trigger) continue; // cancelled or re-armed by an earlier delivery
        clearTimeout(trigger.timer);
        this.triggers.delete(name);
        fired++;
        await this.fire(trigger.event);
      }
    }
    throw new Error(`deliveries kept arming due triggers after ${MAX_FIRE_ROUNDS} rounds`);
  }

  private arm(name: string, trigger: Trigger): NodeJS.Timeout {
    const wait = Math.max(0, trigger.at.getTime() - this.clock.now().getTime());
    const timer = setTimeout(
      () => {
        if (this.triggers.get(name) !== trigger) return;
        this.triggers.delete(name);
        if (wait > MAX_TIMEOUT_MS) {
          void this.schedule(trigger.event, trigger.at);
          return;
        }
        void this.fire(trigger.event);
      },
      Math.min(wait, MAX_TIMEOUT_MS),
    );
    timer.unref();
    return timer;
  }

  private fire(event: DeadlineEvent): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const run = this.target(event)
      .then(() => undefined)
      .catch((error: unknown) =>
        logger.error('local deadline delivery failed', { grievanceId: event.grievanceId, error }),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return run;
  }

  /** Resolves once no delivery is running. */
  private async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Clears every timer and waits for deliveries already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const trigger of this.triggers.values()) clearTimeout(trigger.timer);
    this.triggers.clear();
    await Promise.all([...this.running]);
  }
}
