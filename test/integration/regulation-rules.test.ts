import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { letter, loginAs, petitionerMail, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/** Territory first, 条例 第十九条 and 中止 through the local system: the router, the mail intake and the API as deployed. */
let system: LocalSystem;
let dataDir: string;
let cityRegistrar: ApiClient;
let cityOffice: ApiClient;
let countyRegistrar: ApiClient;
let countyOffice: ApiClient;
let smtp: ReturnType<typeof nodemailer.createTransport>;
const logs = captureLogs();

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  cityRegistrar = await loginAs(system.apiUrl, 'hz-registrar');
  cityOffice = await loginAs(system.apiUrl, 'hz-office');
  countyRegistrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  countyOffice = await loginAs(system.apiUrl, 'tonglu-office');
  smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
});

afterAll(async () => {
  logs.restore();
  smtp?.close();
  await system?.close();
  removeDir(dataDir);
});

describe('the regulation’s rules on the local system', () => {
  it('a city letter about 桐庐县 whose department is unclear lands in 桐庐县’s triage list, and the city still sees it', async () => {
    const created = await cityRegistrar.call('POST', '/cases', letter({ jurisdiction: '330100', petitioner: { name: '周杰', address: '桐庐县城南街道迎春路8号' } }));
    expect(created.status).toBe(201);
    const number = created.body.case.caseNumber as string;
    const { case: c, events } = await until('the county’s triage', async () => {
      const read = (await countyOffice.call('GET', `/cases/${number}`)).body;
      return read?.case?.triage ? read : undefined;
    });
    expect(c).toMatchObject({ status: 'registered', jurisdiction: '330122', receivingOffice: '330100' });
    const handedDown = events.find((e: { type: string }) => e.type === 'transferred');
    expect(handedDown).toMatchObject({ actor: 'system:router', detail: { territoryFirst: true, fromJurisdiction: '330100', toJurisdiction: '330122' } });
    expect(handedDown.detail.reasons.join(' ')).toContain('属地管理、分级负责');
    expect((await cityOffice.call('GET', `/cases/${number}`)).status).toBe(200);
    // 新登记 is the registering office's: the city's list keeps it (now at 桐庐县), the county's does not list it.
    const newly = async (client: typeof cityOffice) => ((await client.call('GET', '/work-lists/newlyRegistered?limit=100')).body.items as { caseNumber: string; jurisdiction: string }[]);
    expect((await newly(cityRegistrar)).find((item) => item.caseNumber === number)).toMatchObject({ jurisdiction: '330122' });
    expect((await newly(cityOffice)).map((item) => item.caseNumber)).toContain(number);
    expect((await newly(countyOffice)).map((item) => item.caseNumber)).not.toContain(number);
  });

  it('第二十三条: 桐庐县 objects to the hand-down within its 5 working days; the city finds it in 待分办 marked as returned, and is emailed why', async () => {
    const created = await cityRegistrar.call('POST', '/cases', letter({ jurisdiction: '330100', petitioner: { name: '孙丽', address: '桐庐县城南街道春江路3号' } }));
    const number = created.body.case.caseNumber as string;
    const below = await until('the county’s triage', async () => {
      const read = (await countyOffice.call('GET', `/cases/${number}`)).body;
      return read?.case?.triage ? read : undefined;
    });
    expect(below.case.objectionWindow).toMatchObject({ unit: 'office:330122', from: '330100' });
    expect(below.allowedActions).toContain('objectHandDown');
    // Not the city's to object to its own hand-down.
    expect((await cityOffice.call('POST', `/cases/${number}/hand-down-objection`, { reason: '不属本市' })).status).toBe(403);

    const reason = '经核实，春江路3号属建德市新安江街道，不在桐庐县辖区';
    const objected = await countyOffice.call('POST', `/cases/${number}/hand-down-objection`, { reason, expectedVersion: below.case.version });
    expect(objected.status).toBe(200);
    const back = (await cityOffice.call('GET', `/cases/${number}`)).body;
    expect(back.case).toMatchObject({ status: 'registered', jurisdiction: '330100', triage: { returnedBy: '330122' } });
    expect(back.events.at(-1)).toMatchObject({ type: 'returned', actor: 'tonglu-office', reason, detail: { handDownObjected: true } });
    const triage = (await cityOffice.call('GET', '/work-lists/triage?limit=100')).body.items as { caseNumber: string; returnedBy?: string }[];
    expect(triage.find((item) => item.caseNumber === number)).toMatchObject({ returnedBy: '330122' });
    const mail = await until('the email to the city', () => system.ses.list().find((m) => m.to.includes('xinfang@hz.petitions.example') && m.subject.startsWith(`【异议退回】${number}`)));
    expect(mail.text).toContain(`异议理由：${reason}`);
    // The router does not hand it straight down again: it waits for the city's staff.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await cityOffice.call('GET', `/cases/${number}`)).body.case.jurisdiction).toBe('330100');
  });

  it('第十九条 does not fold a report into the case below: accusing the bureau handling it, the email to the city is registered there', async () => {
    const petitioner = { name: '赵敏', email: 'zhaomin.article30@qq.example' };
    const matter = '桐庐县分水镇某制笔厂拖欠我们八名工人两个月工资共计六万元，请求县人社局帮助追讨。';
    const created = await countyRegistrar.call('POST', '/cases', letter({ subject: '拖欠工资求助', matter, petitioner: { ...petitioner, address: '桐庐县分水镇' } }));
    const number = created.body.case.caseNumber as string;
    await until('the assignment to the labour bureau', async () => (await countyOffice.call('GET', `/cases/${number}`)).body.case.status === 'assigned');

    await petitionerMail(smtp, petitioner)({
      to: 'xinfang@hz.petitions.example',
      subject: '反映桐庐县分水镇制笔厂拖欠工资',
      text: `${matter}现举报桐庐县人力资源和社会保障局劳动监察大队长收受制笔厂老板好处，压着我们的投诉不办，请市里查处。`,
    });
    // Registered at the city (it may since have handed it to 桐庐县's office, not to the bureau, nor below it).
    const report = await until('the report registered at the city', async () => {
      for (const jurisdiction of ['330100', '330122']) {
        const items = (await cityOffice.call('GET', `/cases?jurisdiction=${jurisdiction}&status=any&limit=100`)).body.items as { caseNumber: string; subject?: string }[];
        const found = items.find((i) => i.subject === '反映桐庐县分水镇制笔厂拖欠工资');
        if (found) return found;
      }
      return undefined;
    });
    expect(report.caseNumber).toMatch(/^330100-/);
    const registered = (await cityOffice.call('GET', `/cases/${report.caseNumber}`)).body.case;
    expect(registered.accusedUnits).toContain('330122-hrss');
    expect(registered.handling?.lead).not.toBe('330122-hrss');
    // The county's case did not take it in.
    const below = (await countyOffice.call('GET', `/cases/${number}`)).body;
    expect(below.messages.some((m: { subject: string }) => m.subject === '反映桐庐县分水镇制笔厂拖欠工资')).toBe(false);
  });

  it('written to the province, handed to 桐庐县’s bureau, written to the province again: the bureau is told where she wrote, citing no 第十九条 (the province handed it down itself)', async () => {
    const petitioner = { name: '李建国', email: 'lijianguo.province@163.example' };
    const matter = '我是桐庐县富春江镇阳光花园小区业主。小区物业公司今年起擅自将物业费从每平方米1.2元涨到2元，没有经过业主大会，请求责令物业退还多收的物业费。';
    const send = petitionerMail(smtp, petitioner);
    await send({ to: 'xinfang@zj.petitions.example', subject: '桐庐县阳光花园物业乱收费', text: `省信访局领导：${matter}` });
    const accepted = await until('the acceptance notice', () => system.ses.list().find((m) => m.to.includes(petitioner.email) && m.subject.includes('信访事项受理告知')));
    const number = /【(\d{6,9}-\d{4}-\d{6,})】/.exec(accepted.subject)![1]!;
    const province = await loginAs(system.apiUrl, 'zj-office');
    const { case: c } = (await province.call('GET', `/cases/${number}`)).body;
    expect(c).toMatchObject({ receivingOffice: '330000', jurisdiction: '330122', handling: { lead: '330122-housing' }, bypass: { levels: 2, competent: '330122' } });

    await send({ to: 'xinfang@zj.petitions.example', subject: '再次反映阳光花园物业乱收费', text: `省信访局领导：${matter}至今没有解决。` });
    const bureau = await until('the notice to the housing bureau', () =>
      system.ses.list().find((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject === `【${number}】信访人补充了材料 — 桐庐县信访局`),
    );
    expect(bureau.text).toContain('以电子邮件向浙江省信访局再次反映同一事项（不另行受理），材料已归入该事项');
    expect(bureau.text).not.toContain('第十九条');
  });

  it('第十九条 with a threat in it: the city, whose mailbox it reached, is alerted at once as well as 桐庐县, which handles the matter (第二十五条)', async () => {
    const petitioner = { name: '吴建平', email: 'wujianping.urgent19@qq.example' };
    const matter = '桐庐县分水镇宏达制笔厂拖欠我们八名工人两个月工资共计六万元，老板一直推脱，请求帮助讨回欠薪。';
    const created = await countyRegistrar.call('POST', '/cases', letter({ subject: '反映制笔厂拖欠工资', matter, petitioner: { ...petitioner, address: '桐庐县分水镇' } }));
    const number = created.body.case.caseNumber as string;
    await until('the assignment to the labour bureau', async () => (await countyOffice.call('GET', `/cases/${number}`)).body.case.status === 'assigned');

    await petitionerMail(smtp, petitioner)({ to: 'xinfang@hz.petitions.example', subject: '再不解决就去市政府', text: `${matter}县里一直拖着，再不解决我就到市政府楼顶跳下去。` });
    const alert = await until('the urgent alert', () => system.ses.list().find((m) => m.subject.startsWith(`【紧急】${number}`)));
    // Received by the city: its leaders and its office hear of it at once, and the alert says who received it.
    expect(alert.to).toEqual(expect.arrayContaining(['zhao.hongmei@hz.petitions.example', 'yang.guangming@hz.petitions.example', 'xinfang@hz.petitions.example']));
    expect(alert.text.startsWith('杭州市信访局于')).toBe(true);
    // 桐庐县, which holds the case and must respond, as before.
    expect(alert.to).toEqual(expect.arrayContaining(['chen.haiyan@tonglu.petitions.example', 'xinfang@tonglu.petitions.example']));
    const { case: c } = (await cityOffice.call('GET', `/cases/${number}`)).body;
    expect(c).toMatchObject({ jurisdiction: '330122', urgent: true });
  });

  it('第十九条: the same matter sent to the city while 桐庐县 handles it goes on the open case, and the petitioner is told where and until when', async () => {
    const petitioner = { name: '孙丽', email: 'sunli.article19@qq.example' };
    const matter = '桐庐县华丰针织有限公司拖欠我们十二名工人三个月工资共计十八万元，老板一直推脱，请求帮助讨回欠薪。';
    const created = await countyRegistrar.call('POST', '/cases', letter({ subject: '反映拖欠工资', matter, petitioner: { ...petitioner, address: '桐庐县城南街道' } }));
    const number = created.body.case.caseNumber as string;
    await until('the assignment to the labour bureau', async () => (await countyOffice.call('GET', `/cases/${number}`)).body.case.status === 'assigned');

    const messageId = await petitionerMail(smtp, petitioner)({ to: 'xinfang@hz.petitions.example', subject: '再次反映拖欠工资', text: `${matter}县里一直没有结果，特向市信访局反映。` });
    const told = await until('the letter to the petitioner', async () =>
      system.ses.list().find((m) => m.to.includes(petitioner.email) && m.headers['in-reply-to']?.includes(messageId)),
    );
    expect(told.subject).toBe(`您反映的事项正在办理中（${number}）`);
    // By name, and naming the bureau it was handed to, which has the letter now.
    expect(told.text.startsWith('孙丽：')).toBe(true);
    expect(told.text).toMatch(/正由桐庐县人力资源和社会保障局在规定期限内办理，办理期限至\d{4}年\d{1,2}月\d{1,2}日/);
    expect(told.text).toContain('由桐庐县人力资源和社会保障局一并办理');
    expect(told.text).toContain('《信访工作条例》第十九条');
    // The bureau is told she went to the city (越级), not that she replied to a mail of theirs.
    const bureau = await until('the notice to the labour bureau', () =>
      system.ses.list().find((m) => m.to.includes('hrss@tonglu.petitions.example') && m.subject === `【${number}】信访人补充了材料 — 桐庐县信访局`),
    );
    expect(bureau.text).toContain('以电子邮件向杭州市信访局再次反映同一事项（《信访工作条例》第十九条，不另行受理），材料已归入该事项');
    expect(bureau.text).not.toContain('回复了邮件');
    const { case: c, events, messages } = (await cityOffice.call('GET', `/cases/${number}`)).body;
    expect(c.jurisdiction).toBe('330122');
    expect(messages.some((m: { id: string; direction: string }) => m.direction === 'in' && m.id === messageId)).toBe(true);
    expect(events.find((e: { type: string }) => e.type === 'messageReceived').detail.handledBelow).toEqual({ receivedBy: '330100', article: '第十九条' });
    // Nothing was registered at the city.
    const listed = (await cityOffice.call('GET', '/cases?jurisdiction=330100&status=any&limit=100')).body.items as { subject?: string }[];
    expect(listed.some((i) => i.subject === '再次反映拖欠工资')).toBe(false);

    // 中止 for a hearing through the API, offered and resumed by the office.
    expect((await countyOffice.call('GET', `/cases/${number}`)).body.allowedActions).toContain('suspend');
    const suspended = await countyOffice.call('POST', `/cases/${number}/suspend`, { ground: 'hearing', reason: '组织劳资双方听证' });
    expect(suspended.status).toBe(200);
    expect(suspended.body.case.suspensions).toEqual([expect.objectContaining({ clock: 'handling', ground: 'hearing', suspendedBy: 'tonglu-office' })]);
    expect((await countyOffice.call('POST', `/cases/${number}/suspend`, { ground: 'hearing', reason: '再次' })).status).toBe(422);
    expect((await countyOffice.call('GET', `/cases/${number}`)).body.allowedActions).toContain('resume');
    const resumed = await countyOffice.call('POST', `/cases/${number}/resume`, { reason: '听证结束' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.case.suspensions[0]).toMatchObject({ resumedBy: 'tonglu-office', shift: { days: 0, count: 'calendar' } });
  });
});
