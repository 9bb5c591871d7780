import type { Grievance } from '../../lambdas/domain/grievance';
import { createGrievance, staffRespond } from '../../lambdas/domain/grievance-rules';
import { setLogSink } from '../../lambdas/logger';
import { setMetricSink } from '../../lambdas/metrics';
import type { Alert } from '../../lambdas/ports/alerts';
import type { GrievanceRepository, StoredGrievance } from '../../lambdas/ports/grievances';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';
import type { QueuedSms } from '../../lambdas/ports/sms-queue';
import { performEffects, updateGrievance } from '../../lambdas/use-cases/grievance-effects';
import { SETTINGS, T0 } from '../support/grievances';

const fail = async () => {
  throw new Error('port down');
};

const opened = () =>
  createGrievance(
    {
      customer: { name: 'A', phone: '+919812345670' },
      category: 'OTHER',
      description: 'Long enough text.',
      channel: 'WEB',
    },
    { id: 'GRV-ABCDEFGHJK', now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  );

describe('performing the effects of a grievance change', () => {
  const metrics: string[] = [];
  const logs: string[] = [];
  beforeAll(() => {
    process.env.METRICS_DISABLED = 'false';
    setMetricSink((line) => metrics.push(line));
    setLogSink((line) => logs.push(line));
  });
  afterAll(() => {
    process.env.METRICS_DISABLED = 'true';
  });
  beforeEach(() => {
    metrics.length = 0;
    logs.length = 0;
  });
  const counted = (name: string) => metrics.filter((l) => JSON.parse(l)[name] === 1).length;

  it('queues the SMS under the id of its cause and arms the deadline and its reminder, counting the creation', async () => {
    const { effects, grievance } = opened();
    const queued: QueuedSms[] = [];
    const armed: DeadlineEvent[] = [];
    await performEffects(
      {
        sms: { enqueue: async (m) => void queued.push(m) },
        scheduler: { schedule: async (e) => void armed.push(e), cancel: async () => undefined },
      },
      effects,
      grievance,
    );
    expect(queued).toEqual([
      {
        id: 'GRV-ABCDEFGHJK/1/GRIEVANCE_REGISTERED',
        to: '+919812345670',
        body: effects.sms[0]?.body,
        kind: 'GRIEVANCE_REGISTERED',
        about: { grievanceId: 'GRV-ABCDEFGHJK' },
      },
    ]);
    expect(armed).toEqual(effects.arm.map((a) => a.event));
    expect(counted('GrievanceCreated')).toBe(1);
  });

  it('logs and counts a failing SMS, alert and schedule, and still performs the others', async () => {
    const alerts: Alert[] = [];
    const armed: DeadlineEvent[] = [];
    const event = { grievanceId: 'GRV-ABCDEFGHJK', level: 1, dueAt: '2026-03-04T09:00:00.000Z' };
    const alert: Alert = { topic: 'level-1', subject: 's', body: 'b' };
    await performEffects(
      {
        sms: { enqueue: fail },
        alerts: { publish: async (a) => void alerts.push(a) },
        scheduler: { schedule: async (e) => void armed.push(e), cancel: fail },
      },
      {
        sms: [{ to: '+919812345670', body: 'hello', kind: 'GRIEVANCE_REGISTERED' }],
        alerts: [alert],
        arm: [{ event, at: event.dueAt }],
        disarm: [event],
        metrics: [],
      },
      { id: 'GRV-ABCDEFGHJK', timeline: [] },
    );
    expect(alerts).toEqual([alert]);
    expect(armed).toEqual([event]);
    expect(counted('SmsFailed')).toBe(1);
    expect(counted('ScheduleFailed')).toBe(1);
    expect(logs.filter((l) => l.includes('carrying on'))).toHaveLength(2);

    await performEffects(
      { alerts: { publish: fail } },
      { sms: [], alerts: [alert], arm: [], disarm: [], metrics: [] },
      { id: 'GRV-ABCDEFGHJK', timeline: [] },
    );
    expect(counted('AlertFailed')).toBe(1);
  });

  it('keeps a written change when its effects fail', async () => {
    const first = opened().grievance;
    let stored: StoredGrievance = { grievance: first, version: 1 };
    const grievances: Pick<GrievanceRepository, 'get' | 'save'> = {
      get: async () => structuredClone(stored),
      save: async (next, previous) => {
        if (previous.version !== stored.version) return false;
        stored = { grievance: next, version: stored.version + 1 };
        return true;
      },
    };
    const resolved = await updateGrievance(
      {
        grievances,
        sms: { enqueue: fail },
        alerts: { publish: fail },
        scheduler: { schedule: fail, cancel: fail },
      },
      first.id,
      (current: Grievance) =>
        staffRespond(current, { message: 'Fixed.', resolve: true }, { sub: 's', level: 1 }, T0, SETTINGS),
    );
    expect(resolved.status).toBe('RESOLVED');
    expect(stored.grievance).toEqual(resolved);
    expect(counted('SmsFailed')).toBe(1);
    // Disarming the deadline and its reminder, arming the feedback window.
    expect(counted('ScheduleFailed')).toBe(3);
  });
});
