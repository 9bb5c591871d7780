import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CallCount {
  reads: number;
  writes: number;
  scans: number;
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

/** Counts every DynamoDB command a client sends, through an SDK middleware. */
export class DynamoCallCounter {
  private log: string[] = [];

  constructor(client: DynamoDBDocumentClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.log.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'redressBenchCallCounter', override: true },
    );
  }

  /** Counts what `operation` sends, alone. */
  async measure(operation: () => Promise<unknown>): Promise<CallCount> {
    this.log = [];
    await operation();
    const commands = [...this.log];
    return {
      reads: commands.filter((c) => READS.has(c)).length,
      writes: commands.filter((c) => WRITES.has(c)).length,
      scans: commands.filter((c) => c === 'ScanCommand').length,
      commands,
    };
  }
}
