import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Counters } from '../../domain/grievance-stats';
import type { GrievanceStatsReader } from '../../ports/grievance-stats';
import { keys } from '../../table';

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;
const ATTEMPTS = 8;

function countersOf(item: Record<string, unknown>): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(item))
    if (k !== 'pk' && k !== 'sk' && typeof v === 'number') out[k] = v;
  return out;
}

/**
 * The report's reads: BatchGetItem of the day items (⌈days/100⌉ calls, 366 days
 * at most: 4) and one GetItem of the running counters — never a Scan or a Query
 * over grievances.
 */
export class DynamoGrievanceStatsReader implements GrievanceStatsReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async days(dates: readonly string[]): Promise<Map<string, Counters>> {
    const out = new Map<string, Counters>();
    for (let i = 0; i < dates.length; i += BATCH) {
      let pending: Record<string, unknown>[] = dates.slice(i, i + BATCH).map((d) => keys.statsDay(d));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt >= ATTEMPTS) throw new Error('report: day items still unprocessed after retries');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const result = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }),
        );
        for (const item of result.Responses?.[this.table] ?? [])
          out.set(String(item.pk).slice('STATS#'.length), countersOf(item));
        pending = (result.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return out;
  }

  async running(): Promise<Counters> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.statsRunning() }));
    return Item ? countersOf(Item) : {};
  }
}
