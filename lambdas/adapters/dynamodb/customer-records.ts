import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerRecords, CustomerRecordsReader } from '../../ports/otp';
import { INDEXES, keys } from '../../table';
import { toGrievance } from './grievance-repository';
import { toServiceOrder } from './service-order-repository';

/**
 * A phone's service orders and grievances share its partition of the byPhone
 * index (gsi1sk SO#… and GRV#…), so one Query reads both, each oldest first.
 */
export class DynamoCustomerRecords implements CustomerRecordsReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async ofPhone(phone: string): Promise<CustomerRecords> {
    const records: CustomerRecords = { serviceOrders: [], grievances: [] };
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.byPhone.name,
          KeyConditionExpression: '#pk = :p',
          ExpressionAttributeNames: { '#pk': INDEXES.byPhone.partitionKey },
          ExpressionAttributeValues: { ':p': keys.phonePartition(phone) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.sk === keys.serviceOrder('').sk) records.serviceOrders.push(toServiceOrder(item));
        else if (item.sk === keys.grievance('').sk) records.grievances.push(toGrievance(item));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return records;
  }
}
