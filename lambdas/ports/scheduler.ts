/**
 * The input EventBridge Scheduler hands the escalation function (API.md):
 * a deadline of one grievance at one level. `kind` tells a 75 % SLA reminder
 * apart from the deadline itself; absent means DEADLINE.
 */
export interface DeadlineEvent {
  grievanceId: string;
  level: number;
  dueAt: string;
  kind?: 'DEADLINE' | 'REMINDER';
  /**
   * Set when an early delivery re-arms itself, so the new trigger gets a name of
   * its own (the one that fired may still exist until Scheduler deletes it).
   */
  rearm?: number;
}

export interface DeadlineScheduler {
  /** Arms a one-time trigger for `event` at `at`. Arming the same event twice is harmless. */
  schedule(event: DeadlineEvent, at: Date): Promise<void>;
  /** Disarms it; a trigger that does not exist (already fired or never made) is fine. */
  cancel(event: DeadlineEvent): Promise<void>;
}
