import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessToken, TokenRepository } from '../../ports/access-tokens';
import { epochSeconds, keys } from '../../table';

/** Tokens are 256-bit random values, so a plain SHA-256 is a safe lookup key; the token itself is never stored. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The item that stores a token's grant under its hash, deleted by TTL once it expires. */
export const tokenItem = (token: string, value: AccessToken) => ({
  ...keys.token(tokenHash(token)),
  ...value,
  ttl: epochSeconds(new Date(value.expiresAt)),
});

export class DynamoTokenRepository implements TokenRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async save(token: string, value: AccessToken): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: tokenItem(token, value),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(token: string, now: Date): Promise<AccessToken | undefined> {
    if (token.length > 200) return undefined;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.token(tokenHash(token)) }),
    );
    if (!Item || typeof Item.expiresAt !== 'string' || Date.parse(Item.expiresAt) <= now.getTime())
      return undefined;
    return { phone: String(Item.phone), expiresAt: Item.expiresAt };
  }
}
