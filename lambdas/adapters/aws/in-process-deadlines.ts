import { logger } from '../../logger';
import type { Clock } from '../../ports/clock';
import type { DeadlineEvent } from '../../ports/scheduler';
import type { NearDeadlineHandler } from './eventbridge-scheduler';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Left unused at the end of an invocation, so its own work can finish before Lambda's timeout. */
const MARGIN_MS = 5_000;

/** The invocation in progress: how long it has left, and the escalation function's ARN. */
export interface Invocation {
  remainingMs: () => number;
  /** The escalation function's own ARN (from its context), or undefined in the sweeper. */
  targetArn?: string | undefined;
}

/**
 * Inside the escalation and sweeper functions a deadline due within a minute is
 * neither scheduled (Scheduler's minute precision) nor sent to another function:
 * the invocation waits for it and runs it itself before returning. Lambda runs one
 * invocation at a time per container, so one instance per container is right.
 */
export class InProcessDeadlines {
  private readonly pending = new Set<Promise<void>>();
  private invocation: Invocation = { remainingMs: () => 60_000 };

  constructor(
    private readonly clock: Clock,
    private readonly run: (event: DeadlineEvent) => Promise<unknown>,
  ) {}

  begin(invocation: Invocation): void {
    this.invocation = invocation;
  }

  get targetArn(): string | undefined {
    return this.invocation.targetArn;
  }

  readonly near: NearDeadlineHandler = async (event: DeadlineEvent, at: Date) => {
    const wait = Math.max(0, at.getTime() - this.clock.now().getTime());
    if (wait > this.invocation.remainingMs() - MARGIN_MS) {
      logger.warn('deadline due after this invocation ends; left to the sweeper', {
        grievanceId: event.grievanceId,
      });
      return;
    }
    const run = delay(wait)
      .then(() => this.run(event))
      .then(() => undefined)
      .catch((error: unknown) =>
        logger.error('in-process deadline failed', { grievanceId: event.grievanceId, error }),
      )
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  };

  /** Resolves once every deadline handed over in this invocation (and any they armed) ran. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
