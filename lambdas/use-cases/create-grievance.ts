import { createHash } from 'node:crypto';
import type { Grievance } from '../domain/grievance';
import { createGrievance as applyCreate, type NewGrievance } from '../domain/grievance-rules';
import { newGrievanceId } from '../domain/ids';
import { ValidationError } from '../errors';
import type { IdempotencyClaim, IdempotencyPort, StoredResponse } from '../ports/idempotency';
import type { ServiceOrderReader } from '../ports/service-orders';
import { type GrievanceDeps, performEffects } from './grievance-effects';

export interface CreateGrievanceDeps
  extends Pick<GrievanceDeps, 'grievances' | 'sms' | 'scheduler' | 'clock' | 'settings'> {
  idempotency: IdempotencyPort;
  orders: Pick<ServiceOrderReader, 'get'>;
  newId?: () => string;
}

export interface CreateGrievanceInput {
  grievance: NewGrievance;
  actor: 'CUSTOMER' | 'STAFF';
  staffId?: string;
  /** Whose Idempotency-Keys these are: the customer's phone or the staff member's id. */
  scope: string;
  idempotencyKey?: string | undefined;
  /** The answer's body: customer or staff view. */
  present: (g: Grievance) => unknown;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted keys, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Primary course:
 *  1. A `serviceOrderId` must name an order of the same phone (400 naming the field).
 *  2. With an Idempotency-Key: replay the first answer for the same body (422 for another, 409 while in flight).
 *  3. Open the grievance at level 1 (rule 1).
 *  4. Write it — with the key's answer, in one transaction.
 *  5. Queue the acknowledgement SMS and arm the deadline and its reminder (failures are logged; the sweeper is the net).
 *  6. Answer 201 with the grievance.
 */
export async function createGrievance(
  deps: CreateGrievanceDeps,
  input: CreateGrievanceInput,
): Promise<StoredResponse> {
  const { grievance: data } = input;
  if (data.serviceOrderId) {
    const order = await deps.orders.get(data.serviceOrderId);
    if (!order || order.customer.phone !== data.customer.phone)
      throw new ValidationError([
        { path: 'serviceOrderId', message: 'is not a service order of this phone number' },
      ]);
  }

  const now = deps.clock.now();
  let claim: IdempotencyClaim | undefined;
  if (input.idempotencyKey !== undefined) {
    if (!KEY_PATTERN.test(input.idempotencyKey))
      throw new ValidationError([{ path: 'Idempotency-Key', message: 'must be 1–255 printable characters' }]);
    const hash = createHash('sha256').update(canonical(data)).digest('base64url');
    const begun = await deps.idempotency.begin(input.scope, input.idempotencyKey, hash, now);
    if (begun.kind === 'REPLAY') return begun.response;
    claim = begun.claim;
  }

  const change = applyCreate(
    data,
    {
      id: (deps.newId ?? newGrievanceId)(),
      now,
      actor: input.actor,
      ...(input.staffId ? { staffId: input.staffId } : {}),
    },
    deps.settings,
  );
  const response: StoredResponse = { status: 201, body: input.present(change.grievance) };
  try {
    await deps.grievances.create(change.grievance, claim ? { claim, response } : undefined);
  } catch (error) {
    if (claim) await deps.idempotency.release(claim).catch(() => undefined);
    throw error;
  }
  await performEffects(deps, change.effects, change.grievance);
  return response;
}
