import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { LocalSystem } from '../../local/system.js';
import { notificationTagHex } from '../../shared/app/notification.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { PHOTO_PNG } from '../fixtures/portal.js';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { loginAs, petitionerMail, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/**
 * A whole case through the local runtime's API and mail, as people meet it:
 * a petition by email → routed to the unit in charge → concluded → the
 * decision letter emailed → a review asked for by replying → the city
 * decides → the follow-up answered "not satisfied" reopens it → concluded
 * and answered again → "satisfied" by email → closed, not yet filed while a
 * 复核 may be asked for → a 复核 asked at the desk, upheld by the province
 * (final) → archived → kept whole through its retention period, then removed
 * with its mail and attachments, leaving one line in the destruction register.
 * No log line carries the petitioner's details.
 */

const HZ = 'xinfang@hz.petitions.example';
const PETITIONER = { name: '赵建国', email: 'zhaojianguo1970@163.example', phone: '13812345678' };
const DAY = 86_400_000;

let system: LocalSystem;
let dataDir: string;
let smtp: ReturnType<typeof nodemailer.createTransport>;
let petitionerWrites: ReturnType<typeof petitionerMail>;
let office: ApiClient; // 桐庐县信访局
let handler: ApiClient; // 桐庐县人社局 承办人
let cityOffice: ApiClient; // 杭州市信访局
let otherCounty: ApiClient; // 湖州市 staff: never sees 桐庐's cases
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
  petitionerWrites = petitionerMail(smtp, PETITIONER);
  office = await loginAs(system.apiUrl, 'tonglu-office');
  handler = await loginAs(system.apiUrl, 'tonglu-hrss-handler');
  cityOffice = await loginAs(system.apiUrl, 'hz-office');
  otherCounty = await loginAs(system.apiUrl, 'huzhou-registrar');
});

afterAll(async () => {
  logs.restore();
  smtp?.close();
  await system?.close();
  removeDir(dataDir);
});

const mailTo = (address: string, subject: RegExp) => system.ses.list().filter((m) => m.to.includes(address) && subject.test(m.subject));
const read = async (caseNumber: string, as: ApiClient = office) => (await as.call('GET', `/cases/${caseNumber}`)).body;
/** POST /local/schedules/retention: the retention function at that "now", then the bucket's lifecycle rule. */
const runRetention = async (at: number) => {
  const response = await fetch(`${system.apiUrl}/local/schedules/retention`, { method: 'POST', body: JSON.stringify({ at: new Date(at).toISOString() }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: Record<string, number> }).result;
};
const keysUnder = async (prefix: string) => {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: system.endpoints.s3, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED' });
  return ((await s3.send(new ListObjectsV2Command({ Bucket: system.resources.bucketName, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
};
const sweepAt = async (at: number) => {
  const response = await fetch(`${system.apiUrl}/local/schedules/sweep`, { method: 'POST', body: JSON.stringify({ at: new Date(at).toISOString() }) });
  expect(response.status).toBe(200);
};
const untilStatus = (caseNumber: string, status: string) =>
  until(`case ${caseNumber} ${status}`, async () => {
    const found = await read(caseNumber);
    return found.case?.status === status ? found : undefined;
  });

describe('a case from petition to archive', () => {
  it('runs the whole lifecycle through the API and mail, leaving no personal data in the logs', { timeout: 90_000 }, async () => {
    // 1. The petition arrives by email and is acknowledged; the router hands it to 桐庐县人社局.
    const petitionId = await petitionerWrites({
      subject: '华丰针织拖欠工资',
      text: `桐庐县富春江镇华丰针织有限公司拖欠我们三个月工资，老板一直推脱，请求帮助讨回欠薪。\n联系电话：${PETITIONER.phone}\n${PETITIONER.name}`,
      attachments: [{ filename: '工资条.png', content: PHOTO_PNG, contentType: 'image/png' }],
    });
    const ack = await until('the acknowledgement', () => system.ses.list().find((m) => m.headers['in-reply-to']?.includes(petitionId)));
    const caseNumber = /【([\d-]+)】/.exec(ack.subject)![1]!;
    await until('the assignment', async () => (await read(caseNumber)).case?.handling?.lead === '330122-hrss');
    // Accepted in the change that registered it: the acknowledgement says so (no acceptance still to decide) and reaches the
    // petitioner before the 受理告知, though the two wait in different mail lanes.
    const acceptance = await until('the acceptance notice', () => mailTo(PETITIONER.email, /受理告知/)[0]);
    expect(ack.text).toContain('已决定受理该事项。《受理告知书》随后另行发送给您');
    expect(ack.text).not.toContain('决定是否受理');
    const order = system.ses.list().map((m) => m.id);
    expect(order.indexOf(ack.id)).toBeLessThan(order.indexOf(acceptance.id));

    // An open case keeps its material however old it is: a retention run years on removes none of it.
    const material = async () => (await Promise.all(['raw/', `attachments/${caseNumber}/`, `archive/${caseNumber}/`].map(keysUnder))).flat();
    const stored = await material();
    expect(stored.filter((k) => k.startsWith('attachments/'))).toHaveLength(1);
    const yearsOn = await runRetention(Date.parse('2030-01-02T00:00:00Z'));
    expect(yearsOn).toMatchObject({ removed: 0, objectsRemoved: 0, itemsRemoved: 0 });
    expect(await material()).toEqual(expect.arrayContaining(stored));
    const photo = await fetch(`${system.apiUrl}/cases/${caseNumber}/attachments/1`, { headers: { authorization: `Bearer ${office.token}` } });
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(PHOTO_PNG);

    // Another jurisdiction's staff cannot see it, nor learn that it exists (404); the refusal is in the audit trail.
    expect((await otherCounty.call('GET', `/cases/${caseNumber}`)).status).toBe(404);

    // 2. The unit concludes and replies ("谁承办谁答复"); the letter states the review right and goes by email.
    const refused = await handler.call('POST', `/cases/${caseNumber}/conclude`, { facts: '', basis: 'x', decision: 'y', outcome: 'supported' });
    expect(refused.status).toBe(400);
    const concluded = await handler.call('POST', `/cases/${caseNumber}/conclude`, {
      facts: '经查，该公司拖欠27名职工2026年8月至10月工资共计41.3万元。',
      basis: '《保障农民工工资支付条例》第十五条、《劳动保障监察条例》第二十六条。',
      decision: '已责令该公司于2026年12月15日前足额支付拖欠工资，逾期将依法申请强制执行并移送公安机关。',
      outcome: 'supported',
    });
    expect(concluded.status).toBe(200);
    expect(concluded.body.case).toMatchObject({ status: 'concluded', result: { unit: '330122-hrss', outcome: 'supported' } });
    const firstReply = await handler.call('POST', `/cases/${caseNumber}/reply`);
    expect(firstReply.body.case).toMatchObject({ status: 'replied', reply: { delivery: 'email', level: 0 } });
    const letter = await until('the decision letter', () => mailTo(PETITIONER.email, /处理意见书/)[0]);
    expect(letter.text).toContain('已责令该公司于2026年12月15日前足额支付拖欠工资');
    expect(letter.text).toMatch(/30日内，向杭州市信访局请求复查（最迟于\d{4}年\d{1,2}月\d{1,2}日提出）/);
    expect(letter.headers['in-reply-to']).toContain(petitionId);
    // The same letter, ready to print for a petitioner without email.
    const printable = await fetch(`${system.apiUrl}/cases/${caseNumber}/decision-letter`, { headers: { authorization: `Bearer ${handler.token}` } });
    expect(printable.headers.get('content-type')).toContain('text/html');
    expect(await printable.text()).toContain('信访事项处理意见书');

    // 3. A week after the reply the follow-up asks; "not satisfied" by the link reopens the case for the unit.
    await sweepAt(Date.parse(firstReply.body.case.reply.at) + 7 * DAY + 60_000);
    const followUp = await until('the follow-up', () => mailTo(PETITIONER.email, /回访/)[0]);
    expect(followUp.text).toContain('表示不满意的，该事项将重新交承办单位办理。');
    expect(followUp.text).toContain('“不满意”不是复查申请');
    // The configuration's public URL is the default port; this test system listens on a random one.
    const link = new URL(/不满意：(\S+)/.exec(followUp.text)![1]!);
    expect(link.pathname).toBe(`/public/follow-up/${caseNumber}`);
    const unsatisfiedLink = `${system.apiUrl}${link.pathname}${link.search}`;
    const form = await fetch(unsatisfiedLink);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('确认提交“不满意”');
    const url = new URL(unsatisfiedLink);
    const forged = await fetch(url.origin + url.pathname, { method: 'POST', body: new URLSearchParams({ token: 'A'.repeat(32), answer: 'unsatisfied' }) });
    expect(forged.status).toBe(403);
    const answered = await fetch(url.origin + url.pathname, {
      method: 'POST',
      body: new URLSearchParams({ token: url.searchParams.get('token')!, answer: 'unsatisfied', comment: '余款仍未到账' }),
    });
    expect(answered.status).toBe(200);
    const thanks = await answered.text();
    expect(thanks).toContain('您表示不满意。该事项已重新交');
    expect(thanks).toContain('办结后');
    // Opened again once answered: which answer stands, and no button to answer again.
    const again = await (await fetch(unsatisfiedLink)).text();
    expect(again).toContain('通过回访邮件中的链接选择了“不满意”');
    expect(again).not.toContain('确认提交');
    const reopened = await untilStatus(caseNumber, 'inProgress');
    expect(reopened.case).toMatchObject({ handling: { lead: '330122-hrss' }, followUp: { satisfied: false, via: 'link', round: 1 } });
    expect(reopened.events.at(-1)).toMatchObject({ type: 'reopened', reason: '余款仍未到账' });

    // 4. Handled again and answered: the new 处理意见 still leads to a 复查 by the city.
    await handler.call('POST', `/cases/${caseNumber}/conclude`, {
      facts: '经再次核查，该公司已支付部分欠薪，余款承诺于2026年12月15日前付清。',
      basis: '《保障农民工工资支付条例》第十五条。',
      decision: '督促该公司按承诺付清余款，逾期依法处理。',
      outcome: 'supported',
    });
    const second = await handler.call('POST', `/cases/${caseNumber}/reply`);
    expect(second.status).toBe(200);
    const secondLetter = await until('the second decision letter', () => mailTo(PETITIONER.email, /处理意见书/).find((m) => m.id !== letter.id));
    expect(secondLetter.text).toMatch(/30日内，向杭州市信访局请求复查（最迟于\d{4}年\d{1,2}月\d{1,2}日提出）/);

    // 5. The petitioner replies asking for a review, to the plain office mailbox but quoting the letter's Message-ID
    //    (proof enough: ours are random); the city's office is told and decides.
    await petitionerWrites({ subject: `回复：【${caseNumber}】信访事项处理意见书`, text: '我不服处理意见，申请复查：公司至今只付了一半工资。', inReplyTo: secondLetter.headers['message-id'] });
    const underReview = await untilStatus(caseNumber, 'underReview');
    expect(underReview.case.reviews).toEqual([expect.objectContaining({ level: 1, jurisdiction: '330100', requestedBy: 'petitioner' })]);
    await until('the review request to the city', () => mailTo(HZ, /复查申请/)[0]);
    // The petitioner learns the email was taken as a review request, who reviews it and by when.
    const received = await until('the receipt of the review request', () => mailTo(PETITIONER.email, /复查申请已收到/)[0]);
    expect(received.subject).toBe(`【${caseNumber}】复查申请已收到 — 杭州市信访局`);
    expect(received.text).toContain(`由杭州市信访局复查。`);
    expect(received.text).toMatch(/杭州市信访局最迟于\d{4}年\d{1,2}月\d{1,2}日提出复查意见，并书面答复您。/);
    // Only the reviewing level decides: the county office may not.
    expect((await office.call('POST', `/cases/${caseNumber}/review-decision`, { outcome: 'upheld', facts: 'a', basis: 'b', decision: 'c' })).status).toBe(403);
    const decided = await cityOffice.call('POST', `/cases/${caseNumber}/review-decision`, {
      outcome: 'upheld',
      facts: '经复查，桐庐县人社局认定事实清楚。',
      basis: '《信访工作条例》第三十五条。',
      decision: '维持原处理意见，并督促该公司于2026年12月15日前付清余款。',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.case).toMatchObject({ status: 'replied', reviewLevel: 1, reply: { level: 1 } });
    const reviewLetter = await until('the review letter', () => mailTo(PETITIONER.email, /复查意见书/)[0]);
    expect(reviewLetter.text).toContain('请求复核');

    // 6. A week after the review letter the follow-up asks again: the review's decision binds the county, so 不满意 would
    //    only be recorded, the way on being 复核. The petitioner answers it by email.
    await sweepAt(Date.parse(decided.body.case.reply.at) + 7 * DAY + 60_000);
    const secondFollowUp = await until('the follow-up after the review', () => mailTo(PETITIONER.email, /回访/).find((m) => m.id !== followUp.id));
    expect(secondFollowUp.text).toContain('“不满意”不是复核申请：对复查意见不服、要求复核的，请于');
    expect(secondFollowUp.text).not.toContain('重新交承办单位办理');
    // First a forger, as the petitioner (a From: anyone can write), to the office's plain mailbox, quoting the
    // Message-ID anyone could compute from the letter's id (follow-up:<case>:<round>) — ours without its mac:
    // the mail joins the case, and answers nothing.
    const round = (await read(caseNumber)).case.followUp.round as number;
    const madeUp = `${notificationTagHex(`follow-up:${caseNumber}:${round}`)}@petitions.example`;
    const forgedReply = await petitionerWrites({ subject: `回复：${secondFollowUp.subject}`, text: '满意。', inReplyTo: madeUp });
    await until('the forged reply on the case', async () => (await read(caseNumber)).events.some((e: { type: string; detail?: { messageId?: string } }) => e.type === 'messageReceived' && e.detail?.messageId === forgedReply) || undefined);
    expect((await read(caseNumber)).case.followUp?.satisfied).not.toBe(true);
    // As a mail client does: to the letter's Reply-To (the case's tagged office address), quoting its Message-ID.
    await petitionerWrites({ subject: `回复：${secondFollowUp.subject}`, text: '满意，钱已经拿到了，谢谢。', inReplyTo: secondFollowUp.messageId, to: secondFollowUp.replyTo[0] });
    await until('the satisfied answer', async () => (await read(caseNumber)).case.followUp?.satisfied === true);

    // 7. Closed; not filed while the petitioner may still ask for a 复核 (an archived case could take no request).
    expect((await handler.call('POST', `/cases/${caseNumber}/close`)).status).toBe(403);
    expect((await office.call('POST', `/cases/${caseNumber}/close`)).body.case).toMatchObject({ status: 'closed' });
    const tooEarly = await office.call('POST', `/cases/${caseNumber}/archive`);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toMatch(/may still ask for a re-review \(复核\) until \d{4}年\d{1,2}月\d{1,2}日/);
    expect((await read(caseNumber)).allowedActions).not.toContain('archive');

    // The petitioner asks the province for 复核 after all, in writing at the county's desk; the province upholds it: final.
    const reReview = await office.call('POST', `/cases/${caseNumber}/review-request`, { reason: '对复查意见不服，余款支付时间过长。' });
    expect(reReview.body.case).toMatchObject({ status: 'underReReview', reviews: [expect.objectContaining({ level: 1 }), expect.objectContaining({ level: 2, jurisdiction: '330000' })] });
    expect(reReview.body.case.settled).toBeUndefined();
    const provinceOffice = await loginAs(system.apiUrl, 'zj-office');
    const final = await provinceOffice.call('POST', `/cases/${caseNumber}/review-decision`, {
      outcome: 'upheld',
      facts: '经复核，欠薪已全部支付。',
      basis: '《信访工作条例》第三十五条。',
      decision: '维持复查意见。',
    });
    expect(final.body.case).toMatchObject({ status: 'replied', reviewLevel: 2, reply: { level: 2 } });
    expect(final.body.case.reply.reviewRequestBy).toBeUndefined();

    // Filed at once now; after the retention period the local stand-in for TTL and lifecycle removes it.
    expect((await office.call('POST', `/cases/${caseNumber}/close`)).body.case).toMatchObject({ status: 'closed' });
    const archived = await office.call('POST', `/cases/${caseNumber}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.case).toMatchObject({ status: 'archived', archive: { key: `archive/${caseNumber}/file.json` } });

    const audit = await office.call('GET', `/cases/${caseNumber}/audit`);
    const trail = audit.body.entries as { actor: string; action: string; outcome: string }[];
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'huzhou-registrar', action: 'read', outcome: 'denied' }),
        expect.objectContaining({ actor: 'tonglu-hrss-handler', action: 'conclude', outcome: 'allowed' }),
        expect.objectContaining({ actor: 'tonglu-hrss-handler', action: 'reply', outcome: 'allowed' }),
        expect.objectContaining({ actor: 'hz-office', action: 'review-decision', outcome: 'allowed' }),
        expect.objectContaining({ actor: 'tonglu-office', action: 'archive', outcome: 'allowed' }),
      ]),
    );
    expect((await handler.call('GET', `/cases/${caseNumber}/audit`)).status).toBe(403);

    // Kept whole through its retention: the day before it runs out, nothing of it goes.
    const retainUntil = Date.parse(archived.body.case.archive.retainUntil);
    const filed = await material();
    expect(filed.filter((k) => k.startsWith(`archive/${caseNumber}/`)).length).toBeGreaterThan(1);
    expect(await runRetention(retainUntil - DAY)).toMatchObject({ removed: 0, objectsRemoved: 0 });
    expect((await office.call('GET', `/cases/${caseNumber}`)).status).toBe(200);
    expect(await material()).toEqual(expect.arrayContaining(filed));

    // Then removed whole: the case, its trail, its emails (the petition and the review request), photo and file.
    const caseRaw = (await read(caseNumber)).messages.flatMap((m: { rawKey?: string }) => (m.rawKey?.startsWith('raw/') ? [m.rawKey] : []));
    expect(caseRaw.length).toBeGreaterThanOrEqual(2);
    const late = await runRetention(retainUntil + DAY);
    expect(late).toMatchObject({ removed: 1, failed: 0 });
    expect(late.itemsRemoved).toBeGreaterThan(5);
    // With it the records elsewhere that named it: each letter's record, the emails' idempotency records, thread entries.
    expect(late.linkedRemoved).toBeGreaterThan(5);
    expect((await office.call('GET', `/cases/${caseNumber}`)).status).toBe(404);
    const left = await material();
    expect(left.filter((k) => k.includes(caseNumber) || caseRaw.includes(k))).toEqual([]);
    // Run again (a retry): nothing more to remove, no second line.
    expect(await runRetention(retainUntil + DAY)).toMatchObject({ due: 0, removed: 0, objectsRemoved: 0 });

    // The destruction register keeps one line, with dates and counts and nothing of the petitioner.
    const admin = await loginAs(system.apiUrl, 'zj-admin');
    const jurisdiction = archived.body.case.jurisdiction as string;
    expect((await office.call('GET', `/admin/destruction-register?jurisdiction=${jurisdiction}`)).status).toBe(403);
    const register = await admin.call('GET', `/admin/destruction-register?jurisdiction=${jurisdiction}`);
    expect(register.status).toBe(200);
    // A code no case was ever removed from and no configured division has: a typo, said as one.
    const typo = await admin.call('GET', '/admin/destruction-register?jurisdiction=999999');
    expect(typo.status).toBe(404);
    expect(register.body.records).toEqual([
      {
        caseNumber,
        jurisdiction,
        status: 'archived',
        archivedAt: archived.body.case.archive.at,
        retentionYears: 3,
        retainUntil: archived.body.case.archive.retainUntil,
        removedAt: new Date(Math.floor((retainUntil + DAY) / 1000) * 1000).toISOString(),
        removed: { items: expect.any(Number), auditEntries: expect.any(Number), objects: late.objectsRemoved },
      },
    ]);
    expect(register.body.records[0].removed.items + register.body.records[0].removed.auditEntries).toBe(late.itemsRemoved);
    for (const secret of [PETITIONER.name, PETITIONER.phone, PETITIONER.email, '华丰']) expect(JSON.stringify(register.body)).not.toContain(secret);

    // Nothing any function logged names the petitioner, their phone or their address.
    const logged = logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [PETITIONER.name, PETITIONER.phone, PETITIONER.email, 'zhaojianguo1970']) expect(logged).not.toContain(secret);
  });
});
