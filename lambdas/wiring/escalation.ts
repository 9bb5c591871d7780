import type { NearDeadlineHandler } from '../adapters/aws/eventbridge-scheduler';
import { config } from '../config';
import { logger } from '../logger';
import type { DeadlineEvent } from '../ports/scheduler';
import { type HandleDeadlineDeps, handleDeadline } from '../use-cases/handle-deadline';
import { alertPublisher } from './alerts';
import { clock } from './clock';
import { grievanceRepository, grievanceSettings } from './grievances';
import { deadlineScheduler } from './scheduler';
import { smsSender } from './sms';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MARGIN_MS = 5_000;

/**
 * Inside the escalation and sweeper functions a deadline due within a minute is
 * neither scheduled (Scheduler's minute precision) nor sent to another function:
 * this invocation waits for it and handles it itself before returning. One
 * invocation runs at a time per container, so the pending set is per container.
 */
class InProcessDeadlines {
  private readonly pending = new Set<Promise<void>>();
  private remainingMs: () => number = () => 60_000;
  private deps: HandleDeadlineDeps | undefined;

  begin(deps: HandleDeadlineDeps, remainingMs: () => number): void {
    this.deps = deps;
    this.remainingMs = remainingMs;
  }

  readonly near: NearDeadlineHandler = async (event: DeadlineEvent, at: Date) => {
    const deps = this.deps;
    if (!deps) throw new Error('no invocation in progress');
    const wait = Math.max(0, at.getTime() - deps.clock.now().getTime());
    if (wait > this.remainingMs() - MARGIN_MS) {
      logger.warn('deadline due after this invocation ends; left to the sweeper', {
        grievanceId: event.grievanceId,
      });
      return;
    }
    const run = delay(wait)
      .then(() => handleDeadline(deps, event))
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

const inProcess = new InProcessDeadlines();

/**
 * Deps of the escalation and sweeper functions, per invocation. `targetArn` is
 * the escalation function's own ARN (from the invocation context: an
 * environment variable would be a circular reference) or, in the sweeper,
 * ESCALATION_FUNCTION_ARN.
 */
export function deadlineDeps(
  targetArn: string | undefined,
  remainingMs: () => number,
): { deps: HandleDeadlineDeps; drain: () => Promise<void> } {
  const deps: HandleDeadlineDeps = {
    grievances: grievanceRepository(),
    sms: smsSender(),
    alerts: alertPublisher(),
    scheduler: deadlineScheduler(() => inProcess.near, targetArn),
    clock: clock(),
    settings: grievanceSettings(),
    maxWaitSeconds: config().ESCALATION_MAX_WAIT_SECONDS,
  };
  inProcess.begin(deps, remainingMs);
  return { deps, drain: () => inProcess.drain() };
}
