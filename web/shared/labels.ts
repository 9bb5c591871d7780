import type { GrievanceCategory } from './api';

/**
 * Labels for enums until every answer carries its own (`categoryLabel`,
 * `statusLabel`, timeline `label`, API v1.1): the screens prefer the API's.
 */
export const CATEGORY_LABELS: Record<GrievanceCategory, string> = {
  DEVICE_DEFECT: 'Device defect',
  REPAIR_DELAY: 'Repair delay',
  REPAIR_QUALITY: 'Repair quality',
  SOFTWARE_UPDATE: 'Software update',
  BILLING_REFUND: 'Billing or refund',
  WARRANTY: 'Warranty',
  STAFF_BEHAVIOUR: 'Staff behaviour',
  OTHER: 'Other',
};

export const GRIEVANCE_STATUS_LABELS = { OPEN: 'Open', RESOLVED: 'Resolved', CLOSED: 'Closed' } as const;

const LEVEL_NAMES: Record<number, string> = {
  1: 'Grievance Desk',
  2: 'Head of Customer Service',
  3: 'Office of the President',
};
export const levelName = (level: number): string => LEVEL_NAMES[level] ?? `Level ${level}`;

interface TimelineEntryLike {
  type: string;
  level: number;
  reason?: string;
  label?: string;
}

/** A grievance timeline entry's label: the API's, or one made from its type. */
export function timelineLabel(entry: TimelineEntryLike): string {
  if (entry.label) return entry.label;
  switch (entry.type) {
    case 'CREATED':
      return 'Complaint filed';
    case 'ESCALATED':
      return `Escalated to ${levelName(entry.level)}`;
    case 'RESPONDED':
      return `Reply from ${levelName(entry.level)}`;
    case 'NOTE':
      return 'Internal note';
    case 'RESOLVED':
      return `Resolved by ${levelName(entry.level)}`;
    case 'REOPENED':
      return `Reopened at ${levelName(entry.level)}`;
    case 'CLOSED':
      return 'Closed';
    case 'SLA_BREACHED':
      return 'Response time missed';
    default:
      return entry.type;
  }
}

/** A grievance's category and status labels: the API's when present. */
export const categoryLabel = (g: { category: GrievanceCategory; categoryLabel?: string }): string =>
  g.categoryLabel ?? CATEGORY_LABELS[g.category];
export const statusLabel = (g: {
  status: keyof typeof GRIEVANCE_STATUS_LABELS;
  statusLabel?: string;
}): string => g.statusLabel ?? GRIEVANCE_STATUS_LABELS[g.status];
