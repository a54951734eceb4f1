import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import { accusableUnits } from '../../shared/app/accusable-units.js';
import { routingRequest, type OutboxMessage } from '../../shared/app/outbox.js';
import { routeAtRegistration } from '../../shared/app/routing/route-case.js';
import { acknowledgement } from '../../shared/app/intake/letters.js';
import type { RoutingModels } from '../../shared/app/routing/routing-models.js';
import type { Case } from '../../shared/domain/case.js';
import { emptyModel } from '../../shared/domain/routing-model.js';
import { formatChinaLastDay } from '../../shared/domain/case-number.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { keywordVocabulary } from '../../shared/domain/routing/index.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const AT = '2026-11-20T01:20:00.000Z';

/** A petition by email as the intake registers it, before it is stored. */
function registered(office: string, subject: string, matter: string, extra: Partial<Case> = {}): Case {
  const c = registerPetition(
    { jurisdiction: office, channel: 'email', receivedAt: '2026-11-20T01:15:00.000Z', subject, matter, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } },
    { caseNumber: `${office}-2026-000001`, at: AT, actor: 'system:intake', timeLimits: province.timeLimitsFor(office), calendar: province.calendar, units: accusableUnits(province) },
  ).case;
  return { ...c, ...extra };
}

/** The registration's own outbox: the acknowledgement and the request to the router. */
function registrationOutbox(c: Case): OutboxMessage[] {
  return [
    { queue: 'notify', id: `ack:${c.caseNumber}`, body: { id: `ack:${c.caseNumber}`, kind: 'acknowledgement', caseNumber: c.caseNumber, to: ['zhangwei@163.example'], subject: '已登记', text: '已登记' } },
    routingRequest(c.caseNumber, 'registered'),
  ];
}

function deps(earlier: Case[] = []) {
  const loads: string[] = [];
  const models: RoutingModels = {
    load: async (office) => {
      loads.push(office);
      return emptyModel(office);
    },
    learn: async () => true,
    department: async () => undefined,
    forget: async () => 0,
  };
  const store = { getCaseRecord: async (caseNumber: string) => earlier.find((c) => c.caseNumber === caseNumber) };
  return { loads, deps: { province, store, learned: { models, segmenter: jiebaSegmenter(keywordVocabulary(province.config)) } } };
}

describe('routing an email petition in the change that registers it', () => {
  it('keeps the letter for post a decision makes for a petitioner without email, to be stored with the case (and listed on 待寄送)', async () => {
    const c = registered('330122', '工资纠纷', '我已经申请了劳动仲裁，仲裁委正在审理，请信访局督促。', { petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道白云小区3幢502' } });
    const routed = await routeAtRegistration(deps().deps, { case: c, outbox: registrationOutbox(c) }, AT);
    expect(routed.outcome).toBe('decline');
    expect(routed.case.postalLetters).toEqual([expect.objectContaining({ kind: 'declineNotice', from: '330122' })]);
    expect(routed.messages).toEqual([expect.objectContaining({ id: routed.case.postalLetters![0]!.id, postFrom: '330122' })]);
  });


  it('accepts and assigns a matter the rules decide, each step its own event, with no request left for the router and no model read', async () => {
    const c = registered('330122', '拖欠工资', '华丰针织有限公司拖欠我们车间工人三个月工资，请劳动监察处理。');
    const { deps: d, loads } = deps();

    const routed = await routeAtRegistration(d, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(routed.outcome).toBe('assign');
    expect(routed.case).toMatchObject({ status: 'assigned', version: 3, receivingOffice: '330122', acceptedAt: AT, handling: { lead: '330122-hrss' } });
    expect(routed.events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [2, 'accepted', 'system:router'],
      [3, 'assigned', 'system:router'],
    ]);
    expect(routed.outbox.map((m) => `${m.queue}:${m.id}`)).toEqual([`notify:ack:${c.caseNumber}`, `notify:handoff:route:${c.caseNumber}`, `notify:accepted:${c.caseNumber}`]);
    expect(loads).toEqual([]);
  });

  it('reads the office’s learned model only for a matter the rules leave to staff, and puts it on the triage list in the same change', async () => {
    const c = registered('330122', '意见', '我想反映一下情况，希望领导重视。');
    const { deps: d, loads } = deps();

    const routed = await routeAtRegistration(d, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(loads).toEqual(['330122']);
    expect(routed.outcome).toBe('triage');
    expect(routed.case).toMatchObject({ status: 'registered', version: 2, triage: { since: AT } });
    expect(routed.events.map((e) => e.type)).toEqual(['sentToTriage']);
    expect(routed.outbox.filter((m) => m.queue === 'routing')).toEqual([]);
  });

  it('declines a repeat of a matter whose review was final (条例 第三十五条), reading the earlier case', async () => {
    const final = { ...registered('330122', '拖欠工资', '拖欠工资'), caseNumber: '330122-2025-000009', reviewLevel: 2 } as Case;
    const c = registered('330122', '拖欠工资', '华丰针织有限公司拖欠工资，还是没有解决。', { repeatOf: final.caseNumber });

    const routed = await routeAtRegistration(deps([final]).deps, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(routed.outcome).toBe('decline');
    expect(routed.case.status).toBe('declined');
    expect(routed.outbox.map((m) => m.id)).toEqual([`ack:${c.caseNumber}`, expect.stringMatching(/^declined:/)]);
  });

  it('declines a repeat of a repeat that was itself declined as final: the matter at the chain’s start is final', async () => {
    const final = { ...registered('330122', '拖欠工资', '拖欠工资'), caseNumber: '330122-2025-000009', reviewLevel: 2 } as Case;
    const declinedRepeat = { ...registered('330122', '拖欠工资', '拖欠工资'), caseNumber: '330122-2026-000020', status: 'declined', repeatOf: final.caseNumber } as Case;
    const c = registered('330122', '拖欠工资', '华丰针织有限公司拖欠工资，还是没有解决。', { repeatOf: declinedRepeat.caseNumber });

    const routed = await routeAtRegistration(deps([final, declinedRepeat]).deps, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(routed.outcome).toBe('decline');
    expect(routed.events.at(-1)?.reason).toContain('编号 330122-2025-000009），并已经复核');
  });

  it('hands a letter to the city about a county down, and routes it again there at once', async () => {
    const c = registered('330100', '小区楼顶漏水', '桐庐县城南街道某小区楼顶漏水已三个月，物业不管。');

    const routed = await routeAtRegistration(deps().deps, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(routed.events[0]).toMatchObject({ type: 'transferred', detail: { territoryFirst: true, fromJurisdiction: '330100' } });
    expect(routed.case.receivingOffice).toBe('330100');
    expect(routed.case.jurisdiction).not.toBe('330100');
    // Decided below in the same change: nothing is left for the router.
    expect(routed.events.length).toBeGreaterThan(1);
    expect(routed.outbox.filter((m) => m.queue === 'routing')).toEqual([]);
  });
});

describe('a petition handed down the tree to an office that must triage it', () => {
  it('tells the petitioner once, where it comes to rest: which office has it and until when it decides', async () => {
    const c = registered('330000', '征地补偿不到位', '桐庐县分水镇后岩村征地补偿不到位，县里不管。请省里督办。');

    const routed = await routeAtRegistration(deps().deps, { case: c, outbox: registrationOutbox(c) }, AT);

    // 省 → 市 → 县: handed down twice, on the county's triage list now.
    expect(routed.case).toMatchObject({ receivingOffice: '330000', jurisdiction: '330122', status: 'registered' });
    expect(routed.case.triage).toBeDefined();
    const told = routed.outbox.filter((m) => m.id.startsWith('forwarded:'));
    expect(told).toHaveLength(1);
    const letter = told[0]!.body as { to: string[]; subject: string; text: string };
    expect(letter.to).toEqual(['zhangwei@163.example']);
    expect(letter.subject).toContain('转送告知');
    expect(letter.text).toContain('已将该事项转送桐庐县信访局');
    // The county's own 15 days from its receipt (第二十三条), not the province's.
    expect(letter.text).toContain(`最迟于${formatChinaLastDay(routed.case.deadlines.acceptance!)}作出决定`);
    // The province's acknowledgement, worded from the case as it came to rest, says where it went, not that the province decides.
    const ack = acknowledgement(province, routed.case)!.text;
    expect(ack).toContain('经审查，按照属地管理、分级负责的原则，该事项已转送桐庐县信访局，由其依法决定是否受理并书面告知您。《转送告知》随后另行发送给您。');
    expect(ack).not.toContain('我们最迟于');
  });

  it('tells nobody when the office that received it keeps it: the acknowledgement said who has it', async () => {
    const c = registered('330122', '意见', '我想反映一下情况，希望领导重视。');
    const routed = await routeAtRegistration(deps().deps, { case: c, outbox: registrationOutbox(c) }, AT);
    expect(routed.case.triage).toBeDefined();
    expect(routed.outbox.some((m) => m.id.startsWith('forwarded:'))).toBe(false);
    // Still to be decided where it came: the acknowledgement gives the date.
    expect(acknowledgement(province, routed.case)!.text).toContain(`我们最迟于${formatChinaLastDay(routed.case.deadlines.acceptance!)}决定是否受理并书面告知您`);
  });
});

describe('when routing cannot be done at registration', () => {
  it('registers the petition all the same and leaves it to the router: a learned model that cannot be read fails nothing', async () => {
    const c = registered('330122', '意见', '我想反映一下情况，希望领导重视。');
    const { deps: d } = deps();
    const failing = { ...d, learned: { ...d.learned, models: { ...d.learned.models, load: async () => Promise.reject(new Error('ProvisionedThroughputExceededException')) } } };

    const routed = await routeAtRegistration(failing, { case: c, outbox: registrationOutbox(c) }, AT);

    expect(routed.case).toEqual(c);
    expect(routed.events).toEqual([]);
    expect(routed.outbox.map((m) => `${m.queue}:${m.id}`)).toEqual([`notify:ack:${c.caseNumber}`, `routing:route:${c.caseNumber}:registered`]);
  });

  it('handed down, then stopped (the office below’s model cannot be read): the acknowledgement says where it went, and promises no 转送告知 nobody wrote', async () => {
    const c = registered('330000', '征地补偿不到位', '桐庐县分水镇后岩村征地补偿不到位，县里不管。请省里督办。');
    const { deps: d } = deps();
    const load = async (office: string) => (office === '330000' ? emptyModel(office) : Promise.reject(new Error('ProvisionedThroughputExceededException')));
    const failing = { ...d, learned: { ...d.learned, models: { ...d.learned.models, load } } };

    const routed = await routeAtRegistration(failing, { case: c, outbox: registrationOutbox(c) }, AT);

    // On the city's desk, not yet on a triage list: the router decides it later, and its letter may be a 受理告知 as well as a 转送告知.
    expect(routed.case).toMatchObject({ jurisdiction: '330100', status: 'registered' });
    expect(routed.case.triage).toBeUndefined();
    expect(routed.outbox.some((m) => m.id.startsWith('forwarded:'))).toBe(false);
    const ack = acknowledgement(province, routed.case)!.text;
    expect(ack).toContain('已转送杭州市信访局，由其依法决定是否受理并书面告知您。');
    expect(ack).not.toContain('《转送告知》');
  });
});
