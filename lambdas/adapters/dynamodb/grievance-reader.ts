import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Grievance } from '../../domain/grievance';
import { INDEXES, keys } from '../../table';

export const GRIEVANCE_PREFIX = 'GRV#';

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

/** Grievances of one phone, oldest first, through the byPhone index. */
export async function listGrievancesByPhone(
  db: DynamoDBDocumentClient,
  table: string,
  phone: string,
): Promise<Grievance[]> {
  const out: Grievance[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
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

/** One grievance by id (a key read). */
export async function getGrievance(
  db: DynamoDBDocumentClient,
  table: string,
  id: string,
): Promise<Grievance | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.grievance(id) }));
  return Item ? toGrievance(Item) : undefined;
}
