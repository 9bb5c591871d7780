import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OtpChallenge } from '../../domain/otp-policy';
import type { AccessToken } from '../../ports/access-tokens';
import type { CreateOutcome, OtpRepository } from '../../ports/otp';
import type { RateLogWrite } from '../../ports/rate-limits';
import { epochSeconds, keys } from '../../table';
import { rateLogPut } from './rate-limiter';
import { tokenItem } from './token-repository';

const strip = ({ pk: _pk, sk: _sk, ttl: _ttl, ...rest }: Record<string, unknown>) =>
  rest as unknown as OtpChallenge;

/** Only a challenge that is neither used nor locked may count a wrong code or be redeemed. */
const LIVE = 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attempts < maxAttempts';

/**
 * The reasons DynamoDB cancelled a transaction, by item. A condition that failed
 * or a concurrent transaction on the same item is a lost race; anything else
 * (validation, throttling the SDK gave up on) is an error.
 */
const cancelledBy = (error: unknown): string[] | undefined =>
  error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;
const RACE = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

export class DynamoOtpRepository implements OtpRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private challengePut(challenge: OtpChallenge) {
    return {
      TableName: this.table,
      Item: {
        ...keys.otp(challenge.id),
        ...challenge,
        ttl: epochSeconds(new Date(challenge.expiresAt)) + 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
  }

  async create(challenge: OtpChallenge, logs: readonly RateLogWrite[] = []): Promise<CreateOutcome> {
    if (logs.length === 0) {
      await this.db.send(new PutCommand(this.challengePut(challenge)));
      return 'CREATED';
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...logs.map((log) => rateLogPut(this.table, log)),
            { Put: this.challengePut(challenge) },
          ],
        }),
      );
      return 'CREATED';
    } catch (error) {
      const reasons = cancelledBy(error);
      // The challenge's id is fresh randomness: its own condition failing is a bug, not a race.
      const challengeReason = reasons?.[logs.length];
      if (reasons?.every((r) => RACE.has(r)) && challengeReason !== 'ConditionalCheckFailed')
        return 'CONTENDED';
      throw error;
    }
  }

  async get(id: string): Promise<OtpChallenge | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.otp(id), ConsistentRead: true }),
    );
    return Item ? strip(Item) : undefined;
  }

  async recordWrongAttempt(id: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.otp(id),
          UpdateExpression: 'SET attempts = attempts + :one',
          ConditionExpression: LIVE,
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async redeem(id: string, at: Date, token: string, grant: AccessToken): Promise<boolean> {
    const redeem = new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.table,
            Key: keys.otp(id),
            UpdateExpression: 'SET usedAt = :at',
            ConditionExpression: LIVE,
            ExpressionAttributeValues: { ':at': at.toISOString() },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: tokenItem(token, grant),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.send(redeem);
        return true;
      } catch (error) {
        const reasons = cancelledBy(error);
        if (!reasons?.every((r) => RACE.has(r))) throw error;
        // Used or locked meanwhile (or, never in practice, a token hash taken): refused.
        if (reasons.includes('ConditionalCheckFailed')) return false;
        // A concurrent write to the challenge (a wrong code counted) held it: try again.
      }
    }
    return false;
  }
}
