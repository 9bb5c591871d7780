/**
 * The single table's design, defined once and read by the CDK stack, the local
 * host, the repositories and the tests. No AWS SDK imports here.
 *
 * Items (pk / sk):
 *   OTP#<challengeId> / OTP            one-time password challenge
 *   TOKEN#<sha256(token)> / TOKEN      customer access token
 *   RATE#<scope>#<key> / RATE          sliding-window request log for a limit
 *   SO#<id> / SO                       service order
 *   GRV#<id> / GRV                     grievance
 *   IDEM#<scope>#<key> / IDEM          idempotency record
 *   STATS#<yyyy-mm-dd> / STATS         SLA report counters of one day in REPORT_TIME_ZONE (ADD-only)
 *   STATS#RUNNING / STATS              running counters: OPEN grievances per level now
 *   SMS#<sms id> / SMS                 delivery marker of a queued customer SMS (exactly once; TTL)
 *   SO#<id> / SMSFAIL#<sms id>         an SMS about the order that could not be sent (staff see it)
 *   LOCALSMS#<QUEUE|DEAD|FAILED> / <queuedAt>#<n>   the local host's SMS queue (never in AWS)
 *
 *   HEALTH / HEALTH                    never written: /health reads it to see the table answer
 *
 * Every list and search is a GetItem or a Query of one of INDEXES — never a Scan.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items lazily, code always checks expiry itself. */
  ttlAttribute: 'ttl',
} as const;

export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const INDEXES = {
  /** Service orders and grievances of one phone, newest last: gsi1pk = PHONE#+91…, gsi1sk = SO#<createdAt>#id | GRV#… */
  byPhone: { name: 'byPhone', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Service orders by IMEI (one IMEI may have several orders over the years). */
  byImei: { name: 'byImei', partitionKey: 'imei', sortKey: 'createdAt' },
  /** Service orders by upper-cased serial number. */
  bySerial: { name: 'bySerial', partitionKey: 'serialKey', sortKey: 'createdAt' },
  /** Service orders by purchase order number. */
  byPurchaseOrder: { name: 'byPurchaseOrder', partitionKey: 'purchaseOrderNumber', sortKey: 'createdAt' },
  /**
   * Staff work lists, one partition per status:
   *  - grievances: queuePk = <status>#<level>, queueSk = <dueAt or updatedAt>#id — most urgent first;
   *  - service orders: queuePk = SO#<status>, queueSk = <updatedAt>#id — most recently updated first.
   * Not sharded: a partition takes ~1,000 writes/s and orders change status a few times a
   * second at the busiest; a list merges partitions (merged-page.ts), so a `#<shard>`
   * suffix could be added later without changing a reader's contract.
   */
  queue: { name: 'queue', partitionKey: 'queuePk', sortKey: 'queueSk' },
  /**
   * Sparse, items under a parent:
   *  - a service centre's orders: parentPk = CENTRE#<centre key>, parentSk = <status>#<updatedAt>#id
   *    (one status is a begins_with range; all statuses merge five ranges);
   *  - a service order's grievances: parentPk = GRVSO#<order id>, parentSk = <createdAt>#id.
   * Writes spread over centres and orders, so no partition is hot.
   */
  byParent: { name: 'byParent', partitionKey: 'parentPk', sortKey: 'parentSk' },
  /**
   * Sparse: only grievances with a pending deadline (OPEN: dueAt, RESOLVED: feedback
   * window end). The sweeper queries overdue ones; the local host re-arms timers from it.
   */
  byDeadline: { name: 'byDeadline', partitionKey: 'deadlinePk', sortKey: 'deadlineSk' },
} as const satisfies Record<string, IndexDesign>;

export const DEADLINE_PARTITION = 'DEADLINE';

export const keys = {
  otp: (challengeId: string) => ({ pk: `OTP#${challengeId}`, sk: 'OTP' }),
  token: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
  rate: (scope: string, key: string) => ({ pk: `RATE#${scope}#${key}`, sk: 'RATE' }),
  serviceOrder: (id: string) => ({ pk: `SO#${id}`, sk: 'SO' }),
  grievance: (id: string) => ({ pk: `GRV#${id}`, sk: 'GRV' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  phonePartition: (phone: string) => `PHONE#${phone}`,
  serviceOrderStatusPartition: (status: string) => `SO#${status}`,
  /** Centres are free text: compared trimmed, case- and space-insensitively. */
  centrePartition: (centre: string) => `CENTRE#${centre.trim().replace(/\s+/g, ' ').toLowerCase()}`,
  serviceOrderGrievancesPartition: (serviceOrderId: string) => `GRVSO#${serviceOrderId}`,
  health: () => ({ pk: 'HEALTH', sk: 'HEALTH' }),
  statsDay: (day: string) => ({ pk: `STATS#${day}`, sk: 'STATS' }),
  statsRunning: () => ({ pk: 'STATS#RUNNING', sk: 'STATS' }),
  smsDelivery: (smsId: string) => ({ pk: `SMS#${smsId}`, sk: 'SMS' }),
  serviceOrderSmsFailure: (serviceOrderId: string, smsId: string) => ({
    pk: `SO#${serviceOrderId}`,
    sk: `SMSFAIL#${smsId}`,
  }),
  serviceOrderSmsFailurePrefix: 'SMSFAIL#',
  localSmsPartition: (list: 'QUEUE' | 'DEAD' | 'FAILED') => `LOCALSMS#${list}`,
};

export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
