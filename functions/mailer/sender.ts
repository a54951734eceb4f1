import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesSender } from '../../shared/adapters/ses-sender.js';
import { readSmtpSecret } from '../../shared/adapters/smtp/smtp-secret.js';
import { SmtpSender } from '../../shared/adapters/smtp/smtp-sender.js';
import type { MailSender } from '../../shared/app/ports.js';
import { requireSmtpSettings, type FunctionEnv } from '../../shared/config/env.js';

/**
 * The mailer's sender, chosen by MAIL_SENDER: SES, paced at the province's
 * sending rate (the SES quota), or the mail provider's SMTP submission, paced
 * at the stage's rate, with the account read from Secrets Manager once per container.
 */
export async function createMailSender(env: FunctionEnv, sesRatePerSecond: number): Promise<MailSender> {
  // This instance's part of the account's rate: its lane's share over the lane's instances (SEND_RATE_SHARE).
  if (env.MAIL_SENDER === 'ses') return new SesSender(new SESv2Client({}), sesRatePerSecond * env.SEND_RATE_SHARE);
  const { secretId, ...settings } = requireSmtpSettings(env);
  return SmtpSender.fromSecret(await readSmtpSecret(new SecretsManagerClient({}), secretId), settings);
}
