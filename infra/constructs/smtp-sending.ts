import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { smtpSecretName, type SmtpMailOut } from '../../shared/config/stage.js';
import { sendRateShare } from '../../shared/resources/functions.js';
import type { PetitionFunction } from './functions.js';

export interface SmtpSendingProps {
  stage: string;
  mailOut: SmtpMailOut;
  /** The functions that send mail (`access.sendMail`): the mailer. */
  senders: readonly PetitionFunction[];
}

/** Lambda's SQS event sources run at least two instances; the registry may bound them higher. */
const DEFAULT_SENDER_CONCURRENCY = 2;

/**
 * Mail out through the province's mail provider over SMTP, where SES is not
 * offered (the AWS China regions). The account is a Secrets Manager secret
 * the operator creates (`{"username","password"}`, optionally `"ca"`), read
 * by the senders only; they get the provider's host, port and quota in their
 * environment, and no SES permission (PetitionFunctions grants SES only with
 * SES sending resources). The quota is shared: each sender instance gets its
 * share, so all of them together stay within it.
 */
export class SmtpSending extends Construct {
  readonly secret: ISecret;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: SmtpSendingProps) {
    super(scope, id);
    this.secretName = smtpSecretName(props.stage, props.mailOut);
    this.secret = Secret.fromSecretNameV2(this, 'Account', this.secretName);
    // Each instance its lane's share of the provider's quota (sendRateShare), normalised so all senders' instances add up to it.
    const instancesOf = (s: PetitionFunction) => (s.definition.trigger.kind === 'sqs' ? (s.definition.trigger.maxConcurrency ?? DEFAULT_SENDER_CONCURRENCY) : 1);
    const total = props.senders.reduce((sum, s) => sum + sendRateShare(s.definition) * instancesOf(s), 0) || 1;
    for (const { fn, definition } of props.senders) {
      const perInstance = (props.mailOut.ratePerSecond * sendRateShare(definition)) / total;
      this.secret.grantRead(fn);
      fn.addEnvironment('MAIL_SENDER', 'smtp');
      fn.addEnvironment('SMTP_HOST', props.mailOut.host);
      fn.addEnvironment('SMTP_PORT', String(props.mailOut.port));
      fn.addEnvironment('SMTP_RATE_PER_SECOND', String(Number(perInstance.toFixed(4))));
      fn.addEnvironment('SMTP_MAX_CONNECTIONS', String(props.mailOut.maxConnections));
      fn.addEnvironment('SMTP_SECRET_ID', this.secretName);
    }
  }
}
