import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ServiceOrderSmsFailures,
  SmsClaim,
  SmsDeliveryLog,
  SmsNotDelivered,
} from '../../ports/sms-delivery';
import { epochSeconds, keys } from '../../table';

export interface SmsDeliveryLogSettings {
  /**
   * How long a claim holds an SMS before another delivery may take it over: longer than one send
   * can take (SNS answers in well under a second; the SDK gives up long before this).
   */
  leaseSeconds: number;
  /** How long a marker is kept: longer than a message can stay in the queue (SQS: 14 days at most). */
  keepDays: number;
}

const DEFAULTS: SmsDeliveryLogSettings = { leaseSeconds: 60, keepDays: 15 };

/**
 * The delivery log as one item per SMS id (SMS#<id> / SMS): claimed with a conditional put before
 * the send (state SENDING, an owner token and a lease), completed after (SENT or UNDELIVERABLE).
 * Time is the real clock's: a lease is about processes, not about the grievance clock.
 */
export class DynamoSmsDeliveryLog implements SmsDeliveryLog {
  private readonly settings: SmsDeliveryLogSettings;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    settings: Partial<SmsDeliveryLogSettings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  async claim(id: string): Promise<SmsClaim> {
    const token = randomUUID();
    const now = this.now();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.smsDelivery(id),
            state: 'SENDING',
            owner: token,
            leaseUntil: now + this.settings.leaseSeconds * 1000,
            ttl: epochSeconds(new Date(now + this.settings.keepDays * 86_400_000)),
          },
          // New, released, or held by a delivery that died before completing it.
          ConditionExpression:
            'attribute_not_exists(pk) OR #state = :released OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':released': 'RELEASED', ':sending': 'SENDING', ':now': now },
        }),
      );
      return { state: 'CLAIMED', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.smsDelivery(id), ConsistentRead: true }),
    );
    if (Item?.state === 'SENT') return { state: 'SENT' };
    if (Item?.state === 'UNDELIVERABLE')
      return {
        state: 'UNDELIVERABLE',
        failure: Item.failure as SmsNotDelivered,
        recorded: Item.recorded === true,
      };
    // SENDING under a live lease (or changed since the put: look again shortly).
    const leaseLeft = typeof Item?.leaseUntil === 'number' ? Item.leaseUntil - now : 0;
    return { state: 'BUSY', retryAfterSeconds: Math.max(1, Math.ceil(leaseLeft / 1000) + 1) };
  }

  async sent(id: string, token: string): Promise<void> {
    await this.complete(id, token, 'SET #state = :sent REMOVE leaseUntil', { ':sent': 'SENT' });
  }

  async release(id: string, token: string): Promise<void> {
    await this.complete(id, token, 'SET #state = :released REMOVE leaseUntil', { ':released': 'RELEASED' });
  }

  async undeliverable(id: string, token: string, failure: SmsNotDelivered): Promise<void> {
    await this.complete(
      id,
      token,
      'SET #state = :undeliverable, #failure = :failure, #recorded = :false REMOVE leaseUntil',
      { ':undeliverable': 'UNDELIVERABLE', ':failure': failure, ':false': false },
      { '#failure': 'failure', '#recorded': 'recorded' },
    );
  }

  async recorded(id: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.smsDelivery(id),
        UpdateExpression: 'SET #recorded = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#recorded': 'recorded' },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  /** Completes a claim this delivery still owns (a lease taken over by another is theirs now). */
  private async complete(
    id: string,
    token: string,
    update: string,
    values: Record<string, unknown>,
    names: Record<string, string> = {},
  ) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.smsDelivery(id),
          UpdateExpression: update,
          ConditionExpression: '#owner = :owner AND #state = :sending',
          ExpressionAttributeNames: { ...names, '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ...values, ':owner': token, ':sending': 'SENDING' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new Error(`SMS ${id}: the claim was taken over by another delivery before it completed`);
    }
  }
}

/** An order's undeliverable SMS, one item each beside the order (SO#<id> / SMSFAIL#<sms id>): a repeat overwrites itself. */
export class DynamoServiceOrderSmsFailures implements ServiceOrderSmsFailures {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(serviceOrderId: string, messageId: string, failure: SmsNotDelivered): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.serviceOrderSmsFailure(serviceOrderId, messageId), ...failure },
      }),
    );
  }
}
