import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeSerial } from '../../domain/identifiers';
import type { ServiceOrder, ServiceOrderStatus } from '../../domain/service-order';
import { ConflictError } from '../../errors';
import type {
  ServiceOrderLookup,
  ServiceOrderReader,
  ServiceOrderRepository,
  ServiceOrderWriter,
} from '../../ports/service-orders';
import { INDEXES, keys } from '../../table';

const ORDER_PREFIX = 'SO#';

export function toServiceOrder(item: Record<string, unknown>): ServiceOrder {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, imei: _c, serialKey: _d, ...rest } = item;
  return rest as unknown as ServiceOrder;
}

export class DynamoServiceOrderReader implements ServiceOrderReader {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  async get(id: string): Promise<ServiceOrder | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.serviceOrder(id) }),
    );
    return Item ? toServiceOrder(Item) : undefined;
  }

  private async query(index: (typeof INDEXES)[keyof typeof INDEXES], value: string, prefix?: string) {
    const out: ServiceOrder[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index.name,
          KeyConditionExpression: prefix ? '#pk = :v AND begins_with(#sk, :p)' : '#pk = :v',
          ExpressionAttributeNames: prefix
            ? { '#pk': index.partitionKey, '#sk': index.sortKey }
            : { '#pk': index.partitionKey },
          ExpressionAttributeValues: prefix ? { ':v': value, ':p': prefix } : { ':v': value },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(toServiceOrder(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
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

/** Reads and writes; read-only functions use DynamoServiceOrderReader so their bundles keep no writes. */
export class DynamoServiceOrderRepository
  extends DynamoServiceOrderReader
  implements ServiceOrderWriter, ServiceOrderRepository
{
  async create(order: ServiceOrder): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
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

  async updateStatus(
    next: ServiceOrder,
    previous: { status: ServiceOrderStatus; updatedAt: string },
  ): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
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
  };
}
