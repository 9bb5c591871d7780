import { DynamoGrievanceRepository } from '../adapters/dynamodb/grievance-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { config } from '../config';
import type { GrievanceSettings } from '../domain/grievance-sla';
import { documentClient, tableName } from './dynamodb';

export function grievanceSettings(): GrievanceSettings {
  const c = config();
  return {
    slaLevelHours: c.SLA_LEVEL_HOURS,
    feedbackWindowHours: c.FEEDBACK_WINDOW_HOURS,
    reminderFraction: c.SLA_REMINDER_FRACTION,
  };
}

/** The grievance repository on this container's document client (cheap: build per request). */
export function grievanceRepository(idempotency?: DynamoIdempotencyStore): DynamoGrievanceRepository {
  return new DynamoGrievanceRepository(documentClient(), tableName(), idempotency);
}

export function idempotencyStore(): DynamoIdempotencyStore {
  return new DynamoIdempotencyStore(documentClient(), tableName(), {
    ttlHours: config().IDEMPOTENCY_TTL_HOURS,
  });
}
