import type { Context } from 'aws-lambda';
import { deadlineDeps, inProcessDeadlines } from '../composition/deadlines';
import { GRIEVANCE_ID_PATTERN } from '../domain/identifiers';
import { logger } from '../logger';
import type { DeadlineEvent } from '../ports/scheduler';
import { type DeadlineOutcome, handleDeadline } from '../use-cases/handle-deadline';

type Invocation = Partial<Pick<Context, 'invokedFunctionArn' | 'getRemainingTimeInMillis'>>;

/** The scheduler's input, checked by hand (this bundle carries no schema library). */
function readEvent(input: unknown): DeadlineEvent | undefined {
  const e = (input ?? {}) as Record<string, unknown>;
  const ok =
    typeof e.grievanceId === 'string' &&
    GRIEVANCE_ID_PATTERN.test(e.grievanceId) &&
    (e.level === 1 || e.level === 2 || e.level === 3) &&
    typeof e.dueAt === 'string' &&
    !Number.isNaN(Date.parse(e.dueAt)) &&
    (e.kind === undefined || e.kind === 'DEADLINE' || e.kind === 'REMINDER') &&
    (e.rearm === undefined || typeof e.rearm === 'number');
  if (!ok) return undefined;
  return e as unknown as DeadlineEvent;
}

/**
 * EventBridge Scheduler target (and the local host's timers):
 * `{ grievanceId, level, dueAt[, kind] }` → escalate, breach, close or remind,
 * exactly once whatever the duplicates, delays and order of deliveries.
 */
export const handler = async (
  input: unknown,
  context: Invocation = {},
): Promise<{ outcome: DeadlineOutcome | 'INVALID' }> => {
  const event = readEvent(input);
  if (!event) {
    logger.error('escalation input is not a deadline event; dropped');
    return { outcome: 'INVALID' };
  }
  const inProcess = inProcessDeadlines();
  inProcess.begin({
    remainingMs: () => context.getRemainingTimeInMillis?.() ?? 60_000,
    targetArn: context.invokedFunctionArn,
  });
  const outcome = await handleDeadline(deadlineDeps(), event);
  await inProcess.drain();
  logger.info('deadline handled', {
    grievanceId: event.grievanceId,
    grievanceLevel: event.level,
    kind: event.kind,
    outcome,
  });
  return { outcome };
};
