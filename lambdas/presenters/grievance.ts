import { CATEGORY_LABELS, type Grievance, STATUS_LABELS, timelineLabel } from '../domain/grievance';

/** GrievanceSummary: the grievance without its timeline and internal bookkeeping, with its labels. */
export function presentGrievanceSummary(g: Grievance) {
  const { timeline: _t, feedbackDueAt: _f, ...summary } = g;
  return { ...summary, statusLabel: STATUS_LABELS[g.status], categoryLabel: CATEGORY_LABELS[g.category] };
}

/** Grievance, customer view: staff notes and staff ids are never shown. */
export function presentGrievanceForCustomer(g: Grievance) {
  return {
    ...presentGrievanceSummary(g),
    timeline: g.timeline
      .filter((e) => e.type !== 'NOTE')
      .map(({ staffId: _s, ...e }) => ({ ...e, label: timelineLabel(e) })),
  };
}

/** Grievance, staff view: everything, notes and staff ids included. */
export function presentGrievanceForStaff(g: Grievance) {
  return {
    ...presentGrievanceSummary(g),
    timeline: g.timeline.map((e) => ({ ...e, label: timelineLabel(e) })),
  };
}
