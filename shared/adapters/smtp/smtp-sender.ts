import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { MailSender } from '../../app/ports.js';
import { MailNotSent } from '../mail-not-sent.js';
import type { SmtpSecret } from './smtp-secret.js';

/** Where and how fast to send: the stage's settings (mailOut in config/stages/<stage>.yaml). */
export interface SmtpSenderOptions {
  host: string;
  /** 465: implicit TLS; any other port must offer STARTTLS, or nothing is sent. */
  port: number;
  /** The provider's sending quota, messages per second from this container (fractions allowed: 0.5 is one every 2 s). */
  ratePerSecond: number;
  /** Connections kept open to the provider (pooled across invocations of a warm container). */
  maxConnections: number;
}

/** Nodemailer's pool counts messages per `rateDelta` milliseconds; a rate below one a second becomes one per longer period. */
export function poolRate(ratePerSecond: number): { rateLimit: number; rateDelta: number } {
  return ratePerSecond >= 1 ? { rateLimit: Math.floor(ratePerSecond), rateDelta: 1000 } : { rateLimit: 1, rateDelta: Math.ceil(1000 / ratePerSecond) };
}

/** The nodemailer transport options: pooled, rate-limited, TLS 1.2+ required and the certificate verified. */
export function smtpTransportOptions(secret: SmtpSecret, options: SmtpSenderOptions): SMTPPool.Options {
  const secure = options.port === 465;
  return {
    pool: true,
    host: options.host,
    port: options.port,
    secure,
    // Without implicit TLS, a server that does not offer STARTTLS is refused: credentials and petitioners' mail never go in clear.
    requireTLS: !secure,
    ignoreTLS: false,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(secret.ca ? { ca: secret.ca } : {}) },
    auth: { user: secret.username, pass: secret.password },
    maxConnections: options.maxConnections,
    ...poolRate(options.ratePerSecond),
    // Fail the send (the queue retries it) instead of holding the batch past the function's timeout.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
  };
}

/**
 * Sends raw MIME over SMTP submission (a mail provider where SES is not
 * offered, e.g. the AWS China regions). The message goes as composed: our
 * Message-ID `<notification tag>@domain` is what the recipient sees and what
 * a delivery report (DSN) quotes back. There is no event feed: `tags` are not
 * sent anywhere; bounces come back as DSNs to the envelope sender's mailbox.
 * A send that fails, or whose answer is lost, throws and is retried by the queue.
 */
export class SmtpSender implements MailSender {
  constructor(private readonly transport: Pick<Transporter, 'sendMail'>) {}

  static fromSecret(secret: SmtpSecret, options: SmtpSenderOptions): SmtpSender {
    return new SmtpSender(nodemailer.createTransport(smtpTransportOptions(secret, options)));
  }

  async sendRaw(raw: Uint8Array, envelope: { from: string; to: readonly string[] }): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw: Buffer.from(raw) }).catch((error: unknown) => {
      // A refused recipient is quoted in the reply and kept on nodemailer's error (`rejected`): logged without it.
      throw new MailNotSent(error, [...envelope.to, envelope.from]);
    })) as { response?: string };
    const response = info.response ?? '';
    // The provider's queue id (Postfix "queued as 4F2x…", Exchange "<…> [InternalId=…]"), for tracing with the provider; else our Message-ID.
    const queued = /queued as\s+([\w.-]+)/i.exec(response)?.[1] ?? /InternalId=(\d+)/i.exec(response)?.[1];
    return { messageId: queued ?? messageIdOf(raw) ?? response.slice(0, 200) };
  }

  /** SMTP relays keep our Message-ID: a reply quotes it and nothing else of ours. */
  recipientMessageIds(sent: { messageId: string }): string[] {
    return [sent.messageId];
  }
}

function messageIdOf(raw: Uint8Array): string | undefined {
  const head = Buffer.from(raw.subarray(0, 16_384)).toString('latin1').split(/\r?\n\r?\n/, 1)[0]!;
  return /^message-id:\s*<([^>\s]+)>/im.exec(head)?.[1];
}
