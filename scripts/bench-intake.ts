import '../local/quiet-sdk.js';
/**
 * Intake benchmark (not a test): pushes N generated, realistic petitions
 * through the local SMTP intake and measures the whole pipeline, end to end:
 *
 *   SMTP 250 (raw mail stored in S3) → S3 notification → intake queue → intake
 *   function (parse, register the case, queue the acknowledgement) → notify
 *   queue → mailer (claim, send through SES at the sending rate) → captured by
 *   the local SES. Routing, handoffs and the notices they send run alongside,
 *   on the same machine, and share the SES sending rate with the acknowledgements.
 *
 * It prints petitions/s end to end, the latency per petition (acknowledgement
 * captured − SMTP accepted) with the intake's share of it, the DynamoDB
 * capacity consumed per petition (see scripts/lib/bench-capacity.ts for how it
 * is measured without changing production code), and the counts of lost and
 * duplicated petitions, checked in the store; the exit code is non-zero if any
 * petition is lost, duplicated, refused or unacknowledged.
 *
 * It runs its own local system on random ports with a fresh data folder in the
 * temp directory (a developer's `.data/` and `npm start` are never touched),
 * with a temporary copy of config/province.yaml whose SES sending rate is
 * production-like (--send-rate, default 14/s; the file's own default is 10/s),
 * and removes it all at the end, also on Ctrl-C or an error.
 *
 *   npm run bench:intake                      (tsx scripts/bench-intake.ts)
 *   npx tsx scripts/bench-intake.ts --count 200
 *   npx tsx scripts/bench-intake.ts --help
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchGetItemCommand, type BatchGetItemCommandOutput, DynamoDBClient, GetItemCommand,
  QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import nodemailer from 'nodemailer';
import { parseDocument } from 'yaml';
import { REPO_ROOT, startLocalSystem, type LocalSystem } from '../local/system.js';
import { idempotencyKey, JURISDICTION_SHARDS, jurisdictionStatusPartition, sequenceKey } from '../shared/adapters/dynamodb/keys.js';
import { PACKED_ATTRIBUTE, unpack } from '../shared/adapters/dynamodb/packed.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { loadProvinceConfig } from '../shared/config/province.js';
import { chinaYear } from '../shared/domain/case-number.js';
import { CASE_STATUSES } from '../shared/domain/case.js';
import { QUEUE_IDS, QUEUES, type QueueId } from '../shared/resources/definitions.js';
import { FUNCTIONS } from '../shared/resources/functions.js';
import { CapacityMeter, functionLines, operationLines, type CapacityTotals } from './lib/bench-capacity.js';
import { LogCapture } from './lib/bench-logs.js';
import { BenchProfile } from './lib/bench-profile.js';
import { AwsCallMeter } from './lib/bench-aws-calls.js';
import { projection } from './lib/bench-aws-projection.js';
import { PetitionGenerator, type GeneratedPetition } from './lib/bench-petitions.js';
import { optionsOrExitCode } from './lib/bench-options.js';

const USAGE = `Usage: npm run bench:intake -- [options]      (or: npx tsx scripts/bench-intake.ts [options])

Pushes generated petitions through the local SMTP intake of a private local system
(random ports, temp data folder) and reports petitions/s end to end, latency, DynamoDB
capacity per petition, and lost / duplicated petitions (exit code 1 if any).

Options:
  --count N                 petitions to send (default 2000)
  --concurrency C           SMTP connections (default 8)
  --attachments-every K     every K-th petition carries 1-3 attachments; 0 = none (default 5)
  --timeout-seconds S       give up waiting for acknowledgements S seconds after sending starts (default 600)
  --send-rate R             SES sending rate (mail.sendRatePerSecond) written into the temp copy of
                            config/province.yaml the system runs with (default 14; the file's default is 10).
                            It bounds acknowledgements/s: expect about N / R seconds end to end
  --second-office-every M   every M-th petition is also addressed to the office above ("并转"), so the
                            intake receives it twice and must register it once; 0 = never (default 10)
  --urgent-every U          every U-th petition is an urgent matter (someone threatens to jump, 跳楼): the
                            intake alerts the leaders, and the benchmark times the alert from the email's
                            250 to the alert's send, beside the acknowledgements; 0 = none (default 0)
  --rate P                  offer P petitions/s to SMTP instead of as fast as it accepts (default: unlimited)
  --settle-seconds T        after the last acknowledgement, wait up to T seconds for the queues to drain
                            (routing, handoff, notices) before reading the capacity totals (default 60)
  --seed S                  generator seed (default 1)
  --aws-concurrency N       the AWS account's Lambda concurrency for the projection (default 1000)
  --aws-intake-share F      the share of it the intake may take (default 0.5)
  --aws-send-rate R         the account's SES sending rate for the projection (default: config/province.yaml's)
  --aws-write-units W       write units/s an on-demand table takes at once (default 4000; the table quota is 40000)
  --profile DIR             profile every process while it runs (V8 CPU profile of the Node process, Java
                            Flight Recorder of DynamoDB Local) and print where the CPU time went; the raw
                            profiles stay in DIR
  --pack-samples PATH       write the JSON of the first packed attributes put, by entity, to PATH (what
                            npm run pack-dictionary builds the packing dictionary from)
  --log-file PATH           append the functions' JSON logs to PATH (otherwise only tallied)
  --help                    this text
`;

/** Packed attributes kept per entity with --pack-samples. */
const PACK_SAMPLES_PER_ENTITY = 400;

interface Options {
  count: number;
  concurrency: number;
  attachmentsEvery: number;
  timeoutSeconds: number;
  sendRate: number;
  secondOfficeEvery: number;
  urgentEvery: number;
  rate: number;
  settleSeconds: number;
  seed: number;
  logFile?: string;
  profileDir?: string;
  packSamplesFile?: string;
  aws: { concurrency: number; intakeShare: number; sendRate?: number; writeUnits: number };
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      count: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      'attachments-every': { type: 'string', default: '5' },
      'timeout-seconds': { type: 'string', default: '600' },
      'send-rate': { type: 'string', default: '14' },
      'second-office-every': { type: 'string', default: '10' },
      'urgent-every': { type: 'string', default: '0' },
      rate: { type: 'string', default: '0' },
      'settle-seconds': { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      'log-file': { type: 'string' },
      profile: { type: 'string' },
      'pack-samples': { type: 'string' },
      'aws-concurrency': { type: 'string', default: '1000' },
      'aws-intake-share': { type: 'string', default: '0.5' },
      'aws-send-rate': { type: 'string' },
      'aws-write-units': { type: 'string', default: '4000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const number = (name: keyof typeof values, min: number, max: number, integer = true): number => {
    const raw = String(values[name]);
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    }
    return n;
  };
  return {
    count: number('count', 1, 1_000_000),
    concurrency: number('concurrency', 1, 256),
    attachmentsEvery: number('attachments-every', 0, 1_000_000),
    timeoutSeconds: number('timeout-seconds', 1, 86_400, false),
    sendRate: number('send-rate', 0.1, 1000, false),
    secondOfficeEvery: number('second-office-every', 0, 1_000_000),
    urgentEvery: number('urgent-every', 0, 1_000_000),
    rate: number('rate', 0, 100_000, false),
    settleSeconds: number('settle-seconds', 0, 86_400, false),
    seed: number('seed', 0, 2 ** 31),
    ...(values['log-file'] ? { logFile: values['log-file'] } : {}),
    ...(values.profile ? { profileDir: resolve(values.profile) } : {}),
    ...(values['pack-samples'] ? { packSamplesFile: resolve(values['pack-samples']) } : {}),
    aws: {
      concurrency: number('aws-concurrency', 1, 1_000_000),
      intakeShare: number('aws-intake-share', 0.01, 1, false),
      ...(values['aws-send-rate'] !== undefined ? { sendRate: number('aws-send-rate', 0.1, 100_000, false) } : {}),
      writeUnits: number('aws-write-units', 1, 10_000_000),
    },
  };
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------
// Per petition
// ---------------------------------------------------------------------------

interface Ack {
  at: number;
  caseNumber?: string;
}

interface Sent {
  index: number;
  messageId: string;
  from: string;
  envelopeTo: number;
  jurisdiction: string;
  charset: string;
  client: string;
  attachments: number;
  urgent: boolean;
  bytes: number;
  /** SMTP transaction start and the moment the server answered 250 to DATA (epoch ms). */
  startedAt?: number;
  acceptedAt?: number;
  attempts: number;
  error?: string;
  acks: Ack[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function bareAddress(value: string): string {
  return (/<([^<>]+)>/.exec(value)?.[1] ?? value).trim().toLowerCase();
}

/** A temp copy of the province configuration with the chosen SES sending rate. */
function writeConfigCopy(dir: string, sendRate: number): { path: string; fileRate: number } {
  const original = join(REPO_ROOT, 'config', 'province.yaml');
  const fileRate = loadProvinceConfig(original).config.mail.sendRatePerSecond;
  const doc = parseDocument(readFileSync(original, 'utf8'));
  doc.setIn(['mail', 'sendRatePerSecond'], sendRate);
  const path = join(dir, 'province.yaml');
  writeFileSync(path, doc.toString());
  return { path, fileRate };
}

// ---------------------------------------------------------------------------
// Checks in the store (unmetered, after the run)
// ---------------------------------------------------------------------------

interface CaseRow {
  caseNumber: string;
  registeredAt: number;
  email?: string;
  urgent: boolean;
  acknowledgement?: string;
  status: string;
}

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/**
 * Every case of the jurisdictions: case numbers through the byJurisdictionStatus
 * index (every status, every shard; no Scan), then the cases themselves by
 * BatchGet (the index projects summary fields only, not the petitioner).
 */
async function listCases(dynamo: DynamoDBClient, table: string, jurisdictions: readonly string[]): Promise<CaseRow[]> {
  const partitions = jurisdictions.flatMap((j) => CASE_STATUSES.flatMap((status) => Array.from({ length: JURISDICTION_SHARDS }, (_, shard) => ({ status, pk: jurisdictionStatusPartition(j, status, shard) }))));
  const listed: { caseNumber: string; status: string }[] = [];
  await inParallel(partitions, 8, async ({ status, pk }) => {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byJurisdictionStatus',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ProjectionExpression: 'caseNumber',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) listed.push({ caseNumber: item.caseNumber?.S ?? '?', status });
      start = page.LastEvaluatedKey;
    } while (start);
  });
  const rows: CaseRow[] = [];
  for (let i = 0; i < listed.length; i += 100) {
    const chunk = listed.slice(i, i + 100);
    let keys: Record<string, AttributeValue>[] | undefined = chunk.map((c) => ({ pk: { S: `CASE#${c.caseNumber}` }, sk: { S: 'CASE' } }));
    while (keys && keys.length) {
      const page: BatchGetItemCommandOutput = await dynamo.send(
        new BatchGetItemCommand({
          RequestItems: {
            // The petitioner and the acknowledgement's state are packed (docs/storage.md "Packed attributes").
            [table]: { Keys: keys, ProjectionExpression: 'caseNumber, registeredAt, urgent, #s, #packed', ExpressionAttributeNames: { '#s': 'status', '#packed': PACKED_ATTRIBUTE } },
          },
        }),
      );
      for (const stored of page.Responses?.[table] ?? []) {
        const item = unpack(unmarshall(stored)) as { caseNumber?: string; registeredAt?: string; petitioner?: { email?: string }; urgent?: boolean; acknowledgement?: string; status?: string };
        const email = item.petitioner?.email;
        rows.push({
          caseNumber: item.caseNumber ?? '?',
          registeredAt: Date.parse(item.registeredAt ?? ''),
          ...(email ? { email: email.toLowerCase() } : {}),
          urgent: item.urgent === true,
          ...(item.acknowledgement ? { acknowledgement: item.acknowledgement } : {}),
          status: item.status ?? '?',
        });
      }
      keys = page.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return rows;
}

/** The intake's idempotency records (IDEM#mail:<message-id>), by BatchGet. */
async function idempotencyRecords(dynamo: DynamoDBClient, table: string, messageIds: readonly string[]): Promise<Map<string, { outcome: string; caseNumber?: string }>> {
  const found = new Map<string, { outcome: string; caseNumber?: string }>();
  // The key as the intake builds it (keys.ts may hash it), mapped back to the Message-ID.
  const byPk = new Map(messageIds.map((id) => [idempotencyKey(`mail:${id.toLowerCase()}`).pk, id]));
  for (let i = 0; i < messageIds.length; i += 100) {
    let keys: Record<string, AttributeValue>[] = messageIds.slice(i, i + 100).map((id) => {
      const key = idempotencyKey(`mail:${id.toLowerCase()}`);
      return { pk: { S: key.pk }, sk: { S: key.sk } };
    });
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
      const result = await dynamo.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of result.Responses?.[table] ?? []) {
        const id = byPk.get(item.pk?.S ?? '');
        if (id === undefined) continue;
        found.set(id, { outcome: item.outcome?.S ?? 'registered', ...(item.caseNumber?.S ? { caseNumber: item.caseNumber.S } : {}) });
      }
      keys = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, AttributeValue>[];
    }
  }
  return found;
}

interface Depth {
  visible: number;
  inFlight: number;
  delayed: number;
}

async function queueDepth(sqs: SQSClient, url: string): Promise<Depth> {
  const { Attributes: a = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
  );
  return { visible: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0), delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0) };
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

async function main(): Promise<number> {
  const opts = optionsOrExitCode(parseOptions, USAGE);
  if (typeof opts === 'number') return opts;
  const began = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'xinfang-bench-intake-'));
  const logs = new LogCapture(opts.logFile);
  const systemLog: string[] = [];
  let system: LocalSystem | undefined;
  let startup: Promise<LocalSystem> | undefined;
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  let meter: CapacityMeter | undefined;
  let calls: AwsCallMeter | undefined;

  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      transport?.close();
      // A Ctrl-C during start-up: let the start finish, then close what it started.
      const started = system ?? (await startup?.catch(() => undefined));
      await started?.close().catch((error: unknown) => logs.err(`closing the local system failed: ${(error as Error).message}\n`));
      meter?.uninstall();
      calls?.uninstall();
      await logs.close();
      rmSync(tmp, { recursive: true, force: true });
    })());
  // Ctrl-C reaches this process twice (from the terminal and relayed by the tsx launcher): the first
  // signal stops and cleans up, a repeat is ignored, a third one leaves at once.
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      logs.err(`\n${signal}: stopping the benchmark's local system and removing ${tmp}…\n`);
      void cleanup().finally(() => process.exit(130));
    } else if (signals >= 3) {
      logs.err(`${signal} again: leaving without cleaning up ${tmp}\n`);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const config = writeConfigCopy(tmp, opts.sendRate);
    logs.install();
    meter = CapacityMeter.install(Object.values(FUNCTIONS).map((f) => f.entry.split('/')[1]!));
    if (opts.packSamplesFile) meter.keepPackedSamples(PACK_SAMPLES_PER_ENTITY);
    calls = AwsCallMeter.install();
    logs.out(`Intake benchmark: ${opts.count} petitions, ${opts.concurrency} SMTP connections, attachments every ${opts.attachmentsEvery || '-'}, second office every ${opts.secondOfficeEvery || '-'}, seed ${opts.seed}`);
    const profile = opts.profileDir ? await BenchProfile.start(opts.profileDir) : undefined;
    logs.out(`Starting a private local system (random ports, data in ${tmp})…`);
    startup = startLocalSystem({ ports: 'random', dataDir: join(tmp, 'data'), configPath: config.path, stage: 'bench', log: (line) => systemLog.push(line) });
    system = await startup;
    const sys = system;
    const startedIn = Date.now() - began;
    const mail = sys.province.config.mail;
    logs.out(
      `  ready in ${seconds(startedIn)}; SES sending rate ${mail.sendRatePerSecond}/s (temp copy of config/province.yaml, which gives ${config.fileRate}/s), ` +
        `acknowledgements per address per day ${mail.acknowledgementsPerAddressPerDay}`,
    );
    meter.reset();
    calls.reset();
    await profile?.begin();

    const generator = new PetitionGenerator(sys.province.config, { seed: opts.seed, attachmentsEvery: opts.attachmentsEvery, secondOfficeEvery: opts.secondOfficeEvery, urgentEvery: opts.urgentEvery });
    const sent: Sent[] = [];
    const byMessageId = new Map<string, number>();
    const byAddress = new Map<string, number>();
    const otherMail: Record<string, number> = {};
    // Alerts to the leaders (by case number, matched to their petition after the run) and the other mail's send times.
    const alerts: { caseNumber: string; at: number }[] = [];
    const routineTimes: number[] = [];
    let mailSeen = 0;
    let acked = 0;
    let lastFirstAck = 0;
    const scanMail = () => {
      const mails = sys.ses.list(mailSeen);
      for (const m of mails) {
        mailSeen++;
        // The acknowledgement answers the petition (In-Reply-To: its Message-ID, Auto-Submitted: auto-replied).
        // Other mail to the petitioner (notices of acceptance, transfer …) is no acknowledgement.
        const replyTo = [...(m.headers['in-reply-to'] ?? '').matchAll(/<([^<>\s]+)>/g)].map((x) => x[1]!.toLowerCase());
        const autoSubmitted = (m.headers['auto-submitted'] ?? '').split(';')[0]!.trim().toLowerCase();
        const toPetitioner = m.to.map((a) => byAddress.get(bareAddress(a))).find((i) => i !== undefined);
        let index = replyTo.map((id) => byMessageId.get(id)).find((i) => i !== undefined);
        if (index === undefined && replyTo.length === 0 && autoSubmitted === 'auto-replied') index = toPetitioner;
        if (index === undefined) {
          if (m.subject.startsWith('【紧急】') && m.headers['x-case-number']) alerts.push({ caseNumber: m.headers['x-case-number'], at: Date.parse(m.time) });
          else routineTimes.push(Date.parse(m.time));
          const kind = `${toPetitioner !== undefined ? 'to petitioners' : 'to offices, units and staff'} (${autoSubmitted || 'no Auto-Submitted'})`;
          otherMail[kind] = (otherMail[kind] ?? 0) + 1;
          continue;
        }
        const record = sent[index]!;
        const at = Date.parse(m.time);
        record.acks.push({ at, ...(m.headers['x-case-number'] ? { caseNumber: m.headers['x-case-number'] } : {}) });
        if (record.acks.length === 1) {
          acked++;
          lastFirstAck = Math.max(lastFirstAck, at);
        }
      }
    };

    transport = nodemailer.createTransport({
      host: sys.smtp.host,
      port: sys.smtp.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: opts.concurrency,
      maxMessages: Infinity,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const smtp = transport;

    let next = 0;
    let accepted = 0;
    let refused = 0;
    let retries = 0;
    let bytes = 0;
    const sendStart = Date.now();
    const deadline = sendStart + opts.timeoutSeconds * 1000;
    const sendOne = async (p: GeneratedPetition, record: Sent) => {
      for (;;) {
        record.attempts++;
        record.startedAt = Date.now();
        try {
          const info = await smtp.sendMail({ envelope: { from: p.from, to: p.envelopeTo }, raw: p.raw });
          record.acceptedAt = Date.now();
          if (info.rejected.length) throw new Error(`recipients refused: ${info.rejected.join(', ')}`);
          accepted++;
          return;
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          const transient = code === undefined || (code >= 400 && code < 500);
          if (!transient || record.attempts >= 4 || Date.now() > deadline) {
            record.error = (error as Error).message;
            delete record.acceptedAt;
            refused++;
            return;
          }
          retries++;
          await sleep(250 * 2 ** record.attempts);
        }
      }
    };
    const workers = Array.from({ length: Math.min(opts.concurrency, opts.count) }, async () => {
      while (next < opts.count) {
        const index = next++;
        if (opts.rate > 0) {
          const due = sendStart + (index * 1000) / opts.rate;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        const p = generator.petition(index);
        const record: Sent = {
          index,
          messageId: p.messageId.toLowerCase(),
          from: p.from.toLowerCase(),
          envelopeTo: p.envelopeTo.length,
          jurisdiction: p.jurisdiction,
          charset: p.charset,
          client: p.client,
          attachments: p.attachments,
          urgent: p.urgent,
          bytes: p.raw.length,
          attempts: 0,
          acks: [],
        };
        if (byMessageId.has(record.messageId) || byAddress.has(record.from)) throw new Error(`generator repeated a Message-ID or sender at ${index}`);
        sent[index] = record;
        byMessageId.set(record.messageId, index);
        byAddress.set(record.from, index);
        bytes += p.raw.length;
        await sendOne(p, record);
      }
    });
    let sendingDone = false;
    let sendingFailed = false;
    const sending = Promise.all(workers).then(
      () => void (sendingDone = true),
      (error: unknown) => {
        sendingFailed = true;
        throw error;
      },
    );
    sending.catch(() => undefined);

    // Progress on stderr; the acknowledgements are picked up as the local SES captures them.
    const tty = process.stderr.isTTY;
    let lastProgress = 0;
    const progress = (force = false) => {
      const now = Date.now();
      if (!force && now - lastProgress < (tty ? 1000 : 15_000)) return;
      lastProgress = now;
      const registered = logs.tally.outcomes['intake registered'] ?? 0;
      const line = `  ${seconds(now - sendStart).padStart(9)}  SMTP accepted ${accepted}/${opts.count}  registered ${registered}  acknowledged ${acked}`;
      logs.err(tty ? `\r${line}   ` : `${line}\n`);
    };
    while (true) {
      // Only the mail captured since the last look is copied; the latency uses the capture time, not the poll's.
      await sleep(500);
      scanMail();
      progress();
      if ((sendingDone && acked >= accepted) || sendingFailed || Date.now() > deadline) break;
    }
    await sending;
    progress(true);
    if (tty) logs.err('\n');
    const timedOut = acked < accepted;
    const ackPhaseEnd = Date.now();

    // Let the pipeline finish what follows the acknowledgements (the mailer records each sent mail on its case;
    // routing, handoffs and their notices go on) before reading the totals: until every queue is empty, or
    // nothing is visible and no DynamoDB call was made for 3 s (only retries waiting out a visibility
    // timeout are left), or --settle-seconds.
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: sys.endpoints.sqs, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const queues = sys.resources.queues;
    const depths = async () => Object.fromEntries(await Promise.all(QUEUE_IDS.map(async (id) => [id, await queueDepth(sqs, queues[id].url)] as const))) as Record<QueueId, Depth>;
    const settleUntil = Math.min(deadline, Date.now() + opts.settleSeconds * 1000);
    let pending = await depths();
    let drained = false;
    for (;;) {
      const all = Object.values(pending);
      drained = all.every((q) => q.visible + q.inFlight + q.delayed === 0);
      const quiet = all.every((q) => q.visible + q.delayed === 0) && Date.now() - meter.snapshot().lastCallAt > 3000;
      if (drained || quiet || Date.now() >= settleUntil) break;
      await sleep(500);
      scanMail();
      pending = await depths();
    }
    const settled = Date.now();
    await sleep(1000);
    scanMail();
    const capacity: CapacityTotals = meter.snapshot();
    if (opts.packSamplesFile) writeFileSync(opts.packSamplesFile, JSON.stringify(meter.samples(), null, 1));
    meter.pause();
    const awsCalls = calls.snapshot();
    calls.pause();
    await profile?.end();

    // Checks in the store and the queues.
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: sys.endpoints.dynamodb, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const table = sys.resources.tableName;
    const records = sent.filter(Boolean);
    const idem = await idempotencyRecords(dynamo, table, records.map((r) => r.messageId));
    const jurisdictions = sys.province.config.jurisdictions.map((j) => j.code);
    const cases = await listCases(dynamo, table, jurisdictions);
    const years = [...new Set([chinaYear(new Date(sendStart).toISOString()), chinaYear(new Date().toISOString())])];
    let allocated = 0;
    for (const j of jurisdictions) {
      for (const year of years) {
        const key = sequenceKey(j, year);
        const { Item } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
        allocated += Number(Item?.seq?.N ?? 0);
      }
    }
    const dlqs = Object.fromEntries(await Promise.all(QUEUE_IDS.map(async (id) => [id, await queueDepth(sqs, queues[id].dlqUrl)] as const))) as Record<QueueId, Depth>;
    dynamo.destroy();
    sqs.destroy();

    // Lost and duplicated.
    const casesByEmail = new Map<string, CaseRow[]>();
    const caseNumbers = new Set<string>();
    for (const c of cases) {
      caseNumbers.add(c.caseNumber);
      if (c.email) casesByEmail.set(c.email, [...(casesByEmail.get(c.email) ?? []), c]);
    }
    const submitted = records.filter((r) => r.acceptedAt !== undefined);
    const lost = submitted.filter((r) => {
      const record = idem.get(r.messageId);
      return !(record?.outcome === 'registered' && record.caseNumber && caseNumbers.has(record.caseNumber));
    });
    const noIdempotencyRecord = submitted.filter((r) => !idem.has(r.messageId)).length;
    const moreThanOneCase = submitted.filter((r) => (casesByEmail.get(r.from)?.length ?? 0) > 1);
    const moreThanOneAck = submitted.filter((r) => r.acks.length > 1);
    const duplicated = new Set([...moreThanOneCase, ...moreThanOneAck].map((r) => r.index));
    const unacknowledged = submitted.filter((r) => r.acks.length === 0);
    const ourEmails = new Set(records.map((r) => r.from));
    const strayCases = cases.filter((c) => !c.email || !ourEmails.has(c.email)).length;
    const ackCaseMismatch = submitted.filter((r) => r.acks[0]?.caseNumber && idem.get(r.messageId)?.caseNumber && r.acks[0].caseNumber !== idem.get(r.messageId)!.caseNumber).length;

    // Timing.
    const acceptedTimes = submitted.map((r) => r.acceptedAt!).sort((a, b) => a - b);
    const firstAccepted = acceptedTimes[0] ?? sendStart;
    const lastAccepted = acceptedTimes[acceptedTimes.length - 1] ?? sendStart;
    const e2eWindow = lastFirstAck - firstAccepted;
    const latencies = submitted.filter((r) => r.acks.length).map((r) => r.acks[0]!.at - r.acceptedAt!).sort((a, b) => a - b);
    // The same window up to the 99th percentile acknowledgement: one acknowledgement held back by a retry does not make the rate.
    const firstAcks = submitted.filter((r) => r.acks.length).map((r) => r.acks[0]!.at).sort((a, b) => a - b);
    const ack99 = percentile(firstAcks, 99);
    const acks99 = firstAcks.filter((at) => at <= ack99).length;
    const caseByNumber = new Map(cases.map((c) => [c.caseNumber, c]));
    const intakeLatencies = submitted
      .map((r) => {
        const c = caseByNumber.get(idem.get(r.messageId)?.caseNumber ?? '');
        return c && Number.isFinite(c.registeredAt) ? c.registeredAt - r.acceptedAt! : undefined;
      })
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => a - b);
    const lastRegistered = cases.reduce((last, c) => (Number.isFinite(c.registeredAt) ? Math.max(last, c.registeredAt) : last), 0);
    const smtpTimes = submitted.map((r) => r.acceptedAt! - r.startedAt!).sort((a, b) => a - b);

    // Report.
    const n = submitted.length || 1;
    const out = (line = '') => logs.out(line);
    const byCharset = Object.entries(countBy(records, (r) => r.charset)).map(([k, v]) => `${k} ${v}`).join(', ');
    const withAttachments = records.filter((r) => r.attachments > 0);
    out();
    out('Results');
    out(`  petitions           ${records.length} generated (${byCharset}); ${withAttachments.length} with attachments (${withAttachments.reduce((s, r) => s + r.attachments, 0)} files); ` +
      `${records.filter((r) => r.envelopeTo > 1).length} also sent to the office above; ${(bytes / 1048576).toFixed(1)} MiB raw`);
    out(`  SMTP                ${accepted} accepted, ${refused} refused, ${retries} retries; ${seconds(lastAccepted - sendStart)} for all (${fixed(accepted / ((lastAccepted - sendStart) / 1000), 1)}/s), ` +
      `250 after p50 ${percentile(smtpTimes, 50)} ms, p99 ${percentile(smtpTimes, 99)} ms`);
    out(`  end to end          ${acked}/${accepted} acknowledged; first SMTP accepted → last acknowledgement captured ${seconds(e2eWindow)}: ${fixed(acked / (e2eWindow / 1000))} petitions/s` +
      (timedOut ? `  (TIMED OUT after ${opts.timeoutSeconds} s)` : ''));
    out(`                      99% acknowledged (${acks99}) ${seconds(ack99 - firstAccepted)} after the first SMTP accepted: ${fixed(acks99 / ((ack99 - firstAccepted) / 1000))} petitions/s`);
    out(`  registration        first SMTP accepted → last case registered ${seconds(lastRegistered - firstAccepted)}: ${fixed(cases.length / ((lastRegistered - firstAccepted) / 1000))} cases/s (the intake alone)`);
    out(`  latency             ack captured − SMTP accepted: p50 ${seconds(percentile(latencies, 50))}, p90 ${seconds(percentile(latencies, 90))}, p99 ${seconds(percentile(latencies, 99))}, max ${seconds(latencies[latencies.length - 1] ?? Number.NaN)}`);
    out(`    of which intake   case registered − SMTP accepted: p50 ${seconds(percentile(intakeLatencies, 50))}, p90 ${seconds(percentile(intakeLatencies, 90))}, p99 ${seconds(percentile(intakeLatencies, 99))}, max ${seconds(intakeLatencies[intakeLatencies.length - 1] ?? Number.NaN)}`);
    if (opts.urgentEvery > 0) {
      // Each urgent petition's alert: its case (from the idempotency record) → the alert captured for that case.
      const alertAt = new Map<string, number>();
      for (const a of alerts) if (!alertAt.has(a.caseNumber)) alertAt.set(a.caseNumber, a.at);
      const urgentSent = submitted.filter((r) => r.urgent);
      const alertLatencies = urgentSent
        .map((r) => {
          const at = alertAt.get(idem.get(r.messageId)?.caseNumber ?? '');
          return at === undefined ? undefined : at - r.acceptedAt!;
        })
        .filter((n): n is number => n !== undefined)
        .sort((a, b) => a - b);
      // Where an alert waited: for its registration (the intake queue), or after it (the outbox's dispatch and the urgent lane).
      const afterRegistration = urgentSent
        .map((r) => {
          const caseNumber = idem.get(r.messageId)?.caseNumber ?? '';
          const at = alertAt.get(caseNumber);
          const registered = caseByNumber.get(caseNumber)?.registeredAt;
          return at === undefined || registered === undefined || !Number.isFinite(registered) ? undefined : at - registered;
        })
        .filter((n): n is number => n !== undefined)
        .sort((a, b) => a - b);
      const ackBefore = (r: Sent) => submitted.filter((o) => o !== r && o.acks.length && o.acceptedAt! <= r.acceptedAt!).length;
      out(`  urgent alerts       ${alertLatencies.length}/${urgentSent.length} urgent petitions alerted (${alerts.length} alerts captured); alert sent − SMTP accepted: ` +
        `p50 ${seconds(percentile(alertLatencies, 50))}, p99 ${seconds(percentile(alertLatencies, 99))}, max ${seconds(alertLatencies.at(-1) ?? Number.NaN)} ` +
        `(acknowledgements meanwhile: p50 ${seconds(percentile(latencies, 50))}, p99 ${seconds(percentile(latencies, 99))})`);
      out(`    of which after registration  alert sent − case registered: p50 ${seconds(percentile(afterRegistration, 50))}, p99 ${seconds(percentile(afterRegistration, 99))}, ` +
        `max ${seconds(afterRegistration.at(-1) ?? Number.NaN)} (the outbox's dispatch and the urgent lane)`);
      if (urgentSent.length) out(`                      the last urgent petition was accepted after ${ackBefore(urgentSent.at(-1)!)} others, whose acknowledgements were still to go out`);
    }
    if (routineTimes.length) {
      const beforeLastAck = routineTimes.filter((t) => t < lastFirstAck).length;
      out(`  routine mail        ${routineTimes.length} notices to units, offices and petitioners; ${beforeLastAck} left before the last acknowledgement ` +
        `(the routine lane gives way while acknowledgements wait), the last ${seconds(Math.max(...routineTimes) - lastFirstAck)} after it`);
    }
    // Acknowledgements in arrival order: of each pair of petitions accepted more than 5 s apart, how often the later one was acknowledged first.
    {
      const acked = submitted.filter((r) => r.acks.length).sort((a, b) => a.acceptedAt! - b.acceptedAt!);
      let pairs = 0;
      let inverted = 0;
      for (let i = 0; i < acked.length; i += Math.max(1, Math.floor(acked.length / 400))) {
        for (let k = i + 1; k < acked.length; k += Math.max(1, Math.floor(acked.length / 400))) {
          if (acked[k]!.acceptedAt! - acked[i]!.acceptedAt! <= 5000) continue;
          pairs++;
          if (acked[k]!.acks[0]!.at < acked[i]!.acks[0]!.at) inverted++;
        }
      }
      out(`  arrival order       ${pairs ? fixed((100 * inverted) / pairs, 1) : '-'}% of acknowledgement pairs (petitions accepted > 5 s apart, sampled) left in the reverse order of their 250`);
    }
    const functions = Object.entries(capacity.byFunction).sort(([a], [b]) => a.localeCompare(b));
    out(`  DynamoDB / petition RCU ${fixed(capacity.rcu / n)}, WCU ${fixed(capacity.wcu / n)} (${functions.map(([f]) => f).join(' + ')}; ${fixed(capacity.tableUnits / n)} on the table, ${fixed(capacity.indexUnits / n)} on indexes` +
      `${Object.keys(capacity.byIndex).length ? `: ${Object.entries(capacity.byIndex).map(([k, v]) => `${k} ${fixed(v / n)}`).join(', ')}` : ''}); ` +
      `items written ${fixed(capacity.itemsWritten / n, 1)}, read ${fixed(capacity.itemsRead / n, 1)}; calls ${fixed(capacity.calls / n, 1)}, failed ${capacity.failed}` +
      (capacity.callsWithoutCapacity ? `, ${capacity.callsWithoutCapacity} answers without ConsumedCapacity` : ''));
    out('    as DynamoDB Local reports ConsumedCapacity (ReturnConsumedCapacity=INDEXES added to every call; failed conditional writes report none)');
    out(`  items put           ${Object.entries(capacity.putsByEntity).sort(([, a], [, b]) => b.bytes - a.bytes).map(([entity, e]) => `${entity} ${fixed(e.count / n, 2)} × ${fixed(e.bytes / e.count / 1024, 2)} KB`).join(', ')} (per petition, average size)`);
    out(`  WCU as AWS bills    ${fixed(capacity.billedWcu / n)} per petition (target ≤ 40; ${functions.map(([fn, f]) => `${fn} ${fixed(f.billedWcu / n)}`).join(', ')}; intake target ≤ 12): ` +
      'priced per item: 2 units per KB in a transaction, 1 alone, 1 per KB per index entry (DynamoDB Local prices a transaction by its total size), failed conditional writes and cancelled transactions billed');
    // What the intake bills, kind by kind: the figures issue 16's target for the intake is about.
    for (const [fn, kinds] of Object.entries(capacity.putsByFunction).sort(([a], [b]) => a.localeCompare(b))) {
      if (fn !== 'intake') continue;
      const rows = Object.entries(kinds).sort(([, a], [, b]) => b.units + b.indexUnits - (a.units + a.indexUnits));
      out(`    ${fn} puts by kind (per petition: count × average size, units as AWS bills the item${rows.some(([, k]) => k.inTransaction) ? ', (tx) in a transaction' : ''}, + index entries of a created item)`);
      for (const [entity, k] of rows) {
        out(`      ${entity.padEnd(18)} ${fixed(k.count / n, 2)} × ${fixed(k.bytes / k.count / 1024, 2)} KB${k.inTransaction ? ` (tx ${fixed(k.inTransaction / n, 2)})` : ''}  ${fixed(k.units / n)} + index ${fixed(k.indexUnits / n)}`);
      }
    }
    const mailsSent = mailSeen;
    for (const line of functionLines(capacity, n, (fn, f) => (fn === 'mailer' && mailsSent ? ` (per mail sent: RCU ${fixed(f.rcu / mailsSent)}, WCU ${fixed(f.wcu / mailsSent)}, as AWS bills ${fixed(f.billedWcu / mailsSent)})` : ''))) out(line);
    for (const line of operationLines(capacity, n)) out(line);
    out(`  lost                ${lost.length}${noIdempotencyRecord ? ` (${noIdempotencyRecord} without an idempotency record)` : ''}   (no case registered: IDEM#mail:<message-id> by BatchGet, case in the byJurisdictionStatus index)`);
    out(`  duplicated          ${duplicated.size}   (more than one case: ${moreThanOneCase.length}, more than one acknowledgement: ${moreThanOneAck.length})`);
    out(`  unacknowledged      ${unacknowledged.length}${ackCaseMismatch ? `; acknowledgements naming another case: ${ackCaseMismatch}` : ''}`);
    out(`  cases               ${cases.length} in the store (${strayCases} not from this run's petitioners), ${cases.filter((c) => c.urgent).length} flagged urgent; ` +
      `case numbers allocated ${allocated} (${allocated - cases.length} unused: gaps left by retried or duplicate registrations)`);
    const total = (q: Depth) => q.visible + q.inFlight + q.delayed;
    out(`  dead-letter queues  ${QUEUE_IDS.map((id) => `${id} ${total(dlqs[id])}`).join(', ')}`);
    out(`  queues at the end   ${QUEUE_IDS.map((id) => `${id} ${total(pending[id])}${pending[id].inFlight ? ` (${pending[id].inFlight} in flight)` : ''}`).join(', ')}` +
      (drained ? ' — drained' : ` — not drained ${seconds(settled - ackPhaseEnd)} after the last acknowledgement: the capacity totals leave out what is still to come`));
    const other = Object.entries(otherMail).map(([k, v]) => `${v} ${k}`).join(', ');
    out(`  mail captured       ${mailSeen} = ${records.reduce((sum, r) => sum + r.acks.length, 0)} acknowledgements${other ? ` + ${other}` : ''}: ` +
      `${fixed(mailSeen / n)} SES sends per petition, so at most ${fixed(mail.sendRatePerSecond / (mailSeen / n), 1)} petitions/s end to end at ${mail.sendRatePerSecond}/s`);
    const t = logs.tally;
    const problems = (pattern: RegExp) => Object.entries(t.problems).reduce((sum, [k, v]) => sum + (pattern.test(k) ? v : 0), 0);
    const throttled = problems(/Maximum sending rate exceeded|TooManyRequests/i);
    const busy = problems(/being sent by another worker/);
    out(`  pipeline retries    ${throttled} sends throttled by SES (${mail.sendRatePerSecond}/s), ${busy} notifications busy (a redelivered copy met the first one sending); ` +
      `a throttled send waits out the notify queue's visibility timeout (${QUEUES.notify.visibilityTimeoutSeconds} s) before its retry, a busy one until the claim it met would go stale (at most a minute)`);
    out(`  function logs       ${t.lines} lines (${Object.entries(t.byLevel).map(([k, v]) => `${k} ${v}`).join(', ')}); outcomes: ${Object.entries(t.outcomes).sort().map(([k, v]) => `${k} ${v}`).join(', ')}` +
      (Object.keys(t.redelivered).length ? `; handled on a redelivery: ${Object.entries(t.redelivered).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''));
    for (const [problem, count] of Object.entries(t.problems).sort(([, a], [, b]) => b - a).slice(0, 10)) out(`    ${String(count).padStart(5)} × ${problem.slice(0, 220)}`);
    if (systemLog.length) {
      out(`  local system        ${systemLog.length} errors reported by the local runtime, e.g.:`);
      for (const [line, count] of Object.entries(countBy(systemLog, (l) => l.replace(/[0-9a-f]{8,}|\d{4,}/gi, '…'))).slice(0, 5)) out(`    ${String(count).padStart(5)} × ${line.slice(0, 220)}`);
    }
    const callCount = (prefix: string) => Object.entries(awsCalls.calls).reduce((sum, [k, v]) => sum + (k.startsWith(prefix) ? v : 0), 0);
    for (const line of projection(
      {
        petitions: n,
        billedWcu: capacity.billedWcu,
        rcu: capacity.rcu,
        sesSends: mailSeen,
        rawBytes: bytes,
        emailsReceived: records.reduce((sum, r) => sum + r.envelopeTo, 0),
        sqsRequests: callCount('sqs:'),
        sqsFifoRequests: awsCalls.sqsFifoCalls,
        s3Puts: awsCalls.calls['s3:PutObject'] ?? 0,
        s3Gets: awsCalls.calls['s3:GetObject'] ?? 0,
        s3BytesPut: awsCalls.s3BytesPut,
        dynamoBytesPut: Object.values(capacity.putsByEntity).reduce((sum, e) => sum + e.bytes, 0),
        logLines: logs.tally.lines,
        invocations: awsCalls.invocations,
        intakeWcu: (capacity.byFunction.intake?.billedWcu ?? 0) / n,
      },
      { lambdaConcurrency: opts.aws.concurrency, intakeShare: opts.aws.intakeShare, sesRate: opts.aws.sendRate ?? config.fileRate, dynamoWriteUnitsPerSecond: opts.aws.writeUnits },
    ))
      out(line);
    if (profile) for (const line of profile.report(submitted.length || 1)) out(line);
    out(`  wall time           ${seconds(Date.now() - began)} (start-up ${seconds(startedIn)}, sending → all acknowledged ${seconds(ackPhaseEnd - sendStart)}, settling and checks ${seconds(Date.now() - ackPhaseEnd)})`);
    out(`  note                acknowledgements share the SES sending rate (${mail.sendRatePerSecond}/s, --send-rate) with all other mail; latency includes the queueing behind it`);
    if (opts.logFile) out(`  logs                ${opts.logFile}`);

    const failed = lost.length > 0 || duplicated.size > 0 || unacknowledged.length > 0 || refused > 0;
    out(failed ? '\nFAILED: lost, duplicated, refused or unacknowledged petitions (see above).' : '\nOK: every petition registered once and acknowledged once.');
    return failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Clients the functions created at module load may keep sockets open for a moment; do not wait on them.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    console.error('The benchmark failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
