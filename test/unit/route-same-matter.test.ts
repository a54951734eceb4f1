import { describe, expect, it } from 'vitest';
import { routeCase } from '../../shared/app/routing/route-case.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case, CaseMessage } from '../../shared/domain/case.js';
import { mergeRepeat } from '../../shared/app/routing/merge-repeat.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { bypassNoticeRefusal } from '../../shared/domain/bypass-notice.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const MATTER = '城南小区楼顶漏水三个月，物业不维修，请求住建部门督促维修。';

/** A visit or call on a matter the same petitioner raised before: where that matter stands decides whether it is accepted anew. */
function registered(caseNumber: string, jurisdiction: string, receivedAt: string, extra: Partial<Case> = {}): Case {
  const c = registerPetition(
    { jurisdiction, channel: 'visit', receivedAt, subject: '楼顶漏水', matter: MATTER, petitioner: { anonymous: false, name: '张伟', phone: '13800001111', address: '桐庐县城南街道' } },
    { caseNumber, at: receivedAt, actor: 'registrar', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
  return { ...c, ...extra };
}

function storeOf(cases: Case[]) {
  const byNumber = new Map(cases.map((c) => [c.caseNumber, c]));
  const messages = new Map<string, CaseMessage[]>();
  const commits: CaseCommit[] = [];
  return {
    commits,
    messagesOf: (n: string) => messages.get(n) ?? [],
    store: {
      get: async (n: string) => (byNumber.has(n) ? { case: byNumber.get(n)!, events: [], messages: messages.get(n) ?? [] } : undefined),
      getCaseRecord: async (n: string) => byNumber.get(n),
      commit: async (change: CaseCommit) => {
        commits.push(change);
        byNumber.set(change.case.caseNumber, change.case);
        if (change.message) messages.set(change.case.caseNumber, [...(messages.get(change.case.caseNumber) ?? []), change.message]);
        return 'committed' as const;
      },
    },
  };
}

describe('条例 第十九条 for registrations: the same matter handled below within its limits is not accepted anew', () => {
  // 桐庐县 accepted it on 1 December and assigned it: handling runs 60 days.
  const below = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'assigned',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });

  it('a visit to 杭州市 on that matter is declined by the router, the petitioner told who handles it and until when', async () => {
    const raised = registered('330100-2026-000090', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits } = storeOf([below, raised]);

    const outcome = await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: raised.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('第十九条：与 330122-2026-000040 为同一事项，正由桐庐县住房和城乡建设局在规定期限内办理（办理期限至2027年1月30日）')] });
    expect(commits[0]!.case.status).toBe('declined');
    // A visitor without email gets the refusal by post, naming the unit that handles it and will answer (谁承办谁答复),
    // as their acceptance notice did and as the same refusal by email does — not the county office, which will not answer.
    expect(commits[0]!.message?.text).toContain('已登记（登记编号 330122-2026-000040），正由桐庐县住房和城乡建设局在规定期限内办理');
    expect(commits[0]!.message?.text).toContain('该事项由桐庐县住房和城乡建设局继续办理并答复您');
    expect(commits[0]!.message?.text).toContain('在规定期限内向上级机关再提出同一信访事项的，不再另行受理');
  });

  it('a visit to the province on it is 越级 (two levels above 桐庐县), counted and offered the 越级上访告知单; a visit to the city is not', async () => {
    const atProvince = registered('330000-2026-000032', '330000', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const atCity = registered('330100-2026-000096', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits } = storeOf([below, atProvince, atCity]);
    const deps = { store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } };

    await routeCase(deps, { caseNumber: atProvince.caseNumber, reason: 'registered' });
    await routeCase(deps, { caseNumber: atCity.caseNumber, reason: 'registered' });

    const [province19, city19] = commits;
    expect(province19!.case).toMatchObject({ status: 'declined', bypass: { levels: 2, competent: '330122' } });
    expect(province19!.event.detail).toMatchObject({ bypass: 2 });
    expect(ledgerEntryOf(province19!.case).bypass).toBe(true);
    expect(bypassNoticeRefusal(province19!.case)).toBeUndefined();
    // A visitor may go to the competent level or the one above it (信访条例 2005 第十六条).
    expect(city19!.case.status).toBe('declined');
    expect(city19!.case.bypass).toBeUndefined();
  });

  it('a letter to the city on it is 越级 by one level', async () => {
    const toCity = registered('330100-2026-000097', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber, channel: 'letter' });
    const { store, commits } = storeOf([below, toCity]);
    await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: toCity.caseNumber, reason: 'registered' });
    expect(commits[0]!.case).toMatchObject({ status: 'declined', bypass: { levels: 1, competent: '330122' } });
  });

  it('still deciding acceptance below, the county office is named: no unit has the matter yet', async () => {
    const deciding = registered('330122-2026-000041', '330122', '2026-12-01T09:00:00+08:00');
    const raised = registered('330100-2026-000092', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: deciding.caseNumber });
    const { store, commits } = storeOf([deciding, raised]);

    await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: raised.caseNumber, reason: 'registered' });

    expect(commits[0]!.message?.text).toContain('正由桐庐县信访局在规定期限内审查是否受理');
  });

  it('a unit the material accuses is never named as the one handling it: the county office is (条例第三十条)', async () => {
    const accusedLead = { ...below, accusedUnits: ['330122-housing'] };
    const raised = registered('330100-2026-000093', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits } = storeOf([accusedLead, raised]);

    await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: raised.caseNumber, reason: 'registered' });

    expect(commits[0]!.message?.text).toContain('正由桐庐县信访局在规定期限内办理');
    expect(commits[0]!.message?.text).not.toContain('住房和城乡建设局');
  });

  it('a third visit, linked to the second (declined) one, is declined in the same way: the matter is still handled below', async () => {
    const second = registered('330100-2026-000090', '330100', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber, status: 'declined' });
    const third = registered('330100-2026-000095', '330100', '2026-12-10T10:00:00+08:00', { repeatOf: second.caseNumber });
    const { store, commits } = storeOf([below, second, third]);

    const outcome = await routeCase({ store, province, clock: { now: () => new Date('2026-12-10T02:30:00Z') } }, { caseNumber: third.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('第十九条：与 330122-2026-000040 为同一事项')] });
    expect(commits[0]!.case.status).toBe('declined');
  });

  it('once 桐庐县’s limit has passed, the city supervises it (督办): no second case with a fresh clock, the result reported up', async () => {
    const late = registered('330100-2026-000091', '330100', '2027-02-03T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits, messagesOf } = storeOf([below, late]);

    const outcome = await routeCase({ store, province, clock: { now: () => new Date('2027-02-03T02:30:00Z') } }, { caseNumber: late.caseNumber, reason: 'registered' });

    // Not handed back down to 桐庐县 to be accepted a second time.
    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('逾期督办：与 330122-2026-000040 为同一事项，由桐庐县住房和城乡建设局办理，办理期限已于2027年1月30日届满')] });
    expect(commits[0]!.case.jurisdiction).toBe('330100');
    expect(commits[0]!.message?.text).toContain('杭州市信访局已就该事项向桐庐县信访局督办，要求抓紧办理、尽快答复您，并将办理结果报送杭州市信访局');
    // The decision goes with the request: the office that supervises, and the clock it found run out.
    const request = commits[0]!.outbox!.find((o) => o.queue === 'routing')!.body as Parameters<typeof mergeRepeat>[1];
    expect(request).toEqual({ caseNumber: below.caseNumber, reason: 'repeatReceived', repeat: late.caseNumber, supervise: { by: '330100', clock: 'handling', deadline: '2027-01-30T16:00:00.000Z' } });

    const clock = { now: () => new Date('2027-02-03T02:31:00Z') };
    expect((await mergeRepeat({ store, province, clock }, request)).outcome).toBe('merged');
    const pressed = commits[1]!;
    // The county case is the one handled: the city is owed its result, the 督办 recorded after the material.
    expect(pressed.case).toMatchObject({ caseNumber: below.caseNumber, reportBackTo: '330100', deadlines: { handling: '2027-01-30T16:00:00.000Z' } });
    expect(pressed.precededBy?.map((e) => e.type)).toEqual(['messageReceived']);
    expect(pressed.event).toMatchObject({ type: 'supervised', reason: expect.stringContaining('杭州市信访局督办') });
    expect(messagesOf(below.caseNumber)).toHaveLength(1);
    // One mail to the county office and the bureau: the 督办, which says the material came.
    const mails = pressed.outbox!.filter((o) => o.queue === 'notify');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toMatchObject({
      to: [province.mailboxOf('330122'), province.mailboxOf('330122', '330122-housing')],
      fromName: '杭州市信访局',
      subject: expect.stringContaining('【督办】330122-2026-000040'),
      text: expect.stringContaining('信访人于2027年2月3日 10:00就同一事项向杭州市信访局再次反映（已登记为重复件，所反映的情况和材料已并入本件）'),
    });
    // The city's own case, which 桐庐县 may not read, is described, not named (条例第三十条; docs/domain.md "Confidentiality").
    expect(`${mails[0]!.body.subject}\n${mails[0]!.body.text}`).not.toContain(late.caseNumber);

    // Delivered twice: no second 督办.
    expect((await mergeRepeat({ store, province, clock }, request)).outcome).toBe('alreadyMerged');
    expect(commits).toHaveLength(2);
  });

  it('a case handed down to 桐庐县 by the province keeps the province owed its result when the city supervises it', async () => {
    const assigned = { ...below, reportBackTo: '330000' };
    const late = registered('330100-2026-000092', '330100', '2027-02-03T10:00:00+08:00', { repeatOf: below.caseNumber, status: 'declined' });
    const { store, commits } = storeOf([assigned, late]);
    await mergeRepeat({ store, province, clock: { now: () => new Date('2027-02-03T02:31:00Z') } }, { caseNumber: below.caseNumber, repeat: late.caseNumber, supervise: { by: '330100', clock: 'handling', deadline: '2027-01-30T16:00:00.000Z' } });
    expect(commits[0]!.case).toMatchObject({ reportBackTo: '330100', reportBackAbove: ['330000'], supervisedBy: ['330100'] });
  });

  it('answered meanwhile (the request came late, a redrive): the material is merged, and no 督办 of a case whose result went out', async () => {
    const answered = { ...below, status: 'replied' as const };
    const late = registered('330100-2026-000094', '330100', '2027-02-03T10:00:00+08:00', { repeatOf: below.caseNumber, status: 'declined' });
    const { store, commits } = storeOf([answered, late]);
    await mergeRepeat({ store, province, clock: { now: () => new Date('2027-02-10T02:31:00Z') } }, { caseNumber: below.caseNumber, repeat: late.caseNumber, supervise: { by: '330100', clock: 'handling', deadline: '2027-01-30T16:00:00.000Z' } });
    expect(commits[0]!.event.type).toBe('messageReceived');
    expect(commits[0]!.case.reportBackTo).toBeUndefined();
    // The bureau is told the material came, without the number of the city's case it may not read.
    const told = commits[0]!.outbox!.find((o) => o.queue === 'notify' && o.body.kind === 'petitionerMessage')!.body as { text: string };
    expect(told.text).toContain('以来访向杭州市信访局再次反映同一事项（已登记为重复件，不另行受理）');
    expect(told.text).not.toContain(late.caseNumber);
  });

  it('brought to the province within the limits (第十九条), the bureau is told the petitioner went to the province, not only that material came', async () => {
    const atProvince = registered('330000-2026-000031', '330000', '2026-12-04T10:00:00+08:00', { repeatOf: below.caseNumber });
    const { store, commits } = storeOf([below, atProvince]);
    await routeCase({ store, province, clock: { now: () => new Date('2026-12-04T02:30:00Z') } }, { caseNumber: atProvince.caseNumber, reason: 'registered' });
    expect(commits[0]!.case.status).toBe('declined');

    await mergeRepeat({ store, province, clock: { now: () => new Date('2026-12-04T02:31:00Z') } }, { caseNumber: below.caseNumber, repeat: atProvince.caseNumber });

    const told = commits[1]!.outbox!.find((o) => o.queue === 'notify' && o.body.kind === 'petitionerMessage')!.body as { to: string[]; text: string };
    expect(told.to).toEqual([province.mailboxOf('330122', '330122-housing')]);
    // 越级: whoever works the case learns where the petitioner turned, without the number of the province's case it may not read.
    expect(told.text).toContain('以来访向浙江省信访局再次反映同一事项（已登记为重复件，不另行受理）');
    expect(told.text).not.toContain(atProvince.caseNumber);
  });

  it('a repeat at the county itself, past the limit, is merged without a 督办 from anyone above, named to the county, which reads it', async () => {
    const same = registered('330122-2026-000093', '330122', '2027-02-03T10:00:00+08:00', { repeatOf: below.caseNumber, status: 'declined', handling: { lead: '330122-housing', cooperating: [] } });
    const { store, commits } = storeOf([below, same]);
    await mergeRepeat({ store, province, clock: { now: () => new Date('2027-02-03T02:31:00Z') } }, { caseNumber: below.caseNumber, repeat: same.caseNumber });
    expect(commits[0]!.event.type).toBe('messageReceived');
    expect(commits[0]!.case.reportBackTo).toBeUndefined();
    const told = commits[0]!.outbox!.find((o) => o.queue === 'notify' && o.body.kind === 'petitionerMessage')!.body as { text: string };
    expect(told.text).toContain(`（已登记为重复件 ${same.caseNumber}，不另行受理）`);
  });
});

describe('重复信访 only on a case the offices reading the new one may read (confidentiality)', () => {
  // The same matter, since found to be a report against 桐庐县's government: the city holds it, kept from 桐庐县.
  const hidden = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    jurisdiction: '330100',
    accusedJurisdictions: ['330122'],
    status: 'accepted',
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });

  it('a visit to 桐庐县 linked to it (linked before the report moved up) is not declined for it, nor told its number', async () => {
    const again = registered('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: hidden.caseNumber });
    const { store, commits } = storeOf([hidden, again]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome.outcome).not.toBe('decline');
    expect(JSON.stringify(outcome)).not.toContain(hidden.caseNumber);
    expect(commits.every((c) => !c.message?.text.includes(hidden.caseNumber))).toBe(true);
    expect(commits.flatMap((c) => c.outbox ?? []).some((o) => JSON.stringify(o.body).includes(hidden.caseNumber))).toBe(false);
  });

  it('nor is the chain followed to it through a 重复件 桐庐县 may read', async () => {
    const second = registered('330122-2026-000045', '330122', '2026-12-04T10:00:00+08:00', { repeatOf: hidden.caseNumber, status: 'declined' });
    const third = registered('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: second.caseNumber });
    const { store } = storeOf([hidden, second, third]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: third.caseNumber, reason: 'registered' });

    expect(JSON.stringify(outcome)).not.toContain(hidden.caseNumber);
  });

  it('the city, which may read it, still declines the same matter brought to it as a 重复件', async () => {
    const atCity = registered('330100-2026-000090', '330100', '2026-12-10T10:00:00+08:00', { repeatOf: hidden.caseNumber });
    const { store } = storeOf([hidden, atCity]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: atCity.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining(hidden.caseNumber)] });
  });
});

const at = (iso: string) => ({ now: () => new Date(iso) });

describe('重复信访 at the office that already has the matter: a 重复件, not a second case', () => {
  // 桐庐县 accepted it on 1 December and gave it to its housing bureau: handling runs until 30 January.
  const open = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'assigned',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });

  it('is declined, the petitioner told who handles it and until when, and the material goes to the open case', async () => {
    const again = registered('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: open.caseNumber, attachments: [{ id: '1', filename: '漏水照片.jpg', contentType: 'image/jpeg', size: 2048, key: 'attachments/x/1' }] });
    const { store, commits, messagesOf } = storeOf([open, again]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'decline', reasons: [expect.stringContaining('重复信访：与 330122-2026-000040 为同一事项，正由桐庐县住房和城乡建设局办理（办理期限至2027年1月30日）')] });
    const declined = commits[0]!;
    expect(declined.case.status).toBe('declined');
    expect(declined.message?.text).toContain('已作为重复信访登记，您提供的情况和材料已转入原件一并办理，不再另行受理');
    // The unit the acceptance notice named answers, not the office (谁承办谁答复).
    expect(declined.message?.text).toContain('桐庐县住房和城乡建设局正在办理，办理期限至2027年1月30日');
    const merge = declined.outbox!.find((o) => o.queue === 'routing')!;
    expect(merge.body).toEqual({ caseNumber: open.caseNumber, reason: 'repeatReceived', repeat: again.caseNumber });

    // The router takes that request: the words and the photo are on the open case, the bureau is told.
    const merged = await mergeRepeat({ store, province, clock: at('2026-12-10T02:31:00Z') }, { caseNumber: open.caseNumber, repeat: again.caseNumber });
    expect(merged.outcome).toBe('merged');
    const [message] = messagesOf(open.caseNumber);
    expect(message).toMatchObject({ kind: 'repeat', text: expect.stringContaining(MATTER), attachments: [expect.objectContaining({ id: '330122-2026-000052-1', filename: '漏水照片.jpg' })] });
    expect(message!.text).toContain('重复件 330122-2026-000052（来访');
    const notice = commits[1]!.outbox!.find((o) => o.queue === 'notify')!;
    // The bureau may not open the declined repeat (a unit sees its own cases): it is told of it without its number.
    expect(notice.body).toMatchObject({ to: [province.mailboxOf('330122', '330122-housing')], text: expect.stringContaining('以来访再次反映同一事项（已登记为重复件，不另行受理）') });

    // Delivered twice: nothing more.
    const again2 = await mergeRepeat({ store, province, clock: at('2026-12-10T02:32:00Z') }, { caseNumber: open.caseNumber, repeat: again.caseNumber });
    expect(again2.outcome).toBe('alreadyMerged');
    expect(commits).toHaveLength(2);
    expect(messagesOf(open.caseNumber)).toHaveLength(1);
  });

  it('waiting for the decision to accept, it says so, with that limit', async () => {
    const waiting = registered('330122-2026-000041', '330122', '2026-12-01T09:00:00+08:00');
    const again = registered('330122-2026-000053', '330122', '2026-12-03T10:00:00+08:00', { repeatOf: waiting.caseNumber });
    const { store, commits } = storeOf([waiting, again]);

    await routeCase({ store, province, clock: at('2026-12-03T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(commits[0]!.message?.text).toContain('桐庐县信访局正在审查是否受理，受理告知期限至');
  });

  it('while 杭州市 reviews it (复查), a visit to 桐庐县 is told the review goes on there', async () => {
    const reviewing = { ...open, status: 'underReview' as const, reviewLevel: 0 as const, reviews: [{ level: 1 as const, jurisdiction: '330100', requestedAt: '2027-01-05T02:00:00Z', requestedBy: 'petitioner', reason: '不服' }], deadlines: { reviewDecision: '2027-02-04T16:00:00.000Z' } };
    const again = registered('330122-2026-000054', '330122', '2027-01-10T10:00:00+08:00', { repeatOf: reviewing.caseNumber });
    const { store, commits } = storeOf([reviewing, again]);

    await routeCase({ store, province, clock: at('2027-01-10T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(commits[0]!.case.status).toBe('declined');
    expect(commits[0]!.message?.text).toContain('杭州市信访局正在复查，复查期限至2027年2月4日');
  });
});

describe('重复信访 by a group: the same matter raised now by many (集体访) is for staff to judge', () => {
  const open = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'assigned',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });
  const group = { headCount: 12, representatives: [{ anonymous: false, name: '李四', phone: '13800002222' }] };

  it('is not declined into a case that records no group: it waits on 待分办 with the head count and the earlier case', async () => {
    const together = registered('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: open.caseNumber, collective: group });
    const { store, commits } = storeOf([open, together]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: together.caseNumber, reason: 'registered' });

    expect(outcome.outcome).toBe('triage');
    expect(commits[0]!.case.status).toBe('registered');
    expect(commits[0]!.case.triage?.reasons.join(' ')).toContain('集体访（12人）反映的事项与 330122-2026-000040 相同');
    // No letter goes to the group.
    expect(commits[0]!.outbox?.some((o) => o.queue === 'notify' && JSON.stringify(o.body).includes('不予受理'))).not.toBe(true);
  });

  it('a group repeating its own collective petition is a 重复件 as any other', async () => {
    const first = { ...open, collective: group };
    const again = registered('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: open.caseNumber, collective: group });
    const { store, commits } = storeOf([first, again]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome.outcome).toBe('decline');
    expect(commits[0]!.case.status).toBe('declined');
  });
});

describe('重复信访 of an answered matter: the way on is 复查, not the same petition again', () => {
  // 桐庐县 answered on 20 December; a review could be asked of 杭州市 until 19 January.
  const answered = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'replied',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: {},
    reply: { at: '2026-12-20T02:00:00.000Z', by: 'tl-registrar', letterId: 'letter-1', delivery: 'post', level: 0, reviewRequestBy: '2027-01-19T16:00:00.000Z' },
  });

  it('within the window: declined, telling the petitioner to ask 杭州市 for a review, by when and how', async () => {
    const again = registered('330122-2026-000060', '330122', '2026-12-28T10:00:00+08:00', { repeatOf: answered.caseNumber });
    const { store, commits } = storeOf([answered, again]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-28T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome.outcome).toBe('decline');
    expect(commits[0]!.message?.text).toContain('对答复意见不服的，可以向杭州市信访局请求复查，最迟于2027年1月19日提出');
    // Nothing is added to the answered case.
    expect(commits[0]!.outbox?.some((o) => o.queue === 'routing')).toBeFalsy();
  });

  it('brought to 杭州市, the level that would review it: left to its staff, as likely the 复查 request itself', async () => {
    const again = registered('330100-2026-000062', '330100', '2026-12-28T10:00:00+08:00', { repeatOf: answered.caseNumber });
    const { store } = storeOf([answered, again]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-28T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'triage', reasons: [expect.stringContaining('请在原件 330122-2026-000040 上登记复查申请')] });
  });

  it('after the window: left to staff, who judge whether there was good reason or new facts', async () => {
    const again = registered('330122-2026-000061', '330122', '2027-02-01T10:00:00+08:00', { repeatOf: answered.caseNumber });
    const { store, commits } = storeOf([answered, again]);

    const outcome = await routeCase({ store, province, clock: at('2027-02-01T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'triage', reasons: [expect.stringContaining('请求复查的期限已于2027年1月19日届满而未请求')] });
    expect(commits[0]!.case.triage).toBeDefined();
  });
});

describe('重复信访: the edges a reviewer found', () => {
  const open = registered('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
    status: 'assigned',
    handling: { lead: '330122-housing', cooperating: [] },
    deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  });

  it('a repeat that accuses a unit is routed as a report, never folded into a case it may accuse', async () => {
    const accusing = registered('330122-2026-000070', '330122', '2026-12-10T10:00:00+08:00', { repeatOf: open.caseNumber, accusedUnits: ['330122-housing'] });
    const { store, commits } = storeOf([open, accusing]);

    const outcome = await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: accusing.caseNumber, reason: 'registered' });

    expect(outcome.outcome).not.toBe('decline');
    expect(commits[0]!.outbox?.some((o) => o.queue === 'routing' && (o.body as { reason: string }).reason === 'repeatReceived')).toBeFalsy();
  });

  it('the seventh visit on one matter still reaches the open case: 重复件 on the way do not use up the chain', async () => {
    const repeats: Case[] = [];
    let previous = open.caseNumber;
    for (let i = 0; i < 6; i++) {
      const n = `330122-2026-00008${i}`;
      repeats.push(registered(n, '330122', `2026-12-1${i}T10:00:00+08:00`, { repeatOf: previous, status: 'declined' }));
      previous = n;
    }
    const seventh = registered('330122-2026-000090', '330122', '2026-12-17T10:00:00+08:00', { repeatOf: previous });
    const { store, commits } = storeOf([open, ...repeats, seventh]);

    await routeCase({ store, province, clock: at('2026-12-17T02:30:00Z') }, { caseNumber: seventh.caseNumber, reason: 'registered' });

    expect(commits[0]!.case.status).toBe('declined');
    expect(commits[0]!.outbox?.find((o) => o.queue === 'routing')?.body).toMatchObject({ caseNumber: open.caseNumber, repeat: seventh.caseNumber });
  });

  it('two letters routed in the wrong order: the second goes to the open case, not to the first one not yet judged', async () => {
    const first = registered('330122-2026-000071', '330122', '2026-12-10T09:00:00+08:00', { repeatOf: open.caseNumber });
    const second = registered('330122-2026-000072', '330122', '2026-12-10T09:05:00+08:00', { repeatOf: first.caseNumber });
    const { store, commits } = storeOf([open, first, second]);

    await routeCase({ store, province, clock: at('2026-12-10T02:30:00Z') }, { caseNumber: second.caseNumber, reason: 'registered' });

    expect(commits[0]!.outbox?.find((o) => o.queue === 'routing')?.body).toMatchObject({ caseNumber: open.caseNumber });
  });

  it('material sent to a case declined since as a 重复件 goes on to the case it was linked to', async () => {
    const declinedRepeat = registered('330122-2026-000073', '330122', '2026-12-10T09:00:00+08:00', { repeatOf: open.caseNumber, status: 'declined' });
    const late = registered('330122-2026-000074', '330122', '2026-12-10T09:05:00+08:00', { repeatOf: declinedRepeat.caseNumber, status: 'declined' });
    const { store, messagesOf } = storeOf([open, declinedRepeat, late]);

    const merged = await mergeRepeat({ store, province, clock: at('2026-12-10T02:31:00Z') }, { caseNumber: declinedRepeat.caseNumber, repeat: late.caseNumber });

    expect(merged).toMatchObject({ outcome: 'merged', caseNumber: open.caseNumber });
    expect(messagesOf(open.caseNumber)).toHaveLength(1);
    expect(messagesOf(declinedRepeat.caseNumber)).toHaveLength(0);
  });

  it('an emailed repeat is matched on contacts alone: its words come marked as from a sender not proven', async () => {
    const emailed = { ...registered('330122-2026-000077', '330122', '2026-12-10T09:00:00+08:00', { repeatOf: open.caseNumber, status: 'declined' }), channel: 'email' as const };
    const visited = registered('330122-2026-000078', '330122', '2026-12-10T09:30:00+08:00', { repeatOf: open.caseNumber, status: 'declined' });
    const { store, messagesOf } = storeOf([open, emailed, visited]);

    await mergeRepeat({ store, province, clock: at('2026-12-10T02:31:00Z') }, { caseNumber: open.caseNumber, repeat: emailed.caseNumber });
    await mergeRepeat({ store, province, clock: at('2026-12-10T02:32:00Z') }, { caseNumber: open.caseNumber, repeat: visited.caseNumber });

    const [byMail, inPerson] = messagesOf(open.caseNumber);
    expect(byMail).toMatchObject({ senderVerified: false, text: expect.stringContaining('发件人身份未经核实') });
    expect(inPerson!.senderVerified).toBeUndefined();
    expect(inPerson!.text).not.toContain('未经核实');
  });

  it('an emailed repeat staff linked by hand is marked as their judgement, not as matched on contacts', async () => {
    const linked = {
      ...registered('330122-2026-000079', '330122', '2026-12-10T09:00:00+08:00', { repeatOf: open.caseNumber, status: 'declined' }),
      channel: 'email' as const,
      repeatLinkedBy: 'tl-office',
    };
    const { store, messagesOf } = storeOf([open, linked]);

    await mergeRepeat({ store, province, clock: at('2026-12-10T02:31:00Z') }, { caseNumber: open.caseNumber, repeat: linked.caseNumber });

    const [message] = messagesOf(open.caseNumber);
    expect(message!.text).toContain('经工作人员核对关联为重复件');
    expect(message!.text).not.toContain('联系方式');
    expect(message!.senderVerified).toBeUndefined();
  });

  it('past the open case’s limit the letter says the limit has run out, not a day gone by', async () => {
    const again = registered('330122-2026-000075', '330122', '2027-02-03T10:00:00+08:00', { repeatOf: open.caseNumber });
    const { store, commits } = storeOf([open, again]);

    await routeCase({ store, province, clock: at('2027-02-03T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(commits[0]!.message?.text).toContain('办理期限已于2027年1月30日届满，正按规定逐级督促办理');
  });

  it('an answered case filed since (归档) still stands: a repeat after its window goes to staff', async () => {
    const filed = registered('330122-2026-000041', '330122', '2026-12-01T09:00:00+08:00', {
      status: 'archived',
      deadlines: {},
      reply: { at: '2026-12-20T02:00:00.000Z', by: 'tl-registrar', letterId: 'letter-1', delivery: 'post', level: 0, reviewRequestBy: '2027-01-19T16:00:00.000Z' },
    });
    const again = registered('330122-2026-000076', '330122', '2027-02-01T10:00:00+08:00', { repeatOf: filed.caseNumber });
    const { store } = storeOf([filed, again]);

    const outcome = await routeCase({ store, province, clock: at('2027-02-01T02:30:00Z') }, { caseNumber: again.caseNumber, reason: 'registered' });

    expect(outcome).toMatchObject({ outcome: 'triage', reasons: [expect.stringContaining('届满而未请求')] });
  });
});
