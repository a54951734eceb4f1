import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError, issuesFromZod } from '../../config/config-error.js';

/**
 * The account the mailer signs in to the mail provider's SMTP submission
 * with, kept in Secrets Manager as JSON (the host, port and sending quota are
 * stage settings, config/stages/<stage>.yaml). `ca` is a PEM bundle for a
 * provider whose certificate no public CA signed.
 */
export const smtpSecretSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
  ca: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'a PEM certificate bundle' }).optional(),
});
export type SmtpSecret = z.output<typeof smtpSecretSchema>;

/** Reads and checks the secret; errors name the field and the reason, never a value. */
export async function readSmtpSecret(client: SecretsManagerClient, secretId: string): Promise<SmtpSecret> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString) throw new ConfigError(`SMTP secret ${secretId}`, [{ path: 'SecretString', message: 'the secret holds no text (store the account as JSON)' }]);
  return parseSmtpSecret(SecretString, secretId);
}

export function parseSmtpSecret(text: string, secretId: string): SmtpSecret {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`SMTP secret ${secretId}`, [{ path: 'SecretString', message: 'not JSON: store {"username": …, "password": …}' }]);
  }
  const parsed = smtpSecretSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`SMTP secret ${secretId}`, issuesFromZod(parsed.error));
  return parsed.data;
}
