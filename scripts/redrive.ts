import '../local/quiet-sdk.js';
import { parseArgs } from 'node:util';
import { describeRedrive, redriveDeadLetters } from '../shared/app/operations.js';
import { QUEUE_IDS, type QueueId } from '../shared/resources/definitions.js';
import { explain, targetFor } from './lib/target.js';

const USAGE = `usage: npm run redrive -- [queue …] [--stage local|<stage>]

Moves every message parked in a queue's dead-letter queue back to the queue
(SQS StartMessageMoveTask), for all queues or the ones named (${QUEUE_IDS.join(', ')}).
Fix the cause first (the logs name it). Safe to repeat: every consumer is idempotent.
The 管理 page of the staff console does the same, one queue at a time.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { stage: { type: 'string', default: 'local' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const unknown = positionals.filter((q) => !(QUEUE_IDS as string[]).includes(q));
  if (unknown.length) {
    console.error(`unknown queue ${unknown.join(', ')}\n\n${USAGE}`);
    process.exit(2);
  }
  const queues = (positionals.length ? positionals : QUEUE_IDS) as QueueId[];
  const target = targetFor(values.stage!);
  for (const queue of queues) console.log(describeRedrive(await redriveDeadLetters(target, queue)));
}

main().catch((error: unknown) => {
  const stage = process.argv.includes('--stage') ? process.argv[process.argv.indexOf('--stage') + 1]! : 'local';
  console.error(`redrive failed: ${explain(error, stage)}`);
  process.exit(1);
});
