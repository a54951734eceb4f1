import '../local/quiet-sdk.js';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CaseReindexer } from '../shared/adapters/dynamodb/reindex.js';
import { resourceNames } from '../shared/resources/definitions.js';
import { DEFAULT_PORTS } from '../local/system.js';
import { explain } from './lib/target.js';
import { fileURLToPath } from 'node:url';
import { loadProvinceConfig } from '../shared/config/province.js';

const USAGE = `usage: npm run reindex -- [--stage local|<stage>] [--endpoint <url>] [--table <name>] [--config <province.yaml>]

Brings every case item's derived attributes (work-list and due index keys,
the ledger row, 协办 entries, the contact entries of collective petitions'
representatives, the entries under petitioners' and representatives' names
that the desk's look-up by name reads, the 交办转送 entry under the office that
received a case now held elsewhere, which its statistics read) up to the code now deployed, puts held
emails (疑似广告) still waiting on their office's waiting list, and takes the
DynamoDB TTL off cases archived before the retention function (which now
removes them, with a line in the destruction register). Run it once after a
release whose notes say so: until then, older cases keep the keys they were
last written with (e.g. a case suspended before the release still sorts with
the overdue ones). Safe to repeat and to run while the system works: each
rewrite is conditioned on the case's version, and a second run changes nothing.
It reads the whole table, page by page.
Without --stage it acts on the local system (npm start must be running).`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stage: { type: 'string', default: 'local' }, endpoint: { type: 'string' }, table: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return console.log(USAGE);
  const stage = values.stage!;
  const local = stage === 'local';
  const endpoint = values.endpoint ?? (local ? `http://127.0.0.1:${DEFAULT_PORTS.dynamodb}` : undefined);
  const client = new DynamoDBClient({
    ...(endpoint ? { endpoint } : {}),
    ...(local || values.endpoint ? { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const table = values.table ?? resourceNames(stage).table;
  // Who may read a case decides the 待阅批 and 待签发 entries: the province's staff and tree, as the system runs them.
  const province = loadProvinceConfig(values.config ?? fileURLToPath(new URL('../config/province.yaml', import.meta.url)));
  const reindexer = new CaseReindexer(client, table, province);
  const total = { cases: 0, rewritten: 0, changedMeanwhile: 0, cooperatingAdded: 0, supervisingAdded: 0, registeredAdded: 0, representativeContactsAdded: 0, writerContactsAdded: 0, nameEntriesAdded: 0, handedOnAdded: 0, handlerAdded: 0, signOffAdded: 0, readingAdded: 0, expiryCleared: 0 };
  let cursor: string | undefined;
  do {
    const page = await reindexer.page(cursor);
    total.cases += page.cases;
    total.rewritten += page.rewritten.length;
    total.changedMeanwhile += page.changedMeanwhile;
    total.cooperatingAdded += page.cooperatingAdded;
    total.supervisingAdded += page.supervisingAdded;
    total.registeredAdded += page.registeredAdded;
    total.representativeContactsAdded += page.representativeContactsAdded;
    total.writerContactsAdded += page.writerContactsAdded;
    total.nameEntriesAdded += page.nameEntriesAdded;
    total.handedOnAdded += page.handedOnAdded;
    total.handlerAdded += page.handlerAdded;
    total.signOffAdded += page.signOffAdded;
    total.readingAdded += page.readingAdded;
    total.expiryCleared += page.expiryCleared;
    for (const caseNumber of page.rewritten) console.log(`rewrote ${caseNumber}`);
    cursor = page.cursor;
  } while (cursor);
  let heldAdded = 0;
  let heldCursor: string | undefined;
  do {
    const page = await reindexer.heldPage(heldCursor);
    heldAdded += page.added;
    heldCursor = page.cursor;
  } while (heldCursor);
  console.log(`${table}: ${heldAdded} held emails (疑似广告) put on their office's waiting list`);
  console.log(
    `${table}: ${total.cases} cases read, ${total.rewritten} rewritten, ${total.cooperatingAdded} 协办 entries added, ${total.supervisingAdded} 交办督办件 entries added, ${total.registeredAdded} 新登记 entries added, ${total.representativeContactsAdded} representatives' contact entries added, ${total.writerContactsAdded} writers' (代为反映人) contact entries added, ${total.nameEntriesAdded} name entries added, ${total.handedOnAdded} 交办转送 entries added, ${total.handlerAdded} 我承办的 entries added, ${total.signOffAdded} 待签发 entries added, ${total.readingAdded} 待阅批 entries added, ${total.expiryCleared} archived items' TTL taken off, ${total.changedMeanwhile} changed meanwhile (already current)`,
  );
}

main().catch((error: unknown) => {
  console.error(`reindex failed: ${explain(error, process.argv.includes('--stage') ? process.argv[process.argv.indexOf('--stage') + 1]! : 'local')}`);
  process.exit(1);
});
