import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';
import { plainUtf8Email } from '../fixtures/emails.js';

/*
 * No petition lost, none taken twice: mail to a mailbox no longer in the
 * configuration is held for staff rather than dropped unseen, and a 第十九条
 * email sent again with a new Message-ID goes on the case below once.
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;


const cases = () =>
  dynamo
    .commandCalls(TransactWriteCommand)
    .flatMap((c) => c.args[0].input.TransactItems!.map((i) => i.Put?.Item))
    .filter((item): item is Record<string, any> => item?.entity === 'case')
    .map(unpacked);
const held = (office: string) => bed.table().partition(`HELD#${office}`);

let stored = 0;
/** SES stores the email under `mailbox`'s prefix at `storedAt`; the intake takes it two seconds later. Answers a redelivery. */
function take(mailbox: string, raw: Uint8Array, storedAt = '2026-12-07T00:30:00.000Z') {
  const key = `raw/${mailbox}/lost${String(++stored).padStart(36, '0')}`;
  const record = arrive(key, raw, storedAt);
  at(new Date(Date.parse(storedAt) + 2000).toISOString());
  const id = `7a0c1e2d-0000-4000-8000-${String(stored).padStart(12, '0')}`;
  return { key, deliver: (receiveCount = 1) => deliver(record(id, receiveCount)) };
}

const wages = (to: string, messageId: string, text = '桐庐县华丰针织有限公司拖欠我们十二名工人三个月工资共计十八万元，老板一直推脱，请求帮助讨回欠薪。') =>
  plainUtf8Email({ from: 'sunli.lost@qq.example', fromName: '孙丽', to, subject: '反映拖欠工资', messageId, text });

describe('mail to an address that is no office mailbox (any more)', () => {
  it('is held for the office the stopped mailbox belonged to, once however often delivered, and answered nobody', async () => {
    const mail = take('xinfang-old@tonglu.petitions.example', wages('xinfang-old@tonglu.petitions.example', 'old-box-1@qq.example'));
    expect(await mail.deliver()).toEqual({ batchItemFailures: [] });
    expect(await mail.deliver(2)).toEqual({ batchItemFailures: [] });
    expect(cases()).toEqual([]);
    expect(outboxOf('notify')).toEqual([]);
    const [item, ...more] = held('330122');
    expect(more).toEqual([]);
    expect(item).toMatchObject({ office: '330122', reason: 'noOfficeMailbox', status: 'held', rawKey: mail.key, from: 'sunli.lost@qq.example', subject: '反映拖欠工资' });
    expect(item!.signs).toEqual(['信箱已停用：xinfang-old@tonglu.petitions.example']);
  });

  it('an address the province knows nothing of is held for the province office', async () => {
    await take('xinfang@closed-county.example', wages('xinfang@closed-county.example', 'old-box-2@qq.example')).deliver();
    expect(cases()).toEqual([]);
    expect(held('330000').map((i) => [i.reason, i.signs])).toEqual([['noOfficeMailbox', ['信箱已停用：xinfang@closed-county.example']]]);
  });

  it('an urgent one is registered there at once, not left waiting on a list', async () => {
    const text = '华丰针织厂拖欠工资三个月，工友说明天要去县政府门口跳楼，请马上处理。';
    await take('xinfang-old@tonglu.petitions.example', wages('xinfang-old@tonglu.petitions.example', 'old-box-4@qq.example', text)).deliver();
    expect(held('330122')).toEqual([]);
    expect(cases().map((c) => [c.caseNumber, c.jurisdiction, c.urgent])).toEqual([['330122-2026-000001', '330122', true]]);
  });

  it('registered when staff choose 登记为信访事项, at the office it was held for, received when it came', async () => {
    const mail = take('xinfang-old@tonglu.petitions.example', wages('xinfang-old@tonglu.petitions.example', 'old-box-3@qq.example'));
    await mail.deliver();
    const [item] = held('330122');
    bed.table().seed({ ...item, status: 'registerRequested', decidedBy: 'tl-office', decidedAt: '2026-12-07T02:00:00.000Z' });
    at('2026-12-07T02:00:05.000Z');
    await mail.deliver();
    expect(cases().map((c) => [c.caseNumber, c.receivedAt])).toEqual([['330122-2026-000001', '2026-12-07T00:30:00.000Z']]);
    expect(held('330122')[0]).toMatchObject({ status: 'registered', caseNumber: '330122-2026-000001' });
  });
});
