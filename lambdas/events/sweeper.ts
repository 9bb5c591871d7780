import type { Context } from 'aws-lambda';
import { deadlineDeps, inProcessDeadlines } from '../composition/deadlines';
import { logger } from '../logger';
import { type SweepResult, sweepOverdue } from '../use-cases/sweep-overdue';

/**
 * EventBridge rule (every few minutes) and the local host's interval: escalates
 * or closes every overdue grievance through the same idempotent path as a
 * scheduler delivery — the safety net for schedules that were never created.
 */
export const handler = async (
  _event: unknown,
  context: Partial<Pick<Context, 'getRemainingTimeInMillis'>> = {},
): Promise<SweepResult> => {
  const inProcess = inProcessDeadlines();
  inProcess.begin({ remainingMs: () => context.getRemainingTimeInMillis?.() ?? 60_000 });
  const result = await sweepOverdue(deadlineDeps());
  await inProcess.drain();
  if (result.checked > 0) logger.info('sweep done', { ...result });
  return result;
};
