import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { DynamoGrievanceRepository } from '../../lambdas/adapters/dynamodb/grievance-repository';
import { DynamoGrievanceStatsReader } from '../../lambdas/adapters/dynamodb/grievance-stats-reader';
import type { Grievance } from '../../lambdas/domain/grievance';
import { claimGrievance, createGrievance } from '../../lambdas/domain/grievance-rules';
import { slaReport } from '../../lambdas/use-cases/sla-report';
import { createTestTable, type TestTable } from '../support/dynamo';
import { escalatedAt, hoursAfterT0, SETTINGS } from '../support/grievances';

const cursors = new SignedCursors(async () => 'integration-test-cursor-key');
const at = hoursAfterT0;
const escalated = escalatedAt;

let seq = 0;
function filed(hours = 0): Grievance {
  seq++;
  return createGrievance(
    {
      customer: { name: 'A', phone: '+919812345670' },
      category: 'OTHER',
      description: 'A description long enough.',
      channel: 'WEB',
    },
    { id: `GRV-STAT${String(seq).padStart(4, '0')}`, now: at(hours), actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;
}

describe('SLA report counters on DynamoDB Local', () => {
  let table: TestTable;
  let repo: DynamoGrievanceRepository;
  let stats: DynamoGrievanceStatsReader;

  beforeAll(async () => {
    table = await createTestTable('stats');
    repo = new DynamoGrievanceRepository(table.doc, table.name, cursors, undefined, 'Asia/Kolkata');
    stats = new DynamoGrievanceStatsReader(table.doc, table.name);
  });
  afterAll(async () => {
    await table?.drop();
  });

  it('writes the counters of a filing in the same transaction as the grievance', async () => {
    const g = filed();
    await repo.create(g);
    const days = await stats.days(['2026-03-02', '2026-03-03']);
    expect(days.get('2026-03-02')).toEqual({ filed: 1, l1_entered: 1 });
    expect(days.has('2026-03-03')).toBe(false);
    expect((await stats.running()).open_l1).toBe(1);
  });

  it('counts one escalation when the same change is written twice at once from the same version', async () => {
    const g = filed();
    await repo.create(g);
    const stored = await repo.get(g.id);
    if (!stored) throw new Error('not stored');
    const next = escalated(stored.grievance, 48);
    const results = await Promise.all([
      repo.save(next, stored),
      repo.save(next, stored),
      repo.save(next, stored),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // A late third delivery reads the escalated grievance: the rule ignores it, nothing is written.
    const days = await stats.days(['2026-03-04']);
    expect(days.get('2026-03-04')).toEqual({ l1_escalatedOnDeadline: 1, l2_entered: 1, escalated: 1 });
  });

  it('counts every one of many concurrent escalations of different grievances exactly', async () => {
    const many = Array.from({ length: 25 }, () => filed(1));
    await Promise.all(many.map((g) => repo.create(g)));
    const before = (await stats.days(['2026-03-04'])).get('2026-03-04')?.escalated ?? 0;
    await Promise.all(
      many.flatMap((g) =>
        [0, 1].map(async () => {
          const stored = await repo.get(g.id);
          if (stored?.grievance.level !== 1) return;
          await repo.save(escalated(stored.grievance, 49), stored);
        }),
      ),
    );
    const after = (await stats.days(['2026-03-04'])).get('2026-03-04')?.escalated ?? 0;
    expect(after - before).toBe(25);
  });

  it('writes a claim as a plain Put: no counter moves', async () => {
    const g = filed();
    await repo.create(g);
    const before = await stats.running();
    const stored = await repo.get(g.id);
    if (!stored) throw new Error('not stored');
    expect(
      await repo.save(claimGrievance(g, {}, { sub: 'desk-1', level: 1 }, at(1), SETTINGS).grievance, stored),
    ).toBe(true);
    expect(await stats.running()).toEqual(before);
  });

  it('reports from the day items and the overdue deadlines, reading by key only', async () => {
    const report = await slaReport(
      { stats, grievances: repo, clock: { now: () => at(50) }, timeZone: 'Asia/Kolkata' },
      { from: '2026-03-01', to: '2026-03-04' },
    );
    expect(report.filed).toBe(seq);
    expect(report.levels[0]?.escalatedOnDeadline).toBe(26);
    expect(report.days).toHaveLength(4);
    // The first and the claimed grievance are still OPEN at level 1, their deadline (48 h) past at 50 h.
    expect(report.openNow[0]).toEqual({ level: 1, open: 2, overdue: 2 });
    expect(report.openNow[1]).toEqual({ level: 2, open: 26, overdue: 0 });
  });

  it('reads a year of days in four BatchGetItem calls', async () => {
    const sent: string[] = [];
    table.doc.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countStatsReads' },
    );
    try {
      const dates = Array.from({ length: 366 }, (_, i) =>
        new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      );
      await stats.days(dates);
    } finally {
      table.doc.middlewareStack.remove('countStatsReads');
    }
    expect(sent).toEqual(new Array(4).fill('BatchGetItemCommand'));
  });
});
