import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Grievance, GrievanceStatus, Level } from '../../domain/grievance';
import { pendingDeadline } from '../../domain/grievance-rules';
import { BadRequestError, ConflictError } from '../../errors';
import type { DeadlineEvent } from '../../ports/scheduler';
import { DEADLINE_PARTITION, INDEXES, keys } from '../../table';
import { GRIEVANCE_PREFIX, listGrievancesByPhone, toGrievance } from './grievance-reader';
import type { DynamoIdempotencyStore, IdempotencyCompletion } from './idempotency-store';

/** A grievance as read, with the optimistic-lock version its next write must match. */
export interface StoredGrievance {
  grievance: Grievance;
  version: number;
  /** Bookkeeping kept across writes: the deadline whose reminder already went out. */
  remindedFor?: string;
}

export interface QueueQuery {
  levels: Level[];
  status: GrievanceStatus;
  breached?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A deadline from the byDeadline index, with the status it belongs to (OPEN: SLA, RESOLVED: feedback). */
export type PendingDeadline = DeadlineEvent & { status: GrievanceStatus };

export interface QueuePage {
  items: Grievance[];
  nextCursor: string | null;
}

export interface GrievanceRepository {
  /** Writes a new grievance (and, when given, completes its Idempotency-Key) in one transaction. */
  create(grievance: Grievance, idempotency?: IdempotencyCompletion): Promise<void>;
  get(id: string): Promise<StoredGrievance | undefined>;
  /** Replaces the grievance if it is still as `previous` read it; false when someone else wrote first. */
  save(next: Grievance, previous: StoredGrievance): Promise<boolean>;
  listByPhone(phone: string): Promise<Grievance[]>;
  /** The staff queue: the status's partitions for `levels`, merged by urgency, cursor-paginated. */
  queue(query: QueueQuery): Promise<QueuePage>;
  /** Pending deadlines due at or before `until` (all when absent), earliest first. */
  deadlines(options: { until?: Date; limit: number }): Promise<PendingDeadline[]>;
  /** Records that the reminder for `event` went out; false when it is no longer due or already sent. */
  markReminded(event: DeadlineEvent): Promise<boolean>;
}

type Key = Record<string, unknown>;

/** The key and index attributes a stored grievance carries besides its own fields. */
export function grievanceIndexAttributes(g: Grievance): Record<string, string> {
  const deadline = pendingDeadline(g);
  return {
    ...keys.grievance(g.id),
    gsi1pk: keys.phonePartition(g.customer.phone),
    gsi1sk: `${GRIEVANCE_PREFIX}${g.createdAt}#${g.id}`,
    queuePk: queuePartition(g.status, g.level),
    // OPEN: most urgent first; otherwise by last change.
    queueSk: `${g.status === 'OPEN' && g.dueAt ? g.dueAt : g.updatedAt}#${g.id}`,
    ...(deadline ? { deadlinePk: DEADLINE_PARTITION, deadlineSk: `${deadline}#${g.id}` } : {}),
  };
}

const queuePartition = (status: GrievanceStatus, level: Level) => `${status}#${level}`;

interface CursorState {
  /** What the cursor was made for: a cursor is only valid for the same query. */
  q: string;
  /** Per level: the last key taken, 0 = not started, 1 = exhausted. */
  p: Record<string, Key | 0 | 1>;
}

const fingerprint = (q: QueueQuery) => `${q.status}|${q.levels.join(',')}|${q.breached ?? ''}`;

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string, q: QueueQuery): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (state && state.q === fingerprint(q) && typeof state.p === 'object') return state;
  } catch {
    // fall through
  }
  throw new BadRequestError('The cursor is invalid or belongs to another query.');
}

const queueKey = (item: Record<string, unknown>): Key => ({
  pk: item.pk,
  sk: item.sk,
  queuePk: item.queuePk,
  queueSk: item.queueSk,
});

export class DynamoGrievanceRepository implements GrievanceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly idempotency?: DynamoIdempotencyStore,
  ) {}

  private item(g: Grievance, version: number, remindedFor?: string) {
    return { ...g, ...grievanceIndexAttributes(g), version, ...(remindedFor ? { remindedFor } : {}) };
  }

  async create(grievance: Grievance, idempotency?: IdempotencyCompletion): Promise<void> {
    const put = {
      TableName: this.table,
      Item: this.item(grievance, 1),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (!idempotency) {
      try {
        await this.db.send(new PutCommand(put));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConflictError(`Grievance ${grievance.id} already exists.`);
        throw error;
      }
      return;
    }
    if (!this.idempotency) throw new Error('idempotency store not configured');
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: put }, this.idempotency.completionItem(idempotency)],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [grievanceReason, keyReason] = error.CancellationReasons ?? [];
        if (keyReason?.Code === 'ConditionalCheckFailed')
          throw new ConflictError('This Idempotency-Key was taken over by another request.');
        if (grievanceReason?.Code === 'ConditionalCheckFailed')
          throw new ConflictError(`Grievance ${grievance.id} already exists.`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<StoredGrievance | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.grievance(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      grievance: toGrievance(Item),
      version: Number(Item.version ?? 0),
      ...(typeof Item.remindedFor === 'string' ? { remindedFor: Item.remindedFor } : {}),
    };
  }

  async save(next: Grievance, previous: StoredGrievance): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: this.item(next, previous.version + 1, previous.remindedFor),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': previous.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  listByPhone(phone: string): Promise<Grievance[]> {
    return listGrievancesByPhone(this.db, this.table, phone);
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const state: CursorState = query.cursor
      ? decodeCursor(query.cursor, query)
      : { q: fingerprint(query), p: Object.fromEntries(query.levels.map((l) => [String(l), 0])) };
    const ascending = query.status === 'OPEN';

    const fetched = await Promise.all(
      query.levels.map(async (level) => {
        const from = state.p[String(level)] ?? 0;
        if (from === 1) return { level, items: [], more: false };
        return {
          level,
          ...(await this.fetchPartition(query, level, from === 0 ? undefined : from, ascending)),
        };
      }),
    );
    const merged = fetched
      .flatMap((f) => f.items.map((item) => ({ level: f.level, item })))
      .sort((a, b) => {
        const x = String(a.item.queueSk);
        const y = String(b.item.queueSk);
        return x === y ? 0 : x < y === ascending ? -1 : 1;
      });
    const taken = merged.slice(0, query.limit);

    const next: CursorState = { q: state.q, p: { ...state.p } };
    for (const f of fetched) {
      const mine = taken.filter((t) => t.level === f.level);
      const last = mine.at(-1);
      if (last) next.p[String(f.level)] = queueKey(last.item);
      if (mine.length === f.items.length && !f.more) next.p[String(f.level)] = 1;
    }
    const done = query.levels.every((l) => next.p[String(l)] === 1);
    return {
      items: taken.map((t) => toGrievance(t.item)),
      nextCursor: done ? null : encodeCursor(next),
    };
  }

  /** Up to `limit` matching items of one queue partition after `start`; `more` when it has further pages. */
  private async fetchPartition(query: QueueQuery, level: Level, start: Key | undefined, ascending: boolean) {
    const items: Record<string, unknown>[] = [];
    let exclusiveStart = start;
    let more = true;
    while (items.length < query.limit && more) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.queue.name,
          KeyConditionExpression: 'queuePk = :pk',
          ...(query.breached === undefined
            ? { ExpressionAttributeValues: { ':pk': queuePartition(query.status, level) } }
            : {
                FilterExpression: 'slaBreached = :b',
                ExpressionAttributeValues: {
                  ':pk': queuePartition(query.status, level),
                  ':b': query.breached,
                },
              }),
          ScanIndexForward: ascending,
          Limit: query.limit,
          ExclusiveStartKey: exclusiveStart,
        }),
      );
      items.push(...(page.Items ?? []));
      exclusiveStart = page.LastEvaluatedKey;
      more = exclusiveStart !== undefined;
    }
    return { items, more };
  }

  async deadlines(options: { until?: Date; limit: number }): Promise<PendingDeadline[]> {
    const out: PendingDeadline[] = [];
    let start: Key | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.byDeadline.name,
          KeyConditionExpression: options.until
            ? 'deadlinePk = :p AND deadlineSk <= :until'
            : 'deadlinePk = :p',
          ExpressionAttributeValues: {
            ':p': DEADLINE_PARTITION,
            ...(options.until ? { ':until': `${options.until.toISOString()}#\uffff` } : {}),
          },
          ProjectionExpression: 'id, #level, #status, deadlineSk',
          ExpressionAttributeNames: { '#level': 'level', '#status': 'status' },
          Limit: Math.min(options.limit - out.length, 500),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const dueAt = String(item.deadlineSk).split('#')[0] ?? '';
        out.push({
          grievanceId: String(item.id),
          level: Number(item.level),
          dueAt,
          status: item.status as GrievanceStatus,
        });
      }
      start = page.LastEvaluatedKey;
    } while (start && out.length < options.limit);
    return out;
  }

  async markReminded(event: DeadlineEvent): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.grievance(event.grievanceId),
          // The version moves too, so a concurrent read-modify-write cannot drop remindedFor.
          UpdateExpression: 'SET remindedFor = :d, version = version + :one',
          ConditionExpression:
            '#status = :open AND #level = :l AND dueAt = :d AND deadlineSk = :sk AND ' +
            '(attribute_not_exists(remindedFor) OR remindedFor <> :d)',
          ExpressionAttributeNames: { '#status': 'status', '#level': 'level' },
          ExpressionAttributeValues: {
            ':open': 'OPEN',
            ':l': event.level,
            ':d': event.dueAt,
            ':sk': `${event.dueAt}#${event.grievanceId}`,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
