import type { RateDecision, RateRule } from '../domain/rate-policy';

export interface RateLimiter {
  /** Records a hit under `scope`/`key` if `rule` allows it now; otherwise says how long to wait. */
  hit(scope: string, key: string, rule: RateRule, now: Date): Promise<RateDecision>;
  /** Says what `hit` would decide, recording nothing. */
  peek(scope: string, key: string, rule: RateRule, now: Date): Promise<RateDecision>;
}
