import {
  CATEGORY_LABELS,
  type Grievance,
  STAFF_ONLY_EVENTS,
  STATUS_LABELS,
  timelineLabel,
} from '../domain/grievance';

const labelled = (g: Grievance) => {
  const { timeline: _t, feedbackDueAt: _f, ...summary } = g;
  return { ...summary, statusLabel: STATUS_LABELS[g.status], categoryLabel: CATEGORY_LABELS[g.category] };
};

/**
 * GrievanceSummary as a customer sees it: without its timeline, internal
 * bookkeeping or who holds it (a customer sees only the level, "being handled
 * by" its name), with its labels.
 */
export function presentGrievanceSummary(g: Grievance) {
  const { assignee: _a, ...summary } = labelled(g);
  return summary;
}

/** GrievanceSummary, staff view: with `assignee`. */
export function presentGrievanceSummaryForStaff(g: Grievance) {
  return labelled(g);
}

/** Grievance, customer view: staff notes, claims and staff ids are never shown. */
export function presentGrievanceForCustomer(g: Grievance) {
  return {
    ...presentGrievanceSummary(g),
    timeline: g.timeline
      .filter((e) => !STAFF_ONLY_EVENTS.includes(e.type))
      .map(({ staffId: _s, ...e }) => ({ ...e, label: timelineLabel(e) })),
  };
}

/** Grievance, staff view: everything, notes, claims and staff ids included. */
export function presentGrievanceForStaff(g: Grievance) {
  return {
    ...presentGrievanceSummaryForStaff(g),
    timeline: g.timeline.map((e) => ({ ...e, label: timelineLabel(e) })),
  };
}
