import { worksAtLevel } from '../../lambdas/domain/staff';
import type { Grievance, StaffProfile } from '../shared/api';

/** Who holds a grievance, as the console names them: "You" for the caller, "Unassigned" for nobody. */
export function ownerName(assignee: { staffId: string } | undefined, me: string): string {
  if (!assignee) return 'Unassigned';
  return assignee.staffId === me ? 'You' : assignee.staffId;
}

export type Action = 'claim' | 'release' | 'take-over';

/**
 * What the caller may do about who holds `g` — the rules the API applies
 * (domain/grievance-rules.ts `claimGrievance` / `releaseGrievance`): staff at
 * its level or above claim an OPEN grievance nobody holds, or take it over from
 * someone else; the holder (or an admin) releases it.
 */
export function ownershipActions(g: Grievance, me: StaffProfile): Action[] {
  if (!worksAtLevel(me.level ?? 0, g.level)) return [];
  const holder = g.assignee?.staffId;
  const mine = holder === me.sub;
  const actions: Action[] = [];
  if (g.status === 'OPEN' && !holder) actions.push('claim');
  if (holder && (mine || me.groups.includes('admin'))) actions.push('release');
  if (g.status === 'OPEN' && holder && !mine) actions.push('take-over');
  return actions;
}
