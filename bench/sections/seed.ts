import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { grievanceIndexAttributes } from '../../lambdas/adapters/dynamodb/grievance-repository';
import { grievanceSettings } from '../../lambdas/composition/data';
import type { Grievance } from '../../lambdas/domain/grievance';
import { createGrievance } from '../../lambdas/domain/grievance-rules';
import { newGrievanceId } from '../../lambdas/domain/ids';
import type { BenchContext } from './context';

export interface SeedOptions {
  count: number;
  /** How many of them stay OPEN; the rest are CLOSED (no pending deadline, off the open queue). */
  open: number;
  /** Customers' phones: this prefix plus a counter (50 grievances per customer). */
  phonePrefix: string;
  /** When they were filed (default: now). All OPEN ones filed at one moment share one dueAt. */
  filedAt?: Date;
}

/**
 * Writes grievances straight to the table, 25 per BatchWriteItem, as the real
 * repository lays them out (`grievanceIndexAttributes`: keys, queue, byPhone and
 * byDeadline attributes) and as the domain rule creates them (`createGrievance`).
 * Filing 100,000 through POST /grievances would take most of an hour on two cores;
 * the HTTP path is what the other sections measure.
 */
export async function seedGrievances(ctx: BenchContext, options: SeedOptions): Promise<Grievance[]> {
  const settings = grievanceSettings();
  const filedAt = options.filedAt ?? ctx.clock.now();
  const out: Grievance[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < options.count; i++) {
    const phone = `${options.phonePrefix}${String(Math.floor(i / 50)).padStart(13 - options.phonePrefix.length, '0')}`;
    const { grievance: opened } = createGrievance(
      {
        customer: { name: 'Scale Customer', phone },
        category: 'REPAIR_DELAY',
        description: `Grievance number ${i} seeded by the scale benchmark.`,
        channel: 'WEB',
      },
      { id: newGrievanceId(), now: filedAt, actor: 'CUSTOMER' },
      settings,
    );
    const grievance: Grievance =
      i < options.open
        ? opened
        : {
            ...opened,
            status: 'CLOSED',
            dueAt: null,
            resolution: { message: 'Resolved by the scale benchmark.', at: opened.createdAt, level: 1 },
            timeline: [
              ...opened.timeline,
              { at: opened.createdAt, type: 'RESOLVED', level: 1, actor: 'STAFF', message: 'Resolved.' },
              { at: opened.createdAt, type: 'CLOSED', level: 1, actor: 'SYSTEM' },
            ],
          };
    out.push(grievance);
    items.push({ ...grievance, ...grievanceIndexAttributes(grievance), version: 1 });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const r = await ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.table]: pending } }));
          pending = (r.UnprocessedItems?.[ctx.table] ?? []) as typeof pending;
        }
      }
    }),
  );
  return out;
}
