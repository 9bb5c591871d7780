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

/** Decides one hit against a sliding-window log of earlier hits (epoch ms). Pure. */
export function decideRate(previous: readonly number[], rule: RateRule, now: Date): RateDecision {
  const t = now.getTime();
  const windowStart = t - rule.windowSeconds * 1000;
  const recent = previous.filter((h) => h > windowStart && h <= t).sort((a, b) => a - b);
  const last = recent[recent.length - 1];
  if (rule.cooldownSeconds && last !== undefined && t - last < rule.cooldownSeconds * 1000) {
    return {
      allowed: false,
      hits: recent,
      retryAfterSeconds: (last + rule.cooldownSeconds * 1000 - t) / 1000,
      reason: 'COOLDOWN',
    };
  }
  if (recent.length >= rule.limit) {
    const oldest = recent[recent.length - rule.limit] ?? t;
    return {
      allowed: false,
      hits: recent,
      retryAfterSeconds: (oldest + rule.windowSeconds * 1000 - t) / 1000,
      reason: 'LIMIT',
    };
  }
  return { allowed: true, hits: [...recent, t], retryAfterSeconds: 0 };
}
