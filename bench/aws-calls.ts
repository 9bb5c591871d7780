import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CallCount {
  reads: number;
  writes: number;
  scans: number;
  /**
   * Sequential round trips: calls that overlap in flight share one, so
   * `Promise.all([get, query])` is one and `await get; await query` is two.
   */
  roundTrips: number;
  commands: string[];
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** Counts every DynamoDB command a client sends, and its sequential round trips, through an SDK middleware. */
export class DynamoCallCounter {
  private log: string[] = [];
  private inFlight = 0;
  private waves = 0;

  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.log.push(String(context.commandName));
        // A call that starts while none is in flight waits for everything before it: a new round trip.
        if (this.inFlight === 0) this.waves++;
        this.inFlight++;
        try {
          return await next(args);
        } finally {
          this.inFlight--;
        }
      },
      { step: 'initialize', name: 'redressBenchCallCounter', override: true },
    );
  }

  /** Counts what `operation` sends, alone. */
  async measure(operation: () => Promise<unknown>): Promise<CallCount> {
    this.log = [];
    this.waves = 0;
    await operation();
    const commands = [...this.log];
    return {
      reads: commands.filter((c) => READS.has(c)).length,
      writes: commands.filter((c) => WRITES.has(c)).length,
      scans: commands.filter((c) => c === 'ScanCommand').length,
      roundTrips: this.waves,
      commands,
    };
  }
}
