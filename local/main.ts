import './quiet-sdk.js';
import { ConfigError } from '../shared/config/province.js';
import { FUNCTIONS, FUNCTION_IDS, describeSchedule, type FunctionTrigger } from '../shared/resources/functions.js';
import { DEFAULT_PORTS, REPO_ROOT, startLocalSystem } from './system.js';

/** `npm start`: the whole system on 127.0.0.1, state in .data/, Ctrl-C to stop. */
async function main(): Promise<void> {
  const started = Date.now();
  console.log('Starting the petitions case system locally…');
  const system = await startLocalSystem({ ports: DEFAULT_PORTS, console: 'build', log: (line) => console.error(`[local] ${line}`) });
  const row = (what: string, where: string) => console.log(`  ${what.padEnd(28)} ${where}`);
  console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s. What runs where:`);
  if (system.consoleUrl) row('Staff console (browser)', `${system.consoleUrl}  (its API under ${system.apiUrl}/api/)`);
  row('Staff API (HTTP API v2)', system.apiUrl);
  row('  log in (local only)', `POST ${system.apiUrl}/local/login {"user":"hz-registrar"}`);
  row('  captured outgoing mail', `GET  ${system.apiUrl}/local/mail`);
  row('  loaded configuration', `GET  ${system.apiUrl}/local/config`);
  row('SMTP intake (as SES receives)', `smtp://${system.smtp.host}:${system.smtp.port}  for the offices' mailboxes, e.g. ${system.province.config.jurisdictions.find((j) => j.level === 'county')?.office.mailbox}`);
  row('DynamoDB Local', `${system.endpoints.dynamodb}  table ${system.resources.tableName}`);
  row('SQS (local)', system.endpoints.sqs);
  for (const [id, q] of Object.entries(system.resources.queues)) row(`  queue ${id}`, `${q.url}  (DLQ ${q.dlqUrl.split('/').pop()})`);
  row('S3 (s3rver)', `${system.endpoints.s3}  bucket ${system.resources.bucketName}`);
  row('SES v2 (local, captures mail)', system.endpoints.ses);
  console.log('  Functions:');
  for (const id of FUNCTION_IDS) {
    row(`    ${id}`, describeTrigger(FUNCTIONS[id].trigger));
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
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Refusing to start: the configuration is not valid.\n${error.message}`);
  } else {
    console.error('Could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
