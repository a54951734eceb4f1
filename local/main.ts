import './quiet-sdk.js';
import * as z from 'zod';
import { ConfigError } from '../shared/config/province.js';
import { FUNCTIONS, FUNCTION_IDS, describeSchedule, type FunctionDefinition, type FunctionTrigger } from '../shared/resources/functions.js';
import { DEFAULT_PORTS, REPO_ROOT, startLocalSystem } from './system.js';

/** `npm start`: the whole system on 127.0.0.1, state in .data/, Ctrl-C to stop. */
async function main(): Promise<void> {
  const started = Date.now();
  console.log('Starting the petitions case system locally…');
  // MAIL_OUT=smtp: the mailer sends by SMTP to a local mail provider, as in the AWS China regions.
  const mailOut = z.enum(['ses', 'smtp'], { message: 'MAIL_OUT must be ses or smtp' }).default('ses').parse(process.env.MAIL_OUT || undefined);
  const mailIn = mailInFromEnv(process.env.MAIL_IN);
  const system = await startLocalSystem({ ports: DEFAULT_PORTS, console: 'build', mailIn, mailOut, log: (line) => console.error(`[local] ${line}`) });
  const row = (what: string, where: string) => console.log(`  ${what.padEnd(28)} ${where}`);
  console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s. What runs where:`);
  if (system.consoleUrl) row('Staff console (browser)', `${system.consoleUrl}  (its API under ${system.apiUrl}/api/)`);
  row('Staff API (HTTP API v2)', system.apiUrl);
  row('  log in (local only)', `POST ${system.apiUrl}/local/login {"user":"hz-registrar"}`);
  row('  captured outgoing mail', `GET  ${system.apiUrl}/local/mail`);
  row('  loaded configuration', `GET  ${system.apiUrl}/local/config`);
  const example = system.province.config.jurisdictions.find((j) => j.level === 'county')?.office.mailbox;
  if (system.imap) {
    row('SMTP intake (into IMAP)', `smtp://${system.smtp.host}:${system.smtp.port}  delivers into the offices' mailboxes, e.g. ${example}`);
    row('IMAP mailboxes (MAIL_IN=imap)', `${system.imap.endpoint}  polled by the imap function, stored mail moved to 已入库`);
  } else {
    row('SMTP intake (as SES receives)', `smtp://${system.smtp.host}:${system.smtp.port}  for the offices' mailboxes, e.g. ${example}`);
  }
  row('DynamoDB Local', `${system.endpoints.dynamodb}  table ${system.resources.tableName}`);
  row('SQS (local)', system.endpoints.sqs);
  for (const [id, q] of Object.entries(system.resources.queues)) row(`  queue ${id}`, `${q.url}  (DLQ ${q.dlqUrl.split('/').pop()})`);
  row('S3 (s3rver)', `${system.endpoints.s3}  bucket ${system.resources.bucketName}`);
  row('SES v2 (local, captures mail)', system.endpoints.ses);
  if (system.smtpOut) row('SMTP mail out (MAIL_OUT=smtp)', `smtp://${system.smtpOut.host}:${system.smtpOut.port}  STARTTLS + AUTH; captured in /local/mail; DSNs back to ${system.province.config.mail.from}`);
  console.log('  Functions:');
  for (const id of FUNCTION_IDS) {
    const definition: FunctionDefinition = FUNCTIONS[id];
    if (definition.when?.mailIn && definition.when.mailIn !== mailIn) continue;
    row(`    ${id}`, describeTrigger(definition.trigger));
  }
  console.log(`  Province configuration       ${system.province.config.province.name}, ${system.province.tree.all().length} jurisdictions, ${system.province.allStaff().length} staff`);
  console.log(`  Data folder                  ${REPO_ROOT}/.data (survives restarts; delete it to start afresh)`);
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await system.close();
    console.log('Stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function describeTrigger(t: FunctionTrigger): string {
  switch (t.kind) {
    case 'http':
      return 'HTTP API';
    case 'sqs':
      return `SQS ${t.queue} (batch ${t.batchSize})`;
    case 'schedule':
      return describeSchedule(t);
    case 'tableStream':
      return `DynamoDB stream of the case table (outbox items, batch ${t.batchSize})`;
    case 'mailboxPoll':
      return 'each mailbox batch soon after mail arrives, and every minute';
    case 'sesReceipt':
      return 'each email the SMTP intake stored, as SES invokes it after storing';
  }
}

/** MAIL_IN=imap runs mail in as in the AWS China regions; unset or `ses`, as SES receives. */
function mailInFromEnv(value: string | undefined): 'ses' | 'imap' {
  if (value === undefined || value === '' || value === 'ses') return 'ses';
  if (value === 'imap') return 'imap';
  throw new Error(`MAIL_IN must be ses or imap, not ${value}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Refusing to start: the configuration is not valid.\n${error.message}`);
  } else {
    console.error('Could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
