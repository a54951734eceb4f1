import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import nodemailer from 'nodemailer';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import * as z from 'zod';
import { INSTANT } from '../shared/domain/deadlines.js';
import { expireRawMailByAge } from './retention.js';
import { loadProvinceConfig, type Province } from '../shared/config/province.js';
import { CASE_TABLE } from '../shared/resources/definitions.js';
import { FUNCTIONS, FUNCTION_IDS, type FunctionDefinition } from '../shared/resources/functions.js';
import { BucketNotifications } from './bucket-notifications.js';
import { buildConsoleIfStale, consolePaths } from './console-build.js';
import { freePorts } from './free-port.js';
import { startHttpGateway, type HttpHandler, type LocalRoute } from './http-gateway.js';
import { invokeWithTimeout, lambdaContext } from './lambda-context.js';
import { LocalAuth, localSecret } from './local-auth.js';
import { ALL_PASS, mailAuthenticationPatchSchema, type MailAuthentication } from './mail-authentication.js';
import { provision, type ProvisionedResources } from './provision.js';
import { scheduledEvent, startSchedule, type ScheduledHandler } from './scheduler.js';
import { pollOnArrival, startImapMailIn } from './imap-mail-in.js';
import { receiptAction, sesReceiptEvent } from './ses-receipt.js';
import { startDynamoServer } from './servers/dynamodb-server.js';
import { startSecretsServer, type LocalSecrets } from './servers/secrets-server.js';
import { startSesServer, type LocalSes } from './servers/ses-server.js';
import { LOCAL_SMTP_CA, startSmtpCapture } from './servers/smtp-capture.js';
import type { LocalImap } from './servers/imap-server.js';
import { startSmtpServer } from './servers/smtp-server.js';
import { startSqsServer } from './servers/sqs-server.js';
import { inProcessPollerClient, startSqsPoller, type SqsHandler } from './sqs-poller.js';
import { startStreamPoller, type StreamHandler } from './stream-poller.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REGION = 'us-east-1';

export interface LocalPorts {
  api: number;
  smtp: number;
  dynamodb: number;
  sqs: number;
  s3: number;
  ses: number;
  /** The local IMAP server, with `mailIn: 'imap'` (a free one when absent). */
  imap?: number;
}

/** The ports `npm start` uses; other issues and their checks rely on api 3000. */
export const DEFAULT_PORTS: LocalPorts = { api: 3000, smtp: 2525, dynamodb: 8000, sqs: 9324, s3: 4569, ses: 8005, imap: 1143 };

export interface LocalSystemOptions {
  dataDir?: string;
  configPath?: string;
  host?: string;
  /** Ports to listen on; `'random'` picks free ones (tests run beside a developer's `npm start`). */
  ports?: LocalPorts | 'random';
  stage?: string;
  log?: (line: string) => void;
  /**
   * API invocations in flight at once (default 32); beyond it the gateway answers 429
   * at once, as API Gateway's throttling does, instead of piling work up until it times out.
   */
  apiConcurrency?: number;
  /**
   * How the mailer sends (env MAIL_OUT for `npm start`): through the local SES (the default),
   * or by SMTP to a local capture standing in for a mail provider (STARTTLS, AUTH from the local
   * Secrets Manager), as in the AWS China regions; both captures show in GET /local/mail. With
   * `smtp`, bounces come back as DSNs to the sending address, through the SMTP intake.
   */
  mailOut?: 'ses' | 'smtp';
  /**
   * How mail comes in (env MAIL_IN for `npm start`): `ses`, the default, stores what the SMTP
   * server accepts in S3 as SES's receipt rule does; `imap` delivers it into the office mailboxes
   * of a local IMAP server, which the `imap` function polls as it polls a mail provider on AWS.
   */
  mailIn?: 'ses' | 'imap';
  /** The verdicts the SMTP server stamps as SES does (default: everything passes). */
  mailAuthentication?: Partial<MailAuthentication>;
  /**
   * Queue- and stream-triggered functions whose trigger is not started (an event source mapping
   * disabled): their work waits, durably, until a start without them — for fault tests.
   */
  heldFunctions?: readonly string[];
  /**
   * The staff console (web/console): `'build'` builds it with Vite first when missing or
   * stale (`npm start`), `'serve'` serves whatever web/console/dist holds (the default, so
   * tests never rebuild), `'off'` leaves every path to the API.
   */
  console?: 'build' | 'serve' | 'off';
}

export interface LocalSystem {
  apiUrl: string;
  /** The staff console in a browser (the API behind it under /api), or undefined when it is off. */
  consoleUrl?: string;
  /** SMTP intake, as SES receives mail: `smtp://127.0.0.1:2525`. */
  smtp: { host: string; port: number };
  /** With `mailIn: 'imap'`: the office mailboxes the SMTP server delivers into and the `imap` function polls. */
  imap?: LocalImap;
  /** The local mail provider's SMTP submission the mailer sends to, with `mailOut: 'smtp'`. */
  smtpOut?: { host: string; port: number };
  endpoints: Record<'dynamodb' | 'sqs' | 's3' | 'ses', string>;
  resources: ProvisionedResources;
  province: Province;
  ses: LocalSes;
  /** Secrets Manager stand-in (GetSecretValue): credentials the functions read as on AWS. */
  secrets: LocalSecrets;
  auth: LocalAuth;
  /** Runs one scheduled function now, at a chosen time if given (time travel for demos and tests). */
  fireSchedule(functionId: string, at?: Date): Promise<unknown>;
  /** Changes the SES verdicts stamped on the next messages (also POST /local/mail-authentication); returns them all. */
  setMailAuthentication(verdicts: Partial<MailAuthentication>): MailAuthentication;
  /**
   * Points the process's environment at this system again. Two systems started in one process
   * (a test comparing mail in by SES and by IMAP) share process.env, and an SDK client resolves
   * its endpoint on its first call: a function first called after the other start would reach
   * the other system's servers. The test switching between them calls this.
   */
  activate(): void;
  close(): Promise<void>;
}

let startCount = 0;

const DEFAULT_API_CONCURRENCY = 100;
/**
 * Concurrent batches per queue-triggered function (Lambda would scale out further). The
 * calls a batch makes mostly wait on DynamoDB Local and the other servers, so a few
 * batches in flight keep both cores busy; more only queue up on the same two cores.
 */
const LOCAL_MAX_CONCURRENCY = 4;

const loginSchema = z.strictObject({ user: z.string().min(1, 'the staff id to log in as') });

/**
 * Starts the whole system on this machine: local servers that speak the
 * DynamoDB, SQS, S3 and SES APIs, the resources from the shared definitions,
 * and every function of the registry behind its trigger.
 */
export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, '.data'));
  const configPath = resolve(options.configPath ?? join(REPO_ROOT, 'config', 'province.yaml'));
  const stage = options.stage ?? 'local';
  const log = options.log ?? (() => undefined);
  const ports = options.ports === 'random' ? await randomPorts() : (options.ports ?? DEFAULT_PORTS);
  mkdirSync(dataDir, { recursive: true });
  const mailAuthentication: MailAuthentication = { ...ALL_PASS, ...mailAuthenticationPatchSchema.parse(options.mailAuthentication ?? {}) };
  const setMailAuthentication = (verdicts: Partial<MailAuthentication>) =>
    Object.assign(mailAuthentication, Object.fromEntries(Object.entries(verdicts).filter(([, v]) => v !== undefined)));

  // Refuse to start on a bad configuration before anything listens.
  const province = loadProvinceConfig(configPath);

  const consoleMode = options.console ?? 'serve';
  const consoleSite = consolePaths(REPO_ROOT);
  if (consoleMode === 'build') {
    // A console that does not build must not keep the API from starting: its paths then say so.
    await buildConsoleIfStale(consoleSite, log).catch((error: Error) => log(`the staff console did not build: ${error.message}`));
  }

  const stops: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const dynamo = await startDynamoServer({ host, port: ports.dynamodb, dataDir: join(dataDir, 'dynamodb') });
    stops.push(() => dynamo.close());
    const sqsServer = await startSqsServer({ host, port: ports.sqs, dataFile: join(dataDir, 'sqs.json'), region: REGION });
    stops.push(() => sqsServer.close());
    // Events SES produces before the queues exist wait here; afterwards they go straight to the queue.
    const feedback: { pending: Record<string, unknown>[]; send?: (event: Record<string, unknown>) => Promise<void> } = { pending: [] };
    const ses = await startSesServer({
      host,
      port: ports.ses,
      dataFile: join(dataDir, 'ses-mail.jsonl'),
      // Like an SES account's sending quota, so the mailer's pacing is exercised here too.
      maxSendRate: province.config.mail.sendRatePerSecond,
      // The configuration set's events, onto the feedback queue as SNS delivers them on AWS.
      onEvent: (event) => (feedback.send ? feedback.send(event) : void feedback.pending.push(event)),
    });
    stops.push(() => ses.close());
    // Any free port: only the functions (through AWS_ENDPOINT_URL_SECRETS_MANAGER) talk to it.
    const secrets = await startSecretsServer({ host, port: 0 });
    stops.push(() => secrets.close());
    const s3Dir = join(dataDir, 's3');
    mkdirSync(s3Dir, { recursive: true });
    const s3rver = new S3rver({ directory: s3Dir, silent: true });
    await s3rver.configureBuckets();
    // Not s3rver.run(): it listens with no 'error' handler, so a port taken meanwhile (random ports,
    // systems starting side by side) was an uncaught exception and a start that never ended.
    const s3Server = createServer(s3rver.callback());
    await new Promise<void>((resolve, reject) => {
      s3Server.once('error', reject);
      s3Server.listen(ports.s3, host, () => {
        s3Server.off('error', reject);
        resolve();
      });
    });
    stops.push(() => new Promise<void>((resolve) => s3Server.close(() => resolve())));
    const endpoints = { dynamodb: dynamo.endpoint, sqs: sqsServer.endpoint, s3: `http://${host}:${ports.s3}`, ses: ses.endpoint };

    // s3rver knows one account, S3RVER; the other local servers accept any key.
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const sqs = new SQSClient({ region: REGION, endpoint: endpoints.sqs, credentials });
    const s3 = new S3Client({
      region: REGION,
      endpoint: endpoints.s3,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const dynamoClient = new DynamoDBClient({ region: REGION, endpoint: endpoints.dynamodb, credentials });
    const resources = await provision({ dynamo: dynamoClient, sqs, s3 }, stage);
    // Mail out by SMTP: the provider's submission stands in here; its DSNs go to the intake SMTP server, started below.
    const intakePort: { port?: number } = {};
    const smtpOut = options.mailOut === 'smtp' ? await startLocalMailProvider({ host, ses, secrets, province, intakePort, log }) : undefined;
    if (smtpOut) stops.push(() => smtpOut.close());
    const environment = { stage, endpoints, secretsEndpoint: secrets.endpoint, resources, configPath, replyTagKey: localSecret(join(dataDir, 'reply-tag-key')), mailOut: smtpOut?.env };
    setFunctionEnvironment(environment);
    feedback.send = (event) =>
      sqs
        .send(
          new SendMessageCommand({
            QueueUrl: resources.queues.feedback.url,
            MessageBody: JSON.stringify(event),
            // On AWS a Send event takes SES → SNS → SQS → the function's poller, well after the SES call
            // answered; here it would reach the queue before the mailer has recorded its send.
            ...(event.eventType === 'Send' ? { DelaySeconds: 1 } : {}),
          }),
        )
        .then(
          () => undefined,
          (error: Error) => log(`SES ${String(event.eventType)} event to the feedback queue failed: ${error.message}`),
        );
    for (const event of feedback.pending.splice(0)) void feedback.send(event);
    // The bucket's lifecycle rule (tagged raw mail no case holds); archived cases are the retention function's.
    const expireRawMail = (now: Date = new Date()) => expireRawMailByAge({ s3, bucket: resources.bucketName, retentionYears: province.config.defaults.retentionYears, now });
    const lifecycleTimer = setInterval(() => void expireRawMail().catch((error: Error) => log(`lifecycle: ${error.message}`)), 3_600_000);
    lifecycleTimer.unref();
    stops.push(() => clearInterval(lifecycleTimer));

    // S3 → SQS notifications, as the bucket's notification configuration does on AWS.
    const notifications = new BucketNotifications({
      sqs,
      s3,
      bucket: resources.bucketName,
      region: REGION,
      queueUrl: (queue) => resources.queues[queue].url,
      journalFile: join(dataDir, 'smtp-unannounced.jsonl'),
      log,
    });
    // s3rver is a Koa app (an EventEmitter); its typings leave that out.
    (s3rver as unknown as NodeJS.EventEmitter).on('event', (event: Parameters<BucketNotifications['onS3rverEvent']>[0]) => notifications.onS3rverEvent(event));
    // Mail a crash left stored but unannounced (it may have had its 250) goes to intake now.
    const requeued = await notifications.requeuePending();
    if (requeued.length > 0) log(`queued ${requeued.length} stored email(s) for intake whose notification a stop may have lost`);

    const auth = LocalAuth.fromDataDir(join(dataDir, 'local-jwt-secret'));
    const schedules: Record<string, (at?: Date) => Promise<unknown>> = {};
    let httpHandler: HttpHandler | undefined;

    // Mail in by IMAP: the mailboxes, their credentials in the local Secrets Manager, a poll soon after each arrival.
    const mailIn = options.mailIn ?? 'ses';
    const imapMailIn =
      mailIn === 'imap'
        ? await startImapMailIn({ host, port: options.ports === 'random' ? 0 : (ports.imap ?? 0), dataDir, stage, province, secrets, onError: (error) => log(`imap: ${(error as Error).message}`) })
        : undefined;
    if (imapMailIn) stops.push(() => imapMailIn.imap.close());

    let receipt: ReturnType<typeof receiptAction> | undefined;
    startCount += 1;
    for (const id of FUNCTION_IDS) {
      const definition: FunctionDefinition = FUNCTIONS[id];
      // A function for another choice of mail in (the IMAP poller where SES receives) is not started, as it is not deployed.
      if (definition.when?.mailIn && definition.when.mailIn !== mailIn) continue;
      // A fresh module instance per start, like a new Lambda container: it reads this start's environment.
      const entry = `${pathToFileURL(join(REPO_ROOT, definition.entry)).href}?container=${startCount}`;
      const module = (await import(entry)) as { handler: unknown };
      const context = () => lambdaContext(`xinfang-${stage}-${id}`, definition.timeoutSeconds, REGION, definition.memoryMb);
      const trigger = definition.trigger;
      if (options.heldFunctions?.includes(id) && (trigger.kind === 'sqs' || trigger.kind === 'tableStream')) continue;
      switch (trigger.kind) {
        case 'http':
          // The gateway applies the timeout itself, to answer it as API Gateway does.
          httpHandler = (event, ctx) => (module.handler as HttpHandler)(event, ctx);
          break;
        case 'sqs': {
          const queue = resources.queues[trigger.queue];
          const poller = startSqsPoller({
            client: inProcessPollerClient(sqsServer),
            queueUrl: queue.url,
            queueArn: queue.arn,
            region: REGION,
            batchSize: trigger.batchSize,
            batchingWindowMs: (trigger.batchingWindowSeconds ?? 0) * 1000,
            concurrency: Math.min(trigger.maxConcurrency ?? LOCAL_MAX_CONCURRENCY, LOCAL_MAX_CONCURRENCY),
            handler: (event, ctx) => invokeWithTimeout(() => (module.handler as SqsHandler)(event, ctx), definition.timeoutSeconds, id),
            context,
            onError: (error) => log(`${id}: ${(error as Error).message}`),
          });
          stops.push(() => poller.stop());
          break;
        }
        case 'tableStream': {
          const poller = startStreamPoller({
            dynamo: dynamoClient,
            streams: new DynamoDBStreamsClient({ region: REGION, endpoint: endpoints.dynamodb, credentials }),
            tableName: resources.tableName,
            region: REGION,
            batchSize: trigger.batchSize,
            retryAttempts: trigger.retryAttempts,
            // The event source's filter on AWS: outbox items, inserted or replaced.
            filter: (record) => record.eventName !== 'REMOVE' && record.dynamodb?.NewImage?.entity?.S === CASE_TABLE.stream.outboxEntity,
            checkpointFile: join(dataDir, `stream-${id}.json`),
            handler: (event, ctx) => invokeWithTimeout(() => (module.handler as StreamHandler)(event, ctx), definition.timeoutSeconds, id),
            context,
            onGiveUp: async (failure) => {
              await sqs.send(new SendMessageCommand({ QueueUrl: resources.streamFailures.url, MessageBody: JSON.stringify({ function: id, ...failure }) }));
            },
            onError: (error) => log(`${id}: ${(error as Error).message}`),
          });
          stops.push(() => poller.stop());
          break;
        }
        case 'schedule': {
          const fire = (at: Date = new Date()) =>
            invokeWithTimeout(
              () => (module.handler as ScheduledHandler)(scheduledEvent(`xinfang-${stage}-${id}`, REGION, at), context()),
              definition.timeoutSeconds,
              id,
            );
          schedules[id] = fire;
          const schedule = startSchedule({
            trigger,
            fire: async () => void (await fire()),
            onError: (error) => log(`${id}: ${(error as Error).message}`),
          });
          stops.push(() => schedule.stop());
          break;
        }
        case 'sesReceipt': {
          // SES's Lambda action after storing (only where SES receives: the loop skipped it otherwise).
          const functionArn = `arn:aws:lambda:${REGION}:000000000000:function:xinfang-${stage}-${id}`;
          receipt = receiptAction(
            (stored) =>
              invokeWithTimeout(() => (module.handler as (event: unknown, ctx: unknown) => Promise<unknown>)(sesReceiptEvent(stored, { region: REGION, functionArn }), context()), definition.timeoutSeconds, id),
            (error) => log(`${id}: ${(error as Error).message}`),
          );
          break;
        }
        case 'mailboxPoll': {
          if (!imapMailIn) break;
          const { batches, eventFor, imap } = imapMailIn;
          const poll = (batch: (typeof batches)[number], at: Date = new Date()) =>
            invokeWithTimeout(() => (module.handler as ScheduledHandler)(eventFor(batch, stage, REGION, at), context()), definition.timeoutSeconds, id);
          // POST /local/schedules/imap polls every batch now, as each batch's rule would.
          schedules[id] = async (at?: Date) => {
            const results = [];
            for (const batch of batches) results.push(await poll(batch, at));
            return results;
          };
          const arrivals = pollOnArrival({ batches, poll: (batch) => poll(batch), onError: (error) => log(`${id}: ${(error as Error).message}`) });
          const stopWatching = imap.store.onChange((account, folder) => folder === 'INBOX' && arrivals.arrived(account));
          const schedule = startSchedule({ trigger: { kind: 'schedule', everyMinutes: 1 }, fire: async () => void (await schedules[id]!()), onError: (error) => log(`${id}: ${(error as Error).message}`) });
          stops.push(async () => {
            stopWatching();
            schedule.stop();
            await arrivals.idle();
          });
          // Mail that arrived while the system was stopped, or that a stop left unstored.
          for (const m of batches.flatMap((b) => b.mailboxes)) if ((imap.store.folder(m.address, 'INBOX')?.messages.length ?? 0) > 0) arrivals.arrived(m.address);
          break;
        }
      }
    }
    if (!httpHandler) throw new Error('the function registry has no http function');
    // POST /local/schedules/retention {at}: the retention function at that "now" (as its daily rule), then the lifecycle rule.
    const retentionFunction = schedules.retention;
    if (!retentionFunction) throw new Error('the function registry has no retention function');
    const retentionAt = async (at?: Date) => ({ ...((await retentionFunction(at)) as object), ...(await expireRawMail(at)) });

    const { server, url: apiUrl } = await startHttpGateway({
      host,
      port: ports.api,
      auth,
      handler: httpHandler,
      context: () => lambdaContext(`xinfang-${stage}-api`, FUNCTIONS.api.timeoutSeconds, REGION, FUNCTIONS.api.memoryMb),
      localRoutes: localRoutes({ province, ses, auth, endpoints, schedules: { ...schedules, retention: retentionAt }, mailAuthentication, setMailAuthentication }),
      maxConcurrency: options.apiConcurrency ?? DEFAULT_API_CONCURRENCY,
      timeoutSeconds: FUNCTIONS.api.timeoutSeconds,
      onError: (error) => log(`api: ${(error as Error).message}`),
      ...(consoleMode === 'off' ? {} : { console: { distDir: consoleSite.distDir } }),
    });
    stops.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );

    // Stopped after the SMTP intake (stops run last first): no message is stored while the last pre-checks finish.
    stops.push(() => receipt?.idle());
    const smtp = await startSmtpServer({
      host,
      port: ports.smtp,
      province,
      s3,
      bucket: resources.bucketName,
      notifications,
      authentication: () => ({ ...mailAuthentication }),
      ...(imapMailIn ? { deliver: imapMailIn.deliver } : {}),
      ...(receipt ? { afterStored: receipt.afterStored } : {}),
      // Delivery reports of SMTP mail out return to the sending address.
      ...(smtpOut ? { alsoAccept: [province.config.mail.from] } : {}),
      onError: (error) => log(`smtp: ${(error as Error).message}`),
    });
    stops.push(() => smtp.close());
    intakePort.port = smtp.port;

    return {
      apiUrl,
      ...(consoleMode === 'off' ? {} : { consoleUrl: `${apiUrl}/` }),
      smtp: { host, port: smtp.port },
      ...(imapMailIn ? { imap: imapMailIn.imap } : {}),
      ...(smtpOut ? { smtpOut: { host, port: smtpOut.port } } : {}),
      endpoints,
      resources,
      province,
      ses,
      secrets,
      auth,
      fireSchedule: async (functionId, at) => {
        const fire = schedules[functionId];
        if (!fire) throw new Error(`${functionId} is not a scheduled function`);
        return fire(at);
      },
      setMailAuthentication: (verdicts) => ({ ...setMailAuthentication(mailAuthenticationPatchSchema.parse(verdicts)) }),
      activate: () => setFunctionEnvironment(environment),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The environment every function reads (shared/config/env.ts), pointing the SDK clients at the local servers. */
function setFunctionEnvironment(opts: {
  stage: string;
  endpoints: LocalSystem['endpoints'];
  secretsEndpoint: string;
  resources: ProvisionedResources;
  configPath: string;
  replyTagKey: string;
  /** The mailer's SMTP settings when mail goes out by SMTP; otherwise it sends through SES. */
  mailOut?: Record<string, string> | undefined;
}): void {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: opts.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: opts.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: opts.endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: opts.endpoints.ses,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: opts.secretsEndpoint,
    // s3rver predates the SDK's default CRC checksums and aws-chunked uploads.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    S3_FORCE_PATH_STYLE: 'true',
    STAGE: opts.stage,
    TABLE_NAME: opts.resources.tableName,
    MAIL_BUCKET: opts.resources.bucketName,
    PROVINCE_CONFIG_PATH: opts.configPath,
    REPLY_TAG_KEY: opts.replyTagKey,
    // As on AWS: SES's receipt path (the SMTP intake here) or the IMAP poller pre-checks every email for urgency.
    URGENT_PRECHECK: 'true',
    // Set on every start: an earlier start in the same process may have chosen the other way.
    ...(opts.mailOut ?? { MAIL_SENDER: 'ses' }),
    ...Object.fromEntries(Object.entries(opts.resources.queues).map(([id, q]) => [`QUEUE_URL_${id.toUpperCase()}`, q.url])),
  });
}

const fireScheduleSchema = z.strictObject({
  at: z
    .string()
    .regex(INSTANT, 'must be an ISO instant with an offset, e.g. 2027-01-15T09:00+08:00')
    .refine((v) => !Number.isNaN(Date.parse(v)), 'is not a real date and time')
    .optional(),
});

function localRoutes(opts: {
  province: Province;
  ses: LocalSes;
  auth: LocalAuth;
  endpoints: LocalSystem['endpoints'];
  schedules: Record<string, (at?: Date) => Promise<unknown>>;
  mailAuthentication: Readonly<MailAuthentication>;
  setMailAuthentication: (verdicts: Partial<MailAuthentication>) => MailAuthentication;
}): Record<string, LocalRoute> {
  // Time travel: POST /local/schedules/<id> {"at": "2027-01-15T09:00+08:00"} runs a scheduled function at that "now".
  const scheduleRoutes = Object.fromEntries(
    Object.entries(opts.schedules).map(([id, fire]): [string, LocalRoute] => [
      `POST /local/schedules/${id}`,
      async ({ body }) => {
        const parsed = parseLocalBody(body, fireScheduleSchema, 'send {"at": "<ISO instant with offset>"} or {}');
        if ('refused' in parsed) return parsed.refused;
        const at = parsed.data.at ? new Date(parsed.data.at) : new Date();
        return { status: 200, body: { function: id, at: at.toISOString(), result: await fire(at) } };
      },
    ]),
  );
  return {
    ...scheduleRoutes,
    'POST /local/login': async ({ body }) => {
      const parsed = parseLocalBody(body, loginSchema, 'send {"user": "<staff id>"}');
      if ('refused' in parsed) return parsed.refused;
      const staff = opts.province.staff(parsed.data.user);
      if (!staff) {
        return { status: 404, body: { error: { code: 'UnknownStaff', message: `no staff member ${parsed.data.user} in the configuration (see GET /local/config)` } } };
      }
      return { status: 200, body: { token: await opts.auth.issue(staff.id), tokenType: 'Bearer', staff: { id: staff.id, name: staff.name, jurisdiction: staff.jurisdiction, unit: staff.unit, roles: staff.roles } } };
    },
    'GET /local/mail': async ({ query }) => {
      const to = query.get('to')?.toLowerCase();
      const mail = opts.ses.list().filter((m) => !to || [...m.to, ...m.cc, ...m.bcc].some((a) => a.toLowerCase().includes(to)));
      return { status: 200, body: mail };
    },
    // The SES verdicts stamped on incoming mail, e.g. {"spf":"fail","dmarc":"fail"} to play a forged sender.
    'GET /local/mail-authentication': async () => ({ status: 200, body: opts.mailAuthentication }),
    'POST /local/mail-authentication': async ({ body }) => {
      const parsed = parseLocalBody(
        body,
        mailAuthenticationPatchSchema,
        'send any of {"spf"|"dkim"|"dmarc": "pass"|"fail"|"none", "spam"|"virus": "PASS"|"FAIL"|"GRAY"|"PROCESSING_FAILED"}',
      );
      if ('refused' in parsed) return parsed.refused;
      return { status: 200, body: { ...opts.setMailAuthentication(parsed.data) } };
    },
    'GET /local/config': async () => ({ status: 200, body: opts.province.config }),
    'GET /local/health': async () => ({ status: 200, body: { status: 'ok', endpoints: opts.endpoints } }),
  };
}

/** A local route's JSON body checked with zod: the data, or the 400 answer naming what is wrong and what to send. */
function parseLocalBody<S extends z.ZodType>(body: string, schema: S, hint: string): { data: z.output<S> } | { refused: { status: number; body: unknown } } {
  let raw: unknown;
  try {
    raw = JSON.parse(body || '{}');
  } catch {
    return { refused: { status: 400, body: { error: { code: 'InvalidInput', message: 'the body is not valid JSON' } } } };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }));
  return { refused: { status: 400, body: { error: { code: 'InvalidInput', message: hint, issues } } } };
}

const LOCAL_SMTP_SECRET = 'xinfang-local/smtp';

/**
 * The local mail provider: an SMTP submission on a free port whose account is
 * in the local Secrets Manager, and the mailer's environment pointing at it.
 * Its delivery reports go to the intake SMTP server as any MTA's would.
 */
async function startLocalMailProvider(opts: {
  host: string;
  ses: LocalSes;
  secrets: LocalSecrets;
  province: Province;
  intakePort: { port?: number };
  log: (line: string) => void;
}) {
  const account = { username: opts.province.config.mail.from, password: randomBytes(18).toString('base64url') };
  opts.secrets.put(LOCAL_SMTP_SECRET, JSON.stringify({ ...account, ca: LOCAL_SMTP_CA }));
  const intake = () => nodemailer.createTransport({ host: opts.host, port: opts.intakePort.port!, ignoreTLS: true });
  const capture = await startSmtpCapture({
    host: opts.host,
    port: 0,
    account,
    capture: (raw, envelope, queueId) => opts.ses.captureSmtp(raw, envelope, queueId),
    deliverReport: async (dsn, to) => void (await intake().sendMail({ envelope: { from: '', to: [to] }, raw: dsn })),
    onError: (error) => opts.log(`smtp capture: ${(error as Error).message}`),
  });
  return {
    port: capture.port,
    close: () => capture.close(),
    env: {
      MAIL_SENDER: 'smtp',
      SMTP_HOST: opts.host,
      SMTP_PORT: String(capture.port),
      SMTP_RATE_PER_SECOND: String(opts.province.config.mail.sendRatePerSecond),
      SMTP_SECRET_ID: LOCAL_SMTP_SECRET,
    },
  };
}

async function randomPorts(): Promise<LocalPorts> {
  const [api, smtp, dynamodb, sqs, s3, ses] = (await freePorts(6)) as [number, number, number, number, number, number];
  return { api, smtp, dynamodb, sqs, s3, ses };
}
