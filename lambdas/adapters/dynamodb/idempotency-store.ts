import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, IdempotencyMismatchError } from '../../errors';
import type {
  IdempotencyBegin,
  IdempotencyClaim,
  IdempotencyCompletion,
  IdempotencyPort,
  StoredResponse,
} from '../../ports/idempotency';
import { epochSeconds, keys } from '../../table';

export interface IdempotencySettings {
  ttlHours: number;
  /** How long an unfinished request holds its key before another may take it over. */
  lockSeconds?: number;
}

/**
 * Idempotency-Key records: IDEM#<scope>#<key> / IDEM, holding a hash of the
 * request body, the state (IN_FLIGHT → COMPLETED) and the first answer. Expired
 * records are taken over in code; DynamoDB's TTL removes them eventually.
 */
export class DynamoIdempotencyStore implements IdempotencyPort {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly settings: IdempotencySettings,
  ) {}

  /**
   * Claims `key` for a request with body hash `hash`, or answers the first
   * request's response; 422 for another body, 409 while the first is in flight.
   */
  async begin(scope: string, key: string, hash: string, now: Date): Promise<IdempotencyBegin> {
    const owner = randomUUID();
    const expiresAt = new Date(now.getTime() + this.settings.ttlHours * 3_600_000).toISOString();
    const lockedUntil = new Date(now.getTime() + (this.settings.lockSeconds ?? 30) * 1000).toISOString();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.idempotency(scope, key),
              state: 'IN_FLIGHT',
              hash,
              owner,
              lockedUntil,
              expiresAt,
              ttl: epochSeconds(new Date(expiresAt)),
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inFlight AND lockedUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':now': now.toISOString(), ':inFlight': 'IN_FLIGHT' },
          }),
        );
        return { kind: 'NEW', claim: { scope, key, hash, owner, expiresAt } };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.idempotency(scope, key), ConsistentRead: true }),
      );
      if (!Item) continue; // removed in between: claim again
      if (Item.hash !== hash) throw new IdempotencyMismatchError();
      if (Item.state !== 'COMPLETED' || typeof Item.response !== 'string')
        throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.');
      return { kind: 'REPLAY', response: JSON.parse(Item.response) as StoredResponse };
    }
    throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.');
  }

  /** The transaction item that completes `claim` with `response` (only if this request still holds it). */
  completionItem({ claim, response }: IdempotencyCompletion) {
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...keys.idempotency(claim.scope, claim.key),
          state: 'COMPLETED',
          hash: claim.hash,
          owner: claim.owner,
          expiresAt: claim.expiresAt,
          ttl: epochSeconds(new Date(claim.expiresAt)),
          response: JSON.stringify(response),
        },
        ConditionExpression: '#owner = :owner AND #state = :inFlight',
        ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
        ExpressionAttributeValues: { ':owner': claim.owner, ':inFlight': 'IN_FLIGHT' },
      },
    };
  }

  /** Gives the key back after a failed request, so a retry with it can succeed. */
  async release(claim: IdempotencyClaim): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.idempotency(claim.scope, claim.key),
          ConditionExpression: '#owner = :owner AND #state = :inFlight',
          ExpressionAttributeNames: { '#owner': 'owner', '#state': 'state' },
          ExpressionAttributeValues: { ':owner': claim.owner, ':inFlight': 'IN_FLIGHT' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
