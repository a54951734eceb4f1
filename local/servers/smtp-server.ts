import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Province } from '../../shared/domain/province.js';
import { rawMailPrefix } from '../../shared/resources/definitions.js';
import type { BucketNotifications } from '../bucket-notifications.js';
import type { StoredMessage } from '../ses-receipt.js';
import { stampMessage, verdictHeaders, type MailAuthentication } from '../mail-authentication.js';

/** SES accepts messages up to 40 MB including headers. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

export interface LocalSmtp {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export interface SmtpOptions {
  host: string;
  port: number;
  province: Province;
  s3: S3Client;
  bucket: string;
  /** Sends each stored object's S3 notification, so 250 means intake will see it. */
  notifications: Pick<BucketNotifications, 'willStore' | 'announce' | 'release'>;
  /**
   * Addresses accepted besides the office mailboxes: the sending address when mail goes out by
   * SMTP, whose mailbox receives the delivery reports (DSNs) of our letters.
   */
  alsoAccept?: readonly string[];
  /**
   * Mail in by IMAP: each accepted message goes into the recipients' mailboxes (the local IMAP
   * server, written before the 250) instead of S3; the `imap` function stores it from there.
   */
  deliver?: (mailboxes: readonly string[], raw: Buffer) => Promise<void>;
  /**
   * SES's Lambda action after its S3 action (the urgent pre-check): told of each message once
   * stored and announced; it must not make the sender wait.
   */
  afterStored?: (stored: StoredMessage) => void;
  /** The verdicts to stamp on the next message (read per message, so a test can change them). */
  authentication: () => MailAuthentication;
  onError: (error: unknown) => void;
}

/**
 * The local stand-in for SES receiving: accepts mail for the configured
 * office mailboxes only (others are refused at RCPT), stamps SES's headers
 * (Return-Path, Received, spam/virus and SPF/DKIM/DMARC verdicts), stores the
 * message in the mail bucket under raw/<mailbox>/<id> as the receipt rule does,
 * and answers 250 only once the object's notification is on the intake queue:
 * an accepted email is never lost to a crash.
 */
export async function startSmtpServer(opts: SmtpOptions): Promise<LocalSmtp> {
  const accepted = new Set((opts.alsoAccept ?? []).map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    name: 'inbound-smtp.local',
    banner: 'petitions intake (local)',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
      if (opts.province.isOfficeMailbox(address.address) || accepted.has(address.address.toLowerCase())) return callback();
      const error = new Error(`5.1.1 <${address.address}>: not a petitions mailbox of ${opts.province.config.province.name}`) as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error('5.3.4 message too large') as Error & { responseCode: number };
          error.responseCode = 552;
          return callback(error);
        }
        const verdicts = opts.authentication();
        const raw = stampMessage(Buffer.concat(chunks), (headerFrom) => sesHeaders(session) + verdictHeaders(verdicts, envelopeOf(session), headerFrom));
        store(opts, session, raw).then(
          () => callback(),
          (error: unknown) => {
            opts.onError(error);
            const failure = new Error('4.3.0 could not store the message; try again later') as Error & { responseCode: number };
            failure.responseCode = 451;
            callback(failure);
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.on('error', opts.onError);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    endpoint: `smtp://${opts.host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One object per office mailbox, like one receipt rule per office; each announced before the 250. */
async function store(opts: SmtpOptions, session: SMTPServerSession, raw: Buffer): Promise<void> {
  const id = sesLikeId();
  const mailboxes = [...new Set(session.envelope.rcptTo.map((r) => r.address.toLowerCase()))];
  if (opts.deliver) return opts.deliver(mailboxes, raw);
  for (const mailbox of mailboxes) {
    const key = `${rawMailPrefix(mailbox)}${id}`;
    opts.notifications.willStore(key, raw.length);
    try {
      const put = await opts.s3.send(new PutObjectCommand({ Bucket: opts.bucket, Key: key, Body: raw, ContentType: 'message/rfc822' }));
      await opts.notifications.announce({ key, size: raw.length, ...(put.ETag ? { eTag: put.ETag } : {}) });
    } finally {
      opts.notifications.release(key);
    }
  }
  opts.afterStored?.({ messageId: id, recipients: mailboxes, mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '' });
}

/** What SES adds on top of a stored message first: the envelope sender and a Received line. */
function sesHeaders(session: SMTPServerSession): string {
  const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const received = `Received: from ${session.clientHostname ?? 'unknown'} ([${session.remoteAddress}]) by inbound-smtp.local with SMTP id ${session.id}; ${new Date().toUTCString()}`;
  return `Return-Path: <${from}>\r\n${received}\r\n`;
}

function envelopeOf(session: SMTPServerSession) {
  return {
    mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    clientIp: session.remoteAddress,
    helo: session.hostNameAppearsAs || session.clientHostname || 'unknown',
  };
}

function sesLikeId(): string {
  return randomBytes(20).toString('hex');
}
