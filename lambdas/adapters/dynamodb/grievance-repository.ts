import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Grievance, GrievanceStatus, Level } from '../../domain/grievance';
import { pendingDeadline } from '../../domain/grievance-sla';
import {
  DEFAULT_REPORT_TIME_ZONE,
  isEmptyDelta,
  type StatsDelta,
  statsDelta,
} from '../../domain/grievance-stats';
import { ConflictError } from '../../errors';
import type {
  DeadlineReader,
  GrievanceReader,
  GrievanceRepository,
  GrievanceSearch,
  PageRequest,
  PendingDeadline,
  QueuePage,
  QueueQuery,
  StoredGrievance,
} from '../../ports/grievances';
import type { IdempotencyCompletion } from '../../ports/idempotency';
import type { DeadlineEvent } from '../../ports/scheduler';
import { DEADLINE_PARTITION, INDEXES, keys } from '../../table';
import type { SignedCursors } from './cursor';
import type { DynamoIdempotencyStore } from './idempotency-store';
import { type Key, mergedPage } from './merged-page';
import { inMemoryFetch, queryAll, queryAtLeast } from './query-pages';

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
    parentPk: _p,
    parentSk: _q,
    version: _g,
    remindedFor: _h,
    ...rest
  } = item;
  return rest as unknown as Grievance;
}

/**
 * One grievance by id, eventually consistent (a key read at half the cost): the reader's `find`,
 * and on its own for a function that needs nothing else of the reader (POST /otp's look-up by
 * grievance id), so its bundle does not carry the queues, searches and cursors.
 */
export async function findGrievance(
  db: DynamoDBDocumentClient,
  table: string,
  id: string,
): Promise<Grievance | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.grievance(id) }));
  return Item ? toGrievance(Item) : undefined;
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
    // Sparse: only grievances about a service order, found by it in a staff search.
    ...(g.serviceOrderId
      ? {
          parentPk: keys.serviceOrderGrievancesPartition(g.serviceOrderId),
          parentSk: `${g.createdAt}#${g.id}`,
        }
      : {}),
  };
}

const queuePartition = (status: GrievanceStatus, level: Level) => `${status}#${level}`;

const assigneeKey = (a: QueueQuery['assignee']) => (a === undefined ? '' : a === null ? '∅' : `@${a}`);
const fingerprint = (q: QueueQuery) =>
  `${q.status}|${q.levels.join(',')}|${q.breached ?? ''}|${assigneeKey(q.assignee)}`;

/**
 * The queue's filters, applied by DynamoDB to the items the partition's Query
 * reads (a filter within the indexed query, not an index of its own): a page
 * costs the items read until it is full, so a rare match reads further.
 */
function queueFilter(query: QueueQuery) {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.breached !== undefined) {
    parts.push('slaBreached = :b');
    values[':b'] = query.breached;
  }
  if (query.assignee === null) parts.push('attribute_not_exists(assignee)');
  else if (query.assignee !== undefined) {
    parts.push('assignee.staffId = :who');
    values[':who'] = query.assignee;
  }
  return parts.length ? { FilterExpression: parts.join(' AND '), values } : { values };
}

const queueKey = (item: Record<string, unknown>): Key => ({
  pk: item.pk,
  sk: item.sk,
  queuePk: item.queuePk,
  queueSk: item.queueSk,
});

const phoneKey = (item: Record<string, unknown>): Key => ({
  pk: item.pk,
  sk: item.sk,
  gsi1pk: item.gsi1pk,
  gsi1sk: item.gsi1sk,
});

/** Newest first, across look-ups: creation time, then id. */
const newest = (g: Grievance): string => `${g.createdAt}#${g.id}`;

/**
 * Reads grievances: by id, by phone, the staff queue and searches —
 * nothing here needs more than read access to the table.
 */
export class DynamoGrievanceReader implements GrievanceReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
    /** Signs and checks the lists' cursors. */
    protected readonly cursors: SignedCursors,
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
  find(id: string): Promise<Grievance | undefined> {
    return findGrievance(this.db, this.table, id);
  }

  /** Grievances of one phone, oldest first, through the byPhone index. */
  async listByPhone(phone: string): Promise<Grievance[]> {
    const items = await queryAll(this.db, this.byPhoneQuery(phone, true));
    return items.map(toGrievance);
  }

  private byPhoneQuery(phone: string, ascending: boolean) {
    return {
      TableName: this.table,
      IndexName: INDEXES.byPhone.name,
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :g)',
      ExpressionAttributeValues: { ':p': keys.phonePartition(phone), ':g': GRIEVANCE_PREFIX },
      ScanIndexForward: ascending,
    };
  }

  /** A page of one phone's grievances, newest first, through the byPhone index. */
  async pageByPhone(phone: string, request: PageRequest): Promise<QueuePage> {
    const page = await mergedPage({
      partitions: ['phone'],
      fingerprint: `grievances-of|${phone}`,
      cursor: request.cursor,
      cursors: this.cursors,
      limit: request.limit,
      ascending: false,
      sortKey: (item) => String(item.gsi1sk),
      keyOf: phoneKey,
      // One more than a page, so a last full page has no cursor to an empty one.
      fetch: (_p, start) => queryAtLeast(this.db, this.byPhoneQuery(phone, false), request.limit + 1, start),
    });
    return { items: page.items.map(toGrievance), nextCursor: page.nextCursor };
  }

  /** A service order's grievances, newest first, through the byParent index. */
  private async listByServiceOrder(serviceOrderId: string): Promise<Grievance[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: INDEXES.byParent.name,
      KeyConditionExpression: 'parentPk = :p',
      ExpressionAttributeValues: { ':p': keys.serviceOrderGrievancesPartition(serviceOrderId) },
      ScanIndexForward: false,
    });
    return items.map(toGrievance);
  }

  /**
   * A staff search: each match is one GetItem or one index query (a phone's and an
   * order's grievances are small sets), their union filtered by levels and the
   * filters, newest first, paged in memory with a signed cursor.
   */
  async search(query: GrievanceSearch): Promise<QueuePage> {
    const found = await Promise.all(
      query.matches.map(async (m): Promise<Grievance[]> => {
        if (m.by === 'GRIEVANCE') {
          const g = await this.find(m.id);
          return g ? [g] : [];
        }
        return m.by === 'PHONE' ? this.listByPhone(m.phone) : this.listByServiceOrder(m.serviceOrderId);
      }),
    );
    const byId = new Map(found.flat().map((g) => [g.id, g]));
    const matching = [...byId.values()]
      .filter((g) => query.levels.includes(g.level))
      .filter((g) => query.status === undefined || g.status === query.status)
      .filter((g) => query.breached === undefined || g.slaBreached === query.breached)
      .filter(
        (g) =>
          query.assignee === undefined ||
          (query.assignee === null ? !g.assignee : g.assignee?.staffId === query.assignee),
      )
      .sort((a, b) => (newest(a) < newest(b) ? 1 : -1));
    const fingerprint = [
      'grievance-search',
      JSON.stringify(query.matches),
      query.levels.join(','),
      query.status ?? '',
      query.breached ?? '',
      assigneeKey(query.assignee),
    ].join('|');
    return mergedPage({
      partitions: ['found'],
      fingerprint,
      cursor: query.cursor,
      cursors: this.cursors,
      limit: query.limit,
      ascending: false,
      sortKey: newest,
      keyOf: (g) => ({ sk: newest(g) }),
      fetch: inMemoryFetch(matching, newest, false),
    });
  }

  async queue(query: QueueQuery): Promise<QueuePage> {
    const ascending = query.status === 'OPEN';
    const page = await mergedPage({
      partitions: query.levels,
      fingerprint: fingerprint(query),
      cursor: query.cursor,
      cursors: this.cursors,
      limit: query.limit,
      ascending,
      sortKey: (item) => String(item.queueSk),
      keyOf: queueKey,
      fetch: (level, start) => this.fetchPartition(query, level, start, ascending),
    });
    return { items: page.items.map(toGrievance), nextCursor: page.nextCursor };
  }

  /** At least a page (and one more) of matching items of one queue partition after `start`, unless it runs out. */
  private fetchPartition(query: QueueQuery, level: Level, start: Key | undefined, ascending: boolean) {
    const filter = queueFilter(query);
    return queryAtLeast(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEXES.queue.name,
        KeyConditionExpression: 'queuePk = :pk',
        ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression } : {}),
        ExpressionAttributeValues: { ':pk': queuePartition(query.status, level), ...filter.values },
        ScanIndexForward: ascending,
      },
      query.limit + 1,
      start,
    );
  }
}

/** Pending deadlines from the byDeadline index, earliest first (the sweeper, re-arming, the SLA report). */
export async function pendingDeadlines(
  db: DynamoDBDocumentClient,
  table: string,
  options: { until?: Date; limit: number },
): Promise<PendingDeadline[]> {
  const out: PendingDeadline[] = [];
  let start: Key | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
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

/** The byDeadline index alone, read-only: the SLA report's overdue count. */
export class DynamoDeadlineReader implements DeadlineReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  deadlines(options: { until?: Date; limit: number }): Promise<PendingDeadline[]> {
    return pendingDeadlines(this.db, this.table, options);
  }
}

/** ADD updates of the SLA report counters a change makes (one per day touched, one for the running counters). */
export function statsUpdates(table: string, delta: StatsDelta) {
  const update = (key: Record<string, string>, counters: Record<string, number>) => {
    const names = Object.keys(counters);
    return {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
        ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, counters[n]])),
      },
    };
  };
  return [
    ...Object.entries(delta.days).map(([day, counters]) => update(keys.statsDay(day), counters)),
    ...(Object.keys(delta.running).length ? [update(keys.statsRunning(), delta.running)] : []),
  ];
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const TRANSACTION_ATTEMPTS = 6;
const pause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));

const conflicted = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
  !(error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

/**
 * Reads and writes: creates, conditional saves and reminder bookkeeping. Every
 * write that changes what the SLA report counts carries its counter increments
 * (domain/grievance-stats.ts) in the same transaction as the grievance's
 * versioned Put: only the write that wins counts, so counts stay exact.
 */
export class DynamoGrievanceRepository extends DynamoGrievanceReader implements GrievanceRepository {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    cursors: SignedCursors,
    private readonly idempotency?: DynamoIdempotencyStore,
    /** The time zone whose days the report counters are kept in (REPORT_TIME_ZONE). */
    private readonly reportTimeZone: string = DEFAULT_REPORT_TIME_ZONE,
  ) {
    super(db, table, cursors);
  }

  /**
   * One transaction; again (after a short random pause) when DynamoDB cancelled it
   * only because another transaction held one of its items (TransactionConflict,
   * e.g. two writes of the same day's counters at once). Any other cancellation
   * is the caller's to read.
   */
  private async transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!conflicted(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }

  private item(g: Grievance, version: number, remindedFor?: string) {
    return { ...g, ...grievanceIndexAttributes(g), version, ...(remindedFor ? { remindedFor } : {}) };
  }

  deadlines(options: { until?: Date; limit: number }): Promise<PendingDeadline[]> {
    return pendingDeadlines(this.db, this.table, options);
  }

  async create(grievance: Grievance, idempotency?: IdempotencyCompletion): Promise<void> {
    const put = {
      TableName: this.table,
      Item: this.item(grievance, 1),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (idempotency && !this.idempotency) throw new Error('idempotency store not configured');
    const completion = idempotency && this.idempotency ? [this.idempotency.completionItem(idempotency)] : [];
    try {
      await this.transact([
        { Put: put },
        ...completion,
        ...statsUpdates(this.table, statsDelta(undefined, grievance, this.reportTimeZone)),
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [grievanceReason, keyReason] = error.CancellationReasons ?? [];
        if (completion.length && keyReason?.Code === 'ConditionalCheckFailed')
          throw new ConflictError('This Idempotency-Key was taken over by another request.');
        if (grievanceReason?.Code === 'ConditionalCheckFailed')
          throw new ConflictError(`Grievance ${grievance.id} already exists.`);
      }
      throw error;
    }
  }

  /**
   * The versioned Put; when the change moves a report counter, with the counters'
   * ADD updates in one transaction (a note or a response moves none: a plain Put).
   */
  async save(next: Grievance, previous: StoredGrievance): Promise<boolean> {
    const put = {
      TableName: this.table,
      Item: this.item(next, previous.version + 1, previous.remindedFor),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': previous.version },
    };
    const delta = statsDelta(previous.grievance, next, this.reportTimeZone);
    try {
      if (isEmptyDelta(delta)) await this.db.send(new PutCommand(put));
      else await this.transact([{ Put: put }, ...statsUpdates(this.table, delta)]);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
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
