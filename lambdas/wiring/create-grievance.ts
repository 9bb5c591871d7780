import { DynamoServiceOrderReader } from '../adapters/dynamodb/service-order-repository';
import type { CreateGrievanceDeps } from '../use-cases/create-grievance';
import { apiScheduler } from './api-scheduler';
import { clock } from './clock';
import { documentClient, tableName } from './dynamodb';
import { grievanceRepository, grievanceSettings, idempotencyStore } from './grievances';
import { smsSender } from './sms';

/** Deps of the two create routes, built per request so ports provided later (tests) take effect. */
export function createGrievanceDeps(): CreateGrievanceDeps {
  const idempotency = idempotencyStore();
  return {
    grievances: grievanceRepository(idempotency),
    idempotency,
    orders: new DynamoServiceOrderReader(documentClient(), tableName()),
    sms: smsSender(),
    scheduler: apiScheduler(),
    clock: clock(),
    settings: grievanceSettings(),
  };
}
