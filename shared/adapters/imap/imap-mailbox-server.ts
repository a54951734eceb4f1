import { ImapFlow } from 'imapflow';
import type { MailboxServer, OpenMailbox, PolledMailbox } from '../../app/poll-mailbox.js';

/** How to log in to one mailbox. */
export interface MailboxCredentials {
  user: string;
  password: string;
}

/** Where a mailbox's credentials come from: Secrets Manager on AWS; tests pass them directly. */
export interface MailboxCredentialSource {
  credentialsFor(mailbox: PolledMailbox): Promise<MailboxCredentials>;
  /** The login was refused: read the credentials afresh next time (the password was changed). */
  forget?(mailbox: PolledMailbox): void;
}

/** A provider that does not answer within this long is given up for this poll; the next one tries again. */
const TIMEOUT_MS = 30_000;

/** The offices' mail provider over IMAP, with imapflow. */
export class ImapMailboxServer implements MailboxServer {
  constructor(private readonly credentials: MailboxCredentialSource) {}

  async open(mailbox: PolledMailbox): Promise<OpenMailbox> {
    const { user, password } = await this.credentials.credentialsFor(mailbox);
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.tls,
      // Certificates are checked; nothing older than TLS 1.2.
      tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    // A reset or timeout is emitted as 'error' besides failing the command in flight (which the
    // poll reports); with no listener Node would make it an uncaught exception, taking down every
    // other poll and request in the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      if ((error as { authenticationFailed?: boolean }).authenticationFailed) this.credentials.forget?.(mailbox);
      throw error;
    }
    try {
      const opened = await client.mailboxOpen(mailbox.folder);
      // ALREADYEXISTS is answered { created: false }, not an error.
      if (mailbox.storedFolder) await client.mailboxCreate(mailbox.storedFolder);
      return new ImapOpenMailbox(client, opened.uidValidity.toString(), mailbox.storedFolder);
    } catch (error) {
      await client.logout().catch(() => client.close());
      throw error;
    }
  }
}

class ImapOpenMailbox implements OpenMailbox {
  constructor(
    private readonly client: ImapFlow,
    readonly uidValidity: string,
    private readonly storedFolder: string | undefined,
  ) {}

  async uidsAfter(uid: number): Promise<number[]> {
    return ascending(await this.client.search({ uid: `${uid + 1}:*` }, { uid: true }));
  }

  async storedNotMarked(uid: number): Promise<number[]> {
    // Moved messages leave the folder, so whatever is still there was not; flagged ones stay, so only the unflagged.
    return ascending(await this.client.search({ uid: `1:${uid}`, ...(this.storedFolder ? {} : { seen: false }) }, { uid: true }));
  }

  async fetch(uid: number): Promise<Uint8Array | undefined> {
    // BODY.PEEK[]: reading does not set \Seen; marking is a step of its own, after the message is stored.
    const message = await this.client.fetchOne(String(uid), { source: true }, { uid: true });
    return message && message.source ? new Uint8Array(message.source) : undefined;
  }

  async markStored(uids: readonly number[]): Promise<void> {
    const set = uids.join(',');
    const done = this.storedFolder
      ? await this.client.messageMove(set, this.storedFolder, { uid: true })
      : await this.client.messageFlagsAdd(set, ['\\Seen'], { uid: true });
    if (done === false) throw new Error(`the server did not ${this.storedFolder ? 'move' : 'flag'} UIDs ${set}`);
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}

function ascending(uids: number[] | false | undefined): number[] {
  return uids ? [...uids].sort((a, b) => a - b) : [];
}
