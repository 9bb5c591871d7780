import type { Grievance } from '../domain/grievance';
import type { Change, Effects } from '../domain/grievance-rules';
import type { GrievanceSettings } from '../domain/grievance-sla';
import { ConflictError, NotFoundError } from '../errors';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { AlertPublisher } from '../ports/alerts';
import type { Clock } from '../ports/clock';
import type { GrievanceRepository, StoredGrievance } from '../ports/grievances';
import type { DeadlineScheduler } from '../ports/scheduler';
import type { SmsSender } from '../ports/sms';

/** Everything the grievance use cases may need; each takes only the part it uses. */
export interface GrievanceDeps {
  grievances: GrievanceRepository;
  sms: SmsSender;
  alerts: AlertPublisher;
  scheduler: DeadlineScheduler;
  clock: Clock;
  settings: GrievanceSettings;
}

export type EffectPorts = Partial<Pick<GrievanceDeps, 'sms' | 'alerts' | 'scheduler'>>;

/**
 * Performs a change's effects after the grievance was written. A failing SMS,
 * alert or schedule never undoes the change: it is logged and counted, and the
 * sweeper escalates any deadline whose schedule was lost.
 */
export async function performEffects(
  ports: EffectPorts,
  effects: Effects,
  grievanceId: string,
): Promise<void> {
  for (const name of effects.metrics) metric(name);
  const guard = (what: 'SmsFailed' | 'AlertFailed' | 'ScheduleFailed', run: () => Promise<void>) =>
    run().catch((error: unknown) => {
      metric(what);
      logger.error(`${what}: carrying on`, { grievanceId, error });
    });
  const { sms, alerts, scheduler } = ports;
  await Promise.all([
    ...effects.sms.map((m) =>
      guard('SmsFailed', async () => {
        if (!sms) throw new Error('no SMS port');
        await sms.send({ to: m.to, body: m.body, kind: 'GRIEVANCE' });
      }),
    ),
    ...effects.alerts.map((a) =>
      guard('AlertFailed', async () => {
        if (!alerts) throw new Error('no alerts port');
        await alerts.publish(a);
      }),
    ),
    ...effects.disarm.map((e) =>
      guard('ScheduleFailed', async () => {
        if (!scheduler) throw new Error('no scheduler port');
        await scheduler.cancel(e);
      }),
    ),
    ...effects.arm.map((a) =>
      guard('ScheduleFailed', async () => {
        if (!scheduler) throw new Error('no scheduler port');
        await scheduler.schedule(a.event, new Date(a.at));
      }),
    ),
  ]);
}

const ATTEMPTS = 5;

/**
 * Read–decide–conditional-write, again while someone else wrote in between
 * (an escalation and a staff note racing). `decide` throws the 4xx of a refused
 * action; the effects run only for the write that won.
 */
export async function updateGrievance(
  deps: Pick<GrievanceDeps, 'grievances'> & EffectPorts,
  id: string,
  decide: (current: Grievance, stored: StoredGrievance) => Change,
): Promise<Grievance> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stored = await deps.grievances.get(id);
    if (!stored) throw new NotFoundError('No such grievance.');
    const change = decide(stored.grievance, stored);
    if (await deps.grievances.save(change.grievance, stored)) {
      await performEffects(deps, change.effects, id);
      return change.grievance;
    }
  }
  throw new ConflictError('The grievance changed while this request was processed; try again.');
}
