import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OtpChallenge } from '../../domain/otp-policy';
import type { OtpRepository } from '../../ports/otp';
import { epochSeconds, keys } from '../../table';

const strip = ({ pk: _pk, sk: _sk, ttl: _ttl, ...rest }: Record<string, unknown>) =>
  rest as unknown as OtpChallenge;

export class DynamoOtpRepository implements OtpRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(challenge: OtpChallenge): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.otp(challenge.id),
          ...challenge,
          ttl: epochSeconds(new Date(challenge.expiresAt)) + 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<OtpChallenge | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.otp(id), ConsistentRead: true }),
    );
    return Item ? strip(Item) : undefined;
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.db.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  recordWrongAttempt(id: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.otp(id),
        UpdateExpression: 'SET attempts = attempts + :one',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attempts < maxAttempts',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  markUsed(id: string, at: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.otp(id),
        UpdateExpression: 'SET usedAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attempts < maxAttempts',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }
}
