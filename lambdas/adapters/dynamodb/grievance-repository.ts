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
import { pendingDeadline } from '../../domain/grievance-sla';
import { ConflictError } from '../../errors';
import type {
  GrievanceReader,
  GrievanceRepository,
  PendingDeadline,
  QueuePage,
  QueueQuery,
  StoredGrievance,
} from '../../ports/grievances';
import type { IdempotencyCompletion } from '../../ports/idempotency';
import type { DeadlineEvent } from '../../ports/scheduler';
import { DEADLINE_PARTITION, INDEXES, keys } from '../../table';
import type { DynamoIdempotencyStore } from './idempotency-store';
import { type Key, mergedPage } from './merged-page';

const GRIEVANCE_PREFIX = 'GRV#';

/** Strips the table's key and index attributes off a stored grievance. */
export function toGrievance(item: Record<string, unknown>): Grievance {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    queuePk: _c,
    queueSk: _d,
    deadlinePk: _e,
    deadlineSk: _f,
    version: _g,
    remindedFor: _h,
    ...rest
  } = item;
  return rest as unknown as Grievance;
}

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

const fingerprint = (q: QueueQuery) => `${q.status}|${q.levels.join(',')}|${q.breached ?? ''}`;

const queueKey = (item: Record<string, unknown>): Key => ({
  pk: item.pk,
  sk: item.sk,
  queuePk: item.queuePk,
  queueSk: item.queueSk,
});

/**
 * Reads grievances: by id, by phone, the staff queue and pending deadlines —
 * nothing here needs more than read access to the table.
 */
export class DynamoGrievanceReader implements GrievanceReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

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

  /** One grievance by id, eventually consistent (a key read at half the cost). */
  async find(id: string): Promise<Grievance | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.grievance(id) }));
    return Item ? toGrievance(Item) : undefined;
  }

  /** Grievances of one phone, oldest first, through the byPhone index. */
  async listByPhone(phone: string): Promise<Grievance[]> {
    const out: Grievance[] = [];
    let start: Key | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.byPhone.name,
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :g)',
          ExpressionAttributeValues: { ':p': keys.phonePartition(phone), ':g': GRIEVANCE_PREFIX },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(toGrievance(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const ascending = query.status === 'OPEN';
    const page = await mergedPage({
      partitions: query.levels,
      fingerprint: fingerprint(query),
      cursor: query.cursor,
      limit: query.limit,
      ascending,
      sortKey: (item) => String(item.queueSk),
      keyOf: queueKey,
      fetch: (level, start) => this.fetchPartition(query, level, start, ascending),
    });
    return { items: page.items.map(toGrievance), nextCursor: page.nextCursor };
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
}

/** Reads and writes: creates, conditional saves and reminder bookkeeping. */
export class DynamoGrievanceRepository extends DynamoGrievanceReader implements GrievanceRepository {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    private readonly idempotency?: DynamoIdempotencyStore,
  ) {
    super(db, table);
  }

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
