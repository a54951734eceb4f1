import { describe, expect, it } from 'vitest';
import { InternalServerError } from '@aws-sdk/client-dynamodb';
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

const TONGLU = 'xinfang@tonglu.petitions.example';
const HANGZHOU = 'xinfang@hz.petitions.example';
const messagesOf = (caseNumber: string) => bed.table().partition(`CASE#${caseNumber}`).filter((i) => i.entity === 'message');
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
  return { key, record: (receiveCount = 1) => record(id, receiveCount), deliver: (receiveCount = 1) => deliver(record(id, receiveCount)) };
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
    // Its registration says why it was held and who registered it, and the case's audit trail has that staff member's action.
    const registered = bed.table().partition('CASE#330122-2026-000001').find((i) => i.entity === 'event' && i.type === 'registered');
    expect(unpacked(registered!).detail.heldAsAdvertising).toEqual({ by: 'tl-office', at: '2026-12-07T02:00:00.000Z', reason: 'noOfficeMailbox' });
    const audit = bed.table().all().filter((i) => i.entity === 'audit' && i.caseNumber === '330122-2026-000001');
    expect(audit).toEqual([expect.objectContaining({ actor: 'tl-office', action: 'register:held-mail', at: '2026-12-07T02:00:00.000Z', outcome: 'allowed' })]);
  });
});

describe('a held email staff registered', () => {
  it('whose registration failed, asked again (a new queue message): registered under the number the failed try drew, no gap', async () => {
    const mail = take('xinfang-old@tonglu.petitions.example', wages('xinfang-old@tonglu.petitions.example', 'old-box-5@qq.example'));
    await mail.deliver();
    const [item] = held('330122');
    bed.table().seed({ ...item, status: 'registerRequested', decidedBy: 'tl-office', decidedAt: '2026-12-07T02:00:00.000Z' });
    at('2026-12-07T02:00:05.000Z');
    let failures = 1;
    bed.table().failTransaction = () => (failures-- > 0 ? new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }) : undefined);
    // 登记为信访事项 hands the stored email to the intake: its first try fails…
    const press = (n: number) => arrive(mail.key, wages('xinfang-old@tonglu.petitions.example', 'old-box-5@qq.example'), '2026-12-07T00:30:00.000Z')(`9b1d0c2e-0000-4000-8000-00000000000${n}`, 1);
    expect((await deliver(press(1))).batchItemFailures).toHaveLength(1);
    // …and staff press again before the queue shows it again: a new message, on its first receive.
    expect(await deliver(press(2))).toEqual({ batchItemFailures: [] });
    expect(bed.table().all().filter((i) => i.entity === 'case').map((i) => i.caseNumber)).toEqual(['330122-2026-000001']);
    expect(held('330122')[0]).toMatchObject({ status: 'registered', caseNumber: '330122-2026-000001' });
  });
});

describe('第十九条 at the mail intake', () => {
  it('the same email to the city sent again with a new Message-ID goes on the county’s case once', async () => {
    await take(TONGLU, wages(TONGLU, 'first@qq.example')).deliver();
    const [below] = cases();
    const more = '桐庐县华丰针织有限公司拖欠我们十二名工人三个月工资共计十八万元，老板一直推脱，请求帮助讨回欠薪。县里一直没有结果，特向市信访局反映。';
    expect(await take(HANGZHOU, wages(HANGZHOU, 'again-1@qq.example', more), '2026-12-07T03:00:00.000Z').deliver()).toEqual({ batchItemFailures: [] });
    expect(await take(HANGZHOU, wages(HANGZHOU, 'again-2@qq.example', more), '2026-12-07T03:01:00.000Z').deliver()).toEqual({ batchItemFailures: [] });
    expect(new Set(cases().map((c) => c.caseNumber))).toEqual(new Set([below!.caseNumber]));
    expect(messagesOf(below!.caseNumber).filter((m) => m.direction === 'in').map((m) => m.id)).toEqual(['first@qq.example', 'again-1@qq.example']);
    const told = outboxOf('notify').filter((m) => m.body.subject?.startsWith('您反映的事项正在办理中'));
    expect(told).toHaveLength(1);
  });

  it('with a photo: the very same photo again is added once; another photo with the same words is material, added', async () => {
    await take(TONGLU, wages(TONGLU, 'first-p@qq.example')).deliver();
    const [below] = cases();
    const more = '县里一直没有结果，特向市信访局反映，附现场照片。';
    await take(HANGZHOU, withPhoto('photo-1@qq.example', more, PHOTO), '2026-12-07T03:00:00.000Z').deliver();
    await take(HANGZHOU, withPhoto('photo-2@qq.example', more, PHOTO), '2026-12-07T03:01:00.000Z').deliver();
    await take(HANGZHOU, withPhoto('photo-3@qq.example', more, OTHER_PHOTO), '2026-12-07T03:02:00.000Z').deliver();
    expect(messagesOf(below!.caseNumber).filter((m) => m.direction === 'in').map((m) => m.id)).toEqual(['first-p@qq.example', 'photo-1@qq.example', 'photo-3@qq.example']);
  });
});

const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(2000, 7)]);
const OTHER_PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(2000, 9)]);

/** The wage petition's words and more, with a photo, from the same petitioner. */
function withPhoto(messageId: string, more: string, photo: Buffer): Uint8Array {
  const encoded = (words: string) => `=?utf-8?B?${Buffer.from(words).toString('base64')}?=`;
  const text = `桐庐县华丰针织有限公司拖欠我们十二名工人三个月工资共计十八万元，老板一直推脱，请求帮助讨回欠薪。${more}`;
  const lines = [
    `From: ${encoded('孙丽')} <sunli.lost@qq.example>`,
    `To: <${HANGZHOU}>`,
    `Subject: ${encoded('反映拖欠工资')}`,
    'Date: Mon, 07 Dec 2026 11:00:00 +0800',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text).toString('base64'),
    '--b1',
    'Content-Type: image/jpeg; name="factory.jpg"',
    'Content-Disposition: attachment; filename="factory.jpg"',
    'Content-Transfer-Encoding: base64',
    '',
    photo.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

describe('补充 sent as a new mail', () => {
  it('sent again with a new Message-ID (Send pressed twice) goes on the open case once', async () => {
    const DMARC_PASS = 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=qq.example; dkim=pass header.i=@qq.example; dmarc=pass header.from=qq.example\r\n';
    const vouched = (raw: Uint8Array) => new Uint8Array(Buffer.concat([Buffer.from(DMARC_PASS), Buffer.from(raw)]));
    await take(TONGLU, vouched(wages(TONGLU, 'petition-s@qq.example'))).deliver();
    const [c] = cases();
    const words = '补充一下：老板昨天把厂里的机器都拉走了，工友们拍了照片。';
    const supplement = (id: string) => vouched(plainUtf8Email({ from: 'sunli.lost@qq.example', fromName: '孙丽', to: TONGLU, subject: '补充：反映拖欠工资', messageId: id, text: words }));
    await take(TONGLU, supplement('supp-1@qq.example'), '2026-12-07T00:40:00.000Z').deliver();
    await take(TONGLU, supplement('supp-2@qq.example'), '2026-12-07T00:41:00.000Z').deliver();
    expect(new Set(cases().map((x) => x.caseNumber))).toEqual(new Set([c!.caseNumber]));
    expect(messagesOf(c!.caseNumber).filter((m) => m.kind === 'petitionerReply').map((m) => m.id)).toEqual(['supp-1@qq.example']);
  });

  it('two copies with different Message-IDs taken at the same moment go on the open case once', async () => {
    const DMARC_PASS = 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=qq.example; dkim=pass header.i=@qq.example; dmarc=pass header.from=qq.example\r\n';
    const vouched = (raw: Uint8Array) => new Uint8Array(Buffer.concat([Buffer.from(DMARC_PASS), Buffer.from(raw)]));
    await take(TONGLU, vouched(wages(TONGLU, 'petition-t@qq.example'))).deliver();
    const [c] = cases();
    const words = '补充一下：老板昨天把厂里的机器都拉走了，工友们拍了照片。';
    const supplement = (id: string) => vouched(plainUtf8Email({ from: 'sunli.lost@qq.example', fromName: '孙丽', to: TONGLU, subject: '补充：反映拖欠工资', messageId: id, text: words }));
    const first = take(TONGLU, supplement('supp-a@qq.example'), '2026-12-07T00:40:00.000Z');
    const second = take(TONGLU, supplement('supp-b@qq.example'), '2026-12-07T00:40:00.000Z');
    // The second is taken whole while the first is about to write: the first read the case without it.
    let raced = false;
    bed.table().whileTransacting = (puts) => {
      if (raced || !puts.some((p) => p.entity === 'message' && p.id === 'supp-a@qq.example')) return undefined;
      raced = true;
      return second.deliver().then(() => undefined);
    };
    const answer = await first.deliver();
    // The first, told to look again, finds the copy on the case.
    if (answer.batchItemFailures.length) await first.deliver(2);
    expect(raced).toBe(true);
    expect(messagesOf(c!.caseNumber).filter((m) => m.kind === 'petitionerReply')).toHaveLength(1);
  });
});
