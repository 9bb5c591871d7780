import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decideRate, type RateDecision, type RateRule } from '../../domain/rate-policy';
import type { RateLimiter } from '../../ports/rate-limits';
import { epochSeconds, keys } from '../../table';

interface RateItem {
  hits: number[];
  version: number;
}

/**
 * Sliding-window request log per scope and key: one item holds the epoch-ms of
 * the recent hits; writes are guarded by a version number so concurrent hits
 * can never exceed the limit.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async read(scope: string, key: string): Promise<RateItem | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.rate(scope, key), ConsistentRead: true }),
    );
    return Item as RateItem | undefined;
  }

  async peek(scope: string, key: string, rule: RateRule, now: Date): Promise<RateDecision> {
    return decideRate((await this.read(scope, key))?.hits ?? [], rule, now);
  }

  async hit(scope: string, key: string, rule: RateRule, now: Date): Promise<RateDecision> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.read(scope, key);
      const decision = decideRate(item?.hits ?? [], rule, now);
      if (!decision.allowed) return decision;
      const version = item?.version ?? 0;
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.rate(scope, key),
              hits: decision.hits,
              version: version + 1,
              ttl: epochSeconds(now) + rule.windowSeconds + 60,
            },
            ConditionExpression: item ? 'version = :v' : 'attribute_not_exists(pk)',
            ...(item ? { ExpressionAttributeValues: { ':v': version } } : {}),
          }),
        );
        return decision;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error('rate limiter: too much contention');
  }
}
