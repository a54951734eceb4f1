import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { LocalSystem } from '../../local/system.js';
import { chinaYear } from '../../shared/domain/case-number.js';
import { composeRaw, letter, loginAs, removeDir, startTestSystem, type ApiClient, until } from './helpers.js';

/**
 * 《信访工作条例》第三十条: a report is never handed to, shown to or counted
 * for the unit it accuses — from registration on, whether or not the router
 * has run yet, and again when later material accuses more.
 */

const ACCUSED = '330122-housing';
const ACCUSED_MAILBOX = 'housing@tonglu.petitions.example';
const TONGLU = 'xinfang@tonglu.petitions.example';

let system: LocalSystem;
let dataDir: string;
let registrar: ApiClient; // 桐庐县信访局, registration desk
let office: ApiClient; // 桐庐县信访局
let accused: ApiClient; // 桐庐县住房和城乡建设局, a handler
let outsider: ApiClient; // 德清县信访局: the case is outside its scope
let smtp: ReturnType<typeof nodemailer.createTransport>;

beforeAll(async () => {
  ({ system, dataDir } = await startTestSystem());
  registrar = await loginAs(system.apiUrl, 'tonglu-registrar');
  office = await loginAs(system.apiUrl, 'tonglu-office');
  accused = await loginAs(system.apiUrl, 'tonglu-housing-handler');
  outsider = await loginAs(system.apiUrl, 'deqing-registrar');
  smtp = nodemailer.createTransport({ host: system.smtp.host, port: system.smtp.port, secure: false, ignoreTLS: true, pool: false });
});

afterAll(async () => {
  smtp?.close();
  await system?.close();
  removeDir(dataDir);
});

const numbersIn = (page: { items: { caseNumber: string }[] }) => page.items.map((i) => i.caseNumber);
const mailAbout = (caseNumber: string, to: string) => system.ses.list().filter((m) => m.to.includes(to) && `${m.subject}\n${m.text}`.includes(caseNumber));

/** Everything the accused unit's staff could learn of the case: nothing, and no hint that there is something. */
async function expectHiddenFromAccused(caseNumber: string) {
  const read = await accused.call('GET', `/cases/${caseNumber}`);
  const outside = await outsider.call('GET', `/cases/${caseNumber}`);
  // The same answer as for a case outside the staff member's scope: nothing tells them it exists.
  expect(read.status).toBe(outside.status);
  expect([403, 404]).toContain(read.status);
  expect(read.body.error.code).toBe(outside.body.error.code);
  expect(read.body.error.message.replace('tonglu-housing-handler', '…')).toBe(outside.body.error.message.replace('deqing-registrar', '…'));
  expect(JSON.stringify(read.body)).not.toMatch(/accus|举报/);
  expect((await accused.call('GET', `/cases/${caseNumber}/decision-letter`)).status).toBe((await outsider.call('GET', `/cases/${caseNumber}/decision-letter`)).status);

  for (const query of ['jurisdiction=330122&limit=100', 'jurisdiction=330122&status=registered&limit=100', 'jurisdiction=330122&status=accepted&limit=100', 'jurisdiction=330122&status=assigned&limit=100']) {
    const listed = await accused.call('GET', `/cases?${query}`);
    expect(listed.status).toBe(200);
    expect(numbersIn(listed.body)).not.toContain(caseNumber);
  }
  expect(numbersIn((await office.call('GET', '/cases?jurisdiction=330122&limit=100')).body)).toContain(caseNumber);
}

describe('a report registered by staff', () => {
  it('carries its accused unit from the POST /cases answer on, cannot be assigned there even before the router runs, and is never shown to it', async () => {
    const created = await registrar.call(
      'POST',
      '/cases',
      letter({
        receivedAt: undefined,
        subject: '实名举报县住建局危房改造补助弄虚作假',
        matter: '我实名举报桐庐县住房和城乡建设局在城南街道危房改造补助发放中弄虚作假，把补助发给不符合条件的干部亲属，真正的危房户却没有拿到。',
        petitioner: { name: '王强', phone: '139-0000-2222', address: '桐庐县城南街道' },
      }),
    );
    expect(created.status).toBe(201);
    // Deterministic, whatever the router does next: the case is born knowing whom it accuses.
    expect(created.body.case.accusedUnits).toEqual([ACCUSED]);
    const caseNumber = created.body.case.caseNumber as string;

    // At once, racing the router: the acceptance may lose to the router's (409); the assignment is refused either way.
    const accept = await office.call('POST', `/cases/${caseNumber}/accept`);
    expect([200, 409]).toContain(accept.status);
    const assign = await office.call('POST', `/cases/${caseNumber}/assign`, { lead: ACCUSED });
    expect(assign.status).toBe(422);
    const cooperate = await office.call('POST', `/cases/${caseNumber}/assign`, { lead: '330122-hrss', cooperating: [ACCUSED] });
    expect(cooperate.status).toBe(422);

    // Once the router has had its turn too.
    const settled = await until('the router to be done with it', async () => {
      const { body } = await office.call('GET', `/cases/${caseNumber}`);
      return body.events.some((e: { actor: string }) => e.actor === 'system:router') || body.case.status !== 'registered' ? body.case : undefined;
    });
    expect(settled.accusedUnits).toContain(ACCUSED);
    expect(settled.handling?.lead).not.toBe(ACCUSED);
    expect(settled.handling?.cooperating ?? []).not.toContain(ACCUSED);
    await expectHiddenFromAccused(caseNumber);

    // Statistics: the bureau counts nothing of it, the office does.
    const year = chinaYear(new Date().toISOString());
    const period = `jurisdiction=330122&from=${year}-01-01&to=${year}-12-31`;
    const own = await accused.call('GET', `/statistics?${period}`);
    expect(own.status).toBe(200);
    expect(own.body.totals.received).toBe(0);
    expect(JSON.stringify(own.body)).not.toMatch(/危房|补助/);
    expect((await office.call('GET', `/statistics?${period}`)).body.totals.received).toBeGreaterThanOrEqual(1);
    expect(mailAbout(caseNumber, ACCUSED_MAILBOX)).toEqual([]);
  });
});

describe('petitions by email', () => {
  it('a report by email carries its accused unit from registration', async () => {
    const petition = await composeRaw({
      from: '"李娟" <lijuan.report@163.example>',
      subject: '举报桐庐县住建局',
      text: '我要举报桐庐县住房和城乡建设局工作人员在旧改项目验收中收受开发商好处，验收走过场。',
    });
    await deliver(petition.raw);
    const caseNumber = await registeredAs('举报桐庐县住建局');
    const { case: c, events } = (await office.call('GET', `/cases/${caseNumber}`)).body;
    expect(c.accusedUnits).toContain(ACCUSED);
    // Recorded by the registration itself, not only by the router.
    expect(events[0]).toMatchObject({ type: 'registered', detail: { accusedUnits: [ACCUSED] } });
    await expectHiddenFromAccused(caseNumber);
  });

  it('a petitioner’s later letter that accuses the unit handling the case takes the case from that unit', async () => {
    // A matter the router leaves to the office (triage), which then hands it to the housing bureau.
    const petition = await composeRaw({
      from: '"赵刚" <zhaogang.roof@163.example>',
      subject: '赵刚来信',
      text: '来信人反映个人诉求，具体情况详见所附材料，请领导阅示。',
    });
    await deliver(petition.raw);
    const caseNumber = await registeredAs('赵刚来信');
    await until('the router’s triage', async () => (await office.call('GET', `/cases/${caseNumber}`)).body.case.triage);
    expect((await office.call('POST', `/cases/${caseNumber}/accept`)).status).toBe(200);
    expect((await office.call('POST', `/cases/${caseNumber}/assign`, { lead: ACCUSED })).status).toBe(202);
    await until('the bureau to have it', async () => ((await accused.call('GET', `/cases/${caseNumber}`)).status === 200 ? true : undefined));

    const reply = await composeRaw({
      from: '"赵刚" <zhaogang.roof@163.example>',
      // The petitioner names the case in the subject, from the address it came from: it joins that case.
      subject: `关于${caseNumber}号信访事项的补充`,
      text: '一个多月过去了没人来处理。我现在实名举报桐庐县住房和城乡建设局包庇开发商、对问题不作为。',
    });
    await deliver(reply.raw);
    const grown = await until('the accusation on the case', async () => {
      const { body } = await office.call('GET', `/cases/${caseNumber}`);
      return body.case.accusedUnits?.includes(ACCUSED) ? body.case : undefined;
    });
    expect(grown.accusedUnits).toEqual([ACCUSED]);
    await expectHiddenFromAccused(caseNumber);
    // The notice of the new material goes to the office, not to the bureau it accuses.
    await until('the notice of the petitioner’s message', () => mailAbout(caseNumber, TONGLU).find((m) => m.subject.includes('补充了材料')));
    expect(mailAbout(caseNumber, ACCUSED_MAILBOX).filter((m) => m.subject.includes('补充了材料'))).toEqual([]);

    // The case has left the bureau in the same change: back on the office's 待交办, and the office asked to hand it to another.
    expect(grown.status).toBe('accepted');
    expect(grown.handling).toBeUndefined();
    await until('the request to hand it on', () => mailAbout(caseNumber, TONGLU).find((m) => m.subject.includes('请重新交办')));
    // It cannot be handed to the bureau again.
    expect((await office.call('POST', `/cases/${caseNumber}/assign`, { lead: ACCUSED })).status).toBe(422);
  });
});

async function deliver(raw: Uint8Array): Promise<void> {
  await smtp.sendMail({ envelope: { from: 'sender@mail.example', to: [TONGLU] }, raw: Buffer.from(raw) });
}
/** The case an email became, found by its subject in the office's list. */
const registeredAs = (subject: string) =>
  until(`the case of “${subject}”`, async () => {
    const { body } = await office.call('GET', '/cases?jurisdiction=330122&limit=100');
    return (body.items as { caseNumber: string; subject?: string }[]).find((i) => i.subject === subject)?.caseNumber;
  });

