/**
 * The local stand-in for a mail provider's SMTP submission (mail out where SES
 * is not offered): STARTTLS with a certificate for localhost/127.0.0.1
 * (./tls, issued for this purpose only; the mailer trusts it through the
 * secret's `ca`), then AUTH with the account the local runtime puts in its
 * Secrets Manager, nothing before TLS. Accepted mail is kept by the local
 * SES's capture, so GET /local/mail shows it whichever way it was sent. Like a
 * provider's MTA, it reports a failed delivery with a DSN (RFC 3464, as
 * Postfix writes it) to the envelope sender: mail to SES's simulator address
 * bounce@simulator.amazonses.com bounces.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import type { CapturedMail } from './ses-server.js';

const TLS_DIR = new URL('./tls/', import.meta.url);
/** The certificate the capture presents (self-signed, CN=localhost, IP 127.0.0.1, valid to 2126): give it to the client as its CA. */
export const LOCAL_SMTP_CA = readFileSync(new URL('localhost-cert.pem', TLS_DIR), 'utf8');
const LOCAL_SMTP_KEY = readFileSync(new URL('localhost-key.pem', TLS_DIR), 'utf8');

const BOUNCING = /^bounce@simulator\.amazonses\.com$/i;
const HOSTNAME = 'smtp-capture.local';

export interface SmtpCaptureOptions {
  host: string;
  port: number;
  account: { username: string; password: string };
  /** Keeps an accepted message (the local SES's captureSmtp). */
  capture: (raw: Buffer, envelope: { from: string; to: string[] }, queueId: string) => Promise<CapturedMail>;
  /** Delivers a DSN to the envelope sender's mailbox (the local SMTP intake), as the provider's MTA would. */
  deliverReport: (dsn: Buffer, to: string) => Promise<void>;
  onError: (error: unknown) => void;
}

export interface LocalSmtpCapture {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startSmtpCapture(opts: SmtpCaptureOptions): Promise<LocalSmtpCapture> {
  const server = new SMTPServer({
    name: HOSTNAME,
    banner: 'mail provider submission (local capture)',
    key: LOCAL_SMTP_KEY,
    cert: LOCAL_SMTP_CA,
    // AUTH is offered only after STARTTLS; no mail without it.
    allowInsecureAuth: false,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    // The mailer's pool keeps its connections open; stopping must not wait the default 30 s for them.
    closeTimeout: 500,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      if (auth.username === opts.account.username && auth.password === opts.account.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('5.7.8 authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        const queueId = randomBytes(6).toString('hex').toUpperCase();
        opts.capture(raw, { from, to }, queueId).then(
          () => {
            callback(null, `2.0.0 Ok: queued as ${queueId}`);
            const bounced = to.filter((address) => BOUNCING.test(address));
            // A moment after the 250, as a real MTA reports after trying the recipient's server.
            if (from && bounced.length > 0) {
              setTimeout(() => void opts.deliverReport(postfixDsn(raw, from, bounced, queueId), from).catch(opts.onError), 300).unref();
            }
          },
          (error: unknown) => {
            opts.onError(error);
            callback(Object.assign(new Error('4.3.0 could not keep the message; try again later'), { responseCode: 451 }));
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
  return {
    host: opts.host,
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A DSN as Postfix writes it: the explanation, the delivery-status fields per recipient, and the returned headers. */
function postfixDsn(original: Buffer, sender: string, recipients: string[], queueId: string): Buffer {
  const headers = original.toString('utf8').split(/\r?\n\r?\n/, 1)[0]!;
  const boundary = `${queueId}.${Date.now()}/${HOSTNAME}`;
  const date = new Date().toUTCString();
  const perRecipient = recipients
    .map((r) => `Final-Recipient: rfc822; ${r}\nOriginal-Recipient: rfc822;${r}\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.simulator.example\nDiagnostic-Code: smtp; 550 5.1.1 <${r}>: Recipient address rejected: User unknown`)
    .join('\n\n');
  // The receiving side stamps Return-Path from the envelope: sent with the null sender.
  const text = `Date: ${date}
From: MAILER-DAEMON@${HOSTNAME} (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: ${sender}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="${boundary}"
Message-Id: <${Date.now()}.${queueId}@${HOSTNAME}>

This is a MIME-encapsulated message.

--${boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host ${HOSTNAME}.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--${boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; ${HOSTNAME}
X-Postfix-Queue-ID: ${queueId}
X-Postfix-Sender: rfc822; ${sender}
Arrival-Date: ${date}

${perRecipient}

--${boundary}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

${headers.replace(/\r\n/g, '\n')}

--${boundary}--
`;
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}
