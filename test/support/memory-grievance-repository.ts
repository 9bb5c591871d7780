import type { Grievance } from '../../lambdas/domain/grievance';
import { pendingDeadline } from '../../lambdas/domain/grievance-sla';
import { BadRequestError, ConflictError } from '../../lambdas/errors';
import type {
  GrievanceRepository,
  GrievanceSearch,
  PageRequest,
  PendingDeadline,
  QueuePage,
  QueueQuery,
  StoredGrievance,
} from '../../lambdas/ports/grievances';
import type { IdempotencyCompletion } from '../../lambdas/ports/idempotency';
import type { DeadlineEvent } from '../../lambdas/ports/scheduler';

/**
 * An in-memory GrievanceRepository with the DynamoDB one's semantics: optimistic
 * locking on a version, a reminder marked at most once per pending deadline, the
 * staff queue most urgent first. It counts its reads (get) and writes (create, save).
 */
export class MemoryGrievanceRepository implements GrievanceRepository {
  readonly items = new Map<string, StoredGrievance>();
  reads = 0;
  writes = 0;

  async create(grievance: Grievance, idempotency?: IdempotencyCompletion): Promise<void> {
    // Completing an Idempotency-Key needs the DynamoDB store's transaction; no test of this fake asks for it.
    if (idempotency) throw new Error('MemoryGrievanceRepository does not complete Idempotency-Keys');
    this.writes++;
    if (this.items.has(grievance.id)) throw new ConflictError(`Grievance ${grievance.id} already exists.`);
    this.items.set(grievance.id, { grievance: structuredClone(grievance), version: 1 });
  }

  async get(id: string): Promise<StoredGrievance | undefined> {
    this.reads++;
    const stored = this.items.get(id);
    return stored ? structuredClone(stored) : undefined;
  }

  async save(next: Grievance, previous: StoredGrievance): Promise<boolean> {
    this.writes++;
    const current = this.items.get(next.id);
    if (!current || current.version !== previous.version) return false;
    this.items.set(next.id, {
      grievance: structuredClone(next),
      version: current.version + 1,
      ...(previous.remindedFor ? { remindedFor: previous.remindedFor } : {}),
    });
    return true;
  }

  async find(id: string): Promise<Grievance | undefined> {
    return (await this.get(id))?.grievance;
  }

  async listByPhone(phone: string): Promise<Grievance[]> {
    return [...this.items.values()]
      .map((s) => structuredClone(s.grievance))
      .filter((g) => g.customer.phone === phone)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`));
  }

  /** Newest first, paged by an offset cursor bound to the phone. */
  async pageByPhone(phone: string, page: PageRequest): Promise<QueuePage> {
    const newest = (await this.listByPhone(phone)).reverse();
    return offsetPage(newest, `phone|${phone}`, page);
  }

  async search(query: GrievanceSearch): Promise<QueuePage> {
    const named = (g: Grievance) =>
      query.matches.some((m) =>
        m.by === 'GRIEVANCE'
          ? g.id === m.id
          : m.by === 'PHONE'
            ? g.customer.phone === m.phone
            : g.serviceOrderId === m.serviceOrderId,
      );
    const found = [...this.items.values()]
      .map((s) => structuredClone(s.grievance))
      .filter(named)
      .filter((g) => query.levels.includes(g.level))
      .filter((g) => query.status === undefined || g.status === query.status)
      .filter((g) => query.breached === undefined || g.slaBreached === query.breached)
      .filter((g) => heldBy(g, query.assignee))
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`));
    return offsetPage(
      found,
      `search|${JSON.stringify(query.matches)}|${query.levels}|${query.status ?? ''}|${query.breached ?? ''}|${query.assignee ?? ''}`,
      query,
    );
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const fingerprint = `${query.status}|${query.levels.join(',')}|${query.breached ?? ''}|${query.assignee ?? ''}`;
    let start = 0;
    if (query.cursor) {
      const [q, offset] = query.cursor.split('@');
      if (q !== fingerprint || !offset)
        throw new BadRequestError('The cursor is invalid or belongs to another query.');
      start = Number(offset);
    }
    const urgency = (g: Grievance) => `${g.status === 'OPEN' && g.dueAt ? g.dueAt : g.updatedAt}#${g.id}`;
    const ascending = query.status === 'OPEN';
    const matching = [...this.items.values()]
      .map((s) => s.grievance)
      .filter((g) => g.status === query.status && query.levels.includes(g.level))
      .filter((g) => query.breached === undefined || g.slaBreached === query.breached)
      .filter((g) => heldBy(g, query.assignee))
      .sort((a, b) => urgency(a).localeCompare(urgency(b)) * (ascending ? 1 : -1));
    const end = start + query.limit;
    return {
      items: matching.slice(start, end).map((g) => structuredClone(g)),
      nextCursor: end < matching.length ? `${fingerprint}@${end}` : null,
    };
  }

  async deadlines({ until, limit }: { until?: Date; limit: number }): Promise<PendingDeadline[]> {
    return [...this.items.values()]
      .map((s) => ({ g: s.grievance, due: pendingDeadline(s.grievance) }))
      .filter((x) => x.due && (!until || Date.parse(x.due) <= until.getTime()))
      .map((x) => ({ grievanceId: x.g.id, level: x.g.level, dueAt: x.due ?? '', status: x.g.status }))
      .sort((a, b) => `${a.dueAt}#${a.grievanceId}`.localeCompare(`${b.dueAt}#${b.grievanceId}`))
      .slice(0, limit);
  }

  async markReminded(event: DeadlineEvent): Promise<boolean> {
    const stored = this.items.get(event.grievanceId);
    const g = stored?.grievance;
    if (!stored || g?.status !== 'OPEN' || g.level !== event.level || pendingDeadline(g) !== event.dueAt)
      return false;
    if (stored.remindedFor === event.dueAt) return false;
    // Like the DynamoDB update, the version moves too, so a concurrent save cannot drop the mark.
    this.items.set(event.grievanceId, { ...stored, version: stored.version + 1, remindedFor: event.dueAt });
    return true;
  }
}

/** A page of `items` from an offset cursor `<fingerprint>@<offset>`. */
function offsetPage(items: Grievance[], fingerprint: string, page: PageRequest): QueuePage {
  let start = 0;
  if (page.cursor) {
    const [q, offset] = page.cursor.split('@');
    if (q !== fingerprint || !offset)
      throw new BadRequestError('The cursor is invalid or belongs to another query.');
    start = Number(offset);
  }
  const end = start + page.limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? `${fingerprint}@${end}` : null };
}

/** The queue's and search's `assignee` filter: anyone (undefined), nobody (null), or one staff id. */
function heldBy(g: Grievance, assignee: string | null | undefined): boolean {
  if (assignee === undefined) return true;
  return assignee === null ? !g.assignee : g.assignee?.staffId === assignee;
}
