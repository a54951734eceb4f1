import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { LocalSystem } from '../../local/system.js';
import { invoiceAdvert, loanFraudPetition, redPacketAdvert, TONGLU, writtenForFather } from '../fixtures/advertising-emails.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { loginAs, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

/*
 * The whole system: advertising is held for 桐庐县's office (no case, no
 * acknowledgement) and waits on its list until staff register it or confirm it
 * is none; a petition about a loan company, and one a daughter writes for her
 * father, are registered and acknowledged as ever.
 */
let system: LocalSystem;
let dataDir: string;
let office: ApiClient;
let unit: ApiClient;
let smtp: ReturnType<typeof nodemailer.createTransport>;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  office = await loginAs(system.apiUrl, 'tonglu-office');
  unit = await loginAs(system.apiUrl, 'tonglu-housing-head');
  smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
}, 120_000);

afterAll(async () => {
  logs.restore();
  smtp?.close();
  await system?.close();
  if (dataDir) removeDir(dataDir);
});

const deliver = (raw: Uint8Array) => smtp.sendMail({ envelope: { from: 'sender@mail.example', to: [TONGLU] }, raw: Buffer.from(raw) });
const mailTo = (address: string) => system.ses.list().filter((m) => m.to.includes(address));
/** What waits and what was decided: the list shows the first, `status=decided` the second. */
const heldList = async () => [
  ...((await office.call('GET', '/held-mail?office=330122')).body.items as any[]),
  ...((await office.call('GET', '/held-mail?office=330122&status=decided')).body.items as any[]),
];
const heldFrom = async (from: string) => (await heldList()).filter((item) => item.from === from);

describe('疑似广告 on the office’s list', () => {
  it('holds an advertisement delivered twice once, answers nobody, and registers it when staff choose 登记为信访事项', async () => {
    await deliver(invoiceAdvert());
    await deliver(invoiceAdvert());
    const [held] = await until('the advertisement on the list', async () => ((await heldFrom('kaipiao@shuiwu-fuwu.example')).length ? heldFrom('kaipiao@shuiwu-fuwu.example') : undefined));
    // A real petition delivered after it is acknowledged: by then the advertisement was decided long ago.
    await deliver(loanFraudPetition());
    await until('the fraud petition’s acknowledgement', () => mailTo('lijianhua1975@163.example').length > 0);
    expect(await heldFrom('kaipiao@shuiwu-fuwu.example')).toHaveLength(1);
    expect(mailTo('kaipiao@shuiwu-fuwu.example')).toEqual([]);
    expect(held).toMatchObject({ status: 'held', subject: '代开发票 增值税 联系QQ', signs: expect.arrayContaining(['代开各类发票']) });
    expect(held).not.toHaveProperty('rawKey');

    // A unit's staff do not decide what the office registers.
    expect((await unit.call('POST', `/held-mail/330122/${held.id}/register`)).status).toBe(403);
    const asked = await office.call('POST', `/held-mail/330122/${held.id}/register`);
    expect(asked.status).toBe(202);
    const registered = await until('the held email registered', async () => (await heldFrom('kaipiao@shuiwu-fuwu.example')).find((item) => item.status === 'registered'));
    const ack = await until('its acknowledgement', () => mailTo('kaipiao@shuiwu-fuwu.example')[0]);
    expect(ack.subject).toContain(registered.caseNumber);
    const view = (await office.call('GET', `/cases/${registered.caseNumber}`)).body;
    expect(view.case.receivedAt).toBe(held.receivedAt);
    // Its registration says it was held and who registered it.
    expect(view.events.find((e: any) => e.type === 'registered').detail.heldAsAdvertising).toEqual({ by: 'tonglu-office', at: expect.any(String) });
    // Pressed again: nothing registered or sent twice.
    expect((await office.call('POST', `/held-mail/330122/${held.id}/register`)).body.heldEmail).toMatchObject({ status: 'registered', caseNumber: registered.caseNumber });
    expect((await office.call('POST', `/held-mail/330122/${held.id}/dismiss`)).status).toBe(409);
    // Registered, it no longer waits.
    const waiting = (await office.call('GET', '/held-mail?office=330122')).body;
    expect(waiting.items.map((item: any) => item.id)).not.toContain(held.id);
    expect(waiting.waiting).toBe(waiting.items.length);
  });

  it('confirms a held advertisement is no petition (确认无效); it can then not be registered', async () => {
    await deliver(redPacketAdvert());
    const [held] = await until('the red-packet advertisement on the list', async () => ((await heldFrom('fuli@fuli-hongbao.example')).length ? heldFrom('fuli@fuli-hongbao.example') : undefined));
    const dismissed = await office.call('POST', `/held-mail/330122/${held.id}/dismiss`);
    expect(dismissed).toMatchObject({ status: 200, body: { heldEmail: { status: 'dismissed', decidedBy: 'tonglu-office' } } });
    const refused = await office.call('POST', `/held-mail/330122/${held.id}/register`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.messageZh).toContain('已确认无效');
    expect(mailTo('fuli@fuli-hongbao.example')).toEqual([]);
  });
});

describe('代为反映', () => {
  it('registers the father as the petitioner and answers the daughter who wrote for him', async () => {
    await deliver(writtenForFather());
    const ack = await until('the acknowledgement', () => mailTo('wangxiaoli88@163.example').find((m) => m.headers['auto-submitted'] === 'auto-replied'));
    expect(ack.text).toMatch(/^王小丽：/);
    expect(ack.text).toContain('代父亲王大山发送至桐庐县信访局的电子邮件');
    const caseNumber = /【(\d{6}-\d{4}-\d{6})】/.exec(ack.subject)![1]!;
    const c = (await office.call('GET', `/cases/${caseNumber}`)).body.case;
    expect(c.petitioner).toMatchObject({ name: '王大山', email: 'wangxiaoli88@163.example', writtenBy: { relation: '父亲', name: '王小丽' } });
  });
});
