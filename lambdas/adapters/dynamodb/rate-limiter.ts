import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateKey, RateLog, RateLogReader, RateLogWrite } from '../../ports/rate-limits';
import { epochSeconds, keys } from '../../table';

/** The transaction item that writes a rate log's next content if its version is unchanged. */
export function rateLogPut(table: string, log: RateLogWrite) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.rate(log.scope, log.key),
        hits: log.hits,
        version: log.version + 1,
        ttl: epochSeconds(log.expiresAt) + 60,
      },
      ConditionExpression: log.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(log.version === 0 ? {} : { ExpressionAttributeValues: { ':v': log.version } }),
    },
  };
}

/**
 * Sliding-window request logs, one item per scope and key holding the epoch-ms
 * of its recent hits and a version. All the logs a request needs are read in
 * one BatchGetItem; they are written with what they guard (the OTP challenge)
 * in one transaction, each conditioned on its version (see rateLogPut), so
 * concurrent hits can never exceed a limit.
 */
export class DynamoRateLogs implements RateLogReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(wanted: readonly RateKey[]): Promise<RateLog[]> {
    const found = new Map<string, { hits: number[]; version: number }>();
    let pending: Record<string, unknown>[] = wanted.map((k) => keys.rate(k.scope, k.key));
    // UnprocessedKeys only under throttling: read the rest again (the SDK has already backed off).
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await this.db.send(
        new BatchGetCommand({
          RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      for (const item of Responses?.[this.table] ?? [])
        found.set(String(item.pk), { hits: item.hits as number[], version: Number(item.version) });
      pending = (UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    return wanted.map((k) => {
      const item = found.get(keys.rate(k.scope, k.key).pk);
      return { ...k, hits: item?.hits ?? [], version: item?.version ?? 0 };
    });
  }
}
