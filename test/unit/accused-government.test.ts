import { describe, expect, it } from 'vitest';
import { routeCase } from '../../shared/app/routing/route-case.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { CaseNotVisible, RuleViolation } from '../../shared/domain/errors.js';
import { assertMayRead } from '../../shared/domain/access.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { accusedGovernments, accusedJurisdictions } from '../../shared/domain/routing/accused-government.js';
import { routingContextFrom } from '../../shared/domain/routing/index.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { holderAccusedNotice, newlyRecused, RECUSED_BY_MATERIAL, withAccusedFromMaterial } from '../../shared/app/accusable-units.js';
import { visibleSummaries } from '../../shared/app/read-cases.js';
import { withMaterialAccusations } from '../../shared/app/accused-record.js';
import { mayReadCase } from '../../shared/app/may-read.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';

/** 《信访工作条例》第三十条 for a report against a local government: neither that level nor anything below it gets the case. */
const province = loadProvinceConfig(DEMO_CONFIG);
const tree = province.tree;
const FUCHUNJIANG = '330122101';
const TONGLU = '330122';

describe('the governments a report accuses', () => {
  it('are named with their place: the government, the Party committee, the head', () => {
    expect(accusedJurisdictions({ text: '控告富春江镇政府违法强拆我家房屋。' }, tree)).toEqual([FUCHUNJIANG]);
    expect(accusedJurisdictions({ text: '举报桐庐县县长违规干预拆迁。' }, tree)).toEqual([TONGLU]);
    expect(accusedJurisdictions({ text: '我要检举桐庐县委个别领导。' }, tree)).toEqual([TONGLU]);
  });

  it('are not the government a report is addressed to, or asked to act', () => {
    expect(accusedJurisdictions({ text: '向桐庐县人民政府举报住建局科长受贿。' }, tree)).toEqual([]);
    expect(accusedJurisdictions({ text: '我举报住建局科长受贿，请桐庐县政府严查。' }, tree)).toEqual([]);
    // Not a report at all: a government named is not accused.
    expect(accusedJurisdictions({ text: '富春江镇政府门口的路灯坏了，请修理。' }, tree)).toEqual([]);
  });

  it.each([
    ['请县政府解决', '我举报小区物业乱收费，请县政府解决。'],
    ['小区长期', '举报物业，小区长期漏水无人管。'],
    ['社区委员会', '举报社区委员会主任侵占补助。'],
    ['县长热线', '我打了县长热线举报，没人管。'],
    ['湖州市长兴县', '举报湖州市长兴县住建局。'],
    ['杭州市长途汽车站', '举报杭州市长途汽车站乱收费。'],
    ['城市管理', '举报城市管理执法人员打人。'],
    ['希望市政府严查', '举报某公司，希望市政府严查。'],
  ])('are none where a government is only asked, a channel, or a word that merely contains a level (%s)', (_, text) => {
    expect(accusedGovernments({ text }, FUCHUNJIANG, tree)).toEqual([]);
  });

  it('are the level of a leader or petitions office named with a deputy’s title, or the petitions office itself', () => {
    expect(accusedJurisdictions({ text: '我控告桐庐县副县长包庇其亲属违建。' }, tree)).toEqual([TONGLU]);
    expect(accusedJurisdictions({ text: '举报桐庐县常务副县长违规干预拆迁。' }, tree)).toEqual([TONGLU]);
    expect(accusedJurisdictions({ text: '举报桐庐县信访局压案不办。' }, tree)).toEqual([TONGLU]);
    // Written to, it is not accused.
    expect(accusedJurisdictions({ text: '我向桐庐县信访局举报住建局科长受贿。' }, tree)).toEqual([]);
  });

  it('are the level whose leader or petitions office staff the report names, whatever title it gives them', () => {
    const officials = routingContextFrom(province.config, tree).officialsOf;
    // 方建华 leads 桐庐县, 袁建军 works in its petitions office.
    expect(accusedJurisdictions({ text: '控告方建华包庇其亲属违建。', officials }, tree)).toEqual([TONGLU]);
    expect(accusedJurisdictions({ text: '举报信访干部袁建军压案不办。', officials }, tree)).toEqual([TONGLU]);
    // Named as the one written to or asked to act, they are not accused.
    expect(accusedJurisdictions({ text: '我举报住建局科长受贿，请方建华同志过问。', officials }, tree)).toEqual([]);
    expect(accusedJurisdictions({ text: '举报住建局科长受贿，此前向袁建军反映过。', officials }, tree)).toEqual([]);
    expect(accusedJurisdictions({ text: '我曾向副县长方建华反映过，现举报村主任李某侵占集体土地。', officials }, tree)).toEqual([]);
    expect(accusedJurisdictions({ text: '我举报住建局科长受贿，请方建华副县长过问。', officials }, tree)).toEqual([]);
    expect(accusedJurisdictions({ text: '方建华副县长已批示由住建局查处，现举报住建局科长拖延不办。', officials }, tree)).toEqual([]);
  });

  it('match a name only on the levels that would handle the matter: a namesake elsewhere in the province is someone else', () => {
    const officials = routingContextFrom(province.config, tree).officialsOf;
    // 方建华 is 桐庐县's; a 淳安县 matter held by 淳安县 does not reach him.
    expect(accusedGovernments({ text: '控告方建华包庇其亲属违建。', officials, holder: '330127' }, '330127', tree)).toEqual([]);
    expect(accusedGovernments({ text: '控告方建华包庇其亲属违建。', officials, holder: TONGLU }, FUCHUNJIANG, tree)).toEqual([TONGLU]);
  });

  it('include one named without its place, as the one over where the matter is', () => {
    expect(accusedGovernments({ text: '我们镇政府强拆我家房屋，我要控告。' }, FUCHUNJIANG, tree)).toEqual([FUCHUNJIANG]);
    expect(accusedGovernments({ text: '举报县政府违规征地。' }, FUCHUNJIANG, tree)).toEqual([TONGLU]);
    expect(accusedGovernments({ text: '举报县委书记受贿。' }, FUCHUNJIANG, tree)).toEqual([TONGLU]);
    expect(accusedGovernments({ text: '举报乡镇政府截留补偿款。' }, FUCHUNJIANG, tree)).toEqual([FUCHUNJIANG]);
    // A leader by title, without the place: that level's.
    expect(accusedGovernments({ text: '举报我县分管信访的副县长收受开发商贿赂，打压上访群众。' }, TONGLU, tree)).toEqual([TONGLU]);
    expect(accusedGovernments({ text: '控告镇长包庇违建。' }, FUCHUNJIANG, tree)).toEqual([FUCHUNJIANG]);
    expect(accusedGovernments({ text: '举报副市长干预拆迁。' }, TONGLU, tree)).toEqual(['330100']);
    // Not 长期, nor a leader asked to act.
    expect(accusedGovernments({ text: '举报我县长期存在违建无人查处。' }, TONGLU, tree)).toEqual([]);
    expect(accusedGovernments({ text: '请县长过问我家的拆迁补偿。' }, TONGLU, tree)).toEqual([]);
  });
});

function registered(caseNumber: string, jurisdiction: string, matter: string): Case {
  const receivedAt = '2026-12-07T09:00:00+08:00';
  return registerPetition(
    { jurisdiction, channel: 'email', receivedAt, subject: '强拆', matter, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } },
    { caseNumber, at: receivedAt, actor: 'system:intake', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
}

function storeOf(c: Case) {
  let current = c;
  const commits: CaseCommit[] = [];
  return {
    commits,
    current: () => current,
    store: {
      get: async () => ({ case: current, events: [], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => {
        commits.push(change);
        current = change.case;
        return 'committed' as const;
      },
    },
  };
}

const clock = { now: () => new Date('2026-12-07T01:05:00Z') };

describe('routing a report against a local government', () => {
  it('sent to the township it accuses, goes up to the county, and none of the township’s units may have it', async () => {
    const c = registered(`${FUCHUNJIANG}-2026-000007`, FUCHUNJIANG, '控告富春江镇政府违法强拆我家房屋，要求依法查处。');
    const { store, commits, current } = storeOf(c);

    const outcome = await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' });

    expect(outcome.outcome).toBe('handDown');
    expect(commits[0]!.event).toMatchObject({ type: 'transferred', detail: { toJurisdiction: TONGLU }, reason: expect.stringContaining('转桐庐县信访局办理') });
    expect(current()).toMatchObject({ jurisdiction: TONGLU, accusedJurisdictions: [FUCHUNJIANG] });
    expect(current().accusedUnits).toEqual(expect.arrayContaining(['330122101-construction', '330122101-social-affairs', '330122101-enforcement']));
    // The township's petitions office received it, yet no longer reads it; the county's does. A transfer back down is refused.
    const townshipOffice = { staffId: 'fcj-office', jurisdiction: FUCHUNJIANG, roles: ['petitionsOffice' as const] };
    expect(() => assertMayRead(townshipOffice, c, tree)).not.toThrow();
    expect(() => assertMayRead(townshipOffice, current(), tree)).toThrow(CaseNotVisible);
    expect(() => assertMayRead({ staffId: 'tonglu-office', jurisdiction: TONGLU, roles: ['petitionsOffice'] }, current(), tree)).not.toThrow();
    const back = handoffCommandSchema.parse({ id: 'cmd-1', action: 'transfer', caseNumber: c.caseNumber, toJurisdiction: FUCHUNJIANG, reason: '属地', by: 'tonglu-office', byJurisdiction: TONGLU });
    expect(() => planHandoff({ ...current(), status: 'accepted' }, back, province, '2026-12-08T02:00:00.000Z')).toThrow(RuleViolation);
  });

  it('sent up away from the township it accuses, no 转送告知 goes out in the township’s name nor onto its 待寄送 list', async () => {
    const c = registered(`${FUCHUNJIANG}-2026-000013`, FUCHUNJIANG, '控告我们镇政府，对我反映的问题一直推诿，要求依法查处。');
    const { store, commits, current } = storeOf(c);
    expect((await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' })).outcome).toBe('handDown');
    expect((await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'handedDown' })).outcome).toBe('triage');
    expect(current()).toMatchObject({ jurisdiction: TONGLU, receivingOffice: FUCHUNJIANG });
    // The county's own 受理 decision, within its 15 days, tells the petitioner who has it.
    expect(commits.flatMap((commit) => commit.outbox ?? []).filter((m) => m.id.startsWith('forwarded:'))).toEqual([]);
    expect(current().postalLetters ?? []).toEqual([]);
  });

  it('sent to the township it accuses and belonging to a court, is handed up first: the county declines it, not the accused', async () => {
    const c = registered(`${FUCHUNJIANG}-2026-000010`, FUCHUNJIANG, '控告富春江镇政府违法强拆我家房屋，此事我已向法院起诉。');
    const { store, current } = storeOf(c);
    expect((await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' })).outcome).toBe('handDown');
    expect(current()).toMatchObject({ jurisdiction: TONGLU, status: 'registered', accusedJurisdictions: [FUCHUNJIANG] });
  });

  it('against the province’s own government stays with the province, whose offices can still open it', async () => {
    const c = registered('330000-2026-000011', '330000', '举报浙江省人民政府违规审批某项目。');
    const { store, current } = storeOf(c);
    await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' });
    expect(current().accusedJurisdictions).toBeUndefined();
    expect(() => assertMayRead({ staffId: 'zj-office', jurisdiction: '330000', roles: ['petitionsOffice'] }, current(), tree)).not.toThrow();
  });

  it('naming the county’s own leader, goes up to the city: he never sees it, nor is written to about it', async () => {
    const c = registered(`${TONGLU}-2026-000012`, TONGLU, '我控告桐庐县副县长方建华包庇其亲属违建，城管部门不敢查处。');
    const { store, current } = storeOf(c);
    expect((await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' })).outcome).toBe('handDown');
    expect(current()).toMatchObject({ jurisdiction: '330100', accusedJurisdictions: [TONGLU] });
    expect(() => assertMayRead({ staffId: 'tonglu-leader-principal', jurisdiction: TONGLU, roles: ['leader'] }, current(), tree)).toThrow(CaseNotVisible);
    expect(mayReadCase(province, current())({ who: 'tonglu-leader-principal' })).toBe(false);
    expect(() => assertMayRead({ staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] }, current(), tree)).not.toThrow();
  });

  it('received by the city, is not handed down past the county above the accused township', async () => {
    const c = registered('330100-2026-000008', '330100', '控告富春江镇政府违法强拆我家房屋。');
    const { store, current } = storeOf(c);

    await routeCase({ store, province, clock }, { caseNumber: c.caseNumber, reason: 'registered' });

    expect(current().jurisdiction).toBe(TONGLU);
    expect(current().accusedJurisdictions).toEqual([FUCHUNJIANG]);
  });
});

describe('later material accusing a local government', () => {
  it('records the government and counts its units as accused, added to what the case had', () => {
    const c = { ...registered(`${TONGLU}-2026-000009`, TONGLU, '反映征地补偿款未发放。'), accusedUnits: ['330122-housing'] };
    const after = withAccusedFromMaterial(province, c, ['补充材料：我要控告富春江镇政府截留补偿款。']);
    expect(after.accusedJurisdictions).toEqual([FUCHUNJIANG]);
    expect(after.accusedUnits).toEqual(['330122-housing', '330122101-construction', '330122101-social-affairs', '330122101-enforcement']);
    // Nothing new: the same case.
    expect(withAccusedFromMaterial(province, after, ['谢谢。'])).toBe(after);
  });

  it('does not record the government of the level holding the case, and asks the office above to consider taking it up', () => {
    const c = registered(`${TONGLU}-2026-000012`, TONGLU, '反映征地补偿款未发放。');
    const material = ['补充材料：我要控告桐庐县政府违规征地。'];
    const after = withAccusedFromMaterial(province, c, material);
    expect(after.accusedJurisdictions).toBeUndefined();
    expect(() => assertMayRead({ staffId: 'tonglu-office', jurisdiction: TONGLU, roles: ['petitionsOffice'] }, after, tree)).not.toThrow();
    const notice = holderAccusedNotice(province, after, material, 'm-1')!;
    expect(notice).toMatchObject({ id: `holder-accused:${c.caseNumber}:m-1`, to: [province.jurisdiction('330100').office.mailbox], fromName: '杭州市信访局' });
    expect(notice.subject).toContain('请研究是否提级办理');
    expect(notice.text).toContain('第三十条');
    // Material accusing a government below the holder, or none, asks nobody.
    expect(holderAccusedNotice(province, after, ['补充材料：控告富春江镇政府截留补偿款。'], 'm-2')).toBeUndefined();
    expect(holderAccusedNotice(province, after, ['谢谢。'], 'm-3')).toBeUndefined();
  });
});

describe('later material accusing a cooperating unit', () => {
  it('takes the unit off the cooperating list: an accused unit is sent nothing more about the case and awaited for no opinion', () => {
    const c: Case = {
      ...registered(`${TONGLU}-2026-000031`, TONGLU, '反映小区违建和拖欠工资问题。'),
      status: 'inProgress',
      handling: { lead: '330122-housing', cooperating: ['330122-hrss', '330122-ecology'] },
    };
    const words = ['补充材料：我要举报桐庐县人力资源和社会保障局工作人员收受好处，包庇欠薪老板。'];
    const after = withAccusedFromMaterial(province, c, words);
    expect(after.accusedUnits).toContain('330122-hrss');
    expect(after.handling).toEqual({ lead: '330122-housing', cooperating: ['330122-ecology'] });
    // The material's event says which unit came off, the lead keeps the case.
    const received = { caseNumber: c.caseNumber, seq: c.version + 1, type: 'messageReceived' as const, at: c.updatedAt, actor: 'system:intake', detail: { messageId: 'm-1' } };
    const recorded = withMaterialAccusations(province, { case: c, event: received }, words, c.updatedAt, 'system:intake');
    expect(recorded.event.detail).toMatchObject({ messageId: 'm-1', cooperatingAccused: ['330122-hrss'] });
    expect(recorded.case.handling?.lead).toBe('330122-housing');
    expect(recorded.notice).toBeUndefined();
  });
});

describe('later material accusing a person by name', () => {
  const leader = { staffId: 'tonglu-leader-principal', jurisdiction: TONGLU, roles: ['leader' as const] };
  const cityLeader = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader' as const] };
  const office = { staffId: 'tonglu-office', jurisdiction: TONGLU, roles: ['petitionsOffice' as const] };

  it('recuses the named leader of the level holding the case at once, while the office above decides whether to take it up', () => {
    const c = registered(`${TONGLU}-2026-000021`, TONGLU, '反映违建无人查处。');
    const material = ['补充材料：我要控告方建华包庇违建。'];
    const after = withAccusedFromMaterial(province, c, material);
    expect(after.recused).toEqual([{ staffId: 'tonglu-leader-principal', reason: RECUSED_BY_MATERIAL, by: 'system', at: c.updatedAt }]);
    expect(newlyRecused(c, after)).toEqual(['tonglu-leader-principal']);
    expect(() => assertMayRead(leader, after, tree)).toThrow(CaseNotVisible);
    // The office holding it still works it; the office above is asked about taking it up.
    expect(() => assertMayRead(office, after, tree)).not.toThrow();
    expect(holderAccusedNotice(province, after, material, 'm-1')?.subject).toContain('请研究是否提级办理');
    // Said again, nothing new.
    expect(withAccusedFromMaterial(province, after, material)).toBe(after);
  });

  it('ends the 包案 of the leader it accuses: the case no longer names them its owner', () => {
    const c = { ...registered(`${TONGLU}-2026-000023`, TONGLU, '反映违建无人查处。'), leaderOwnership: { leader: 'tonglu-leader-principal', reason: '重大疑难', since: '2026-12-01T02:00:00.000Z', by: 'tonglu-office' } };
    expect(withAccusedFromMaterial(province, c, ['补充材料：我要控告方建华包庇违建。']).leaderOwnership).toBeUndefined();
    expect(withAccusedFromMaterial(province, c, ['补充材料：举报赵红梅压案不办。']).leaderOwnership).toEqual(c.leaderOwnership);
  });

  it('recuses a named official above who would see the case too, and nobody merely written to or thanked', () => {
    const c = registered(`${TONGLU}-2026-000022`, TONGLU, '反映违建无人查处。');
    const after = withAccusedFromMaterial(province, c, ['补充材料：举报赵红梅压案不办。']);
    expect(after.recused?.map((r) => r.staffId)).toEqual(['hz-leader-petitions']);
    expect(() => assertMayRead(cityLeader, after, tree)).toThrow(CaseNotVisible);
    expect(withAccusedFromMaterial(province, c, ['感谢方建华副县长的批示，请尽快落实。']).recused).toBeUndefined();
    expect(withAccusedFromMaterial(province, c, ['方建华县长：我举报住建局科长受贿。']).recused).toBeUndefined();
  });
});

describe('lists and search', () => {
  it('leave a case out for the staff of the place whose government it accuses, even the office that received it', () => {
    const item = {
      caseNumber: `${FUCHUNJIANG}-2026-000007`,
      jurisdiction: TONGLU,
      status: 'registered' as const,
      channel: 'email' as const,
      urgent: false,
      registeredAt: '2026-12-07T01:00:00.000Z',
      receivedAt: '2026-12-07T01:00:00.000Z',
      subject: '控告镇政府强拆',
      access: { receivingOffice: FUCHUNJIANG, units: [], recused: [], accusedPlaces: [FUCHUNJIANG] },
    };
    const townshipOffice = { staffId: 'fcj-office', jurisdiction: FUCHUNJIANG, roles: ['petitionsOffice' as const] };
    expect(visibleSummaries([item], townshipOffice, province)).toEqual([]);
    expect(visibleSummaries([{ ...item, access: { ...item.access, accusedPlaces: [] } }], townshipOffice, province)).toHaveLength(1);
    expect(visibleSummaries([item], { staffId: 'tonglu-office', jurisdiction: TONGLU, roles: ['petitionsOffice'] }, province)).toHaveLength(1);
  });

  it('read the places from the ledger row the listing indexes carry', () => {
    expect(ledgerEntryOf({ ...registered(`${TONGLU}-2026-000013`, TONGLU, '控告富春江镇政府强拆。'), accusedJurisdictions: [FUCHUNJIANG] }).accusedPlaces).toEqual([FUCHUNJIANG]);
  });
});
