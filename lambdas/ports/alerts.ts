/** The teams an alert can go to: one topic per escalation level plus operations. */
export type AlertTopic = 'level-1' | 'level-2' | 'level-3' | 'operations';

export interface Alert {
  topic: AlertTopic;
  subject: string;
  body: string;
  /** Grievance level the alert is about, sent as a message attribute. */
  level?: number;
  grievanceId?: string;
}

export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}
