import type { Grievance } from '../domain/grievance';
import type { Effects } from '../domain/grievance-rules';
import type { GrievanceSettings } from '../domain/grievance-sla';
import { queuedSmsId } from '../domain/sms-delivery';
import { type AppError, ConflictError, NotFoundError } from '../errors';
import { logger } from '../logger';
import { metric } from '../metrics';
import type { AlertPublisher } from '../ports/alerts';
import type { Clock } from '../ports/clock';
import type { GrievanceRepository, StoredGrievance } from '../ports/grievances';
import type { DeadlineScheduler } from '../ports/scheduler';
import type { SmsQueue } from '../ports/sms-queue';

/** Everything the grievance use cases may need; each takes only the part it uses. */
export interface GrievanceDeps {
  grievances: GrievanceRepository;
  /** Customer SMS go through the queue (OTPs alone are sent at once). */
  sms: SmsQueue;
  alerts: AlertPublisher;
  scheduler: DeadlineScheduler;
  clock: Clock;
  settings: GrievanceSettings;
}

/**
 * The ports that performing `E` needs: SMS for its SMS, alerts for its alerts,
 * the scheduler for deadlines to arm or disarm — none for a kind `E` cannot hold.
 */
export type EffectPorts<E extends Effects> = ([E['sms']] extends [never[]] ? unknown : { sms: SmsQueue }) &
  ([E['alerts']] extends [never[]] ? unknown : { alerts: AlertPublisher }) &
  ([E['arm'] | E['disarm']] extends [never[]] ? unknown : { scheduler: DeadlineScheduler });

/**
 * Performs a change's effects after `written` (the grievance as the change wrote it) was stored.
 * SMS are queued, each with the id of its cause (the grievance, its timeline's length after this
 * write, the SMS kind), so a duplicate is sent once. A failing SMS hand-off, alert or schedule
 * never undoes the change: it is logged and counted, and the sweeper escalates any deadline whose
 * schedule was lost.
 */
export async function performEffects<E extends Effects>(
  ports: EffectPorts<E>,
  effects: E,
  written: Pick<Grievance, 'id' | 'timeline'>,
): Promise<void> {
  const grievanceId = written.id;
  for (const name of effects.metrics) metric(name);
  const guard = (what: 'SmsFailed' | 'AlertFailed' | 'ScheduleFailed', run: () => Promise<void>) =>
    run().catch((error: unknown) => {
      metric(what);
      logger.error(`${what}: carrying on`, { grievanceId, error });
    });
  // `ports` holds the port of every kind `effects` can hold; the lists of the
  // other kinds are typed never[], so they are empty and their ports never used.
  const { sms, alerts, scheduler } = ports as EffectPorts<Effects>;
  await Promise.all([
    ...effects.sms.map((m) =>
      guard('SmsFailed', () =>
        sms.enqueue({
          id: queuedSmsId({ grievanceId }, written.timeline.length, m.kind),
          to: m.to,
          body: m.body,
          kind: m.kind,
          about: { grievanceId },
        }),
      ),
    ),
    ...effects.alerts.map((a) => guard('AlertFailed', () => alerts.publish(a))),
    ...effects.disarm.map((e) => guard('ScheduleFailed', () => scheduler.cancel(e))),
    ...effects.arm.map((a) => guard('ScheduleFailed', () => scheduler.schedule(a.event, new Date(a.at)))),
  ]);
}

const ATTEMPTS = 5;

/**
 * Read–decide–conditional-write, again while someone else wrote in between
 * (an escalation and a staff note racing). `decide` throws the 4xx of a refused
 * action; the effects run only for the write that won. Give `decide`'s
 * parameter its type, so `E` is inferred from what it returns and `deps` must
 * hold exactly the ports those effects need.
 */
export async function updateGrievance<E extends Effects>(
  deps: { grievances: Pick<GrievanceRepository, 'get' | 'save'> } & EffectPorts<E>,
  id: string,
  decide: (
    current: Grievance,
    stored: StoredGrievance,
  ) => { grievance: Grievance; effects: E; refusal?: AppError | undefined },
): Promise<Grievance> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stored = await deps.grievances.get(id);
    if (!stored) throw new NotFoundError('No such grievance.');
    const change = decide(stored.grievance, stored);
    if (await deps.grievances.save(change.grievance, stored)) {
      await performEffects(deps, change.effects, change.grievance);
      if (change.refusal) throw change.refusal;
      return change.grievance;
    }
  }
  throw new ConflictError('The grievance changed while this request was processed; try again.');
}
