import { ownerName, ownershipActions } from '../../web/console/ownership-rules';
import type { Grievance, StaffProfile } from '../../web/shared/api';
import { addDays, dayIn, isDay, resolutionTime } from '../../web/shared/format';

const grievance = (over: Partial<Grievance>): Grievance =>
  ({ id: 'GRV-1', level: 1, status: 'OPEN', ...over }) as Grievance;
const staff = (sub: string, groups: StaffProfile['groups'], level: StaffProfile['level']): StaffProfile => ({
  sub,
  groups,
  level,
});
const desk = staff('desk-a', ['grievance-desk'], 1);
const held = (by: string) => ({ assignee: { staffId: by, at: '2026-03-02T09:00:00.000Z' } });

describe("the console's ownership actions (the API's claim and release rules)", () => {
  it('offers "Claim" on an open grievance nobody holds, at the caller\'s level or below', () => {
    expect(ownershipActions(grievance({}), desk)).toEqual(['claim']);
    expect(ownershipActions(grievance({ level: 1 }), staff('head', ['customer-service-head'], 2))).toEqual([
      'claim',
    ]);
    expect(ownershipActions(grievance({ level: 2 }), desk)).toEqual([]);
    expect(ownershipActions(grievance({ status: 'RESOLVED' }), desk)).toEqual([]);
    expect(ownershipActions(grievance({}), staff('sc', ['service-centre'], null))).toEqual([]);
  });

  it('offers "Release" to the holder and "Take over" to others; an admin may do both', () => {
    expect(ownershipActions(grievance(held('desk-a')), desk)).toEqual(['release']);
    expect(ownershipActions(grievance(held('desk-b')), desk)).toEqual(['take-over']);
    expect(ownershipActions(grievance(held('desk-b')), staff('root', ['admin'], 3))).toEqual([
      'release',
      'take-over',
    ]);
  });

  it('names the owner "You", "Unassigned" or by staff id', () => {
    expect(ownerName(undefined, 'desk-a')).toBe('Unassigned');
    expect(ownerName({ staffId: 'desk-a' }, 'desk-a')).toBe('You');
    expect(ownerName({ staffId: 'desk-b' }, 'desk-a')).toBe('desk-b');
  });
});

describe("the report page's dates and times", () => {
  it('shows resolution minutes as hours and minutes, with the histogram\'s top bucket as "168 h or more"', () => {
    expect([null, 15, 60, 135, 180, 10_079, 10_080].map(resolutionTime)).toEqual([
      '—',
      '15 min',
      '1 h',
      '2 h 15 min',
      '3 h',
      '167 h 59 min',
      '168 h or more',
    ]);
  });

  it("takes today's date in the report time zone, not the browser's or UTC's", () => {
    const late = Date.parse('2026-03-05T20:00:00Z'); // 01:30 on 6 March in India
    expect(dayIn('Asia/Kolkata', late)).toBe('2026-03-06');
    expect(dayIn('UTC', late)).toBe('2026-03-05');
  });

  it('moves calendar days across months and years, and knows a real date', () => {
    expect(addDays('2026-03-06', -6)).toBe('2026-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(['2026-02-28', '2026-02-30', '2026-3-1', ''].map(isDay)).toEqual([true, false, false, false]);
  });
});
