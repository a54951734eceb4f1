import type { StageChoices } from '../config/stage.js';
import type { QueueId } from './definitions.js';

/**
 * Every function of the system, how it is triggered and what it may touch.
 * The CDK stack turns this into NodejsFunctions, event sources and grants;
 * the local runtime into the same invocations on this machine.
 */
export type FunctionTrigger =
  | { kind: 'http' }
  | {
      kind: 'sqs';
      queue: QueueId;
      batchSize: number;
      maxConcurrency?: number;
      /**
       * Waits up to this long for a batch to fill (Lambda's MaximumBatchingWindowInSeconds;
       * the local poller does the same): fewer, fuller invocations, and one batched read
       * each, for work that can wait a moment.
       */
      batchingWindowSeconds?: number;
    }
  /** The case table's stream, filtered to outbox items (CASE_TABLE.stream); failed batches go to STREAM_FAILURE_QUEUE. */
  | { kind: 'tableStream'; batchSize: number; retryAttempts: number }
  | { kind: 'schedule'; everyMinutes: number }
  /** Once a day at a China time of day (`HH:MM`, UTC+8, no daylight saving). */
  | { kind: 'schedule'; dailyAt: string }
  /**
   * Every `mailIn.everyMinutes` of the stage, once per batch of mailboxes, the batch in the
   * event (shared/resources/mail-in.ts): an EventBridge rule per batch on AWS, the local scheduler here.
   */
  | { kind: 'mailboxPoll' }
  /**
   * After SES's receipt rule stored an email (a Lambda action after the S3 action, invoked as an
   * event, with SES's notification of the message); locally the SMTP intake invokes it the same way.
   */
  | { kind: 'sesReceipt' };

export type ScheduleTrigger = Extract<FunctionTrigger, { kind: 'schedule' }>;

/** `every 15 min` / `daily at 08:00 China time`. */
export function describeSchedule(t: ScheduleTrigger): string {
  return 'everyMinutes' in t ? `every ${t.everyMinutes} min` : `daily at ${t.dailyAt} China time`;
}

/** The UTC hour and minute of a daily China-time schedule (China keeps UTC+8 all year). */
export function dailyUtcTime(t: { dailyAt: string }): { hour: number; minute: number } {
  const [hour, minute] = t.dailyAt.split(':').map(Number) as [number, number];
  return { hour: (hour + 24 - 8) % 24, minute };
}

export interface FunctionDefinition {
  id: string;
  /** Source file exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  trigger: FunctionTrigger;
  timeoutSeconds: number;
  memoryMb: number;
  /** Only in stages that made these choices (shared/config/stage.ts), e.g. `{ mailIn: 'imap' }`; in every stage without it. */
  when?: Partial<StageChoices>;
  access: {
    table?: 'read' | 'readWrite';
    /** `readDelete`: read and delete, never put (the retention function removing a case's material). */
    bucket?: 'read' | 'readWrite' | 'readDelete';
    sendTo?: readonly QueueId[];
    sendMail?: boolean;
    /**
     * The share of the account's sending rate this function's instances use together (default 1):
     * the mail lanes divide it, since each lane's containers pace themselves (see sendRateShare).
     */
    sendShare?: number;
    /** The secret key of the per-case reply addresses (the intake checks them, the mailer writes them). */
    replyTagKey?: boolean;
    /** Queues whose depth the function reads (the routine mail lane gives way while these have mail). */
    watchQueues?: readonly QueueId[];
    /**
     * Operating the queues (shared/app/operations.ts): every queue's and DLQ's
     * depth, and moving a DLQ's messages back to their queue (SQS message move tasks).
     */
    operateQueues?: boolean;
  };
}

/**
 * One mailer per lane of outgoing mail (docs/storage.md "Priority lanes"): the same code, batch,
 * timeout and memory for all three, so an urgent alert has a consumer of its own, never behind a
 * surge of acknowledgements, and routine mail gives way. Concurrency is bounded and each lane
 * paces at its share of the rate, so all mailers together stay within the SES sending rate.
 */
function mailerLane<const Id extends string, const Queue extends QueueId, const Extra extends Pick<FunctionDefinition['access'], 'sendShare' | 'watchQueues' | 'sendTo'>>(
  id: Id,
  queue: Queue,
  description: string,
  extra: Extra,
) {
  return {
    id,
    entry: 'functions/mailer/handler.ts',
    description,
    trigger: { kind: 'sqs', queue, batchSize: 10, maxConcurrency: 2 },
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'readWrite', sendMail: true, replyTagKey: true, ...extra },
  } as const;
}

/**
 * Intake, on one of its two lanes (QUEUES.intake, QUEUES.intakeUrgent): the same code and grants,
 * so an urgent email is registered exactly as any other, only sooner.
 */
function intakeLane<const Id extends string, const Queue extends 'intake' | 'intakeUrgent'>(id: Id, queue: Queue, description: string, batchSize: number) {
  return {
    id,
    entry: 'functions/intake/handler.ts',
    description,
    trigger: { kind: 'sqs', queue, batchSize },
    timeoutSeconds: 90,
    memoryMb: 1024,
    // Its own queue: an email behind its sender's burst is sent again there to wait its turn (functions/lib/sqs-batch.ts requeue).
    access: { table: 'readWrite', bucket: 'readWrite', replyTagKey: true, sendTo: [queue] },
  } as const;
}

export const FUNCTIONS = {
  api: {
    id: 'api',
    entry: 'functions/api/handler.ts',
    description: 'Staff API: register and read cases, list a jurisdiction’s cases',
    trigger: { kind: 'http' },
    timeoutSeconds: 15,
    memoryMb: 512,
    // The bucket: archiving copies a case's raw mail and attachments into its file under archive/.
    // Intake and operateQueues: the administrators' replay of a stored email, queue depths and redrives.
    access: { table: 'readWrite', bucket: 'readWrite', sendTo: ['notifyUrgent', 'notify', 'notifyRoutine', 'handoff', 'routing', 'intake'], operateQueues: true },
  },
  intake: intakeLane('intake', 'intake', 'Email intake: parse raw mail, register or thread it, flag it, route it where the rules decide, queue the acknowledgement', 5),
  // The same code on the urgent lane: one email at a time, so an urgent one never waits for a batch.
  intakeUrgent: intakeLane('intakeUrgent', 'intakeUrgent', 'Email intake, urgent lane: registers the emails the pre-check found urgent ahead of the intake queue', 1),
  precheck: {
    id: 'precheck',
    entry: 'functions/precheck/handler.ts',
    description: 'Reads each email SES stored and puts the urgent ones on the urgent intake lane, ahead of any backlog',
    trigger: { kind: 'sesReceipt' },
    when: { mailIn: 'ses' },
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { bucket: 'read', sendTo: ['intakeUrgent'] },
  },
  // Alerts are few: a tenth of the rate sends one at once even with both other lanes full.
  mailerUrgent: mailerLane('mailerUrgent', 'notifyUrgent', 'Sends urgent alerts through SES first, once per notification, within the sending rate', { sendShare: 0.1 }),
  // sendTo: the letters that follow an acknowledgement (an email petition's 受理告知) are queued on the routine lane once it is sent.
  mailer: mailerLane('mailer', 'notify', 'Sends acknowledgements through SES in arrival order, once per notification, within the sending rate; then queues the letters that follow them', {
    sendShare: 0.7,
    sendTo: ['notifyRoutine'],
  }),
  mailerRoutine: mailerLane(
    'mailerRoutine',
    'notifyRoutine',
    'Sends notices, reminders and digests through SES once the urgent and acknowledgement lanes are empty',
    { sendShare: 0.2, watchQueues: ['notifyUrgent', 'notify'] },
  ),
  router: {
    id: 'router',
    entry: 'functions/router/handler.ts',
    description: 'Routes registered cases: territorial and departmental rules, legal routes, other bodies, triage',
    trigger: { kind: 'sqs', queue: 'routing', batchSize: 5 },
    timeoutSeconds: 60,
    memoryMb: 512,
    // Everything the router causes (letters, its assignment) leaves through the outbox of its decision.
    access: { table: 'readWrite' },
  },
  handoff: {
    id: 'handoff',
    entry: 'functions/handoff/handler.ts',
    description: 'Applies assign / transfer / return handoffs in order per case and notifies the receiving unit',
    trigger: { kind: 'sqs', queue: 'handoff', batchSize: 10 },
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'readWrite' },
  },
  feedback: {
    id: 'feedback',
    entry: 'functions/feedback/handler.ts',
    description: 'Records SES bounces and complaints about sent mail on their cases',
    // Every letter's Send event comes here: gathered, a batch's are read together (sentAmong).
    trigger: { kind: 'sqs', queue: 'feedback', batchSize: 10, batchingWindowSeconds: 2 },
    timeoutSeconds: 60,
    memoryMb: 256,
    access: { table: 'readWrite' },
  },
  dispatcher: {
    id: 'dispatcher',
    entry: 'functions/dispatcher/handler.ts',
    description: 'Moves committed outbox items (letters, routing, handoffs) from the table stream to their queues',
    trigger: { kind: 'tableStream', batchSize: 100, retryAttempts: 10 },
    timeoutSeconds: 60,
    memoryMb: 256,
    access: { sendTo: ['notifyUrgent', 'notify', 'notifyRoutine', 'routing', 'handoff'] },
  },
  sweep: {
    id: 'sweep',
    entry: 'functions/sweep/handler.ts',
    description: 'Scheduled sweep: reminders before deadlines, one escalation step per interval after them; files last month\'s dispute screening lists',
    trigger: { kind: 'schedule', everyMinutes: 15 },
    // Long enough for a surge of due cases; what is left waits for the next run.
    timeoutSeconds: 600,
    memoryMb: 512,
    access: { table: 'readWrite', sendTo: ['notifyUrgent', 'notify', 'notifyRoutine'] },
  },
  retention: {
    id: 'retention',
    entry: 'functions/retention/handler.ts',
    description: 'Daily: removes archived cases whose retention ran out, with their mail, attachments, archived file and audit trail, and writes each in the destruction register',
    // At night, China time: a few cases a day, each tens of objects and items.
    trigger: { kind: 'schedule', dailyAt: '03:30' },
    timeoutSeconds: 600,
    memoryMb: 512,
    // The only function that deletes from the mail bucket (and the only one that deletes a case's items).
    access: { table: 'readWrite', bucket: 'readDelete' },
  },
  imap: {
    id: 'imap',
    entry: 'functions/imap/handler.ts',
    description: 'Mail in by IMAP: polls the office mailboxes and stores each new message under raw/<mailbox>/ for intake',
    trigger: { kind: 'mailboxPoll' },
    when: { mailIn: 'imap' },
    // A batch of mailboxes, each up to 50 messages, one after another, over the provider's network.
    timeoutSeconds: 300,
    memoryMb: 512,
    // The bucket (raw/* only) and the domains' secrets are granted by infra/constructs/mailbox-polling.ts; the
    // bucket's notification queues what it stores. It runs the urgent pre-check on what it stores itself.
    access: { table: 'readWrite', sendTo: ['intakeUrgent'] },
  },
  digest: {
    id: 'digest',
    entry: 'functions/digest/handler.ts',
    description: 'Daily digest to each unit and office of its overdue and soon-due cases',
    trigger: { kind: 'schedule', dailyAt: '08:00' },
    timeoutSeconds: 300,
    memoryMb: 512,
    // Writes what it reminded each reception leader of (the day's list then says only what is new).
    access: { table: 'readWrite', sendTo: ['notifyUrgent', 'notify', 'notifyRoutine'] },
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionId = keyof typeof FUNCTIONS;
export const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];

/** The functions of a stage that made these choices: those without `when`, and those whose `when` it matches. */
export function functionsFor(choices: Partial<StageChoices>, registry: Readonly<Record<string, FunctionDefinition>> = FUNCTIONS): FunctionDefinition[] {
  return Object.values(registry).filter((d) => Object.entries(d.when ?? {}).every(([key, kind]) => choices[key as keyof StageChoices] === kind));
}

/**
 * The share of the account's sending rate one instance of a mail-sending function may use:
 * its lane's share over its instances (the event source's maxConcurrency). On AWS every
 * container paces itself, so the shares of all instances of all lanes add up to at most 1
 * and the lanes together stay within the SES (or SMTP provider's) rate. The local runtime
 * runs the lanes in one container with one pacer at the whole rate, most pressing send first.
 */
export function sendRateShare(definition: FunctionDefinition): number {
  const instances = definition.trigger.kind === 'sqs' ? (definition.trigger.maxConcurrency ?? 1) : 1;
  return (definition.access.sendShare ?? 1) / instances;
}
