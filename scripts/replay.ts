import '../local/quiet-sdk.js';
import { parseArgs } from 'node:util';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { RAW_MAIL_PREFIX } from '../shared/resources/definitions.js';
import { explain, targetFor } from './lib/target.js';

const USAGE = `usage: npm run replay -- <raw message key> [--stage local|<stage>]

Re-drives one stored email through intake, exactly as S3 announced it the
first time. Safe to repeat: intake recognises an email it has handled.
Example: npm run replay -- raw/xinfang@tonglu.petitions.example/4f1c…`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { stage: { type: 'string', default: 'local' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const key = positionals[0]!;
  const stage = values.stage!;
  if (!key.startsWith(RAW_MAIL_PREFIX)) throw new Error(`${key} is not a raw message key (they start with ${RAW_MAIL_PREFIX})`);
  const target = targetFor(stage);
  try {
    await target.s3.send(new HeadObjectCommand({ Bucket: target.names.bucket, Key: key }));
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') throw new Error(`no object ${key} in ${target.names.bucket}`);
    throw error;
  }
  const intake = await target.queue('intake');
  const record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    eventTime: new Date().toISOString(),
    s3: { bucket: { name: target.names.bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
  };
  await target.sqs.send(new SendMessageCommand({ QueueUrl: intake.url, MessageBody: JSON.stringify({ Records: [record] }) }));
  console.log(`queued ${key} for intake on ${stage}`);
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${explain(error, process.argv.includes('--stage') ? process.argv[process.argv.indexOf('--stage') + 1]! : 'local')}`);
  process.exit(1);
});
