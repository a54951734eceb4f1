import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { PHOTO_PNG, PORTAL_PETITION, acknowledgedOf, formTokenOf } from '../fixtures/portal.js';
import { captureLogs } from '../fixtures/log-capture.js';
import nodemailer from 'nodemailer';
import { loginAs, petitionerMail, removeDir, startTestSystem, until, type ApiClient } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let office: ApiClient; // 桐庐县信访局
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  office = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  logs.restore();
  await system?.close();
  removeDir(dataDir);
});

async function petitionForm(fields: Record<string, string>, files: { name: string; type: string; bytes: Buffer }[] = []): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('attachments', new Blob([file.bytes], { type: file.type }), file.name);
  return form;
}

const post = async (path: string, body: FormData | URLSearchParams) => {
  const response = await fetch(`${system.apiUrl}${path}`, { method: 'POST', body, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), page: await response.text() };
};

/** The hidden token of the tracking page's form posting to `action`. */
const tokenOfForm = (page: string, action: string) => {
  const form = page.slice(page.indexOf(`action="${action}"`));
  return formTokenOf(form.slice(0, form.indexOf('</form>')));
};

describe('the citizen portal on the local system', () => {
  it('registers a web petition with its photo, acknowledges it on screen and by email, and the petitioner tracks it with the query code', async () => {
    const formPage = await (await fetch(`${system.apiUrl}/public/petition`)).text();
    expect(formPage).toContain('桐庐县信访局');
    const formToken = formTokenOf(formPage);
    const fields = { ...PORTAL_PETITION, formToken };
    const photo = { name: '楼顶漏水.png', type: 'image/png', bytes: PHOTO_PNG };

    const sent = await post('/public/petitions', await petitionForm(fields, [photo]));
    expect(sent.status).toBe(201);
    const { caseNumber, queryCode } = acknowledgedOf(sent.page);
    expect(caseNumber).toMatch(/^330122-\d{4}-\d{6}$/);
    expect(queryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    // The same form posted again (a double tap, a reload, a lost answer): the same case, and its code shown again to that form.
    const again = await post('/public/petitions', await petitionForm(fields, [photo]));
    expect(again.status).toBe(200);
    expect(acknowledgedOf(again.page)).toEqual({ caseNumber, queryCode });
    expect(again.page).toContain('没有重复登记');

    // Staff see a web petition like any other, with its photo — and nothing of the query code.
    const found = await office.call('GET', `/cases/${caseNumber}`);
    expect(found.status).toBe(200);
    expect(found.body.case).toMatchObject({ channel: 'web', jurisdiction: '330122', subject: PORTAL_PETITION.subject, registeredBy: 'system:web' });
    expect(found.body.case.attachments).toEqual([expect.objectContaining({ filename: '楼顶漏水.png', contentType: 'image/png', size: PHOTO_PNG.length })]);
    const bare = queryCode!.replace(/-/g, '');
    expect(JSON.stringify(found.body)).not.toContain(bare.slice(0, 4) + '-' + bare.slice(4, 8));
    expect(JSON.stringify(found.body)).not.toContain(bare);

    // The acknowledgement email carries the code; the copy kept on the case does not.
    const ack = await until('the acknowledgement', () => system.ses.list().find((m) => m.to.includes(PORTAL_PETITION.email) && m.subject.includes(caseNumber!)));
    expect(ack.text).toContain(`发送至桐庐县信访局的网上信访事项（主题：${PORTAL_PETITION.subject}）已收到并登记，登记编号为 ${caseNumber}。`);
    expect(ack.text).toContain(`查询码：${queryCode}`);
    const kept = await until('the acknowledgement kept on the case', async () => {
      const c = await office.call('GET', `/cases/${caseNumber}`);
      return c.body.messages.find((m: { kind?: string }) => m.kind === 'acknowledgement') as { text: string } | undefined;
    });
    expect(kept.text).toContain('查询码：（已隐去）');
    expect(kept.text).not.toContain(queryCode);

    // The petitioner looks it up with the code, typed in lower case without hyphens.
    const tracked = await post('/public/track', new URLSearchParams({ caseNumber: caseNumber!, code: bare.toLowerCase() }));
    expect(tracked.status).toBe(200);
    expect(tracked.page).toContain('桐庐县信访局');
    expect(tracked.page).toContain('收到并登记（网上信访）');
    expect(tracked.page).toMatch(/最迟应于 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(tracked.page).not.toContain('张伟');

    // A wrong code and an unknown number answer the same page.
    const wrong = await post('/public/track', new URLSearchParams({ caseNumber: caseNumber!, code: 'ABCD-EFGH-JKMN' }));
    const unknown = await post('/public/track', new URLSearchParams({ caseNumber: '330122-2026-999999', code: queryCode! }));
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.page).toContain('未找到相符的信访事项');
    expect(wrong.page.replace(caseNumber!, 'N')).toBe(unknown.page.replace('330122-2026-999999', 'N'));

    // Nothing any function logged names the petitioner or holds the query code.
    const logged = logs.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [PORTAL_PETITION.name, PORTAL_PETITION.phone, PORTAL_PETITION.email, queryCode!, bare]) expect(logged).not.toContain(secret);
  });

  it('shows the petitioner the unit, the steps and the decision letter once the unit has replied — never who worked on it', { timeout: 120_000 }, async () => {
    const formToken = formTokenOf(await (await fetch(`${system.apiUrl}/public/petition`)).text());
    const sent = await post(
      '/public/petitions',
      await petitionForm({
        formToken,
        jurisdiction: '330122',
        subject: '华丰针织拖欠工资',
        matter: '桐庐县富春江镇华丰针织有限公司拖欠我们三个月工资，老板一直推脱，请求帮助讨回欠薪。',
        name: '李秀英',
        email: 'lixiuying@163.example',
      }),
    );
    expect(sent.status).toBe(201);
    const { caseNumber, queryCode } = acknowledgedOf(sent.page);
    // Routed as an email petition is: the router hands it to 桐庐县人社局.
    await until('the assignment', async () => (await office.call('GET', `/cases/${caseNumber}`)).body.case?.handling?.lead === '330122-hrss');
    const lookup = new URLSearchParams({ caseNumber: caseNumber!, code: queryCode! });

    // While the unit works on it, the petitioner adds material with a photo: kept on the case as an emailed reply is, the unit told.
    const assigned = await post('/public/track', lookup);
    expect(assigned.page).toContain('<h2 id="material-title">补充材料</h2>');
    expect(assigned.page).not.toContain('action="/public/track/evaluate"');
    const materialForm = await petitionForm({ caseNumber: caseNumber!, code: queryCode!, formToken: tokenOfForm(assigned.page, '/public/track/material'), text: '补充：工资条和考勤记录见附件。' }, [
      { name: '工资条.png', type: 'image/png', bytes: PHOTO_PNG },
    ]);
    const added = await post('/public/track/material', materialForm);
    expect(added.status).toBe(303);
    expect(added.location).toMatch(/^\/public\/track\/done\/[A-Za-z0-9_-]+$/);
    const receipt = await (await fetch(`${system.apiUrl}${added.location}`)).text();
    expect(receipt).toContain('补充材料已收到');
    expect(receipt).toContain(caseNumber);
    // The same form again (a reload of the post): the same confirmation, nothing added twice.
    expect((await post('/public/track/material', materialForm)).location).toBe(added.location);
    const withMaterial = await office.call('GET', `/cases/${caseNumber}`);
    const material = withMaterial.body.messages.filter((m: { kind?: string }) => m.kind === 'petitionerReply');
    expect(material).toEqual([expect.objectContaining({ text: '补充：工资条和考勤记录见附件。', senderVerified: true, attachments: [expect.objectContaining({ filename: '工资条.png' })] })]);
    const unitMailbox = system.province.unit('330122-hrss').mailbox;
    const notice = await until('the unit told of the material', () => system.ses.list().find((m) => m.to.includes(unitMailbox) && m.subject.includes('信访人补充了材料') && m.subject.includes(caseNumber!)));
    expect(notice.text).toContain('在网上信访提交了补充材料');

    const handler = await loginAs(system.apiUrl, 'tonglu-hrss-handler');
    const concluded = await handler.call('POST', `/cases/${caseNumber}/conclude`, {
      facts: '经查，该公司拖欠27名职工2026年8月至10月工资共计41.3万元。',
      basis: '《保障农民工工资支付条例》第十五条。',
      decision: '已责令该公司于2026年12月15日前足额支付拖欠工资。',
      outcome: 'supported',
    });
    expect(concluded.status).toBe(200);
    expect((await handler.call('POST', `/cases/${caseNumber}/reply`)).status).toBe(200);

    const tracked = await post('/public/track', lookup);
    expect(tracked.status).toBe(200);
    expect(tracked.page).toContain('<strong id="status">已书面答复</strong>');
    expect(tracked.page).toContain('<dd>桐庐县人力资源和社会保障局</dd>');
    for (const step of ['收到并登记（网上信访）', '交承办单位办理', '办结', '出具书面答复意见']) expect(tracked.page).toContain(step);
    expect(tracked.page).toContain('阅读、打印处理意见书');
    const staff = system.province.staff('tonglu-hrss-handler')!;
    for (const hidden of [staff.name, 'tonglu-hrss-handler', 'system:router', '李秀英']) expect(tracked.page).not.toContain(hidden);

    const letter = await post('/public/track/letter', lookup);
    expect(letter.status).toBe(200);
    expect(letter.page).toContain('已责令该公司于2026年12月15日前足额支付拖欠工资。');
    expect(letter.page).toMatch(/请求复查/);

    // The reply is out: the page offers evaluation and a review, no more material.
    expect(tracked.page).toContain('<h2 id="evaluate-title">评价办理结果</h2>');
    expect(tracked.page).toContain('<h2 id="review-title">申请复查</h2>');
    expect(tracked.page).not.toContain('action="/public/track/material"');
    // 不满意: the case reopens for the unit, as from the follow-up email's link.
    const evaluation = new URLSearchParams({ caseNumber: caseNumber!, code: queryCode!, formToken: tokenOfForm(tracked.page, '/public/track/evaluate'), answer: 'unsatisfied', comment: '工资至今未到账。' });
    const evaluated = await post('/public/track/evaluate', evaluation);
    expect(evaluated.status).toBe(303);
    expect(await (await fetch(`${system.apiUrl}${evaluated.location}`)).text()).toContain('该事项已重新交承办单位办理');
    expect((await post('/public/track/evaluate', evaluation)).location).toBe(evaluated.location);
    const reopened = await office.call('GET', `/cases/${caseNumber}`);
    expect(reopened.body.case).toMatchObject({ status: 'inProgress', handling: { lead: '330122-hrss' }, followUp: { satisfied: false, via: 'web', comment: '工资至今未到账。' } });
    expect(reopened.body.events.filter((e: { type: string }) => e.type === 'reopened')).toHaveLength(1);
    const after = await post('/public/track', lookup);
    expect(after.page).toContain('<strong id="status">承办单位正在办理</strong>');
    expect(after.page).toContain('重新办理');
    expect(after.page).not.toContain('action="/public/track/evaluate"');
    // Evaluating again from the old page: nothing to evaluate now, said plainly.
    const stale = await post('/public/track/evaluate', new URLSearchParams({ ...Object.fromEntries(evaluation), formToken: 'tok_a_second_evaluation' }));
    expect(stale.status).toBe(409);
    expect(stale.page).toContain('书面答复（处理意见书）出具后才能评价办理结果。');
  });

  it('an email petitioner asks the portal for a query code and gets it in their mailbox; the desk gives a new one, which replaces it', { timeout: 60_000 }, async () => {
    const smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
    try {
      await petitionerMail(smtp, { name: '李娜', email: 'lina@mail.example' })({ subject: '小区路灯坏了两个月', text: '桐庐县城南街道白云小区东门的路灯坏了两个月，晚上出行很不安全，请尽快修复。' });
    } finally {
      smtp.close();
    }
    const ack = await until('the acknowledgement', () => system.ses.list().find((m) => m.to.includes('lina@mail.example') && m.subject.includes('已登记')), 30_000);
    const caseNumber = /【(\d{6}-\d{4}-\d{6})】/.exec(ack.subject)![1]!;
    expect(ack.text).toContain('/public/track/code 凭登记编号和本邮箱领取查询码');

    // Another address gets the same page, and nothing is sent to anyone.
    const other = await post('/public/track/code', new URLSearchParams({ caseNumber, email: 'someone@mail.example' }));
    expect(other.status).toBe(200);
    const asked = await post('/public/track/code', new URLSearchParams({ caseNumber, email: 'LiNa@Mail.Example' }));
    expect(asked.status).toBe(200);
    expect(asked.page.replace(/LiNa@Mail\.Example|someone@mail\.example/, 'X')).toBe(other.page.replace(/LiNa@Mail\.Example|someone@mail\.example/, 'X'));
    const mailed = await until('the query code email', () => system.ses.list().find((m) => m.to.includes('lina@mail.example') && m.subject.includes('查询码')));
    const emailed = /查询码：([2-9A-HJKMNP-Z-]{14})/.exec(mailed.text)![1]!;
    expect(system.ses.list().filter((m) => m.to.includes('someone@mail.example'))).toEqual([]);

    const tracked = await post('/public/track', new URLSearchParams({ caseNumber, code: emailed }));
    expect(tracked.status).toBe(200);
    expect(tracked.page).toContain('收到并登记（电子邮件）');

    // 李娜 comes to the office she wrote to (wherever the case went since): the desk gives her a new code, and the emailed one no longer opens the case.
    const desk = await office.call('POST', `/cases/${caseNumber}/query-code`);
    expect(desk.status).toBe(201);
    expect((await post('/public/track', new URLSearchParams({ caseNumber, code: desk.body.queryCode }))).status).toBe(200);
    expect((await post('/public/track', new URLSearchParams({ caseNumber, code: emailed }))).status).toBe(404);

    // The case shows who gave a code and how, and holds neither code (the copy of the email kept on it says 已隐去).
    const seen = await office.call('GET', `/cases/${caseNumber}`);
    expect(seen.body.events.filter((e: { type: string }) => e.type === 'queryCodeIssued').map((e: { actor: string; detail: { via: string } }) => [e.actor, e.detail.via])).toEqual([
      ['system:web', 'email'],
      ['tonglu-office', 'desk'],
    ]);
    const kept = await until('the code email kept on the case', async () => {
      const c = await office.call('GET', `/cases/${caseNumber}`);
      return c.body.messages.find((m: { subject: string }) => m.subject.includes('查询码')) as { text: string } | undefined;
    });
    expect(kept.text).toContain('查询码：（已隐去）');
    for (const code of [emailed, desk.body.queryCode as string]) expect(JSON.stringify((await office.call('GET', `/cases/${caseNumber}`)).body)).not.toContain(code);
  });
  it('an anonymous petition sent again from the same browser is one case, even two posts at once; another browser’s same words are another', { timeout: 60_000 }, async () => {
    /** A browser: the form page gives it its id (a cookie of the portal's), which it sends back with each post. */
    const browser = async () => {
      const response = await fetch(`${system.apiUrl}/public/petition`);
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(/^xf_portal_browser=[A-Za-z0-9_-]{43}; Path=\/public; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
      const id = cookie!.split(';')[0]!;
      const fresh = async () => formTokenOf(await (await fetch(`${system.apiUrl}/public/petition`, { headers: { cookie: id } })).text());
      const send = async (matter: string) => {
        const form = await petitionForm({ formToken: await fresh(), jurisdiction: '330122', subject: '路灯', matter, anonymous: 'on' });
        const response = await fetch(`${system.apiUrl}/public/petitions`, { method: 'POST', body: form, headers: { cookie: id } });
        return { status: response.status, page: await response.text() };
      };
      return { id, send };
    };
    const words = `迎春路口的路灯坏了（${Date.now()}）`;
    const mine = await browser();
    const first = await mine.send(words);
    expect(first.status).toBe(201);
    const { caseNumber } = acknowledgedOf(first.page);
    // Back, then 提交 on a fresh form: the case already registered, no code.
    const again = await mine.send(words);
    expect(again.status).toBe(200);
    expect(again.page).toContain('已经提交过');
    expect(acknowledgedOf(again.page)).toEqual({ caseNumber, queryCode: undefined });
    // A neighbour's browser on the same network, the same words: their own case.
    const neighbour = await browser();
    const theirs = await neighbour.send(words);
    expect(theirs.status).toBe(201);
    expect(acknowledgedOf(theirs.page).caseNumber).not.toBe(caseNumber);
    // Two posts at once from one browser: one case.
    const twice = await browser();
    const both = await Promise.all([twice.send(`${words}，晚上很黑`), twice.send(`${words}，晚上很黑`)]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 201]);
    expect(new Set(both.map((b) => acknowledgedOf(b.page).caseNumber)).size).toBe(1);
    // The browser id is never logged.
    expect(logs.text()).not.toContain(mine.id.split('=')[1]);
  });
});
