/**
 * The one definition of the system's stateful resources. The CDK stack
 * (infra/) and the local runtime (local/) both build from it, so what
 * `npm start` creates is what `cdk deploy` creates.
 */

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /**
   * What the index copies besides its keys. Never the matter's text: every
   * copy is written again on every change, so a lean projection keeps the
   * cost of a change small (the full case is one GetItem away). Empty: the
   * keys only (KEYS_ONLY), so only a change of the index's own keys writes it.
   */
  projection: readonly string[];
  /** Why the index exists, for docs and reviewers. */
  purpose: string;
}

/** What a work list shows of a case (see CaseSummary). */
const SUMMARY_ATTRIBUTES = [
  'caseNumber',
  'jurisdiction',
  'status',
  'channel',
  'category',
  'subject',
  'urgent',
  'registeredAt',
  'handling',
  'deadlines',
  'accusedUnits',
  'triage',
  // The case's line in the ledger (台账), for statistics: small, derived, no personal data.
  'ledger',
  // Staff recused from the case (回避): work lists must not show it to them.
  'recused',
  'receivingOffice',
] as const;

/** An index's projection as DynamoDB takes it: INCLUDE its attributes, or KEYS_ONLY when it names none. */
export function projectionOf(index: IndexDefinition): { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: string[] } {
  return index.projection.length === 0 ? { type: 'KEYS_ONLY' } : { type: 'INCLUDE', nonKeyAttributes: [...index.projection] };
}

export interface TableDefinition {
  id: string;
  partitionKey: string;
  sortKey: string;
  /** Attribute holding the epoch-seconds expiry used by the retention policy. */
  ttlAttribute: string;
  indexes: readonly IndexDefinition[];
  /**
   * The table's change stream (new images): the outbox dispatcher reads the
   * items whose `entity` is `outboxEntity` from it (docs/storage.md "Outbox").
   */
  stream: { view: 'NEW_IMAGE'; outboxEntity: string };
}

export const CASE_TABLE: TableDefinition = {
  id: 'cases',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  stream: { view: 'NEW_IMAGE', outboxEntity: 'outbox' },
  indexes: [
    {
      name: 'byJurisdictionStatus',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projection: SUMMARY_ATTRIBUTES,
      purpose: "a jurisdiction's cases by status, newest first (write-sharded: see docs/storage.md)",
    },
    {
      name: 'byUnit',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: SUMMARY_ATTRIBUTES,
      purpose: "a unit's open cases (or an office's, before a unit has them), soonest due first: work lists and daily digests",
    },
    {
      name: 'byDue',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      projection: ['caseNumber'],
      purpose: 'cases by when the sweep next has something to do (a reminder, an escalation step, a new clock to plan); sparse',
    },
    {
      name: 'byContact',
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      projection: ['caseNumber'],
      purpose: "a petitioner's cases by hashed contact (repeats and threads)",
    },
    {
      name: 'byReceipt',
      partitionKey: 'gsi5pk',
      sortKey: 'gsi5sk',
      // Keys only: the sort key names the case, the export reads the cases by key anyway, and a case's changes
      // (status, handling, deadlines…) then write no entry here — only registration and a new place or receipt do.
      projection: [],
      purpose:
        "the cases received in a month (China time), by jurisdiction code then receipt: a city's or the province's 台账 of a month in one query a shard, whatever the statuses and however many places (write-sharded: see docs/storage.md)",
    },
  ],
};

export interface QueueDefinition {
  id: string;
  fifo: boolean;
  /** Longer than the consumer's timeout, so a message is not redelivered while it is being worked. */
  visibilityTimeoutSeconds: number;
  /** Tries before a message is parked in the dead-letter queue. */
  maxReceiveCount: number;
  retentionDays: number;
  purpose: string;
}

export const QUEUES = {
  intake: {
    id: 'intake',
    fifo: false,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
    purpose: 'raw mail stored in S3, waiting to be parsed and registered',
  },
  // Under a surge the intake queue holds thousands of emails; one whose words make it urgent is
  // also put here by the pre-check on SES's receipt path, so it is registered (and its alert
  // sent) at once instead of in its turn. The intake function reads both; the Message-ID makes
  // the second copy a no-op (docs/storage.md "Priority lanes").
  intakeUrgent: {
    id: 'intake-urgent',
    fifo: false,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 14,
    purpose: 'raw mail the pre-check found urgent, registered before the intake queue\'s backlog',
  },
  routing: {
    id: 'routing',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    retentionDays: 14,
    purpose: 'registered cases waiting for territorial and departmental routing',
  },
  handoff: {
    id: 'handoff',
    fifo: true,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    retentionDays: 14,
    purpose: 'assign / transfer / return commands, in order per case (message group = case)',
  },
  // Outgoing mail waits in three lanes (docs/storage.md "Priority lanes"), so that under a surge an
  // urgent matter's alert never queues behind thousands of acknowledgements, and routine notices wait.
  notifyUrgent: {
    id: 'notify-urgent',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 8,
    retentionDays: 14,
    purpose: 'outgoing mail, first lane: alerts of urgent matters to the leaders and the office',
  },
  notify: {
    id: 'notify',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 8,
    retentionDays: 14,
    purpose: 'outgoing mail, second lane: acknowledgements of receipt, in arrival order',
  },
  notifyRoutine: {
    id: 'notify-routine',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 8,
    retentionDays: 14,
    purpose: 'outgoing mail, third lane: notices, letters to petitioners, reminders, escalations and digests (wait while the other lanes have mail)',
  },
  feedback: {
    id: 'feedback',
    fifo: false,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    retentionDays: 14,
    purpose: "SES bounces and complaints about the system's mail (from the sending configuration set's SNS topic)",
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueId = keyof typeof QUEUES;

/**
 * Where a stream consumer's batches go when the stream's retries run out (the
 * event source's on-failure destination): a record of which stream records
 * could not be dispatched. Nothing consumes it; its alarm calls an operator,
 * who re-dispatches the outbox items (they stay in the table 14 days).
 */
export const STREAM_FAILURE_QUEUE = {
  id: 'stream-failures',
  retentionDays: 14,
  purpose: 'stream batches the outbox dispatcher could not dispatch after its retries',
} as const;
export const QUEUE_IDS = Object.keys(QUEUES) as QueueId[];

export interface BucketDefinition {
  id: string;
  purpose: string;
  /** Key prefixes and how long objects under them are kept (days); cases extend this by archive policy. */
  prefixes: Readonly<Record<string, { purpose: string }>>;
}

export const MAIL_BUCKET: BucketDefinition = {
  id: 'mail',
  purpose: 'raw incoming mail (kept with the case) and attachments',
  prefixes: {
    'raw/': { purpose: 'raw MIME as SES stored it, one object per message' },
    'attachments/': { purpose: 'attachments by case number' },
    'letters/': { purpose: 'decision letters and other documents produced for a case' },
    'archive/': { purpose: 'archived case files (立卷归档): the record, raw mail and attachments of each archived case' },
  },
};

/**
 * Retention of the mail bucket, decided per prefix (docs/storage.md "Retention"):
 *
 * - `attachments/<case>/` and `archive/<case>/` belong to one case and are
 *   removed with it, by the retention job once the case's own retention ran
 *   out — never by their age, which says nothing of the case's (received in
 *   January 2027, archived in December 2027: kept until December 2030).
 * - `raw/` holds every email received: a case's (its messages name the key;
 *   removed with the case) and mail no case holds — auto-replies, bounces,
 *   delivery reports, copies for another office, mail to no office. The
 *   intake tags the latter with AGE_EXPIRY_TAG, and only tagged raw mail
 *   expires by age (the lifecycle rule on AWS, local/retention.ts here);
 *   untagged mail is never removed by age.
 *
 * Every prefix keeps a deleted object's earlier version for a quarter
 * (versioned bucket): a removal by mistake can be undone, then it is gone.
 */
export const CASE_MATERIAL_PREFIXES = ['raw/', 'attachments/', 'archive/'] as const;
export const AGE_EXPIRING_PREFIX = 'raw/';
/** The object tag that lets raw mail no case holds expire by age. */
export const AGE_EXPIRY_TAG = { key: 'retention', value: 'age' } as const;
/** Days a deleted or replaced object's earlier version is kept (versioned mail bucket). */
export const NONCURRENT_VERSION_DAYS = 90;

/** Whole days covering `years` years, leap days included, so objects are kept AT LEAST that long. */
export function retentionDays(years: number): number {
  return Math.ceil(years * 365.25);
}

/**
 * Where raw mail for an office mailbox is stored: one SES receipt rule per
 * office mailbox writes under its own prefix, so the key says which office
 * received the message (a Bcc leaves no trace in the headers).
 */
export const RAW_MAIL_PREFIX = 'raw/';
export function rawMailPrefix(mailbox: string): string {
  return `${RAW_MAIL_PREFIX}${mailbox.toLowerCase()}/`;
}
/** The office mailbox a raw-mail key was stored for, if the key has one. */
export function mailboxOfRawKey(key: string): string | undefined {
  const match = /^raw\/([^/@]+@[^/]+)\/[^/]+$/.exec(key);
  return match?.[1]?.toLowerCase();
}

/** Object-created events under a prefix go to a queue (S3 → SQS), on AWS and locally. */
export const BUCKET_NOTIFICATIONS: readonly { prefix: string; queue: QueueId }[] = [{ prefix: RAW_MAIL_PREFIX, queue: 'intake' }];

/** Physical names for a stage, e.g. `xinfang-local-cases`, `xinfang-prod-handoff.fifo`. */
export function resourceNames(stage: string) {
  const prefix = `xinfang-${stage}`;
  const queueName = (q: QueueDefinition, suffix = '') => `${prefix}-${q.id}${suffix}${q.fifo ? '.fifo' : ''}`;
  return {
    table: `${prefix}-${CASE_TABLE.id}`,
    bucket: `${prefix}-${MAIL_BUCKET.id}`,
    queues: Object.fromEntries(
      QUEUE_IDS.map((id) => [id, { name: queueName(QUEUES[id]), dlqName: queueName(QUEUES[id], '-dlq') }]),
    ) as Record<QueueId, { name: string; dlqName: string }>,
    streamFailures: `${prefix}-${STREAM_FAILURE_QUEUE.id}`,
  };
}
