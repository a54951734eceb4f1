import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../local/system.js';
import { letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

let system: LocalSystem;
let dataDir: string;
let cityRegistrar: ApiClient; // 杭州市
let cityOffice: ApiClient;
let countyOffice: ApiClient; // 桐庐县

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  cityRegistrar = await loginAs(system.apiUrl, 'hz-registrar');
  cityOffice = await loginAs(system.apiUrl, 'hz-office');
  countyOffice = await loginAs(system.apiUrl, 'tonglu-office');
});

afterAll(async () => {
  await system?.close();
  removeDir(dataDir);
});

/** Registers a letter (at the city office unless told) and waits until the router has decided (the case left `registered`, or went to triage). */
async function routed(body: Record<string, unknown>, at: { registrar: ApiClient; office: ApiClient; jurisdiction: string } = { registrar: cityRegistrar, office: cityOffice, jurisdiction: '330100' }) {
  const created = await at.registrar.call('POST', '/cases', letter({ jurisdiction: at.jurisdiction, ...body }));
  expect(created.status).toBe(201);
  const number = created.body.case.caseNumber as string;
  return until(`the routing of ${number}`, async () => {
    const read = (await at.office.call('GET', `/cases/${number}`)).body;
    const settled = read.case.triage || ['declined', 'redirected'].includes(read.case.status) || read.case.status === 'assigned';
    return settled ? read : undefined;
  });
}

describe('the router', () => {
  it('sends a wage-arrears letter from a 桐庐县 address to 桐庐县’s labour bureau, saying which rules matched', async () => {
    const { case: c, events } = await routed({
      subject: '反映工厂拖欠工资',
      matter: '桐庐县富春江镇华丰针织有限公司拖欠我们三个月工资，老板一直推脱，请求帮助讨回欠薪。',
      petitioner: { name: '张伟', email: 'zhangwei.routing@qq.example', address: '桐庐县富春江镇江滨路18号' },
    });
    expect(c).toMatchObject({ status: 'assigned', jurisdiction: '330122', handling: { lead: '330122-hrss' }, reportBackTo: '330100' });
    const accepted = events.find((e: { type: string }) => e.type === 'accepted');
    expect(accepted.actor).toBe('system:router');
    // 受理 and 交办 are one decision: two entries in the history, one after the other, by the router, at one moment.
    const assigned = events.find((e: { seq: number }) => e.seq === accepted.seq + 1);
    expect(assigned).toMatchObject({ type: 'assigned', actor: 'system:router', at: accepted.at });
    expect(accepted.detail.reasons.join(' ')).toMatch(/欠薪|工资/);
    expect(c.deadlines.handling).toBeDefined();
    await until('the assignment notice to the bureau', async () =>
      system.ses.list().find((m) => m.to.includes('hrss@tonglu.petitions.example') && m.subject.includes(c.caseNumber)),
    );
  });

  it('declines a matter already before a court and tells the petitioner the legal route', async () => {
    const { case: c } = await routed({
      subject: '请督促法院判决',
      matter: '我与开发商的购房合同纠纷已向法院起诉，法院立案半年还没判决，请信访局督促。',
      petitioner: { name: '李娜', email: 'lina.routing@qq.example' },
    });
    expect(c.status).toBe('declined');
    const notice = await until('the decline notice', async () => system.ses.list().find((m) => m.to.includes('lina.routing@qq.example')));
    expect(notice.subject).toContain('不予受理');
    expect(notice.text).toMatch(/诉讼|人民法院/);
  });

  it('never hands a report to the unit it accuses, nor shows or lists it to them', async () => {
    const countyRegistrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const { case: c } = await routed(
      {
        subject: '举报住建局工作人员',
        category: 'report',
        matter: '我举报桐庐县住房和城乡建设局在城南街道危房改造补助发放中弄虚作假，把补助发给不符合条件的人。',
        petitioner: { name: '王强', address: '桐庐县城南街道' },
      },
      { registrar: countyRegistrar, office: countyOffice, jurisdiction: '330122' },
    );
    expect(c.jurisdiction).toBe('330122');
    expect(c.accusedUnits).toContain('330122-housing');
    expect(c.handling?.lead).not.toBe('330122-housing');
    expect(c.handling?.cooperating ?? []).not.toContain('330122-housing');
    expect(system.ses.list().some((m) => m.to.includes('housing@tonglu.petitions.example') && m.subject.includes(c.caseNumber))).toBe(false);
    // The accused unit's staff can neither read it nor find it in a listing.
    const accused = await loginAs(system.apiUrl, 'tonglu-housing-handler');
    expect((await accused.call('GET', `/cases/${c.caseNumber}`)).status).toBe(404);
    const listed = await accused.call('GET', '/cases?jurisdiction=330122&limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { caseNumber: string }) => i.caseNumber)).not.toContain(c.caseNumber);
    const officeList = await countyOffice.call('GET', '/cases?jurisdiction=330122&limit=100');
    expect(officeList.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(c.caseNumber);
    // Staff cannot hand it to the accused unit either.
    if (c.status === 'registered') await countyOffice.call('POST', `/cases/${c.caseNumber}/accept`);
    const attempt = await countyOffice.call('POST', `/cases/${c.caseNumber}/assign`, { lead: '330122-housing' });
    expect(attempt.status).toBe(422);
  });

  it('leaves an unclear matter in the office’s triage list, where staff route it', async () => {
    const { case: c } = await routed({ matter: '来信人反映个人诉求，具体情况详见所附材料。', petitioner: { name: '赵敏' } });
    expect(c.status).toBe('registered');
    expect(c.triage.reasons.length).toBeGreaterThan(0);
    // A unit the office may not assign to refuses the whole decision: nothing is accepted without its assignment.
    const refused = await cityOffice.call('POST', `/cases/${c.caseNumber}/route`, { lead: '330500-housing' });
    expect(refused.status).toBe(422);
    const untouched = (await cityOffice.call('GET', `/cases/${c.caseNumber}`)).body.case;
    expect(untouched).toMatchObject({ status: 'registered', version: c.version });
    expect(untouched.triage).toBeDefined();
    const decided = await cityOffice.call('POST', `/cases/${c.caseNumber}/route`, { lead: '330100-hrss' });
    expect(decided.status).toBe(202);
    const assigned = await until('the staff routing', async () => {
      const read = (await cityOffice.call('GET', `/cases/${c.caseNumber}`)).body.case;
      return read.status === 'assigned' ? read : undefined;
    });
    expect(assigned.handling.lead).toBe('330100-hrss');
    expect(assigned.triage).toBeUndefined();
    // Accepted and assigned at once, in one change: its command id is answered as applied, like a queued handoff's.
    const outcome = await cityOffice.call('GET', `/cases/${c.caseNumber}/handoffs/${decided.body.commandId}`);
    expect(outcome.body).toMatchObject({ status: 'applied', commandId: decided.body.commandId });
  });

  it('keeps a county office’s matter within the county, however the letter names other places', async () => {
    const registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
    const created = await registrar.call('POST', '/cases', letter({
      matter: '我在湖州市长兴县打工，老家在桐庐县分水镇，分水镇某企业拖欠我工资两个月。',
      petitioner: { name: '钱多多' },
    }));
    const number = created.body.case.caseNumber as string;
    const c = await until('the routing', async () => {
      const read = (await countyOffice.call('GET', `/cases/${number}`)).body.case;
      return read.status !== 'registered' || read.triage ? read : undefined;
    });
    expect(system.province.tree.isWithin(c.jurisdiction, '330122')).toBe(true);
  });
});
