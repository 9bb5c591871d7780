import {
  fullBucket,
  type Pace,
  queuedSmsId,
  takeSend,
  throttleBackoffSeconds,
} from '../../lambdas/domain/sms-delivery';

describe('the SMS queue rules', () => {
  it('gives an SMS the id of its cause: the record, its timeline length after the write, the kind', () => {
    expect(queuedSmsId({ grievanceId: 'GRV-ABCDEFGHJK' }, 3, 'GRIEVANCE_ESCALATED')).toBe(
      'GRV-ABCDEFGHJK/3/GRIEVANCE_ESCALATED',
    );
    expect(queuedSmsId({ serviceOrderId: 'SO7KQ2M9XH4R' }, 2, 'SERVICE_ORDER_WORK_IN_PROGRESS')).toBe(
      'SO7KQ2M9XH4R/2/SERVICE_ORDER_WORK_IN_PROGRESS',
    );
  });

  it.each([
    [{ perSecond: 10, burst: 1 }, 5],
    [{ perSecond: 2, burst: 2 }, 20],
    [{ perSecond: 0.5, burst: 1 }, 60],
  ])('lets at most burst + rate × t sends through in t seconds (%o over %i s)', (pace: Pace, seconds) => {
    // Someone asking every 7 ms: whatever passes, passes at the pace.
    let bucket = fullBucket(pace, 0);
    const passed: number[] = [];
    for (let t = 0; t <= seconds * 1000; t += 7) {
      const taken = takeSend(bucket, pace, t);
      bucket = taken.bucket;
      if (taken.ok) passed.push(t);
    }
    expect(passed.length).toBeLessThanOrEqual(pace.burst + pace.perSecond * seconds);
    // And close to it (asking every 7 ms loses a little of each interval to the bucket's cap).
    expect(passed.length).toBeGreaterThanOrEqual(0.9 * pace.perSecond * seconds);
    // No one-second window holds more than burst + rate.
    for (const start of passed) {
      const inWindow = passed.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(Math.ceil(pace.burst + pace.perSecond));
    }
  });

  it('says how long until the next send when none is free', () => {
    const pace = { perSecond: 4, burst: 1 };
    const first = takeSend(fullBucket(pace, 0), pace, 0);
    expect(first.ok).toBe(true);
    const second = takeSend(first.bucket, pace, 100);
    expect(second).toMatchObject({ ok: false, waitMs: 150 });
    expect(takeSend(second.bucket, pace, 250).ok).toBe(true);
  });

  it('backs a throttled SMS off exponentially from 2 s to at most 5 minutes, jittered to half or more', () => {
    expect([1, 2, 3, 8, 9, 20].map((n) => throttleBackoffSeconds(n, () => 1))).toEqual([
      2, 4, 8, 256, 300, 300,
    ]);
    expect([1, 2, 3, 9].map((n) => throttleBackoffSeconds(n, () => 0))).toEqual([1, 2, 4, 150]);
  });
});
