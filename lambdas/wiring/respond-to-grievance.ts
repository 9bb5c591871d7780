import { apiScheduler } from './api-scheduler';
import { clock } from './clock';
import { grievanceRepository, grievanceSettings } from './grievances';
import { smsSender } from './sms';

/** Deps of the staff response route (SMS on resolution; no alerts). */
export function respondDeps() {
  return {
    grievances: grievanceRepository(),
    sms: smsSender(),
    scheduler: apiScheduler(),
    clock: clock(),
    settings: grievanceSettings(),
  };
}
