import { SignedCursors } from '../../lambdas/adapters/dynamodb/cursor';
import { DynamoGrievanceRepository } from '../../lambdas/adapters/dynamodb/grievance-repository';
import { DynamoIdempotencyStore } from '../../lambdas/adapters/dynamodb/idempotency-store';
import type { Grievance, Level } from '../../lambdas/domain/grievance';
import { createGrievance, escalateOnDeadline, staffRespond } from '../../lambdas/domain/grievance-rules';
import { ConflictError, IdempotencyMismatchError } from '../../lambdas/errors';
import { createTestTable, type TestTable } from '../support/dynamo';
import { T0 as BASE, SETTINGS } from '../support/grievances';

const T0 = BASE.getTime();
const cursors = new SignedCursors(async () => 'integration-test-cursor-key');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

let seq = 0;
function grievance(createdAtHours: number, phone = '+919812345670'): Grievance {
  seq++;
  return createGrievance(
    {
      customer: { name: 'A', phone },
      category: 'OTHER',
      description: 'A description long enough.',
      channel: 'WEB',
    },
    { id: `GRV-TEST${String(seq).padStart(4, '0')}`, now: at(createdAtHours), actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;
}

/** The grievance escalated (by its deadline) to `level`. */
function atLevel(g: Grievance, level: Level): Grievance {
  let current = g;
  while (current.level < level) {
    const d = escalateOnDeadline(
      current,
      { grievanceId: current.id, level: current.level, dueAt: current.dueAt ?? '' },
      new Date(current.dueAt ?? ''),
      SETTINGS,
    );
    if (d.kind !== 'CHANGE') throw new Error('no escalation');
    current = d.change.grievance;
  }
  return current;
}

describe('the grievance repository on DynamoDB Local', () => {
  let table: TestTable;
  let repo: DynamoGrievanceRepository;
  let idem: DynamoIdempotencyStore;

  beforeAll(async () => {
    table = await createTestTable('grv');
    idem = new DynamoIdempotencyStore(table.doc, table.name, { ttlHours: 24, lockSeconds: 30 });
    repo = new DynamoGrievanceRepository(table.doc, table.name, cursors, idem);
  });
  afterAll(async () => {
    await table?.drop();
  });

  it('pages through the queue of several levels, most urgent first, without gaps or repeats', async () => {
    const filed: Grievance[] = [];
    for (let i = 0; i < 7; i++) filed.push(grievance(i)); // level 1, due 48 h after filing
    for (let i = 0; i < 4; i++) filed.push(atLevel(grievance(i * 2 + 0.5), 2));
    filed.push(atLevel(grievance(3), 3));
    await Promise.all(filed.map((g) => repo.create(g)));

    const seen: Grievance[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repo.queue({ levels: [1, 2], status: 'OPEN', limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);

    const expected = filed
      .filter((g) => g.level <= 2)
      .sort((a, b) => `${a.dueAt}#${a.id}`.localeCompare(`${b.dueAt}#${b.id}`))
      .map((g) => g.id);
    expect(seen.map((g) => g.id)).toEqual(expected);
    expect(seen.some((g) => g.level === 3)).toBe(false);

    const level3 = await repo.queue({ levels: [3], status: 'OPEN', limit: 10 });
    expect(level3.items.map((g) => g.level)).toEqual([3]);
    expect(level3.nextCursor).toBeNull();
  });

  it('refuses a cursor made for another query', async () => {
    const page = await repo.queue({ levels: [1], status: 'OPEN', limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expect(
      repo.queue({ levels: [1, 2], status: 'OPEN', limit: 1, cursor: page.nextCursor ?? '' }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('filters the queue by breach', async () => {
    const g = atLevel(grievance(1), 3);
    const d = escalateOnDeadline(g, { grievanceId: g.id, level: 3, dueAt: g.dueAt ?? '' }, at(200), SETTINGS);
    if (d.kind !== 'CHANGE') throw new Error('expected a breach');
    await repo.create(d.change.grievance);
    const breached = await repo.queue({ levels: [3], status: 'OPEN', breached: true, limit: 10 });
    expect(breached.items.map((x) => x.id)).toEqual([g.id]);
  });

  it('refuses a stale escalation with the conditional write', async () => {
    const g = grievance(0);
    await repo.create(g);
    const stored = await repo.get(g.id);
    if (!stored) throw new Error('not stored');
    const first = escalateOnDeadline(
      stored.grievance,
      { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' },
      at(48),
      SETTINGS,
    );
    const second = escalateOnDeadline(
      stored.grievance,
      { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' },
      at(49),
      SETTINGS,
    );
    if (first.kind !== 'CHANGE' || second.kind !== 'CHANGE') throw new Error('expected changes');
    expect(await repo.save(first.change.grievance, stored)).toBe(true);
    expect(await repo.save(second.change.grievance, stored)).toBe(false);
    const after = await repo.get(g.id);
    expect(after?.grievance.timeline.filter((e) => e.type === 'ESCALATED')).toHaveLength(1);
    expect(after?.version).toBe(stored.version + 1);
  });

  it('lists pending deadlines that are due, and drops a deadline once resolved', async () => {
    const local = await createTestTable('grv-deadline');
    try {
      const r = new DynamoGrievanceRepository(local.doc, local.name, cursors);
      const early = grievance(0);
      const late = grievance(10);
      const resolved = staffRespond(
        grievance(1),
        { message: 'ok', resolve: true },
        { sub: 's', level: 1 },
        at(2),
        SETTINGS,
      ).grievance;
      await Promise.all([r.create(early), r.create(late), r.create(resolved)]);
      expect(await r.deadlines({ until: at(47), limit: 10 })).toEqual([]);
      expect(await r.deadlines({ until: at(48), limit: 10 })).toEqual([
        { grievanceId: early.id, level: 1, dueAt: early.dueAt, status: 'OPEN' },
      ]);
      const all = await r.deadlines({ limit: 10 });
      expect(all.map((d) => d.grievanceId)).toEqual([early.id, late.id, resolved.id]);
      expect(all[2]).toMatchObject({ status: 'RESOLVED', dueAt: resolved.feedbackDueAt });

      // Resolving the early one removes it from the index.
      const stored = await r.get(early.id);
      if (!stored) throw new Error('not stored');
      const done = staffRespond(
        stored.grievance,
        { message: 'ok', resolve: true },
        { sub: 's', level: 1 },
        at(3),
        SETTINGS,
      );
      expect(await r.save(done.grievance, stored)).toBe(true);
      expect(await r.deadlines({ until: at(48), limit: 10 })).toEqual([]);
    } finally {
      await local.drop();
    }
  });

  it('marks a reminder sent once, only while its deadline is pending', async () => {
    const g = grievance(0);
    await repo.create(g);
    const event = { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '', kind: 'REMINDER' as const };
    expect(await repo.markReminded(event)).toBe(true);
    expect(await repo.markReminded(event)).toBe(false);
    expect(await repo.markReminded({ ...event, level: 2 })).toBe(false);
    // A later write keeps the mark.
    const stored = await repo.get(g.id);
    if (!stored) throw new Error('not stored');
    const noted = staffRespond(
      stored.grievance,
      { message: 'n', internal: true },
      { sub: 's', level: 1 },
      at(1),
      SETTINGS,
    );
    expect(await repo.save(noted.grievance, stored)).toBe(true);
    expect(await repo.markReminded(event)).toBe(false);
  });

  it('lists the grievances of one phone through the byPhone index', async () => {
    const mine = grievance(0, '+919800000777');
    await repo.create(mine);
    await repo.create(grievance(0, '+919800000778'));
    expect((await repo.listByPhone('+919800000777')).map((g) => g.id)).toEqual([mine.id]);
  });

  describe('idempotency', () => {
    const response = (g: Grievance) => ({ status: 201, body: { id: g.id } });

    it('replays the first answer for the same key and body, creating nothing new', async () => {
      const g = grievance(0);
      const begun = await idem.begin('C#+919812345670', 'key-1', 'hash-a', at(0));
      if (begun.kind !== 'NEW') throw new Error('expected a new claim');
      await repo.create(g, { claim: begun.claim, response: response(g) });
      const again = await idem.begin('C#+919812345670', 'key-1', 'hash-a', at(1));
      expect(again).toEqual({ kind: 'REPLAY', response: { status: 201, body: { id: g.id } } });
    });

    it('refuses the same key with another body (422) and while the first is in flight (409)', async () => {
      const begun = await idem.begin('C#+919812345670', 'key-2', 'hash-a', at(0));
      expect(begun.kind).toBe('NEW');
      await expect(idem.begin('C#+919812345670', 'key-2', 'hash-a', at(0))).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(idem.begin('C#+919812345670', 'key-2', 'hash-b', at(0))).rejects.toBeInstanceOf(
        IdempotencyMismatchError,
      );
      // Another caller's key of the same name is theirs.
      expect((await idem.begin('C#+919800000001', 'key-2', 'hash-b', at(0))).kind).toBe('NEW');
    });

    it('lets a key be reused after it expires, and after a failed request released it', async () => {
      const first = await idem.begin('S#staff-1', 'key-3', 'hash-a', at(0));
      if (first.kind !== 'NEW') throw new Error('expected a new claim');
      await idem.release(first.claim);
      expect((await idem.begin('S#staff-1', 'key-3', 'hash-b', at(0))).kind).toBe('NEW');
      expect((await idem.begin('S#staff-1', 'key-3', 'hash-c', at(25))).kind).toBe('NEW');
    });

    it('writes the grievance and the answer together, or neither', async () => {
      const g = grievance(0);
      const begun = await idem.begin('C#+919812345670', 'key-4', 'hash-a', at(0));
      if (begun.kind !== 'NEW') throw new Error('expected a new claim');
      await repo.create(g);
      // The grievance id exists already: the transaction fails and the key stays in flight, not completed.
      await expect(repo.create(g, { claim: begun.claim, response: response(g) })).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(idem.begin('C#+919812345670', 'key-4', 'hash-a', at(0))).rejects.toBeInstanceOf(
        ConflictError,
      );
    });
  });
});
