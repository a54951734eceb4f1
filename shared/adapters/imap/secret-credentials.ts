import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError, issuesFromZod } from '../../config/config-error.js';
import type { PolledMailbox } from '../../app/poll-mailbox.js';
import type { MailboxCredentialSource, MailboxCredentials } from './imap-mailbox-server.js';

const login = z.strictObject({
  /** Defaults to the mailbox's address, as most providers name their accounts. */
  user: z.string().min(1).optional(),
  password: z.string().min(1, 'the mailbox password (or the provider’s client-specific password)'),
});

/**
 * One secret per mailbox domain (`xinfang-<stage>/imap/<domain>`): a login for
 * the domain's one polled mailbox, or a login per mailbox when the domain has several.
 */
export const mailboxSecretSchema = z.union([login, z.strictObject({ mailboxes: z.record(z.string().includes('@'), login) })]);

/** Mailbox credentials read from Secrets Manager, each secret once per container (again after a refused login). */
export class SecretsManagerMailboxCredentials implements MailboxCredentialSource {
  private readonly secrets = new Map<string, Promise<z.output<typeof mailboxSecretSchema>>>();

  constructor(private readonly client: SecretsManagerClient) {}

  async credentialsFor(mailbox: PolledMailbox): Promise<MailboxCredentials> {
    let secret = this.secrets.get(mailbox.secretName);
    if (!secret) {
      secret = this.read(mailbox.secretName);
      this.secrets.set(mailbox.secretName, secret);
      // A failed read is not kept: the next poll reads again.
      secret.catch(() => this.secrets.delete(mailbox.secretName));
    }
    const value = await secret;
    if (!('mailboxes' in value)) return { user: value.user ?? mailbox.address, password: value.password };
    const entry = Object.entries(value.mailboxes).find(([address]) => address.toLowerCase() === mailbox.address.toLowerCase())?.[1];
    if (!entry) throw new ConfigError(`secret ${mailbox.secretName}`, [{ path: 'mailboxes', message: `has no login for ${mailbox.address}` }]);
    return { user: entry.user ?? mailbox.address, password: entry.password };
  }

  forget(mailbox: PolledMailbox): void {
    this.secrets.delete(mailbox.secretName);
  }

  private async read(secretName: string) {
    const answer = await this.client.send(new GetSecretValueCommand({ SecretId: secretName }));
    let json: unknown;
    try {
      json = JSON.parse(answer.SecretString ?? '');
    } catch {
      throw new ConfigError(`secret ${secretName}`, [{ path: '(value)', message: 'is not JSON: put {"password": "…"} or {"mailboxes": {"<address>": {"password": "…"}}}' }]);
    }
    const parsed = mailboxSecretSchema.safeParse(json);
    if (!parsed.success) throw new ConfigError(`secret ${secretName}`, issuesFromZod(parsed.error));
    return parsed.data;
  }
}
