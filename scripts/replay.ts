import '../local/quiet-sdk.js';
import { parseArgs } from 'node:util';
import { replayStoredEmail } from '../shared/app/operations.js';
import { explain, targetFor } from './lib/target.js';

const USAGE = `usage: npm run replay -- <raw message key> [--stage local|<stage>]

Re-drives one stored email through intake, exactly as S3 announced it the
first time. Safe to repeat: intake recognises an email it has handled.
The 管理 page of the staff console does the same.
Example: npm run replay -- raw/xinfang@tonglu.petitions.example/4f1c…`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { stage: { type: 'string', default: 'local' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const stage = values.stage!;
  const { key } = await replayStoredEmail(targetFor(stage), positionals[0]!, new Date());
  console.log(`queued ${key} for intake on ${stage}`);
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${explain(error, process.argv.includes('--stage') ? process.argv[process.argv.indexOf('--stage') + 1]! : 'local')}`);
  process.exit(1);
});
