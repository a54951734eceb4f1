/**
 * A small local Amazon SES (v2 REST-JSON API) that captures mail instead of sending it,
 * so the real `@aws-sdk/client-sesv2` SendEmailCommand works unchanged against it
 * (AWS_ENDPOINT_URL_SESV2). Captured mail can be listed in-process, read over HTTP at
 * GET /_local/emails, and persisted as JSON lines so it survives a restart.
 */
import http from 'node:http';
import { readBody } from './http-body.js';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdirSync, promises as fsp, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';

export interface SesServerOptions {
  host?: string;
  port: number;
  dataFile?: string;
  /** Recipients per second, as SES counts its sending rate. Unset: unlimited. */
  maxSendRate?: number;
  /**
   * The events a configuration set publishes, handed here (the local runtime
   * puts them on the feedback queue, as SNS does on AWS): a Send for every
   * accepted message, awaited before the send is answered, and, from SES's
   * mailbox simulator, a Bounce or Complaint for mail to bounce@ or
   * complaint@simulator.amazonses.com.
   */
  onEvent?: (event: Record<string, unknown>) => void | Promise<void>;
  /**
   * At start, the Send events of mail accepted this long before are published
   * again (default 15 minutes): a kill between keeping a message and
   * publishing its event must not leave the sender thinking it unsent. SNS
   * delivers at least once too; consumers recognise a repeat.
   */
  replaySendEventsMs?: number;
}

/** SES's mailbox simulator addresses; the local SMTP capture bounces mail to bounce@ too. */
export const SIMULATOR = /^(bounce|complaint)@simulator\.amazonses\.com$/i;

/** The `mail` part of SES's events: its id, when it was accepted, and the email tags as lists of values. */
function eventMail(mail: CapturedMail): Record<string, unknown> {
  const tags = Object.fromEntries(Object.entries(mail.tags ?? {}).map(([name, value]) => [name, [value]]));
  return { timestamp: mail.time, source: mail.from, messageId: mail.messageId, destination: [...mail.to, ...mail.cc, ...mail.bcc], tags };
}

/** The event SES publishes when it accepted a message. */
function sendEvent(mail: CapturedMail): Record<string, unknown> {
  return { eventType: 'Send', mail: eventMail(mail), send: {} };
}

/** The event SES publishes for a simulated bounce or complaint (the fields of SES's event format the system reads, and a few more). */
function simulatedFeedback(kind: 'bounce' | 'complaint', mail: CapturedMail, recipient: string): Record<string, unknown> {
  const timestamp = new Date().toISOString();
  const common = eventMail(mail);
  return kind === 'bounce'
    ? {
        eventType: 'Bounce',
        mail: common,
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
          timestamp,
          feedbackId: randomUUID(),
        },
      }
    : { eventType: 'Complaint', mail: common, complaint: { complainedRecipients: [{ emailAddress: recipient }], complaintFeedbackType: 'abuse', timestamp, feedbackId: randomUUID() } };
}

export interface CapturedMail {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html?: string;
  /** Lower-case header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  attachments: { filename?: string; contentType: string; size: number }[];
  time: string;
  configurationSetName?: string;
  tags?: Record<string, string>;
}

export interface LocalSes {
  endpoint: string;
  close(): Promise<void>;
  /** Captured mail, oldest first; from the `from`-th on when given (what a poller has not seen yet). */
  list(from?: number): CapturedMail[];
  /**
   * Keeps a message that was sent by SMTP instead (local/servers/smtp-capture.ts), so
   * GET /local/mail shows it too: as sent, its Message-ID kept, `messageId` the relay's
   * queue id; no SES events. Resolves once it is on disk.
   */
  captureSmtp(raw: Buffer, envelope: { from: string; to: string[] }, queueId: string): Promise<CapturedMail>;
  clear(): Promise<void>;
}

const MAX_RECIPIENTS = 50;
const MAX_REQUEST_BYTES = 60 * 1024 * 1024; // raw messages may be 40 MB, base64 in JSON
/** Headers SES sets itself and refuses in Simple.Headers. */
const RESERVED_HEADERS = new Set(['bcc', 'cc', 'content-disposition', 'content-type', 'date', 'from', 'message-id', 'mime-version', 'reply-to', 'return-path', 'subject', 'to']);

// ---------------------------------------------------------------------------
// Errors: status + x-amzn-ErrorType header + {"message"} body, as SES v2 answers.
// ---------------------------------------------------------------------------

const ERROR_STATUS = {
  BadRequestException: 400,
  MessageRejected: 400,
  NotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServiceErrorException: 500,
} as const;

class SesError extends Error {
  constructor(
    readonly code: keyof typeof ERROR_STATUS,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new SesError('BadRequestException', message);

// ---------------------------------------------------------------------------
// Input helpers
// ---------------------------------------------------------------------------

type Input = Record<string, unknown>;

function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optObject(input: Input, name: string): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest(`${name} must be an object.`);
  return value;
}

function optString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be a string.`);
  return value;
}

function addressList(input: Input | undefined, name: string): string[] {
  const value = input?.[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`${name} must be a list of strings.`);
  for (const address of value as string[]) checkAddress(address);
  return value as string[];
}

/** Accepts `user@example.com` or `Display Name <user@example.com>`. */
function checkAddress(value: string): void {
  const angle = /<([^<>]*)>\s*$/.exec(value);
  const address = (angle ? angle[1]! : value).trim();
  if (!/^[^\s@"<>(),;:\\]+@[^\s@"<>(),;:\\]+$/.test(address)) throw badRequest(`Illegal address: ${value}`);
}

/** SES-looking message id: 0100 + hex millis, a UUID, and a sequence suffix. */
function newMessageId(): string {
  return `0100${Date.now().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}

function sesMessageIdHeader(messageId: string): string {
  return `<${messageId}@email.amazonses.com>`;
}

// ---------------------------------------------------------------------------
// Building a captured mail from the two content kinds
// ---------------------------------------------------------------------------

interface Envelope {
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
}

type MailBody = Omit<CapturedMail, 'id' | 'messageId' | 'time' | 'configurationSetName' | 'tags'>;

function contentText(content: unknown, name: string): string | undefined {
  if (content === undefined || content === null) return undefined;
  if (!isObject(content) || typeof content['Data'] !== 'string') throw badRequest(`${name}.Data is required.`);
  return content['Data'];
}

function fromSimple(simple: Input, envelope: Envelope, messageId: string): MailBody {
  if (!envelope.from) throw badRequest('Missing required parameter: FromEmailAddress.');
  const subject = contentText(simple['Subject'], 'Subject');
  if (subject === undefined) throw badRequest('Missing required parameter: Subject.');
  const body = optObject(simple, 'Body');
  const text = contentText(body?.['Text'], 'Body.Text');
  const html = contentText(body?.['Html'], 'Body.Html');
  if (text === undefined && html === undefined) throw badRequest('The message body must contain Text, Html or both.');

  const headers: Record<string, string> = {
    from: envelope.from,
    ...(envelope.to.length ? { to: envelope.to.join(', ') } : {}),
    ...(envelope.cc.length ? { cc: envelope.cc.join(', ') } : {}),
    ...(envelope.replyTo.length ? { 'reply-to': envelope.replyTo.join(', ') } : {}),
    subject,
    'message-id': sesMessageIdHeader(messageId),
    date: new Date().toUTCString(),
    'mime-version': '1.0',
  };
  for (const [name, value] of simpleHeaders(simple['Headers'])) headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;

  const mail: MailBody = {
    from: envelope.from,
    to: envelope.to,
    cc: envelope.cc,
    bcc: envelope.bcc,
    replyTo: envelope.replyTo,
    subject,
    text: text ?? '',
    headers,
    attachments: simpleAttachments(simple['Attachments']),
  };
  if (html !== undefined) mail.html = html;
  return mail;
}

function simpleHeaders(raw: unknown): [string, string][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest('Headers must be a list.');
  if (raw.length > 15) throw badRequest('A message can have at most 15 custom headers.');
  return raw.map((header: unknown) => {
    if (!isObject(header) || typeof header['Name'] !== 'string' || typeof header['Value'] !== 'string') {
      throw badRequest('Each header needs a Name and a Value.');
    }
    const name = header['Name'];
    if (!/^[\x21-\x39\x3B-\x7E]{1,126}$/.test(name)) throw badRequest(`Invalid header name: ${name}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw badRequest(`Header ${name} can't be set through Headers.`);
    return [name.toLowerCase(), header['Value']];
  });
}

function simpleAttachments(raw: unknown): CapturedMail['attachments'] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest('Attachments must be a list.');
  return raw.map((attachment: unknown) => {
    if (!isObject(attachment) || typeof attachment['RawContent'] !== 'string' || typeof attachment['FileName'] !== 'string') {
      throw badRequest('Each attachment needs RawContent and FileName.');
    }
    const contentType = typeof attachment['ContentType'] === 'string' ? attachment['ContentType'] : 'application/octet-stream';
    return { filename: attachment['FileName'], contentType, size: Buffer.from(attachment['RawContent'], 'base64').length };
  });
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const flat = objects.flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]));
  return flat.map((a) => a.address).filter((a): a is string => Boolean(a));
}

function isAddressObject(value: unknown): value is AddressObject {
  return isObject(value) && typeof value['text'] === 'string' && Array.isArray(value['value']);
}

/**
 * Header values as strings: addresses and the subject decoded, everything else as the
 * sender wrote it (unfolded), so In-Reply-To / References / Auto-Submitted stay intact.
 */
function rawHeaders(parsed: ParsedMail): Record<string, string> {
  const rawValues = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    rawValues.set(key, [...(rawValues.get(key) ?? []), value]);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of parsed.headers as Map<string, HeaderValue>) {
    if (key === 'subject' && typeof value === 'string') headers[key] = value;
    else if (isAddressObject(value)) headers[key] = value.text;
    else if (Array.isArray(value) && value.every(isAddressObject)) headers[key] = value.map((v) => v.text).join(', ');
    else headers[key] = (rawValues.get(key) ?? [String(value)]).join(', ');
  }
  return headers;
}

async function fromRaw(raw: Input, envelope: Envelope, messageId: string, { keepMessageId = false } = {}): Promise<MailBody> {
  const data = raw['Data'];
  if (typeof data !== 'string' || data === '') throw badRequest('Raw.Data is required.');
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(Buffer.from(data, 'base64'));
  } catch (error) {
    throw badRequest(`Could not parse the raw message: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed.headerLines.length === 0 || parsed.headerLines.some((h) => h.key === '')) {
    throw badRequest('Illegal header in the raw message: every line before the blank line must be a "Name: value" header.');
  }
  const from = parsed.from?.text || envelope.from;
  if (!from) throw badRequest('Missing required header \'From\'.');

  const headers = rawHeaders(parsed);
  // SES assigns its own Message-ID (an SMTP relay keeps the sender's), adds a Date if missing, and never delivers Bcc.
  if (!keepMessageId || !headers['message-id']) headers['message-id'] = sesMessageIdHeader(messageId);
  headers['date'] ??= new Date().toUTCString();
  delete headers['bcc'];

  const fromDestination = envelope.to.length + envelope.cc.length + envelope.bcc.length > 0;
  const mail: MailBody = {
    from,
    to: fromDestination ? envelope.to : addresses(parsed.to),
    cc: fromDestination ? envelope.cc : addresses(parsed.cc),
    bcc: fromDestination ? envelope.bcc : addresses(parsed.bcc),
    replyTo: envelope.replyTo.length > 0 ? envelope.replyTo : addresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    headers,
    attachments: parsed.attachments.map((a) => {
      const attachment: CapturedMail['attachments'][number] = { contentType: a.contentType, size: a.size };
      if (a.filename !== undefined) attachment.filename = a.filename;
      return attachment;
    }),
  };
  if (typeof parsed.html === 'string') mail.html = parsed.html;
  return mail;
}

function emailTags(raw: unknown): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badRequest('EmailTags must be a list.');
  const tags: Record<string, string> = {};
  for (const tag of raw as unknown[]) {
    if (!isObject(tag) || typeof tag['Name'] !== 'string' || typeof tag['Value'] !== 'string') throw badRequest('Each email tag needs a Name and a Value.');
    for (const part of [tag['Name'], tag['Value']]) {
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(part)) throw badRequest(`Invalid email tag: ${part}. Use ASCII letters, digits, '_' and '-', at most 256 characters.`);
    }
    tags[tag['Name']] = tag['Value'];
  }
  return tags;
}

async function buildMail(input: Input): Promise<CapturedMail> {
  const destination = optObject(input, 'Destination');
  const envelope: Envelope = {
    to: addressList(destination, 'ToAddresses'),
    cc: addressList(destination, 'CcAddresses'),
    bcc: addressList(destination, 'BccAddresses'),
    replyTo: addressList(input, 'ReplyToAddresses'),
  };
  const from = optString(input, 'FromEmailAddress');
  if (from !== undefined) {
    checkAddress(from);
    envelope.from = from;
  }
  const content = optObject(input, 'Content');
  if (!content) throw badRequest('Missing required parameter: Content.');
  const kinds = (['Simple', 'Raw', 'Template'] as const).filter((k) => content[k] !== undefined && content[k] !== null);
  if (kinds.length !== 1) throw badRequest('Content must contain exactly one of Simple, Raw or Template.');
  if (kinds[0] === 'Template') {
    const template = optObject(content, 'Template');
    const name = template && optString(template, 'TemplateName');
    if (name) throw new SesError('NotFoundException', `Template ${name} does not exist.`);
    throw badRequest('Inline templates are not supported by the local SES.');
  }

  const messageId = newMessageId();
  const body = kinds[0] === 'Simple' ? fromSimple(optObject(content, 'Simple')!, envelope, messageId) : await fromRaw(optObject(content, 'Raw')!, envelope, messageId);
  const recipients = body.to.length + body.cc.length + body.bcc.length;
  if (recipients === 0) throw badRequest('Missing recipients: give at least one of ToAddresses, CcAddresses or BccAddresses.');
  if (recipients > MAX_RECIPIENTS) throw badRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);

  const mail: CapturedMail = { id: randomUUID(), messageId, ...body, time: new Date().toISOString() };
  const configurationSetName = optString(input, 'ConfigurationSetName');
  if (configurationSetName) mail.configurationSetName = configurationSetName;
  const tags = emailTags(input['EmailTags']);
  if (tags) mail.tags = tags;
  return mail;
}

// ---------------------------------------------------------------------------
// Sending rate: SES counts recipients; a send goes through while any of the
// last second's allowance is left (so one multi-recipient mail may overshoot).
// ---------------------------------------------------------------------------

class SendRateLimiter {
  private recent: { at: number; recipients: number }[] = [];

  constructor(private readonly maxPerSecond: number | undefined) {}

  take(recipients: number): void {
    if (this.maxPerSecond === undefined) return;
    const now = Date.now();
    this.recent = this.recent.filter((s) => s.at > now - 1000);
    const used = this.recent.reduce((sum, s) => sum + s.recipients, 0);
    if (used >= this.maxPerSecond) throw new SesError('TooManyRequestsException', 'Maximum sending rate exceeded.');
    this.recent.push({ at: now, recipients });
  }
}

// ---------------------------------------------------------------------------
// Mailbox with JSON-lines persistence
// ---------------------------------------------------------------------------

class Mailbox {
  private mails: CapturedMail[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string | undefined) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        this.mails.push(JSON.parse(line) as CapturedMail);
      } catch {
        console.warn(`[local-ses] skipping an unreadable line in ${file} (interrupted write?)`);
      }
    }
  }

  /** Copies of the captured mail, from the `from`-th on (a poller asks only for what is new). */
  list(from = 0): CapturedMail[] {
    return this.mails.slice(from).map((m) => structuredClone(m));
  }

  /** Resolves once the mail is on disk, so a 200 means it survives a restart. */
  add(mail: CapturedMail): Promise<void> {
    this.mails.push(mail);
    const file = this.file;
    if (!file) return Promise.resolve();
    return this.enqueue(() => fsp.appendFile(file, `${JSON.stringify(mail)}\n`));
  }

  clear(): Promise<void> {
    this.mails = [];
    const file = this.file;
    if (!file) return Promise.resolve();
    return this.enqueue(() => fsp.writeFile(file, ''));
  }

  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.chain.catch(() => undefined).then(write);
    this.chain = next;
    return next;
  }
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------


function writeJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(payload);
}

function writeError(res: http.ServerResponse, error: unknown): void {
  const sesError = error instanceof SesError ? error : new SesError('InternalServiceErrorException', error instanceof Error ? error.message : String(error));
  if (!(error instanceof SesError)) console.error('[local-ses] internal error', error);
  writeJson(res, ERROR_STATUS[sesError.code], { message: sesError.message }, { 'x-amzn-errortype': sesError.code });
}

interface Handlers {
  mailbox: Mailbox;
  limiter: SendRateLimiter;
  maxSendRate: number | undefined;
  onEvent: SesServerOptions['onEvent'];
}

async function sendEmail(h: Handlers, body: Buffer): Promise<{ MessageId: string }> {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (!isObject(input)) throw badRequest('The request body must be a JSON object.');
  const mail = await buildMail(input);
  h.limiter.take(mail.to.length + mail.cc.length + mail.bcc.length);
  await h.mailbox.add(mail);
  const publish = h.onEvent;
  if (!publish) return { MessageId: mail.messageId };
  // Published before answering: a sender that dies before recording the answer finds the send confirmed.
  await publish(sendEvent(mail));
  for (const recipient of [...mail.to, ...mail.cc, ...mail.bcc]) {
    const simulated = SIMULATOR.exec(recipient)?.[1]?.toLowerCase() as 'bounce' | 'complaint' | undefined;
    // Like SES, a moment after the send was accepted.
    if (simulated) setTimeout(() => void publish(simulatedFeedback(simulated, mail, recipient)), 500).unref();
  }
  return { MessageId: mail.messageId };
}

function getAccount(h: Handlers): Input {
  const dayAgo = Date.now() - 86_400_000;
  const sentLast24Hours = h.mailbox.list().filter((m) => Date.parse(m.time) > dayAgo).length;
  return {
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: h.maxSendRate ?? 1000, SentLast24Hours: sentLast24Hours },
    SendingEnabled: true,
    ProductionAccessEnabled: true,
    EnforcementStatus: 'HEALTHY',
    DedicatedIpAutoWarmupEnabled: false,
  };
}

async function handleRequest(h: Handlers, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const body = await readBody(req, MAX_REQUEST_BYTES, () => new SesError('MessageRejected', 'Message length exceeds the 40 MB limit.'));
    if (req.method === 'POST' && path === '/v2/email/outbound-emails') return writeJson(res, 200, await sendEmail(h, body));
    if (req.method === 'GET' && path === '/v2/email/account') return writeJson(res, 200, getAccount(h));
    if (req.method === 'GET' && path === '/_local/emails') return writeJson(res, 200, h.mailbox.list());
    if (req.method === 'GET' && (path === '/' || path === '/health')) return writeJson(res, 200, { status: 'ok' });
    throw new SesError('NotFoundException', `The local SES does not implement ${req.method ?? ''} ${path}.`);
  } catch (error) {
    writeError(res, error);
  }
}

export async function startSesServer(opts: SesServerOptions): Promise<LocalSes> {
  const host = opts.host ?? '127.0.0.1';
  const mailbox = new Mailbox(opts.dataFile);
  const handlers: Handlers = { mailbox, limiter: new SendRateLimiter(opts.maxSendRate), maxSendRate: opts.maxSendRate, onEvent: opts.onEvent };
  if (opts.onEvent) {
    const since = Date.now() - (opts.replaySendEventsMs ?? 15 * 60_000);
    for (const mail of mailbox.list()) if (Date.parse(mail.time) >= since) void opts.onEvent(sendEvent(mail));
  }

  const server = http.createServer((req, res) => void handleRequest(handlers, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${publicHost}:${port}`,
    list: (from?: number) => mailbox.list(from),
    captureSmtp: async (raw, envelope, queueId) => {
      const body = await fromRaw({ Data: raw.toString('base64') }, { from: envelope.from, to: envelope.to, cc: [], bcc: [], replyTo: [] }, queueId, { keepMessageId: true });
      const mail: CapturedMail = { id: randomUUID(), messageId: queueId, ...body, time: new Date().toISOString() };
      await mailbox.add(mail);
      return structuredClone(mail);
    },
    clear: () => mailbox.clear(),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 200);
        await closed;
        clearTimeout(force);
        await mailbox.flush();
      })();
      return closing;
    },
  };
}
