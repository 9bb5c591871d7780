import { TimerScheduler } from '../../lambdas/adapters/local/timer-scheduler';
import { setLogSink } from '../../lambdas/logger';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import { FixedClock } from '../support/clock';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const deadline = (grievanceId: string, seconds: number, kind?: 'REMINDER'): DeadlineEvent => ({
  grievanceId,
  level: 1,
  dueAt: at(seconds).toISOString(),
  ...(kind ? { kind } : {}),
});

/** A delivery target that records what it was given, in order. */
function recorder() {
  const delivered: string[] = [];
  const target = async (e: DeadlineEvent) => {
    delivered.push(`${e.grievanceId}:${e.kind ?? 'DEADLINE'}`);
  };
  return { delivered, target };
}

describe('the timer scheduler with real timers (npm start)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
  const wallClock = { now: () => new Date() }; // Date.now() follows Jest's fake timers

  it('fires each trigger when its time comes, and not before', async () => {
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(wallClock, { target });
    await scheduler.schedule(deadline('GRV-A', 60), at(60));
    await scheduler.schedule(deadline('GRV-B', 30), at(30));
    await jest.advanceTimersByTimeAsync(29_999);
    expect(delivered).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(delivered).toEqual(['GRV-B:DEADLINE']);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(delivered).toEqual(['GRV-B:DEADLINE', 'GRV-A:DEADLINE']);
    expect(scheduler.pending).toBe(0);
  });

  it('fires a trigger already past at once', async () => {
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(wallClock, { target });
    await scheduler.schedule(deadline('GRV-A', -60), at(-60));
    await jest.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual(['GRV-A:DEADLINE']);
  });

  it('fires a trigger armed twice once, at its latest time, and a cancelled one never', async () => {
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(wallClock, { target });
    await scheduler.schedule(deadline('GRV-A', 10), at(10));
    await scheduler.schedule(deadline('GRV-A', 10), at(20));
    await scheduler.schedule(deadline('GRV-B', 10), at(10));
    await scheduler.cancel(deadline('GRV-B', 10));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(delivered).toEqual([]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(delivered).toEqual(['GRV-A:DEADLINE']);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(delivered).toEqual(['GRV-A:DEADLINE']);
  });

  it('waits longer than setTimeout allows (~24.8 days) in steps', async () => {
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(wallClock, { target });
    const days40 = 40 * 24 * 3600;
    await scheduler.schedule(deadline('GRV-A', days40), at(days40));
    await jest.advanceTimersByTimeAsync((days40 - 1) * 1000);
    expect(delivered).toEqual([]);
    expect(scheduler.pending).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(delivered).toEqual(['GRV-A:DEADLINE']);
  });

  it('fires nothing after stop', async () => {
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(wallClock, { target });
    await scheduler.schedule(deadline('GRV-A', 10), at(10));
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(delivered).toEqual([]);
  });
});

describe('the timer scheduler driven by the clock (tests)', () => {
  it('arms no timer, and fires nothing until asked', async () => {
    jest.useFakeTimers({ now: T0 });
    try {
      const { delivered, target } = recorder();
      const scheduler = new TimerScheduler(new FixedClock(T0), { target, timers: 'manual' });
      await scheduler.schedule(deadline('GRV-A', -1), at(-1));
      expect(jest.getTimerCount()).toBe(0);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(delivered).toEqual([]);
      expect(scheduler.pending).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fires what is due by the clock, in time order, and keeps the rest', async () => {
    const clock = new FixedClock(T0);
    const { delivered, target } = recorder();
    const scheduler = new TimerScheduler(clock, { target, timers: 'manual' });
    await scheduler.schedule(deadline('GRV-A', 100), at(100));
    await scheduler.schedule(deadline('GRV-A', 100, 'REMINDER'), at(75));
    await scheduler.schedule(deadline('GRV-B', 50), at(50));
    await scheduler.schedule(deadline('GRV-C', 200), at(200));
    await scheduler.schedule(deadline('GRV-D', 300), at(300));
    await scheduler.cancel(deadline('GRV-D', 300));

    expect(await scheduler.fireDue()).toBe(0);
    clock.set(at(49.999));
    expect(await scheduler.fireDue()).toBe(0);
    clock.set(at(100));
    expect(await scheduler.fireDue()).toBe(3);
    expect(delivered).toEqual(['GRV-B:DEADLINE', 'GRV-A:REMINDER', 'GRV-A:DEADLINE']);
    expect(scheduler.pending).toBe(1);
    expect(await scheduler.fireDue()).toBe(0); // fired once only
    clock.set(at(1000));
    expect(await scheduler.fireDue()).toBe(1);
    expect(delivered.at(-1)).toBe('GRV-C:DEADLINE');
    expect(scheduler.pending).toBe(0);
  });

  it('resolves once the deliveries ran, including due triggers they armed', async () => {
    const clock = new FixedClock(T0);
    const finished: string[] = [];
    let scheduler: TimerScheduler;
    const target = async (e: DeadlineEvent) => {
      await new Promise((r) => setTimeout(r, 5));
      finished.push(e.grievanceId);
      // The first delivery arms one already due and one in the future.
      if (e.grievanceId === 'GRV-A') {
        await scheduler.schedule(deadline('GRV-B', 0), at(0));
        await scheduler.schedule(deadline('GRV-C', 60), at(60));
      }
    };
    scheduler = new TimerScheduler(clock, { target, timers: 'manual' });
    await scheduler.schedule(deadline('GRV-A', 0), at(0));
    expect(await scheduler.fireDue()).toBe(2);
    expect(finished).toEqual(['GRV-A', 'GRV-B']);
    expect(scheduler.pending).toBe(1);
  });

  it('keeps firing after a delivery fails, and logs the failure', async () => {
    const logs: string[] = [];
    setLogSink((line) => logs.push(line));
    const clock = new FixedClock(T0);
    const delivered: string[] = [];
    const target = async (e: DeadlineEvent) => {
      delivered.push(e.grievanceId);
      if (e.grievanceId === 'GRV-A') throw new Error('boom');
    };
    const scheduler = new TimerScheduler(clock, { target, timers: 'manual' });
    await scheduler.schedule(deadline('GRV-A', 0), at(0));
    await scheduler.schedule(deadline('GRV-B', 1), at(1));
    clock.set(at(1));
    expect(await scheduler.fireDue()).toBe(2);
    expect(delivered).toEqual(['GRV-A', 'GRV-B']);
    expect(
      logs.filter((l) => l.includes('local deadline delivery failed') && l.includes('GRV-A')),
    ).toHaveLength(1);
  });
});
