import { describe, expect, it } from 'vitest';
import { linkCaseAsRepeat } from '../../shared/app/link-repeat.js';
import { mergeRepeat } from '../../shared/app/routing/merge-repeat.js';
import { routeCase } from '../../shared/app/routing/route-case.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, CaseEvent, CaseMessage } from '../../shared/domain/case.js';
import { DomainError } from '../../shared/domain/errors.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// 关联为重复件: a petitioner who writes letters, known only by name and postal address, is never matched by the intake
// (an address such as 桐庐县 says too little); the office recognises the second letter and links it by hand.
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const MATTER = '我家住城南小区5幢，楼顶漏水已经三个月，物业一直不修，请求住建部门督促维修。';
const WRITER = { anonymous: false, name: '王秀英', address: '桐庐县城南街道迎春路8号城南小区5幢302室' };
const at = (iso: string) => ({ now: () => new Date(iso) });

function letter(caseNumber: string, jurisdiction: string, receivedAt: string, extra: Partial<Case> = {}): Case {
  const c = registerPetition(
    { jurisdiction, channel: 'letter', receivedAt, subject: '楼顶漏水', matter: MATTER, petitioner: WRITER },
    { caseNumber, at: receivedAt, actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
  return { ...c, ...extra };
}

/** The router could not place the second letter: it waits on the office's 待分办 list. */
const onTriage = (c: Case): Case => ({ ...c, triage: { since: c.registeredAt, reasons: ['未能确定承办单位，请人工分办。'] } });

function storeOf(cases: Case[]) {
  const byNumber = new Map(cases.map((c) => [c.caseNumber, c]));
  const events = new Map<string, CaseEvent[]>();
  const messages = new Map<string, CaseMessage[]>();
  const commits: CaseCommit[] = [];
  return {
    commits,
    eventsOf: (n: string) => events.get(n) ?? [],
    messagesOf: (n: string) => messages.get(n) ?? [],
    store: {
      get: async (n: string) => (byNumber.has(n) ? { case: byNumber.get(n)!, events: events.get(n) ?? [], messages: messages.get(n) ?? [] } : undefined),
      getCaseRecord: async (n: string) => byNumber.get(n),
      commit: async (change: CaseCommit) => {
        const n = change.case.caseNumber;
        commits.push(change);
        byNumber.set(n, change.case);
        events.set(n, [...(events.get(n) ?? []), ...(change.precededBy ?? []), change.event]);
        if (change.message) messages.set(n, [...(messages.get(n) ?? []), change.message]);
        return 'committed' as const;
      },
    },
  };
}

/** What a refusal says, in both languages, and its code. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { code, chinese, field } = error as DomainError;
  return { code, chinese, field };
}

// 桐庐县 accepted the first letter on 1 December and gave it to its housing bureau: handling runs until 30 January.
const first = letter('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
  status: 'assigned',
  handling: { lead: '330122-housing', cooperating: [] },
  deadlines: { handling: '2027-01-30T16:00:00.000Z' },
});
const NOTE = '同一信访人王秀英，同一住址，反映的仍是城南小区5幢楼顶漏水';

describe('关联为重复件: a letter-writer’s second letter, linked by hand, is treated as a repeat the intake had found', () => {
  it('open at this office: declined as a 重复件 with the very letter an automatic repeat gets, and its material merged into the first case', async () => {
    const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
    const { store, commits, eventsOf, messagesOf } = storeOf([first, second]);

    const linked = await linkCaseAsRepeat({ store, province, clock: at('2026-12-10T03:00:00Z') }, second.caseNumber, office, { earlier: first.caseNumber, note: NOTE });

    expect(linked).toMatchObject({ status: 'declined', repeatOf: first.caseNumber });
    expect(linked.triage).toBeUndefined();
    // The history: who linked it and why, then the decline with the router's reason.
    expect(eventsOf(second.caseNumber).map((e) => [e.type, e.actor])).toEqual([
      ['repeatLinked', 'tonglu-office'],
      ['declined', 'tonglu-office'],
    ]);
    expect(eventsOf(second.caseNumber)[0]).toMatchObject({ reason: NOTE, detail: { earlier: first.caseNumber } });
    expect(eventsOf(second.caseNumber)[1]!.detail).toMatchObject({ reasons: [expect.stringContaining('重复信访：与 330122-2026-000040 为同一事项，正由桐庐县住房和城乡建设局办理')] });

    // The same letter, by post (she gave no email), and the same request to merge, as the router writes for a repeat it flagged.
    const twin = { ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), repeatOf: first.caseNumber };
    const automatic = storeOf([first, twin]);
    await routeCase({ store: automatic.store, province, clock: at('2026-12-10T03:00:00Z') }, { caseNumber: twin.caseNumber, reason: 'registered' });
    const [manual, routed] = [commits[0]!, automatic.commits[0]!];
    expect(manual.message?.text).toContain('已作为重复信访登记，您提供的情况和材料已转入原件一并办理，不再另行受理');
    expect(manual.message?.text).toBe(routed.message?.text);
    expect(manual.outbox).toEqual(routed.outbox);
    expect(manual.outbox?.find((o) => o.queue === 'routing')?.body).toEqual({ caseNumber: first.caseNumber, reason: 'repeatReceived', repeat: second.caseNumber });

    // The router takes that request as for any repeat: her words are on the first case, the bureau is told.
    expect((await mergeRepeat({ store, province, clock: at('2026-12-10T03:01:00Z') }, { caseNumber: first.caseNumber, repeat: second.caseNumber })).outcome).toBe('merged');
    expect(messagesOf(first.caseNumber)).toEqual([expect.objectContaining({ kind: 'repeat', text: expect.stringContaining('重复件 330122-2026-000052（来信') })]);
  });

  it('brought to 杭州市 while 桐庐县 handles it within its limits: the city declines it under 第十九条, in its own name, and her words go to the county’s case', async () => {
    const city: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
    const toCity = onTriage(letter('330100-2026-000090', '330100', '2026-12-04T10:00:00+08:00'));
    const { store, commits, eventsOf } = storeOf([first, toCity]);

    const linked = await linkCaseAsRepeat({ store, province, clock: at('2026-12-04T03:00:00Z') }, toCity.caseNumber, city, { earlier: first.caseNumber, note: NOTE });

    expect(linked).toMatchObject({ status: 'declined', jurisdiction: '330100' });
    expect(eventsOf(toCity.caseNumber).map((e) => [e.type, e.actor])).toEqual([
      ['repeatLinked', 'hz-office'],
      ['declined', 'hz-office'],
    ]);
    expect(commits[0]!.message?.text).toContain('已登记（登记编号 330122-2026-000040），正由桐庐县住房和城乡建设局在规定期限内办理');
    expect(commits[0]!.outbox?.find((o) => o.queue === 'routing')?.body).toEqual({ caseNumber: first.caseNumber, reason: 'repeatReceived', repeat: toCity.caseNumber });
  });

  it('the same request twice answers the same case: one event, one letter', async () => {
    const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
    const { store, commits } = storeOf([first, second]);
    const deps = { store, province, clock: at('2026-12-10T03:00:00Z') };

    const once = await linkCaseAsRepeat(deps, second.caseNumber, office, { earlier: first.caseNumber, note: NOTE, expectedVersion: second.version });
    const twice = await linkCaseAsRepeat(deps, second.caseNumber, office, { earlier: first.caseNumber, note: NOTE, expectedVersion: second.version });

    expect(twice).toEqual(once);
    expect(commits).toHaveLength(1);
    expect(commits.flatMap((c) => c.outbox ?? []).filter((o) => o.queue === 'routing')).toHaveLength(1);
  });

  it('re-reviewed (复核) before: declined, the matter is final (第三十六条)', async () => {
    const final = letter('330122-2026-000030', '330122', '2026-06-01T09:00:00+08:00', { status: 'closed', reviewLevel: 2, deadlines: {} });
    const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
    const { store, commits } = storeOf([final, second]);

    const linked = await linkCaseAsRepeat({ store, province, clock: at('2026-12-10T03:00:00Z') }, second.caseNumber, office, { earlier: final.caseNumber, note: NOTE });

    expect(linked.status).toBe('declined');
    expect(commits[0]!.message?.text).toContain('并已经复核，复核意见为最终意见');
    // The letter rests on its article and says what is left open to the petitioner.
    expect(commits[0]!.message?.text).toContain('依照《信访工作条例》第三十六条，信访事项经复核后，信访人以同一事实和理由再次提出的，不再受理。');
    expect(commits[0]!.message?.text).toContain('如您有新的事实和理由，可以另行反映');
  });

  describe('answered, and the review window passed unused: staff judge whether there was good reason', () => {
    const answered = letter('330122-2026-000040', '330122', '2026-12-01T09:00:00+08:00', {
      status: 'replied',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: {},
      reply: { at: '2026-12-20T02:00:00.000Z', by: 'tonglu-registrar', letterId: 'letter-1', delivery: 'post', level: 0, reviewRequestBy: '2027-01-19T16:00:00.000Z' },
    });

    it('on the triage list already: it stays there, the reason why first among its reasons; no letter', async () => {
      const second = onTriage(letter('330122-2026-000061', '330122', '2027-02-01T10:00:00+08:00'));
      const { store, commits, eventsOf } = storeOf([answered, second]);

      const linked = await linkCaseAsRepeat({ store, province, clock: at('2027-02-01T03:00:00Z') }, second.caseNumber, office, { earlier: answered.caseNumber, note: NOTE });

      expect(linked.status).toBe('registered');
      expect(linked.triage?.reasons).toEqual([expect.stringContaining('请求复查的期限已于2027年1月19日届满而未请求'), '未能确定承办单位，请人工分办。']);
      expect(eventsOf(second.caseNumber).map((e) => e.type)).toEqual(['repeatLinked']);
      expect(commits[0]!.outbox ?? []).toEqual([]);
      expect(commits[0]!.message).toBeUndefined();
    });

    it('not routed yet: it goes to the triage list saying so, as the router would put it', async () => {
      const second = letter('330122-2026-000061', '330122', '2027-02-01T10:00:00+08:00');
      const { store, eventsOf } = storeOf([answered, second]);

      const linked = await linkCaseAsRepeat({ store, province, clock: at('2027-02-01T03:00:00Z') }, second.caseNumber, office, { earlier: answered.caseNumber, note: NOTE });

      expect(linked.triage?.reasons).toEqual([expect.stringContaining('届满而未请求')]);
      expect(eventsOf(second.caseNumber).map((e) => e.type)).toEqual(['repeatLinked', 'sentToTriage']);
    });
  });

  it('nothing stands in the way (the first letter was withdrawn): linked and counted as a repeat, left on the triage list for staff', async () => {
    const withdrawn = { ...first, status: 'withdrawn' as const, deadlines: {} };
    const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
    const { store, commits } = storeOf([withdrawn, second]);

    const linked = await linkCaseAsRepeat({ store, province, clock: at('2026-12-10T03:00:00Z') }, second.caseNumber, office, { earlier: withdrawn.caseNumber, note: NOTE });

    expect(linked).toMatchObject({ status: 'registered', repeatOf: withdrawn.caseNumber, triage: second.triage });
    expect(commits[0]!.outbox ?? []).toEqual([]);
  });

  it('is offered to the office on a case not yet decided and linked to nothing, never to the desk', () => {
    const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
    const registrar: Actor = { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar'] };
    expect(allowedActions(office, second, province.tree)).toContain('linkRepeat');
    expect(allowedActions(registrar, second, province.tree)).not.toContain('linkRepeat');
    expect(allowedActions(office, { ...second, repeatOf: first.caseNumber }, province.tree)).not.toContain('linkRepeat');
    expect(allowedActions(office, first, province.tree)).not.toContain('linkRepeat');
  });
});

describe('关联为重复件: what is refused, and why, in Chinese', () => {
  const second = onTriage(letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'));
  const deps = (cases: Case[]) => ({ ...storeOf(cases), province, clock: at('2026-12-10T03:00:00Z') });

  it('the case itself, or a letter received after it, as the earlier case (400 at earlier)', async () => {
    const later = letter('330122-2026-000060', '330122', '2026-12-12T10:00:00+08:00');
    const d = deps([first, second, later]);
    expect(await refusal(linkCaseAsRepeat(d, second.caseNumber, office, { earlier: second.caseNumber, note: NOTE }))).toEqual({ code: 'InvalidInput', chinese: '不能将本件关联为自身的重复件', field: undefined });
    expect(await refusal(linkCaseAsRepeat(d, second.caseNumber, office, { earlier: later.caseNumber, note: NOTE }))).toMatchObject({
      code: 'InvalidInput',
      chinese: '330122-2026-000060 于2026年12月12日 10:00收到，晚于本件，不能作为本件的前案',
    });
    expect(d.commits).toEqual([]);
  });

  describe('only the same petitioner by what the two cases record: the same name, or a shared email or phone', () => {
    // A neighbour in the same building wrote on the same roof first: her case is open at the housing bureau.
    const neighbour = letter('330122-2026-000041', '330122', '2026-12-02T09:00:00+08:00', {
      status: 'assigned',
      handling: { lead: '330122-housing', cooperating: [] },
      deadlines: { handling: '2027-01-30T16:00:00.000Z' },
      petitioner: { anonymous: false, name: '李建国', address: '桐庐县城南街道迎春路8号城南小区5幢401室', phone: '13905710001' },
    });
    const NOT_SAME = '330122-2026-000041 的信访人与本件信访人姓名不同，也没有相同的电话或电子邮箱，不是同一信访人，不能作为本件的前案（亲属等代为反映的，不作为重复件关联）';

    it('another person’s case on the same matter is refused (400 at earlier), naming no one: no letter, nothing merged into it', async () => {
      const d = deps([neighbour, second]);
      const refused = await refusal(linkCaseAsRepeat(d, second.caseNumber, office, { earlier: neighbour.caseNumber, note: '同一楼顶漏水' }));
      expect(refused).toEqual({ code: 'InvalidInput', chinese: NOT_SAME, field: undefined });
      expect(refused.chinese).not.toContain('李建国');
      expect(refused.chinese).not.toContain('王秀英');
      expect(d.commits).toEqual([]);
    });

    it('the accused writing on the report that accuses him is refused: he is not told it exists nor who handles it (第三十条)', async () => {
      const report = letter('330122-2026-000043', '330122', '2026-12-03T09:00:00+08:00', {
        subject: '举报城南小区物业经理',
        matter: '举报城南小区物业经理赵志强挪用维修基金，楼顶漏水三个月不修。',
        status: 'assigned',
        handling: { lead: '330122-housing', cooperating: [] },
        deadlines: { handling: '2027-01-30T16:00:00.000Z' },
        accusedUnits: ['330122-housing'],
        petitioner: { anonymous: false, name: '陈丽', phone: '13905710002' },
      });
      const accused = onTriage({ ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), petitioner: { anonymous: false, name: '赵志强', address: '桐庐县城南街道' } });
      const d = deps([report, accused]);
      expect((await refusal(linkCaseAsRepeat(d, accused.caseNumber, office, { earlier: report.caseNumber, note: NOTE }))).chinese).toBe(NOT_SAME.replace('330122-2026-000041', report.caseNumber));
      expect(d.commits).toEqual([]);
    });

    it('a relative writing for her under his own name is another petitioner', async () => {
      const son = onTriage({ ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), petitioner: { anonymous: false, name: '王建华', address: WRITER.address } });
      const d = deps([first, son]);
      expect((await refusal(linkCaseAsRepeat(d, son.caseNumber, office, { earlier: first.caseNumber, note: '其子代母反映' }))).chinese).toBe(NOT_SAME.replace('330122-2026-000041', first.caseNumber));
    });

    it('either case anonymous is refused: an anonymous petition is no one’s to be the same as', async () => {
      const anonymousFirst = { ...first, petitioner: { anonymous: true } };
      expect(await refusal(linkCaseAsRepeat(deps([anonymousFirst, second]), second.caseNumber, office, { earlier: first.caseNumber, note: NOTE }))).toEqual({
        code: 'InvalidInput',
        chinese: '330122-2026-000040 为匿名信访，无法认定与本件为同一信访人，不能作为本件的前案',
        field: undefined,
      });
      const anonymousSecond = { ...second, petitioner: { anonymous: true, name: '王秀英' } };
      expect(await refusal(linkCaseAsRepeat(deps([first, anonymousSecond]), second.caseNumber, office, { earlier: first.caseNumber, note: NOTE }))).toMatchObject({
        code: 'InvalidInput',
        chinese: '本件为匿名信访，无法认定与 330122-2026-000040 为同一信访人，不能关联为重复件',
      });
    });

    it('the same name however typed (full-width, spaces), or another name with a shared phone or email, is the same petitioner', async () => {
      const typed = onTriage({ ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), petitioner: { anonymous: false, name: ' 王\u3000秀 英 ' } });
      expect((await linkCaseAsRepeat(deps([first, typed]), typed.caseNumber, office, { earlier: first.caseNumber, note: NOTE })).status).toBe('declined');

      // The name misspelt, the phone written another way: the contact index's normalisation matches them.
      const byPhone = onTriage({ ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), petitioner: { anonymous: false, name: '李建囯', phone: '+86 139-0571-0001' } });
      expect((await linkCaseAsRepeat(deps([neighbour, byPhone]), byPhone.caseNumber, office, { earlier: neighbour.caseNumber, note: '同一电话' })).status).toBe('declined');

      const withEmail = { ...first, petitioner: { ...WRITER, email: 'wang.xiuying@example.com' } };
      const byEmail = onTriage({ ...letter('330122-2026-000052', '330122', '2026-12-10T10:00:00+08:00'), petitioner: { anonymous: false, email: ' Wang.Xiuying@Example.com' } });
      expect((await linkCaseAsRepeat(deps([withEmail, byEmail]), byEmail.caseNumber, office, { earlier: first.caseNumber, note: '同一邮箱' })).status).toBe('declined');
    });
  });

  it('an earlier case the caller may not read is answered as one that does not exist (404 at earlier)', async () => {
    const elsewhere = letter('330521-2026-000010', '330521', '2026-12-01T09:00:00+08:00');
    const d = deps([first, second, elsewhere]);
    expect(await refusal(linkCaseAsRepeat(d, second.caseNumber, office, { earlier: elsewhere.caseNumber, note: NOTE }))).toEqual({ code: 'CaseNotFound', chinese: '没有登记编号为 330521-2026-000010 的信访事项', field: 'earlier' });
    expect(await refusal(linkCaseAsRepeat(d, second.caseNumber, office, { earlier: '330122-2026-000999', note: NOTE }))).toEqual({ code: 'CaseNotFound', chinese: '没有登记编号为 330122-2026-000999 的信访事项', field: 'earlier' });
  });

  it('a case already accepted, or already linked, is refused (409)', async () => {
    const accepted = { ...second, status: 'accepted' as const, triage: undefined };
    expect(await refusal(linkCaseAsRepeat(deps([first, accepted]), second.caseNumber, office, { earlier: first.caseNumber, note: NOTE }))).toEqual({
      code: 'InvalidTransition',
      chinese: '该信访事项当前状态为“已受理”，不能关联为重复件',
      field: undefined,
    });
    const other = letter('330122-2026-000045', '330122', '2026-12-05T09:00:00+08:00');
    const linked = { ...second, repeatOf: other.caseNumber };
    expect(await refusal(linkCaseAsRepeat(deps([first, other, linked]), second.caseNumber, office, { earlier: first.caseNumber, note: NOTE }))).toMatchObject({
      code: 'InvalidTransition',
      chinese: '本件已关联为 330122-2026-000045 的重复件，不能再关联其他前案',
    });
  });

  it('a case changed while the plan was made is refused as a conflict (409), expectedVersion or not: a report is never declined on a plan made before it was one', async () => {
    const d = deps([first, second]);
    let reads = 0;
    // Staff record the bureau as accused (it is a report now) just as the router's plan reads the earlier case.
    const store = {
      ...d.store,
      getCaseRecord: async (n: string) => {
        if (n === first.caseNumber && ++reads === 2) {
          const current = (await d.store.get(second.caseNumber))!.case;
          const version = current.version + 1;
          await d.store.commit({
            case: { ...current, accusedUnits: ['330122-housing'], version },
            event: { caseNumber: current.caseNumber, seq: version, type: 'noted', at: '2026-12-10T02:59:00Z', actor: 'tonglu-office', reason: '来信称住建局包庇物业', detail: { accusedUnitsAdded: ['330122-housing'] } },
          });
        }
        return d.store.getCaseRecord(n);
      },
    };

    expect(await refusal(linkCaseAsRepeat({ ...d, store }, second.caseNumber, office, { earlier: first.caseNumber, note: NOTE }))).toEqual({
      code: 'VersionConflict',
      chinese: '信访事项 330122-2026-000052 已被他人修改，请刷新后重试',
      field: undefined,
    });
    expect(reads).toBe(2);
    expect(d.commits.map((c) => c.event.type)).toEqual(['noted']);

    // Linked again on the case as it now is: a report, routed as one — linked, not declined, nothing merged into the bureau's case.
    const linked = await linkCaseAsRepeat(d, second.caseNumber, office, { earlier: first.caseNumber, note: NOTE });
    expect(linked).toMatchObject({ status: 'registered', repeatOf: first.caseNumber, accusedUnits: ['330122-housing'] });
    expect(d.commits.at(-1)!.outbox ?? []).toEqual([]);
  });

  it('the desk may not link it (403)', async () => {
    const registrar: Actor = { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar'] };
    expect((await refusal(linkCaseAsRepeat(deps([first, second]), second.caseNumber, registrar, { earlier: first.caseNumber, note: NOTE }))).code).toBe('OutOfScope');
  });
});
