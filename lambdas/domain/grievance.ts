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

export type GrievanceStatus = 'OPEN' | 'RESOLVED' | 'CLOSED';
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
  | 'SLA_BREACHED';

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
  resolution?: { message: string; at: string; level: Level };
  feedback?: { satisfied: boolean; rating?: number; comment?: string; at: string };
  /** When a RESOLVED grievance closes itself for want of feedback (rule 6). */
  feedbackDueAt?: string;
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEvent[];
}

export type GrievanceSummary = Omit<Grievance, 'timeline'>;
