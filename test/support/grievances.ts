import type { Grievance } from '../../lambdas/domain/grievance';
import { escalateOnDeadline } from '../../lambdas/domain/grievance-rules';
import type { GrievanceSettings } from '../../lambdas/domain/grievance-sla';

/** API.md's default matrix: 48 h, 24 h, 12 h; a week for feedback; remind at 75 %. */
export const SETTINGS: GrievanceSettings = {
  slaLevelHours: [48, 24, 12],
  feedbackWindowHours: 168,
  reminderFraction: 0.75,
};

/** The instant the grievance tests file their complaints at. */
export const T0 = new Date('2026-03-02T09:00:00.000Z');

/** `hours` after T0. */
export const hoursAfterT0 = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

/** `g` escalated by its level's deadline firing `hours` after T0 (the matrix of SETTINGS). */
export function escalatedAt(g: Grievance, hours: number): Grievance {
  const d = escalateOnDeadline(
    g,
    { grievanceId: g.id, level: g.level, dueAt: g.dueAt ?? '' },
    hoursAfterT0(hours),
    SETTINGS,
  );
  if (d.kind !== 'CHANGE') throw new Error(d.kind);
  return d.change.grievance;
}

/** A Lambda context good enough for the escalation handler run outside Lambda. */
export const ESCALATION_CONTEXT = {
  invokedFunctionArn: 'arn:aws:lambda:ap-south-1:000000000000:function:escalation',
  getRemainingTimeInMillis: () => 90_000,
};

/** Polls `check` until it passes or `timeoutMs` runs out (then fails with its last error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
