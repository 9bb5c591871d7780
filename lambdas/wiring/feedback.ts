import { alertPublisher } from './alerts';
import { apiScheduler } from './api-scheduler';
import { clock } from './clock';
import { grievanceRepository, grievanceSettings } from './grievances';
import { smsSender } from './sms';

/** Deps of POST /grievances/{id}/feedback (an unsatisfied customer escalates: SMS, alert, deadline). */
export function feedbackDeps() {
  return {
    grievances: grievanceRepository(),
    sms: smsSender(),
    alerts: alertPublisher(),
    scheduler: apiScheduler(),
    clock: clock(),
    settings: grievanceSettings(),
  };
}
