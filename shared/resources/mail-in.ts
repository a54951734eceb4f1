import type { PolledMailbox } from '../app/poll-mailbox.js';
import { imapSecretName, imapServerFor, type ImapMailIn } from '../config/stage.js';
import type { Province } from '../domain/province.js';

/**
 * What the IMAP poller polls, shared by the stack (one EventBridge rule per
 * batch, the batch in the rule's input) and the local runtime (the same
 * batches, fired by the local scheduler).
 */

export interface MailboxPollBatch {
  /** `batch-01`, … in configuration order; names the rule. */
  id: string;
  mailboxes: PolledMailbox[];
}

/** How many new messages one poll stores per mailbox; the rest wait for the next poll (a surge drains over a few). */
export const MAX_MESSAGES_PER_POLL = 50;

/**
 * Every office mailbox, and the sending address when a configured server hosts
 * its domain: with mail out over SMTP, the provider returns bounces (DSNs) to it.
 */
export function polledMailboxes(province: Province, mailIn: ImapMailIn): string[] {
  const offices = province.config.jurisdictions.map((j) => j.office.mailbox.toLowerCase());
  const from = province.config.mail.from.toLowerCase();
  return [...new Set([...offices, ...(imapServerFor(mailIn, from) ? [from] : [])])];
}

/** The mailboxes in batches of `mailboxesPerBatch`, each mailbox with its server, folders and secret. */
export function mailboxPollBatches(stage: string, mailIn: ImapMailIn, mailboxes: readonly string[]): MailboxPollBatch[] {
  const polled = mailboxes.map((address): PolledMailbox => {
    const server = imapServerFor(mailIn, address);
    if (!server) throw new Error(`no IMAP server of the stage hosts ${address}`);
    return {
      address,
      host: server.host,
      port: server.port,
      tls: true,
      secretName: imapSecretName(stage, address.slice(address.lastIndexOf('@') + 1)),
      folder: mailIn.folder,
      ...(mailIn.storedFolder ? { storedFolder: mailIn.storedFolder } : {}),
    };
  });
  const batches: MailboxPollBatch[] = [];
  for (let i = 0; i < polled.length; i += mailIn.mailboxesPerBatch) {
    batches.push({ id: `batch-${String(batches.length + 1).padStart(2, '0')}`, mailboxes: polled.slice(i, i + mailIn.mailboxesPerBatch) });
  }
  return batches;
}
