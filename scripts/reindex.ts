import '../local/quiet-sdk.js';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CaseReindexer } from '../shared/adapters/dynamodb/reindex.js';
import { resourceNames } from '../shared/resources/definitions.js';
import { DEFAULT_PORTS } from '../local/system.js';
import { explain } from './lib/target.js';
import { fileURLToPath } from 'node:url';
import { loadProvinceConfig } from '../shared/config/province.js';
import { signOffRequestNotice } from '../shared/app/handoff/notices.js';
import { letters } from '../shared/app/outbox.js';

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
A case changed while its entries were being written is counted, and the run
asks to be repeated: that change may not have done the entry's move for it.
It reads the whole table, page by page.

After a staff change is deployed (config/province.yaml: a unit head or
leader leaves, arrives or is moved), run it with that configuration: a
decision letter waiting for its sign-off (待签发) moves to whom the roster
names now, and those newly named are emailed 【待签发】 as when it started to
wait; a case put before a leader who may no longer read it leaves their
待阅批 list (the case page shows the submission 已失效).
Without --stage it acts on the local system (npm start must be running);
with --stage it needs --config, the configuration deployed to that stage.`;

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
  // It moves 待签发 entries and emails approvers by the roster it is given: on a deployed stage that must be
  // the configuration deployed there, named on purpose, not whatever the checkout's default file holds.
  if (!local && !values.config) {
    console.error(`--stage ${stage} needs --config <the province.yaml deployed to ${stage}>: the roster in it decides who is emailed 【待签发】`);
    process.exitCode = 2;
    return;
  }
  const table = values.table ?? resourceNames(stage).table;
  // Who may read a case decides the 待阅批 and 待签发 entries: the province's staff and tree, as the system runs them.
  const province = loadProvinceConfig(values.config ?? fileURLToPath(new URL('../config/province.yaml', import.meta.url)));
  // A roster change names new approvers of a waiting letter: told as when it started to wait, once (the id names them).
  const reindexer = new CaseReindexer(client, table, province, (c, added) => {
    const notice = signOffRequestNotice(province, c, undefined, added);
    // Not the id of the letter that started the wait (the mailer sends one letter per id).
    return letters(notice && { ...notice, id: `${notice.id}:roster:${added.join('+')}` });
  });
  const total = { cases: 0, rewritten: 0, changedMeanwhile: 0, cooperatingAdded: 0, supervisingAdded: 0, registeredAdded: 0, representativeContactsAdded: 0, writerContactsAdded: 0, nameEntriesAdded: 0, handedOnAdded: 0, handlerAdded: 0, signOffAdded: 0, readingAdded: 0, signOffMoved: 0, readingRemoved: 0, expiryCleared: 0, entriesChangedMeanwhile: 0 };
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
    total.signOffMoved += page.signOffMoved;
    total.readingRemoved += page.readingRemoved;
    total.expiryCleared += page.expiryCleared;
    total.entriesChangedMeanwhile += page.entriesChangedMeanwhile;
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
    `${table}: ${total.cases} cases read, ${total.rewritten} rewritten, ${total.cooperatingAdded} 协办 entries added, ${total.supervisingAdded} 交办督办件 entries added, ${total.registeredAdded} 新登记 entries added, ${total.representativeContactsAdded} representatives' contact entries added, ${total.writerContactsAdded} writers' (代为反映人) contact entries added, ${total.nameEntriesAdded} name entries added, ${total.handedOnAdded} 交办转送 entries added, ${total.handlerAdded} 我承办的 entries added, ${total.signOffAdded} 待签发 entries added, ${total.readingAdded} 待阅批 entries added, ${total.signOffMoved} 待签发 entries moved to the roster's approvers, ${total.readingRemoved} 待阅批 entries of leaders who may no longer read the case removed, ${total.expiryCleared} archived items' TTL taken off, ${total.changedMeanwhile} changed meanwhile (already current)`,
  );
  // A move refused by a change meanwhile is not done by that change unless it moved the entry itself: say so, not "current".
  if (total.entriesChangedMeanwhile > 0) {
    console.log(`${table}: ${total.entriesChangedMeanwhile} cases changed while their entries were being written (a 待签发 move and its letter among them, perhaps): run it again`);
  }
}

main().catch((error: unknown) => {
  console.error(`reindex failed: ${explain(error, process.argv.includes('--stage') ? process.argv[process.argv.indexOf('--stage') + 1]! : 'local')}`);
  process.exit(1);
});
