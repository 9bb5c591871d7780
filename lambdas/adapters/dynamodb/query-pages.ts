import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Key, PartitionFetch } from './merged-page';

/**
 * Queries one index partition from `start` until it has at least `want` items
 * or runs out (a FilterExpression can make a page come back short): the fetch a
 * merged page needs. `more` when DynamoDB said there may be further items.
 */
export async function queryAtLeast(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  want: number,
  start: Key | undefined,
): Promise<PartitionFetch<Record<string, unknown>>> {
  const items: Record<string, unknown>[] = [];
  let exclusiveStart = start;
  let more = true;
  while (items.length < want && more) {
    const page = await db.send(
      new QueryCommand({
        ...input,
        // Without a filter exactly what is missing; with one, a full page per round trip.
        Limit: input.FilterExpression ? want : want - items.length,
        ExclusiveStartKey: exclusiveStart,
      }),
    );
    items.push(...(page.Items ?? []));
    exclusiveStart = page.LastEvaluatedKey;
    more = exclusiveStart !== undefined;
  }
  return { items, more };
}

/** Every item of one index partition (small, bounded sets: one phone's, one order's), in index order. */
export async function queryAll(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Key | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * A page of an already sorted, in-memory list (the union of a search's look-ups),
 * as one partition of a merged page: items after the start key's sort key.
 */
export function inMemoryFetch<Item>(sorted: Item[], sortKey: (item: Item) => string, ascending: boolean) {
  return async (_partition: unknown, start: Key | undefined): Promise<PartitionFetch<Item>> => {
    const after = typeof start?.sk === 'string' ? start.sk : undefined;
    const items =
      after === undefined
        ? sorted
        : sorted.filter((item) => (ascending ? sortKey(item) > after : sortKey(item) < after));
    return { items, more: false };
  };
}
