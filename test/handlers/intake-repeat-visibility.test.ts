import { describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import { plainUtf8Email } from '../fixtures/emails.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * The mail intake's repeat check, as the desk's: an email links only to an
 * earlier case of the sender's that the office it was sent to may read. A
 * report against 桐庐县's government, held by 杭州市 and kept from 桐庐县, is
 * not named in the case 桐庐县's mailbox registers (repeatOf, the similarity,
 * the registered event); the city's mailbox still links to it.
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const SENDER = 'liujianjun@163.example';
const STORED_AT = '2026-12-06T10:14:30.000Z';
const AGAIN = '我家房屋被带人强拆，没有任何补偿，请上级查处。刘建军';

/** The sender's report against 桐庐县's county head, moved up to 杭州市 by the router: kept from 桐庐县's staff. */
const HIDDEN: Case = {
  caseNumber: '330122-2026-000300',
  jurisdiction: '330100',
  receivingOffice: '330122',
  accusedJurisdictions: ['330122'],
  channel: 'email',
  status: 'accepted',
  matter: '举报县长方建华带人强拆我家房屋，没有任何补偿，请上级查处。刘建军',
  petitioner: { anonymous: false, name: '刘建军', email: SENDER },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-12-01T01:00:00.000Z',
  registeredAt: '2026-12-01T01:00:05.000Z',
  registeredBy: 'system:intake',
  deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  attachments: [],
  version: 3,
  updatedAt: '2026-12-01T02:00:00.000Z',
};

const email = (to: string, messageId: string): Uint8Array => plainUtf8Email({ from: SENDER, to, subject: '房屋被强拆', messageId: `${messageId}@163.example`, text: AGAIN });

/** The byContact index and the batch read answer with the hidden report, as DynamoDB would for the sender's address. */
function senderHasTheReport() {
  const item = caseItem(HIDDEN);
  bed.table().seed(item);
  dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [{ caseNumber: HIDDEN.caseNumber }] });
  dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [item] } });
}

const newCases = () =>
  bed
    .table()
    .all()
    .filter((i) => i.entity === 'case' && i.caseNumber !== HIDDEN.caseNumber)
    .map((i) => unpacked(i) as unknown as Case);
const events = () =>
  bed
    .table()
    .all()
    .filter((i) => i.entity === 'event' && i.caseNumber !== HIDDEN.caseNumber)
    .map((i) => unpacked(i));

describe('the mail intake links only to a case the receiving office may read', () => {
  it('an email to 桐庐县 is registered with no link to the report against 桐庐县 the city holds', async () => {
    senderHasTheReport();
    at('2026-12-06T10:14:31.000Z');
    const to = 'xinfang@tonglu.petitions.example';
    expect(await deliver(arrive(`raw/${to}/0123abcdrepeat000000000000000000000001`, email(to, 'again1'), STORED_AT)('5e3d2c1b-0000-4000-8000-000000000001'))).toEqual({ batchItemFailures: [] });

    const [registered] = newCases();
    expect(registered).toBeDefined();
    expect(registered!.repeatOf).toBeUndefined();
    expect(registered!.intakeFlags?.repeatSimilarity).toBeUndefined();
    expect(JSON.stringify(events())).not.toContain(HIDDEN.caseNumber);
    expect(JSON.stringify(newCases())).not.toContain(HIDDEN.caseNumber);
  });

  it('an email to the city, which holds the report, is linked to it', async () => {
    senderHasTheReport();
    at('2026-12-06T10:14:31.000Z');
    const to = 'xinfang@hz.petitions.example';
    expect(await deliver(arrive(`raw/${to}/0123abcdrepeat000000000000000000000002`, email(to, 'again2'), STORED_AT)('5e3d2c1b-0000-4000-8000-000000000002'))).toEqual({ batchItemFailures: [] });

    const [registered] = newCases();
    expect(registered!.repeatOf).toBe(HIDDEN.caseNumber);
  });
});
