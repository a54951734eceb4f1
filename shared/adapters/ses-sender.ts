import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailSender, SendEnvelope } from '../app/ports.js';
import { MailNotSent } from './mail-not-sent.js';
import { SendPacer } from './send-pacer.js';

/**
 * Sends raw MIME through SES v2, at most `ratePerSecond` messages per second
 * from this container (SES's account sending rate is shared; the mailer's
 * concurrency is bounded too). A throttled send throws and is retried by the queue.
 */
export class SesSender implements MailSender {
  private readonly pacer: SendPacer;

  constructor(
    private readonly ses: SESv2Client,
    ratePerSecond: number,
    private readonly configurationSetName?: string,
  ) {
    // A tenth below the quota: SES measures the rate over a sliding second, and a
    // throttled send waits out the queue's visibility timeout before its retry.
    this.pacer = new SendPacer(1000 / (ratePerSecond * 0.9));
  }

  async sendRaw(raw: Uint8Array, envelope: SendEnvelope): Promise<{ messageId: string }> {
    // SES's sending rate counts recipients, not messages: a notice to five staff takes five slots.
    await this.pacer.take(envelope.priority ?? 0, envelope.notAfter, envelope.to.length);
    const result = await this.ses
      .send(
        new SendEmailCommand({
          FromEmailAddress: envelope.from,
          Destination: { ToAddresses: [...envelope.to] },
          Content: { Raw: { Data: raw } },
          ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
          ...(envelope.tags ? { EmailTags: Object.entries(envelope.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
        }),
      )
      // SES quotes the recipients it refuses; the failure is logged without them (retried by the queue all the same).
      .catch((error: unknown) => {
        throw new MailNotSent(error, [...envelope.to, envelope.from]);
      });
    if (!result.MessageId) throw new Error('SES accepted the message without a message id');
    return { messageId: result.MessageId };
  }

  /** SES replaces our Message-ID with `<its id>@email.amazonses.com`; a reply may quote either. */
  recipientMessageIds(sent: { messageId: string; providerMessageId: string }): string[] {
    return [sent.messageId, `${sent.providerMessageId}@email.amazonses.com`];
  }
}
