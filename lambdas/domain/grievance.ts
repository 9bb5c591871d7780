/**
 * Grievance data as API.md defines it. The rules live in grievance-rules.ts, the
 * SLA arithmetic in grievance-sla.ts, the SMS and alert texts in grievance-messages.ts.
 */
export const GRIEVANCE_CATEGORIES = [
  'DEVICE_DEFECT',
  'REPAIR_DELAY',
  'REPAIR_QUALITY',
  'SOFTWARE_UPDATE',
  'BILLING_REFUND',
  'WARRANTY',
  'STAFF_BEHAVIOUR',
  'OTHER',
] as const;
export type GrievanceCategory = (typeof GRIEVANCE_CATEGORIES)[number];

export const CHANNELS = ['WEB', 'APP', 'SERVICE_CENTRE', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a UI shows for each category (API.md: labels for every enum a UI shows). */
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

export type GrievanceStatus = 'OPEN' | 'RESOLVED' | 'CLOSED';

export const STATUS_LABELS: Record<GrievanceStatus, string> = {
  OPEN: 'Open',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};
export type Level = 1 | 2 | 3;

export const LEVEL_NAMES: Record<Level, string> = {
  1: 'Grievance Desk',
  2: 'Head of Customer Service',
  3: 'Office of the President',
};

/** A number as a level: below 1 is 1, above 3 is 3. */
export function toLevel(n: number): Level {
  return n <= 1 ? 1 : n >= 3 ? 3 : 2;
}

export type TimelineType =
  | 'CREATED'
  | 'ESCALATED'
  | 'RESPONDED'
  | 'NOTE'
  | 'RESOLVED'
  | 'REOPENED'
  | 'CLOSED'
  | 'SLA_BREACHED'
  /** Staff only: a staff member claimed the grievance (reason TAKEN_OVER when from another). */
  | 'ASSIGNED'
  /** Staff only: the holder (or an admin) released it. */
  | 'UNASSIGNED'
  /**
   * Staff only: an SMS to the customer could never be sent (reason OPTED_OUT or INVALID_NUMBER);
   * `message` names which SMS and the number. The customer was not told what the SMS said.
   */
  | 'SMS_NOT_DELIVERED';

/** Timeline types only staff see (the customer presenter leaves them out). */
export const STAFF_ONLY_EVENTS: readonly TimelineType[] = [
  'NOTE',
  'ASSIGNED',
  'UNASSIGNED',
  'SMS_NOT_DELIVERED',
];

/** Why an SMS could not be sent, as staff read it. */
export const SMS_FAILURE_LABELS: Record<string, string> = {
  OPTED_OUT: 'the number opted out of SMS',
  INVALID_NUMBER: 'the number cannot receive SMS',
};

export interface TimelineEvent {
  at: string;
  type: TimelineType;
  level: Level;
  actor: 'CUSTOMER' | 'STAFF' | 'SYSTEM';
  reason?: string;
  message?: string;
  /** Staff member's id (staff view only). */
  staffId?: string;
}

export interface Grievance {
  id: string;
  status: GrievanceStatus;
  level: Level;
  levelName: string;
  dueAt: string | null;
  slaBreached: boolean;
  customer: { name: string; phone: string; email?: string };
  category: GrievanceCategory;
  description: string;
  device?: { model?: string; imei?: string; serialNumber?: string };
  serviceOrderId?: string;
  channel: Channel;
  /**
   * `withinSla`: resolved before the level's `dueAt` (false after an SLA breach
   * at level 3). Absent on resolutions stored before it was recorded.
   */
  resolution?: { message: string; at: string; level: Level; withinSla?: boolean };
  feedback?: { satisfied: boolean; rating?: number; comment?: string; at: string };
  /**
   * Who works on it now (staff views only). Cleared by escalation, resolution,
   * reopening and closing: a grievance arriving at a level is nobody's yet.
   */
  assignee?: { staffId: string; at: string };
  /** When a RESOLVED grievance closes itself for want of feedback (rule 6). */
  feedbackDueAt?: string;
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEvent[];
}

export type GrievanceSummary = Omit<Grievance, 'timeline'>;

/** The label a UI shows for a timeline entry, e.g. "Escalated to Head of Customer Service". */
export function timelineLabel(e: Pick<TimelineEvent, 'type' | 'level' | 'reason'>): string {
  const level = LEVEL_NAMES[toLevel(e.level)];
  switch (e.type) {
    case 'CREATED':
      return 'Grievance registered';
    case 'ESCALATED':
      return `Escalated to ${level}`;
    case 'RESPONDED':
      return `Response from ${level}`;
    case 'NOTE':
      return 'Internal note';
    case 'RESOLVED':
      return `Resolved by ${level}`;
    case 'REOPENED':
      return `Reopened with ${level}`;
    case 'CLOSED':
      return e.reason === 'CUSTOMER_SATISFIED'
        ? 'Closed: customer satisfied'
        : e.reason === 'NO_FEEDBACK'
          ? 'Closed: no feedback received'
          : 'Closed';
    case 'SLA_BREACHED':
      return `Response time missed at the ${level}`;
    case 'ASSIGNED':
      return e.reason === 'TAKEN_OVER' ? `Taken over at the ${level}` : `Taken up at the ${level}`;
    case 'UNASSIGNED':
      return `Released at the ${level}`;
    case 'SMS_NOT_DELIVERED':
      return `Customer not told: SMS failed (${SMS_FAILURE_LABELS[e.reason ?? ''] ?? 'not deliverable'})`;
    default:
      return String(e.type);
  }
}
