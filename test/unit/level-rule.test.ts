import type { Grievance } from '../../lambdas/domain/grievance';
import { createGrievance, escalateOnDeadline, staffRespond } from '../../lambdas/domain/grievance-rules';
import {
  levelsWorked,
  requireWorksAtLevel,
  staffLevel,
  staffProfile,
  worksAtLevel,
} from '../../lambdas/domain/staff';
import { ForbiddenError } from '../../lambdas/errors';
import { getStaffGrievance, staffQueue } from '../../lambdas/use-cases/read-grievances';
import { SETTINGS, T0 } from '../support/grievances';
import { MemoryGrievanceRepository } from '../support/memory-grievance-repository';

const desk = { sub: 'desk', groups: ['grievance-desk' as const] };
const head = { sub: 'head', groups: ['customer-service-head' as const] };
const admin = { sub: 'admin', groups: ['admin' as const] };
const centre = { sub: 'centre', groups: ['service-centre' as const] };

function level2(): Grievance {
  const g = createGrievance(
    {
      customer: { name: 'A', phone: '+919812345670' },
      category: 'OTHER',
      description: 'A description long enough.',
      channel: 'WEB',
    },
    { id: 'GRV-LEVEL2TEST', now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;
  const d = escalateOnDeadline(
    g,
    { grievanceId: g.id, level: 1, dueAt: g.dueAt ?? '' },
    new Date(g.dueAt ?? ''),
    SETTINGS,
  );
  if (d.kind !== 'CHANGE') throw new Error('expected an escalation');
  return d.change.grievance;
}

describe('the level rule: a staff member sees and works on levels up to their own', () => {
  it('lets each level work its own level and those below, never above', () => {
    const table = [1, 2, 3].map((own) => [1, 2, 3].map((level) => worksAtLevel(own, level)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it('lets someone without a grievance level work on none', () => {
    expect(levelsWorked(staffLevel(centre))).toEqual([]);
    expect(worksAtLevel(0, 1)).toBe(false);
    expect(() => requireWorksAtLevel(0, 1)).toThrow(ForbiddenError);
  });

  it("gives admin and the president's office level 3, the head 2, the desk 1", () => {
    expect([admin, head, desk].map(staffLevel)).toEqual([3, 2, 1]);
    expect(levelsWorked(2)).toEqual([1, 2]);
  });

  it('names both levels when it refuses', () => {
    expect(() => requireWorksAtLevel(1, 2)).toThrow('This grievance is at level 2, above your level (1).');
  });

  it('describes the caller for GET /staff/me, level null for non-grievance staff', () => {
    expect(staffProfile(admin)).toEqual({ sub: 'admin', groups: ['admin'], level: 3 });
    expect(staffProfile(centre)).toEqual({ sub: 'centre', groups: ['service-centre'], level: null });
  });

  describe('applied the same way by the queue, a single grievance and a response', () => {
    const repo = new MemoryGrievanceRepository();
    const g = level2();
    beforeAll(() => repo.create(g));

    it('refuses a desk member a level-2 grievance (403), and lets the head read it', async () => {
      await expect(getStaffGrievance({ grievances: repo }, desk, g.id)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(getStaffGrievance({ grievances: repo }, head, g.id)).resolves.toMatchObject({ id: g.id });
    });

    it('refuses a desk member the level-2 queue, and leaves level 2 out of their whole queue', async () => {
      await expect(staffQueue({ grievances: repo }, desk, { level: 2, limit: 10 })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      const page = await staffQueue({ grievances: repo }, desk, { limit: 10 });
      expect(page.items.map((x) => x.id)).not.toContain(g.id);
      const heads = await staffQueue({ grievances: repo }, head, { limit: 10 });
      expect(heads.items.map((x) => x.id)).toContain(g.id);
    });

    it("leaves a level-2 grievance out of a desk member's search that names it", async () => {
      const q = [{ by: 'GRIEVANCE' as const, id: g.id }];
      expect((await staffQueue({ grievances: repo }, desk, { q, limit: 10 })).items).toEqual([]);
      expect((await staffQueue({ grievances: repo }, head, { q, limit: 10 })).items).toHaveLength(1);
    });

    it("refuses a desk member's response to it, and lets the head respond", () => {
      // While the level-2 deadline is still ahead: after it, the deadline's own escalation applies first.
      const beforeDue = new Date(Date.parse(g.dueAt ?? '') - 60_000);
      expect(() =>
        staffRespond(g, { message: 'hello' }, { sub: 'desk', level: 1 }, beforeDue, SETTINGS),
      ).toThrow(ForbiddenError);
      const answered = staffRespond(g, { message: 'hello' }, { sub: 'head', level: 2 }, beforeDue, SETTINGS);
      expect(answered.grievance.timeline.at(-1)).toMatchObject({ type: 'RESPONDED', staffId: 'head' });
    });
  });
});
