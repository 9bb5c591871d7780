import type { Grievance } from '../domain/grievance';

/** GrievanceSummary: the grievance without its timeline and internal bookkeeping. */
export function presentGrievanceSummary(g: Grievance) {
  const { timeline: _t, feedbackDueAt: _f, ...summary } = g;
  return summary;
}

/** Grievance, customer view: staff notes and staff ids are never shown. */
export function presentGrievanceForCustomer(g: Grievance) {
  return {
    ...presentGrievanceSummary(g),
    timeline: g.timeline.filter((e) => e.type !== 'NOTE').map(({ staffId: _s, ...e }) => e),
  };
}

/** Grievance, staff view: everything, notes included. */
export function presentGrievanceForStaff(g: Grievance) {
  return { ...presentGrievanceSummary(g), timeline: g.timeline };
}
