/**
 * One example per named component of the OpenAPI document. test/unit/openapi.test.ts
 * parses each with its schema, so an example cannot drift from what it shows.
 */
const GRIEVANCE_SUMMARY = {
  id: 'GRV-7KQ2M9XD4T',
  status: 'OPEN',
  level: 1,
  levelName: 'Grievance Desk',
  dueAt: '2026-11-27T10:00:00.000Z',
  slaBreached: false,
  customer: { name: 'Asha Rao', phone: '+919876543210' },
  category: 'REPAIR_DELAY',
  description: 'My phone has been at the service centre for two weeks with no update.',
  serviceOrderId: 'SO-20261101-ABCD',
  channel: 'WEB',
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
};

const SERVICE_ORDER_SUMMARY = {
  id: 'SO-20261101-ABCD',
  status: 'WORK_IN_PROGRESS',
  statusLabel: 'Work in progress',
  statusDescription: 'Your device is getting repaired',
  customer: { name: 'Asha Rao', phone: '+919876543210' },
  device: { model: 'Redmi Note 14', imei: '356938035643809' },
  issue: 'Battery drains within two hours.',
  serviceCentre: 'Bengaluru – Koramangala',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-02T12:00:00.000Z',
};

const SERVICE_ORDER = {
  ...SERVICE_ORDER_SUMMARY,
  timeline: [
    { at: '2026-11-01T09:00:00.000Z', status: 'UNDER_INSPECTION' },
    { at: '2026-11-02T12:00:00.000Z', status: 'WORK_IN_PROGRESS', note: 'Battery ordered.' },
  ],
};

export const OPENAPI_EXAMPLES: Record<string, unknown> = {
  Health: { status: 'ok' },
  Session: {
    accessToken: 'k3v9Qm2xT7pL0sNaZq3Rk9vT1mB2xY7wLp0sNaQ1',
    tokenType: 'Bearer',
    expiresAt: '2026-11-25T10:20:00.000Z',
    phone: '+919876543210',
    serviceOrders: [SERVICE_ORDER],
    grievances: [GRIEVANCE_SUMMARY],
  },
  CurrentSession: { phone: '+919876543210', expiresAt: '2026-11-25T10:20:00.000Z' },
  StaffProfile: { sub: 'desk-asha', groups: ['grievance-desk'], level: 1 },
  GrievanceSummary: GRIEVANCE_SUMMARY,
  ServiceOrderSummary: SERVICE_ORDER_SUMMARY,
  ServiceOrderList: { items: [SERVICE_ORDER_SUMMARY] },
  ServiceOrderPage: { items: [SERVICE_ORDER_SUMMARY], nextCursor: null },
  OtpRequest: { identifierType: 'IMEI', identifier: '356938035643809' },
  OtpVerification: { challengeId: 'Zq3Rk9vT1mB2xY7wLp0sNa', code: '123456' },
  OtpChallenge: {
    challengeId: 'Zq3Rk9vT1mB2xY7wLp0sNa',
    expiresAt: '2026-11-25T10:05:00.000Z',
    resendAfter: '2026-11-25T10:00:30.000Z',
    message: 'If this matches our records, a code has been sent to the mobile number on file.',
  },
  GrievanceRequest: {
    name: 'Asha Rao',
    category: 'REPAIR_DELAY',
    description: 'My phone has been at the service centre for two weeks with no update.',
    serviceOrderId: 'SO-20261101-ABCD',
    channel: 'WEB',
  },
  WalkInGrievanceRequest: {
    name: 'Asha Rao',
    phone: '9876543210',
    category: 'DEVICE_DEFECT',
    description: 'The screen flickers after the latest software update.',
    channel: 'SERVICE_CENTRE',
  },
  FeedbackRequest: { satisfied: false, rating: 2, comment: 'The phone still restarts on its own.' },
  StaffResponseRequest: { message: 'We have replaced the battery; please collect the phone.', resolve: true },
  ServiceOrderRequest: {
    customer: { name: 'Asha Rao', phone: '9876543210' },
    device: { model: 'Redmi Note 14', imei: '356938035643809' },
    issue: 'Battery drains within two hours.',
    serviceCentre: 'Bengaluru – Koramangala',
  },
  StatusChangeRequest: { status: 'WORK_IN_PROGRESS', note: 'Battery ordered.' },
  Grievance: {
    ...GRIEVANCE_SUMMARY,
    timeline: [{ at: '2026-11-25T10:00:00.000Z', type: 'CREATED', level: 1, actor: 'CUSTOMER' }],
  },
  GrievanceList: { items: [GRIEVANCE_SUMMARY], nextCursor: null },
  GrievanceQueuePage: { items: [GRIEVANCE_SUMMARY], nextCursor: null },
  ServiceOrder: SERVICE_ORDER,
  Problem: {
    type: 'https://redress.example/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: 'device.imei: must be a 15-digit IMEI with a valid check digit',
    instance: '/grievances',
    errors: [{ path: 'device.imei', message: 'must be a 15-digit IMEI with a valid check digit' }],
  },
};
