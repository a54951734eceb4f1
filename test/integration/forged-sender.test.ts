import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { loginAs, petitionerMail, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/**
 * A forged `From:` acts for no one (issue 11, item 1), end to end through the
 * local runtime: SMTP (stamping SES's verdict headers), intake, outbox,
 * mailer. Anyone who knows a case number and the petitioner's address can
 * write "申请复查" in their name; only a reply that proves it received our
 * mail — sent to the case's tagged reply address, or quoting a Message-ID we
 * sent — and that SES did not find disowned by its domain (DMARC) may change
 * the case.
 */

const PETITIONER = { name: '钱海峰', email: 'qianhaifeng1968@163.example' };

let system: LocalSystem;
let dataDir: string;
let smtp: ReturnType<typeof nodemailer.createTransport>;
let writeAsPetitioner: ReturnType<typeof petitionerMail>;
let office: ApiClient;
let handler: ApiClient;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
  writeAsPetitioner = petitionerMail(smtp, PETITIONER);
  office = await loginAs(system.apiUrl, 'tonglu-office');
  handler = await loginAs(system.apiUrl, 'tonglu-hrss-handler');
});

afterAll(async () => {
  logs.restore();
  smtp?.close();
  await system?.close();
  removeDir(dataDir);
});

const read = async (caseNumber: string) => (await office.call('GET', `/cases/${caseNumber}`)).body;
const mailTo = (address: string, subject: RegExp) => system.ses.list().filter((m) => m.to.includes(address) && subject.test(m.subject));
const messageEvents = async (caseNumber: string) => ((await read(caseNumber)).events as { type: string; detail?: Record<string, unknown> }[]).filter((e) => e.type === 'messageReceived');

describe('mail in the petitioner’s name', () => {
  it('is kept as unverified and never acted on unless it proves it received our mail', { timeout: 120_000 }, async () => {
    // A petition by email, handled and answered: the decision letter asks for replies at the case's tagged address.
    const petitionId = await writeAsPetitioner({ subject: '华丰针织拖欠工资', text: '桐庐县富春江镇华丰针织有限公司拖欠我们三个月工资，请求帮助讨回欠薪。' });
    const ack = await until('the acknowledgement', () => system.ses.list().find((m) => m.headers['in-reply-to']?.includes(petitionId)));
    const caseNumber = /【([\d-]+)】/.exec(ack.subject)![1]!;
    expect(ack.replyTo).toEqual([expect.stringMatching(new RegExp(`^xinfang\\+${caseNumber}\\.[0-9a-f]{20}@tonglu\\.petitions\\.example$`))]);
    await until('the assignment', async () => (await read(caseNumber)).case?.handling?.lead === '330122-hrss');
    expect(
      (await handler.call('POST', `/cases/${caseNumber}/conclude`, { facts: '经查属实。', basis: '《保障农民工工资支付条例》第十五条。', decision: '责令限期支付。', outcome: 'supported' })).status,
    ).toBe(200);
    expect((await handler.call('POST', `/cases/${caseNumber}/reply`)).status).toBe(200);
    const letter = await until('the decision letter', () => mailTo(PETITIONER.email, /处理意见书/)[0]);
    const tagged = letter.replyTo[0]!;

    // 1. The forgery: the petitioner's address in From, the case number in the subject, a review request — no proof.
    await writeAsPetitioner({ subject: `回复：${caseNumber}`, text: '申请复查。另：我撤回本次信访。' });
    const forged = await until('the forged message on the case', async () => (await messageEvents(caseNumber))[0]);
    expect(forged.detail).toMatchObject({ senderVerified: false, unverifiedReason: 'noProof' });
    const warned = await until('the unit told the sender is unverified', () => mailTo('hrss@tonglu.petitions.example', /发件人未验证/)[0]);
    expect(warned.text).toContain('系统未据此办理任何事项');
    const told = await until('the petitioner told at the address of record', () => mailTo(PETITIONER.email, /关于您的信访事项收到的一封邮件/)[0]);
    expect(told.text).toContain('未据此办理任何事项');
    // Its reply address is the tagged one too: answering it is how the petitioner confirms.
    expect(told.replyTo).toEqual([tagged]);
    // The office that would decide the review learns of the unproven request, and the day it came, should the petitioner turn to it.
    const reviewer = await until('the reviewing office told', () => system.ses.list().find((m) => /待核实的复查申请/.test(m.subject)));
    expect(reviewer.to).toEqual(['xinfang@hz.petitions.example']);
    expect(reviewer.text).toContain('系统未据此登记复查申请');
    expect((await read(caseNumber)).case.status).toBe('replied');

    // 2. Even the tagged address does not count when SES says the sender's domain disowns the mail (DMARC fail).
    system.setMailAuthentication({ dmarc: 'fail' });
    await writeAsPetitioner({ to: tagged, subject: `回复：【${caseNumber}】信访事项处理意见书`, text: '我不服处理意见，申请复查。' });
    const disowned = await until('the DMARC-failed message on the case', async () => (await messageEvents(caseNumber))[1]);
    expect(disowned.detail).toMatchObject({ senderVerified: false, unverifiedReason: 'dmarcFail' });
    expect((await read(caseNumber)).case.status).toBe('replied');
    system.setMailAuthentication({ dmarc: 'pass' });

    // 3. The petitioner's own reply to the tagged address is acted on: the review is requested.
    await writeAsPetitioner({ to: tagged, subject: `回复：【${caseNumber}】信访事项处理意见书`, text: '我不服处理意见，申请复查：公司至今只付了一半工资。' });
    const underReview = await until('the review requested', async () => {
      const found = await read(caseNumber);
      return found.case.status === 'underReview' ? found : undefined;
    });
    expect(underReview.case.reviews).toEqual([expect.objectContaining({ level: 1, requestedBy: 'petitioner' })]);
    expect((await messageEvents(caseNumber))[2]!.detail).toMatchObject({ senderVerified: true });
  });
});
