import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeSerial } from '../../domain/identifiers';
import type { ServiceOrderMatch } from '../../domain/search';
import {
  SERVICE_ORDER_STATUSES,
  type ServiceOrder,
  type ServiceOrderStatus,
} from '../../domain/service-order';
import { ConflictError } from '../../errors';
import type {
  ServiceOrderListQuery,
  ServiceOrderLists,
  ServiceOrderLookup,
  ServiceOrderPage,
  ServiceOrderReader,
  ServiceOrderRepository,
  ServiceOrderWriter,
} from '../../ports/service-orders';
import { INDEXES, keys } from '../../table';
import type { SignedCursors } from './cursor';
import { type Key, mergedPage } from './merged-page';
import { inMemoryFetch, queryAll, queryAtLeast } from './query-pages';

const ORDER_PREFIX = 'SO#';

export function toServiceOrder(item: Record<string, unknown>): ServiceOrder {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    imei: _c,
    serialKey: _d,
    queuePk: _e,
    queueSk: _f,
    parentPk: _g,
    parentSk: _h,
    ...rest
  } = item;
  return rest as unknown as ServiceOrder;
}

/** Most recently updated first: the lists' order, and the sort key of every list index. */
const recency = (o: { updatedAt?: unknown; id?: unknown }): string =>
  `${String(o.updatedAt)}#${String(o.id)}`;

const keyOn =
  (pk: string, sk: string) =>
  (item: Record<string, unknown>): Key => ({ pk: item.pk, sk: item.sk, [pk]: item[pk], [sk]: item[sk] });
const queueKey = /* @__PURE__ */ keyOn(INDEXES.queue.partitionKey, INDEXES.queue.sortKey);
const parentKey = /* @__PURE__ */ keyOn(INDEXES.byParent.partitionKey, INDEXES.byParent.sortKey);

/**
 * The look-ups by key and index (an order by id, by what identifies it, a phone's orders): all the
 * OTP request, the grievance filing and the single-order reads need, without the staff list's
 * pages and cursors in their bundles.
 */
export class DynamoServiceOrderLookups implements ServiceOrderReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async get(id: string, options: { withSmsFailures?: boolean } = {}): Promise<ServiceOrder | undefined> {
    if (options.withSmsFailures) return this.getWithSmsFailures(id);
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.serviceOrder(id) }),
    );
    return Item ? toServiceOrder(Item) : undefined;
  }

  /** The order and its SMS failures (SO#<id> / SMSFAIL#…): one Query of the order's partition. */
  private async getWithSmsFailures(id: string): Promise<ServiceOrder | undefined> {
    const { pk, sk } = keys.serviceOrder(id);
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    });
    const order = items.find((i) => i.sk === sk);
    if (!order) return undefined;
    const failures = items
      .filter((i) => String(i.sk).startsWith(keys.serviceOrderSmsFailurePrefix))
      .map((i) => ({ at: String(i.at), kind: String(i.kind), to: String(i.to), reason: String(i.reason) }))
      .sort((a, b) => (a.at < b.at ? -1 : 1));
    return { ...toServiceOrder(order), ...(failures.length ? { smsNotDelivered: failures } : {}) };
  }

  protected async query(index: (typeof INDEXES)[keyof typeof INDEXES], value: string, prefix?: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: prefix ? '#pk = :v AND begins_with(#sk, :p)' : '#pk = :v',
      ExpressionAttributeNames: prefix
        ? { '#pk': index.partitionKey, '#sk': index.sortKey }
        : { '#pk': index.partitionKey },
      ExpressionAttributeValues: prefix ? { ':v': value, ':p': prefix } : { ':v': value },
    });
    return items.map(toServiceOrder);
  }

  async findBy(type: ServiceOrderLookup, value: string): Promise<ServiceOrder[]> {
    switch (type) {
      case 'SERVICE_ORDER': {
        const order = await this.get(value);
        return order ? [order] : [];
      }
      case 'PURCHASE_ORDER':
        return this.query(INDEXES.byPurchaseOrder, value);
      case 'IMEI':
        return this.query(INDEXES.byImei, value);
      case 'SERIAL':
        return this.query(INDEXES.bySerial, normalizeSerial(value));
    }
  }

  listByPhone(phone: string): Promise<ServiceOrder[]> {
    return this.query(INDEXES.byPhone, keys.phonePartition(phone), ORDER_PREFIX);
  }
}

/** The look-ups and the staff list. */
export class DynamoServiceOrderReader extends DynamoServiceOrderLookups implements ServiceOrderLists {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    /** Signs and checks the staff list's cursors. */
    protected readonly cursors: SignedCursors,
  ) {
    super(db, table);
  }

  /**
   * The staff list, most recently updated first:
   *  - with matches (a search): each match one GetItem or index query, the union filtered and paged in memory;
   *  - with a service centre: that centre's byParent partition, one begins_with range per status, merged;
   *  - otherwise: the queue index's partition of each status asked for, merged.
   */
  async list(query: ServiceOrderListQuery): Promise<ServiceOrderPage> {
    const statuses: readonly ServiceOrderStatus[] = query.status ? [query.status] : SERVICE_ORDER_STATUSES;
    const centre = query.serviceCentre === undefined ? undefined : keys.centrePartition(query.serviceCentre);
    const common = { cursor: query.cursor, cursors: this.cursors, limit: query.limit, ascending: false };
    if (query.matches) return this.search(query.matches, query, centre);
    const want = query.limit + 1;
    if (centre !== undefined) {
      const page = await mergedPage({
        ...common,
        partitions: statuses,
        fingerprint: `orders-of-centre|${centre}|${statuses.join(',')}`,
        sortKey: recency,
        keyOf: parentKey,
        fetch: (status, start) =>
          queryAtLeast(
            this.db,
            {
              TableName: this.table,
              IndexName: INDEXES.byParent.name,
              KeyConditionExpression: 'parentPk = :c AND begins_with(parentSk, :s)',
              ExpressionAttributeValues: { ':c': centre, ':s': `${status}#` },
              ScanIndexForward: false,
            },
            want,
            start,
          ),
      });
      return { items: page.items.map(toServiceOrder), nextCursor: page.nextCursor };
    }
    const page = await mergedPage({
      ...common,
      partitions: statuses,
      fingerprint: `orders|${statuses.join(',')}`,
      sortKey: (item) => String(item.queueSk),
      keyOf: queueKey,
      fetch: (status, start) =>
        queryAtLeast(
          this.db,
          {
            TableName: this.table,
            IndexName: INDEXES.queue.name,
            KeyConditionExpression: 'queuePk = :s',
            ExpressionAttributeValues: { ':s': keys.serviceOrderStatusPartition(status) },
            ScanIndexForward: false,
          },
          want,
          start,
        ),
    });
    return { items: page.items.map(toServiceOrder), nextCursor: page.nextCursor };
  }

  private async search(
    matches: ServiceOrderMatch[],
    query: ServiceOrderListQuery,
    centre: string | undefined,
  ): Promise<ServiceOrderPage> {
    const found = await Promise.all(
      matches.map((m) => (m.by === 'PHONE' ? this.listByPhone(m.value) : this.findBy(m.by, m.value))),
    );
    const byId = new Map(found.flat().map((o) => [o.id, o]));
    const matching = [...byId.values()]
      .filter((o) => query.status === undefined || o.status === query.status)
      .filter((o) => centre === undefined || keys.centrePartition(o.serviceCentre) === centre)
      .sort((a, b) => (recency(a) < recency(b) ? 1 : -1));
    return mergedPage<string, ServiceOrder>({
      partitions: ['found'],
      fingerprint: `order-search|${JSON.stringify(matches)}|${query.status ?? ''}|${centre ?? ''}`,
      cursor: query.cursor,
      cursors: this.cursors,
      limit: query.limit,
      ascending: false,
      sortKey: recency,
      keyOf: (o) => ({ sk: recency(o) }),
      fetch: inMemoryFetch(matching, recency, false),
    });
  }
}

/** Stores a new order; an existing id is a ConflictError (409). */
async function createOrder(db: DynamoDBDocumentClient, table: string, order: ServiceOrder): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...order, ...serviceOrderIndexAttributes(order) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new ConflictError(`Service order ${order.id} already exists.`);
    throw error;
  }
}

/** The order's next state, only over the status and updatedAt it was read with (else a ConflictError). */
async function updateOrderStatus(
  db: DynamoDBDocumentClient,
  table: string,
  next: ServiceOrder,
  previous: { status: ServiceOrderStatus; updatedAt: string },
): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...next, ...serviceOrderIndexAttributes(next) },
        ConditionExpression: 'attribute_exists(pk) AND #status = :status AND #updatedAt = :updatedAt',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: { ':status': previous.status, ':updatedAt': previous.updatedAt },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new ConflictError(
        `Service order ${next.id} was changed by someone else meanwhile; reload it and try again.`,
      );
    throw error;
  }
}

/**
 * Look-ups and writes, for the functions that create or change orders: no staff list, so their
 * bundles carry no pages or cursors.
 */
export class DynamoServiceOrderWriter
  extends DynamoServiceOrderLookups
  implements ServiceOrderWriter, ServiceOrderRepository
{
  create(order: ServiceOrder): Promise<void> {
    return createOrder(this.db, this.table, order);
  }

  updateStatus(
    next: ServiceOrder,
    previous: { status: ServiceOrderStatus; updatedAt: string },
  ): Promise<void> {
    return updateOrderStatus(this.db, this.table, next, previous);
  }
}

/** The index attributes a stored service order carries besides its own fields. */
export function serviceOrderIndexAttributes(order: ServiceOrder): Record<string, string> {
  return {
    ...keys.serviceOrder(order.id),
    gsi1pk: keys.phonePartition(order.customer.phone),
    gsi1sk: `${ORDER_PREFIX}${order.createdAt}#${order.id}`,
    ...(order.device.imei ? { imei: order.device.imei } : {}),
    ...(order.device.serialNumber ? { serialKey: normalizeSerial(order.device.serialNumber) } : {}),
    ...(order.purchaseOrderNumber ? { purchaseOrderNumber: order.purchaseOrderNumber } : {}),
    // The staff list: by status (queue index), and by service centre and status (byParent index).
    queuePk: keys.serviceOrderStatusPartition(order.status),
    queueSk: recency(order),
    parentPk: keys.centrePartition(order.serviceCentre),
    parentSk: `${order.status}#${recency(order)}`,
  };
}
