import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadinessProbe } from '../../ports/readiness';
import { keys } from '../../table';

/**
 * The table answers: one eventually consistent GetItem of a key that is never
 * written (half a read unit, the cheapest call that needs the table to exist,
 * be reachable and be readable by this role).
 */
export class DynamoTableProbe implements ReadinessProbe {
  readonly name = 'table';

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async probe(signal: AbortSignal): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.table, Key: keys.health() }), {
      abortSignal: signal,
    });
  }
}
