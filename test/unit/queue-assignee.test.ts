import type { Grievance } from '../../lambdas/domain/grievance';
import { createGrievance } from '../../lambdas/domain/grievance-rules';
import { staffQueue } from '../../lambdas/use-cases/read-grievances';
import { SETTINGS, T0 } from '../support/grievances';
import { MemoryGrievanceRepository } from '../support/memory-grievance-repository';

const desk = { sub: 'desk-1', groups: ['grievance-desk' as const] };

function filed(id: string, assignee?: string): Grievance {
  const g = createGrievance(
    {
      customer: { name: 'A', phone: '+919812345670' },
      category: 'OTHER',
      description: 'A description long enough.',
      channel: 'WEB',
    },
    { id, now: T0, actor: 'CUSTOMER' },
    SETTINGS,
  ).grievance;
  return assignee ? { ...g, assignee: { staffId: assignee, at: T0.toISOString() } } : g;
}

describe('the staff queue and search filter by assignee (in-memory repository, as DynamoDB does)', () => {
  const repo = new MemoryGrievanceRepository();
  beforeAll(async () => {
    await repo.create(filed('GRV-AAAAAAAAAA', 'desk-1'));
    await repo.create(filed('GRV-BBBBBBBBBB', 'desk-2'));
    await repo.create(filed('GRV-CCCCCCCCCC'));
  });
  const ids = (page: { items: Grievance[] }) => page.items.map((g) => g.id).sort();
  const queue = (assignee?: string) =>
    staffQueue({ grievances: repo }, desk, { limit: 20, ...(assignee ? { assignee } : {}) });

  it.each([
    [undefined, ['GRV-AAAAAAAAAA', 'GRV-BBBBBBBBBB', 'GRV-CCCCCCCCCC']],
    ['me', ['GRV-AAAAAAAAAA']],
    ['none', ['GRV-CCCCCCCCCC']],
    ['desk-2', ['GRV-BBBBBBBBBB']],
  ])('assignee=%s', async (assignee, expected) => {
    expect(ids(await queue(assignee))).toEqual(expected);
  });

  it('a search (by phone) honours the same filter', async () => {
    const page = await staffQueue({ grievances: repo }, desk, {
      limit: 20,
      q: [{ by: 'PHONE', phone: '+919812345670' }],
      assignee: 'none',
    });
    expect(ids(page)).toEqual(['GRV-CCCCCCCCCC']);
  });
});
