import { join } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { imapSecretName, type ImapMailIn } from '../shared/config/stage.js';
import type { Province } from '../shared/domain/province.js';
import { mailboxPollBatches, polledMailboxes, type MailboxPollBatch } from '../shared/resources/mail-in.js';
import { localSecret } from './local-auth.js';
import { scheduledEvent } from './scheduler.js';
import { startImapServer, type LocalImap } from './servers/imap-server.js';
import type { LocalSecrets } from './servers/secrets-server.js';

/** Folder names as an office's mail provider would have them: new mail in INBOX, stored mail moved to 已入库. */
const STORED_FOLDER = '已入库';

export interface LocalImapMailIn {
  imap: LocalImap;
  batches: MailboxPollBatch[];
  /** Puts an accepted message into each recipient's INBOX (what the SMTP server does instead of storing to S3). */
  deliver(mailboxes: readonly string[], raw: Uint8Array): Promise<void>;
  /** The scheduled event one batch's rule delivers (the batch in its detail), as on AWS. */
  eventFor(batch: MailboxPollBatch, stage: string, region: string, at: Date): ScheduledEvent;
}

/**
 * Mail in by IMAP on this machine: the local IMAP server holds every polled
 * mailbox, their one password is kept in `.data/imap-password` and put into
 * the local Secrets Manager under each domain's secret name, and the batches
 * are the stack's (shared/resources/mail-in.ts), plain IMAP to 127.0.0.1.
 */
export async function startImapMailIn(opts: {
  host: string;
  port: number;
  dataDir: string;
  stage: string;
  province: Province;
  secrets: LocalSecrets;
  onError: (error: unknown) => void;
}): Promise<LocalImapMailIn> {
  const password = localSecret(join(opts.dataDir, 'imap-password'));
  const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);
  const everyAddress = [...opts.province.config.jurisdictions.map((j) => j.office.mailbox), opts.province.config.mail.from].map((a) => a.toLowerCase());
  const imap = await startImapServer({
    host: opts.host,
    port: opts.port,
    dataDir: join(opts.dataDir, 'imap'),
    authenticate: (user, pass) => (pass === password && accounts.has(user.toLowerCase()) ? user.toLowerCase() : undefined),
    onError: opts.onError,
  });
  const mailIn: ImapMailIn = {
    kind: 'imap',
    servers: [{ host: opts.host, port: imap.port, domains: [...new Set(everyAddress.map(domainOf))] }],
    everyMinutes: 1,
    mailboxesPerBatch: 10,
    folder: 'INBOX',
    storedFolder: STORED_FOLDER,
  };
  const accounts = new Set(polledMailboxes(opts.province, mailIn));
  const batches = mailboxPollBatches(opts.stage, mailIn, [...accounts]).map((batch) => ({
    ...batch,
    // The local stand-in speaks plain IMAP on the loopback address (the function's schema allows nothing else without TLS).
    mailboxes: batch.mailboxes.map((m) => ({ ...m, tls: false })),
  }));
  const byDomain = new Map<string, string[]>();
  for (const address of accounts) byDomain.set(domainOf(address), [...(byDomain.get(domainOf(address)) ?? []), address]);
  for (const [domain, addresses] of byDomain) {
    const secret = addresses.length === 1 ? { password } : { mailboxes: Object.fromEntries(addresses.map((a) => [a, { password }])) };
    opts.secrets.put(imapSecretName(opts.stage, domain), JSON.stringify(secret));
  }
  return {
    imap,
    batches,
    deliver: async (mailboxes, raw) => {
      for (const mailbox of new Set(mailboxes.map((m) => m.toLowerCase()))) imap.store.deliver(mailbox, raw);
    },
    eventFor: (batch, stage, region, at) => ({ ...scheduledEvent(`xinfang-${stage}-imap-${batch.id}`, region, at), detail: { id: batch.id, mailboxes: batch.mailboxes } }),
  };
}

/**
 * Runs a batch's poll soon after mail reaches one of its mailboxes (a short
 * schedule, locally), one poll per batch at a time: mail that arrives during
 * a poll gets another right after it.
 */
export function pollOnArrival(opts: { batches: readonly MailboxPollBatch[]; poll: (batch: MailboxPollBatch) => Promise<unknown>; onError: (error: unknown) => void }) {
  const state = new Map<string, { running?: Promise<void>; again: boolean }>();
  const run = (batch: MailboxPollBatch) => {
    const s = state.get(batch.id) ?? { again: false };
    state.set(batch.id, s);
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = (async () => {
      do {
        s.again = false;
        await opts.poll(batch).catch(opts.onError);
      } while (s.again);
      s.running = undefined;
    })();
  };
  return {
    arrived(mailbox: string): void {
      const batch = opts.batches.find((b) => b.mailboxes.some((m) => m.address === mailbox.toLowerCase()));
      if (batch) run(batch);
    },
    /** Resolves once no poll is running (for a clean stop). */
    async idle(): Promise<void> {
      await Promise.all([...state.values()].map((s) => s.running));
    },
  };
}
