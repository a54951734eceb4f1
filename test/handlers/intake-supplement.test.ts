import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';
import { plainUtf8Email } from '../fixtures/emails.js';

/**
 * 补充 sent as a new mail (not a reply) minutes after the petition: an office files it with the open case as
 * material; it is not a second petition, acknowledged and then refused as a repeat (不予受理).
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const TONGLU = 'xinfang@tonglu.petitions.example';
const SENDER = 'wangfang1990@163.example';
const SMELL = '桐庐县信访局：我住在富春江镇俞赵村，村东头的养猪场离居民区不到一百米，粪水直接排进小溪，臭味很大，夏天根本不能开窗。请求环保部门依法处理。王芳 联系电话：13588002345';
const LIGHT = '我住在桐君街道春江花苑，小区南门到7幢之间的四盏路灯已经坏了三个月，晚上一片漆黑，上周还有人摔伤。多次向物业反映无人处理，请求督促维修。';
/** What SES writes on top of mail whose domain vouches for its From. */
const DMARC_PASS = 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=163.example; dkim=pass header.i=@163.example; dmarc=pass header.from=163.example\r\n';

let n = 0;
/** `imap`: fetched by the IMAP poller from another server (its key: imap-<uidvalidity>-<uid>), where SES checked nothing. */
function send(subject: string, text: string, storedAt: string, vouched = true, imap = false) {
  n += 1;
  const mail = plainUtf8Email({ from: SENDER, fromName: '王芳', to: TONGLU, subject, messageId: `m${n}.wangfang@163.example`, text });
  const bytes = vouched ? new Uint8Array(Buffer.concat([Buffer.from(DMARC_PASS), Buffer.from(mail)])) : mail;
  const record = arrive(imap ? `raw/${TONGLU}/imap-7-${n}` : `raw/${TONGLU}/0123abcdsupp${String(n).padStart(28, '0')}`, bytes, storedAt);
  return (receive = 1) => record(`5e3d2c1b-0000-4000-8000-${String(n).padStart(12, '0')}`, receive);
}

const cases = () => bed.table().all().filter((i) => i.entity === 'case').map((i) => unpacked(i));
const messagesOf = (caseNumber: string) => bed.table().partition(`CASE#${caseNumber}`).filter((i) => i.entity === 'message').map((i) => unpacked(i));
const numbersDrawn = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('SEQ#')).length;
const notices = () => outboxOf('notify').map((m) => m.body);

describe('a new mail saying 补充, from the petitioner’s address, soon after their petition', () => {
  it('is added to that open case as material and answered with a short note — no second case, acknowledgement or 不予受理, even delivered twice', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send('养殖场臭味', SMELL, '2026-12-06T10:14:30.000Z')())).toEqual({ batchItemFailures: [] });
    const [first] = cases();

    at('2026-12-06T10:20:05.000Z');
    const supplement = send('补充：养殖场臭味', '补充一下：昨天晚上粪水又漫到了路上，村民拍了视频。', '2026-12-06T10:20:00.000Z');
    expect(await deliver(supplement())).toEqual({ batchItemFailures: [] });
    expect(await deliver(supplement(2))).toEqual({ batchItemFailures: [] });

    expect(cases().map((c) => c.caseNumber)).toEqual([first!.caseNumber]);
    expect(numbersDrawn()).toBe(1);
    const added = messagesOf(first!.caseNumber).filter((m) => m.kind === 'petitionerReply');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ senderVerified: true, subject: '补充：养殖场臭味' });
    expect(bed.table().all().filter((i) => i.entity === 'idempotency').map((i) => i.outcome).sort()).toEqual(['registered', 'threaded:supplement']);
    expect(added[0]!.text).toContain('粪水又漫到了路上');
    const toSender = notices().filter((m) => m.to.includes(SENDER));
    expect(toSender.filter((m) => m.subject.includes('您的信访事项已登记'))).toHaveLength(1);
    expect(toSender.filter((m) => m.subject.startsWith(`【${first!.caseNumber}】您补充的材料已收到`))).toHaveLength(1);
    expect(notices().some((m) => m.kind === 'acknowledgement' && m.caseNumber !== first!.caseNumber)).toBe(false);
    expect(outboxOf('notify').some((m) => m.id.startsWith('declined:'))).toBe(false);
  });

  it('whose domain does not vouch for it: still on the case, kept for staff to check as unverified, not a new case', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send('养殖场臭味', SMELL, '2026-12-06T10:14:30.000Z')())).toEqual({ batchItemFailures: [] });
    const [first] = cases();
    at('2026-12-06T10:30:05.000Z');
    expect(await deliver(send('再补充照片', '再补充几句：养猪场老板说下个月还要扩建。', '2026-12-06T10:30:00.000Z', false)())).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    expect(messagesOf(first!.caseNumber).find((m) => m.kind === 'petitionerReply')).toMatchObject({ senderVerified: false });
    expect(notices().map((m) => m.subject)).toContainEqual(expect.stringContaining('【发件人未验证】'));
  });

  it('with two open cases and neither named, is registered as a petition as before; naming one, goes on that one', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send('养殖场臭味', SMELL, '2026-12-06T10:14:30.000Z')())).toEqual({ batchItemFailures: [] });
    at('2026-12-06T10:15:31.000Z');
    expect(await deliver(send('小区路灯坏了三个月', LIGHT, '2026-12-06T10:15:30.000Z')())).toEqual({ batchItemFailures: [] });
    expect(cases()).toHaveLength(2);
    const smell = cases().find((c) => c.matter === SMELL)!;

    at('2026-12-06T10:20:05.000Z');
    expect(await deliver(send('补充材料', '补充：村民说养猪场晚上偷偷排放。', '2026-12-06T10:20:00.000Z')())).toEqual({ batchItemFailures: [] });
    expect(cases()).toHaveLength(3);

    at('2026-12-06T10:25:05.000Z');
    expect(await deliver(send(`补充材料（${smell.caseNumber}）`, '补充：养猪场门口的排污口照片已经拍好。', '2026-12-06T10:25:00.000Z')())).toEqual({ batchItemFailures: [] });
    expect(cases()).toHaveLength(3);
    expect(messagesOf(smell.caseNumber).filter((m) => m.kind === 'petitionerReply')).toHaveLength(1);
  });

  it('fetched by IMAP with an SES-looking DMARC pass the sender wrote: kept as unverified, not acted on as the petitioner’s', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send('养殖场臭味', SMELL, '2026-12-06T10:14:30.000Z')())).toEqual({ batchItemFailures: [] });
    const [first] = cases();
    at('2026-12-06T10:40:05.000Z');
    // The same forged line SES would have written: no SES received this mail, so nobody checked it.
    expect(await deliver(send('补充：养殖场臭味', '补充：老板已经同意赔偿，此事不用再办了。', '2026-12-06T10:40:00.000Z', true, true)())).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    expect(messagesOf(first!.caseNumber).find((m) => m.kind === 'petitionerReply')).toMatchObject({ senderVerified: false });
    expect(notices().map((m) => m.subject)).toContainEqual(expect.stringContaining('【发件人未验证】'));
    expect(notices().filter((m) => m.to.includes(SENDER) && m.subject.includes('您补充的材料已收到'))).toHaveLength(0);
  });
});
