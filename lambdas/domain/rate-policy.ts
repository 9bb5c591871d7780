export interface RateRule {
  /** Most hits allowed within `windowSeconds`. */
  limit: number;
  windowSeconds: number;
  /** Least time between two hits. */
  cooldownSeconds?: number;
}

export type RateDecision =
  | { allowed: true; hits: number[]; retryAfterSeconds: 0 }
  | { allowed: false; hits: number[]; retryAfterSeconds: number; reason: 'COOLDOWN' | 'LIMIT' };

/**
 * Decides one hit against a sliding-window log of earlier hits (epoch ms). Pure.
 *
 * Every hit in the window counts, also one logged "after" `now`: a concurrent
 * caller may have read the time a moment later, and its hit is as real as ours.
 * When refused, `retryAfterSeconds` is the time until this hit would be allowed —
 * the cooldown and the window limit both satisfied, so the longer of the two.
 */
export function decideRate(previous: readonly number[], rule: RateRule, now: Date): RateDecision {
  const t = now.getTime();
  const windowStart = t - rule.windowSeconds * 1000;
  const recent = previous.filter((h) => h > windowStart).sort((a, b) => a - b);
  const last = recent[recent.length - 1];
  const cooldownWait =
    rule.cooldownSeconds && last !== undefined ? last + rule.cooldownSeconds * 1000 - t : 0;
  // The window allows a hit once all but limit − 1 of the hits in it have left it.
  const oldestToLeave = recent.length >= rule.limit ? recent[recent.length - rule.limit] : undefined;
  const limitWait = oldestToLeave === undefined ? 0 : oldestToLeave + rule.windowSeconds * 1000 - t;
  if (cooldownWait > 0 || limitWait > 0) {
    return {
      allowed: false,
      hits: recent,
      retryAfterSeconds: Math.max(cooldownWait, limitWait) / 1000,
      reason: limitWait >= cooldownWait ? 'LIMIT' : 'COOLDOWN',
    };
  }
  return { allowed: true, hits: [...recent, t].sort((a, b) => a - b), retryAfterSeconds: 0 };
}

/** Full-jitter backoff before retry `attempt` (1, 2, …) of a write that lost a race: 0 to base·2^attempt ms, capped. */
export const contentionBackoffMs = (attempt: number, random: number, baseMs = 10, capMs = 250): number =>
  Math.floor(random * Math.min(capMs, baseMs * 2 ** attempt));
