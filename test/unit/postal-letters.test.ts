import { describe, expect, it } from 'vitest';
import { followUpDueAt } from '../../shared/domain/chase.js';
import { answerFollowUp, close, staffFollowUpDueAt } from '../../shared/domain/closing.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { requestCaseReview } from '../../shared/app/closing/closing.js';
import { handCaseLetterOver, postCaseLetter, recordCaseLetterReceived, tellCaseLetterByPhone } from '../../shared/app/post-letter.js';
import { decisionLetter } from '../../shared/app/closing/letters.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { withHandoffNotices } from '../../shared/app/handoff/apply-handoff.js';
import { acceptance, declining } from '../../shared/app/handoff/decisions.js';
import { handoffCommandSchema } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { InvalidInput, InvalidTransition } from '../../shared/domain/errors.js';
import { lettersToPhone, lettersToPost, lettersUndelivered, markLetterHandedOver, markLetterPhoned, markLetterPosted } from '../../shared/domain/postal.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const registrar: Actor = { staffId: 'tonglu-registrar', jurisdiction: '330122', roles: ['registrar'] };
const handler: Actor = { staffId: 'tonglu-hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] };

/** A letter (来信) to 桐庐县 registered on Friday 4 December 2026 by the registrar, from the petitioner given. */
function letterFrom(petitioner: Petitioner): Case {
  return registerPetition(
    {
      jurisdiction: '330122',
      channel: 'letter',
      receivedAt: '2026-12-04T09:00:00+08:00',
      subject: '小区物业不作为',
      matter: '小区物业公司长期不履行物业服务合同，垃圾无人清运。',
      petitioner,
    },
    { caseNumber: '330122-2026-000031', at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
}

const BY_POST: Petitioner = { anonymous: false, name: '刘芳', address: '桐庐县城南街道白云小区3幢502' };
const AT = '2026-12-04T02:30:00.000Z';

/** 受理 and 交办 to the housing bureau in one change, as the office's triage decision stores it. */
function acceptedAndAssigned(c: Case, at = AT) {
  return acceptance(province, c, office, { thenAssign: { id: 'cmd-1', action: 'assign', caseNumber: c.caseNumber, lead: '330122-housing', cooperating: [], by: 'tonglu-office', byJurisdiction: '330122' } }, at);
}

describe('letters to a petitioner without email are printed and posted (书面告知)', () => {
  it('the acceptance of a letter with a postal address is kept on the case for post, in the same change, worded for paper', () => {
    const change = acceptedAndAssigned(letterFrom(BY_POST));

    expect(change.message).toMatchObject({ id: 'accepted:330122-2026-000031', direction: 'out', kind: 'acceptanceNotice', to: [], postFrom: '330122' });
    expect(change.case.postalLetters).toEqual([
      { id: 'accepted:330122-2026-000031', kind: 'acceptanceNotice', subject: '【330122-2026-000031】信访事项受理告知 — 桐庐县信访局', at: AT, from: '330122' },
    ]);
    // Only the unit is emailed: nothing goes to a petitioner who has no address to send to.
    expect(change.outbox?.map((o) => o.id)).toEqual(['handoff:cmd-1']);
    const text = change.message!.text;
    expect(text).toContain('已交由桐庐县住房和城乡建设局办理');
    expect(text).toContain('办理期间如需补充材料，请寄送或送交桐庐县信访局，并注明登记编号。');
    // Without email, the way to follow the case online is a code from the desk (第二十一条).
    expect(text).toContain('如需在网上信访查询办理进展，可来访或来电向桐庐县信访局领取查询码。');
    expect(text).not.toContain('邮件');
    expect(text.trimEnd().endsWith('桐庐县信访局\n2026年12月4日')).toBe(true);
  });

  it('by email it is emailed as before and nothing waits for post; an anonymous letter or one without any contact gets neither', () => {
    const byEmail = acceptedAndAssigned(letterFrom({ anonymous: false, name: '张伟', email: 'zhangwei@163.example', address: '桐庐县城南街道' }));
    expect(byEmail.message).toBeUndefined();
    expect(byEmail.case.postalLetters).toBeUndefined();
    const mail = byEmail.outbox?.find((o) => o.id === 'accepted:330122-2026-000031');
    expect(mail?.body).toMatchObject({ to: ['zhangwei@163.example'] });
    expect((mail?.body as { text: string }).text).toContain('请直接回复本邮件。\n\n本邮件由系统自动发送。\n桐庐县信访局');

    for (const petitioner of [{ anonymous: true }, { anonymous: true, phone: '13900001111' }, { anonymous: false, name: '王强' }] as Petitioner[]) {
      const change = acceptedAndAssigned(letterFrom(petitioner));
      expect(change.message).toBeUndefined();
      expect(change.case.postalLetters).toBeUndefined();
      expect(change.outbox?.map((o) => o.id)).toEqual(['handoff:cmd-1']);
    }
  });

  it('a letter signed with only a return address (未留姓名) is posted like any, addressed to 信访人', () => {
    const change = acceptedAndAssigned(letterFrom({ anonymous: false, address: '桐庐县城南街道白云小区3幢502' }));

    expect(change.case.postalLetters?.map((l) => l.kind)).toEqual(['acceptanceNotice']);
    expect(change.message!.text).toMatch(/^信访人：\n/);
    expect(change.message!.text).not.toContain('undefined');
  });

  it('the acceptance is told once: a later transfer to another unit is a 转办告知 of its own, posted or not', () => {
    const first = acceptedAndAssigned(letterFrom(BY_POST)).case;
    const command = handoffCommandSchema.parse({ id: 'cmd-2', action: 'transfer', caseNumber: first.caseNumber, toJurisdiction: '330122', lead: '330122-hrss', cooperating: [], reason: '属劳动保障', by: 'tonglu-office', byJurisdiction: '330122' });
    const later = '2026-12-07T02:00:00.000Z';
    for (const before of [first, markLetterPosted(first, 'accepted:330122-2026-000031', { at: later, actor: 'tonglu-registrar' }).case]) {
      const transferred = withHandoffNotices(province, command, planHandoff(before, command, province, later), before, later);
      expect(transferred.message).toMatchObject({ id: 'transferred:330122-2026-000031:cmd-2', kind: 'transferNotice' });
      expect(transferred.message!.text).toContain('现转由桐庐县人力资源和社会保障局办理');
      expect(transferred.case.postalLetters?.map((l) => l.kind)).toEqual(['acceptanceNotice', 'transferNotice']);
    }
  });

  it('不予受理 to a petitioner without email is a letter for post with the reason', () => {
    const change = declining(province, letterFrom(BY_POST), office, '该事项已进入民事诉讼程序，请依法通过诉讼途径解决。', undefined, AT);
    expect(change.message).toMatchObject({ id: 'declined:330122-2026-000031:2', kind: 'declineNotice', postFrom: '330122' });
    expect(change.message!.text).toContain('理由：该事项已进入民事诉讼程序');
    expect(change.case.postalLetters?.map((l) => l.kind)).toEqual(['declineNotice']);
    expect(change.outbox ?? []).toEqual([]);
  });

  it('the decision letter for post asks for a review in writing and leaves the seal to the paper; by email it keeps its words', () => {
    const accepted = acceptedAndAssigned(letterFrom(BY_POST)).case;
    const content = { id: 'decision:x', level: 0 as const, facts: '经查，物业公司未按合同清运垃圾。', basis: '《物业管理条例》第三十五条。', decision: '责令物业公司限期整改。', at: '2026-12-20T02:00:00.000Z', nextLevel: '330100' };
    const posted = decisionLetter(province, accepted, [], content);
    expect(posted.delivery).toBe('post');
    expect(posted.mail).toBeUndefined();
    expect(posted.message.postFrom).toBe('330122');
    // Where to send it, on paper: the reviewing office's reception address and telephone.
    expect(posted.message.text).toContain('向杭州市信访局请求复查；请书面提出，写明登记编号和理由，寄送或当面递交杭州市信访局（地址：杭州市上城区市民中心来访接待大厅；电话：0571-85250000）。');
    expect(posted.message.text).not.toContain('邮件');
    // It counts from the day it is received, which the letter cannot know: no last day counted from the day it was written.
    const dated = decisionLetter(province, accepted, [], { ...content, reviewRequestBy: '2027-01-19T16:00:00.000Z', reviewRequestBasis: '本期限自2026年12月20日书面答复之日起算。' });
    expect(dated.message.text).not.toContain('请于');
    expect(dated.message.text).not.toContain('书面答复之日起算');
    expect(posted.message.text).not.toContain('经系统签发');

    const emailed = decisionLetter(province, { ...accepted, petitioner: { ...BY_POST, email: 'liufang@163.example' } }, [], content);
    expect(emailed.delivery).toBe('email');
    expect(emailed.message.postFrom).toBeUndefined();
    expect(emailed.message.text).toContain('可直接回复送达本意见书的邮件，写明“申请复查”及理由，也可在网上信访的办理进展页提出。');
    expect(emailed.message.text).toContain('（本意见书经系统签发，与盖章纸质文书具有同等效力；纸质文书可向桐庐县信访局索取。）');
  });
});

describe('寄出: staff record the day a printed letter left', () => {
  const accepted = () => acceptedAndAssigned(letterFrom(BY_POST)).case;
  const ID = 'accepted:330122-2026-000031';

  it('records the day (today unless given), takes it off the list, tells the petitioner’s tracking page, and is refused a second time', () => {
    const c = accepted();
    expect(lettersToPost(c)).toHaveLength(1);
    // Monday morning, recording a letter that left on Friday.
    const posted = markLetterPosted(c, ID, { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar', postedOn: '2026-12-04' });
    expect(posted.case.postalLetters![0]).toMatchObject({ postedOn: '2026-12-04', postedAt: '2026-12-07T01:00:00.000Z', postedBy: 'tonglu-registrar' });
    expect(posted.event).toMatchObject({ type: 'letterPosted', seq: c.version + 1, detail: { letterId: ID, kind: 'acceptanceNotice', postedOn: '2026-12-04' } });
    expect(posted.case.version).toBe(c.version + 1);
    expect(lettersToPost(posted.case)).toEqual([]);
    expect(publicCaseView(posted.case, [posted.event], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text)).toContain('《受理告知书》于2026年12月4日寄出');

    expect(markLetterPosted(c, ID, { at: '2026-12-04T08:00:00.000Z', actor: 'tonglu-office' }).letter.postedOn).toBe('2026-12-04');
    expect(() => markLetterPosted(posted.case, ID, { at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-office' })).toThrow(InvalidTransition);
  });

  it('refuses a day to come, a day before the letter was written, and a letter the case does not have', () => {
    const c = accepted();
    expect(() => markLetterPosted(c, ID, { at: '2026-12-04T08:00:00.000Z', actor: 'tonglu-office', postedOn: '2026-12-05' })).toThrow(/after today \(2026-12-04\)/);
    expect(() => markLetterPosted(c, ID, { at: '2026-12-07T08:00:00.000Z', actor: 'tonglu-office', postedOn: '2026-12-03' })).toThrow(/before the letter was written \(2026-12-04\)/);
    expect(() => markLetterPosted(c, 'declined:330122-2026-000031:2', { at: '2026-12-07T08:00:00.000Z', actor: 'tonglu-office' })).toThrow(InvalidInput);
  });

  it('is offered to the office’s desk while a letter waits, not to a unit that does not lead the case, and no longer once posted', () => {
    const c = accepted();
    expect(allowedActions(office, c, province.tree)).toContain('postLetter');
    expect(allowedActions(registrar, c, province.tree)).toContain('postLetter');
    expect(allowedActions(handler, { ...c, handling: { lead: '330122-hrss', cooperating: [] } }, province.tree)).toContain('postLetter');
    const posted = markLetterPosted(c, ID, { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar' }).case;
    expect(allowedActions(office, posted, province.tree)).not.toContain('postLetter');
    expect(allowedActions(office, letterFrom(BY_POST), province.tree)).not.toContain('postLetter');
  });
});

describe('a written review request is acknowledged in writing', () => {
  it('staff register a 复查 the petitioner asked for by letter: the reviewing office’s receipt goes on its 待寄送 list', async () => {
    const replied: Case = {
      ...acceptedAndAssigned(letterFrom(BY_POST)).case,
      status: 'replied',
      reply: { at: '2026-12-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'post', level: 0, reviewRequestBy: '2027-01-19T16:00:00.000Z' },
    };
    const commits: CaseCommit[] = [];
    const store = {
      get: async () => ({ case: replied, events: [], messages: [] }),
      getCaseRecord: async () => replied,
      commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
    };

    await requestCaseReview({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, replied.caseNumber, registrar, { reason: '对处理意见不服，物业至今未整改。' });

    const receipt = commits[0]!.message!;
    expect(receipt).toMatchObject({ id: 'review-received:330122-2026-000031:1', kind: 'reviewReceived', postFrom: '330100' });
    expect(receipt.text).toContain('由杭州市信访局复查');
    // The regulation's 30 days: cited to it.
    expect(receipt.text).toContain('依照《信访工作条例》，杭州市信访局最迟于');
    expect(receipt.text).toContain('如需补充材料，请寄送或送交杭州市信访局，并注明登记编号。');
    expect(receipt.text).not.toContain('邮件');
    expect(commits[0]!.case.postalLetters?.map((l) => [l.kind, l.from])).toEqual([['acceptanceNotice', '330122'], ['reviewReceived', '330100']]);
    // The reviewing office is still told by email what it has to decide, and 桐庐's office that its decision is disputed.
    expect(commits[0]!.outbox?.map((o) => o.id)).toEqual([expect.stringMatching(/^review-requested:/), expect.stringMatching(/^review-requested-below:/)]);
  });
});

describe('a posted decision letter: the review window runs from its receipt', () => {
  it('posted five days after the reply, the last day to ask for a review and the follow-up move five days later; posted the same day, the window stays', async () => {
    const letterAt = '2026-12-21T02:00:00.000Z';
    const replied: Case = {
      ...acceptedAndAssigned(letterFrom(BY_POST)).case,
      status: 'replied',
      // Replied on Monday 21 December: 30 days end on Wednesday 20 January 2027.
      reply: { at: letterAt, by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'post', level: 0, reviewRequestBy: '2027-01-20T16:00:00.000Z' },
      followUp: { dueAt: '2026-12-28T02:00:00.000Z', round: 1 },
      postalLetters: [{ id: 'decision:x', kind: 'decisionLetter', subject: '信访事项处理意见书', at: letterAt, from: '330122' }],
    };
    const post = async (postedOn: string) => {
      const commits: CaseCommit[] = [];
      const store = { get: async () => ({ case: replied, events: [], messages: [] }), getCaseRecord: async () => replied, commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const) };
      await postCaseLetter({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, replied.caseNumber, registrar, { letterId: 'decision:x', postedOn });
      return commits[0]!;
    };

    const late = await post('2026-12-26');
    expect(late.case.reply?.reviewRequestBy).toBe('2027-01-25T16:00:00.000Z');
    expect(late.event.detail).toMatchObject({ reviewRequestBy: { from: '2027-01-20T16:00:00.000Z', to: '2027-01-25T16:00:00.000Z' } });
    // The follow-up asks about a letter read: 7 days after it left (noon, China time), not after the reply.
    expect(late.case.followUp?.dueAt).toBe('2027-01-02T04:00:00.000Z');

    const sameDay = await post('2026-12-21');
    expect(sameDay.case.reply?.reviewRequestBy).toBe('2027-01-20T16:00:00.000Z');
    expect(sameDay.event.detail).not.toHaveProperty('reviewRequestBy');
    expect(sameDay.case.followUp?.dueAt).toBe('2026-12-28T04:00:00.000Z');

    // 签收: the return receipt says it arrived on Thursday 24 December; the window runs 30 days from then.
    const receive = async (c: Case, receivedOn: string) => {
      const commits: CaseCommit[] = [];
      const store = { get: async () => ({ case: c, events: [], messages: [] }), getCaseRecord: async () => c, commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const) };
      await recordCaseLetterReceived({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, c.caseNumber, registrar, { letterId: 'decision:x', receivedOn });
      return commits[0]!;
    };
    const received = await receive(sameDay.case, '2026-12-24');
    expect(received.event).toMatchObject({ type: 'letterReceived', detail: { receivedOn: '2026-12-24', reviewRequestBy: { from: '2027-01-20T16:00:00.000Z', to: '2027-01-25T16:00:00.000Z' } } });
    expect(received.case.postalLetters?.[0]).toMatchObject({ postedOn: '2026-12-21', receivedOn: '2026-12-24' });
    expect(received.unlisted).toBeUndefined();
    // Once only, never before it was posted, and only for a letter that was.
    await expect(receive(received.case, '2026-12-25')).rejects.toThrow('the letter\'s receipt was recorded');
    await expect(receive(late.case, '2026-12-25')).rejects.toThrow('before the letter was posted (2026-12-26)');
    await expect(receive(replied, '2026-12-24')).rejects.toThrow('is not marked posted yet');
  });
});

describe('电话告知: a petitioner who left only a telephone number is told by phone', () => {
  const BY_PHONE: Petitioner = { anonymous: false, name: '王强', phone: '13900001111' };
  const ID = 'accepted:330122-2026-000031';
  const accepted = () => acceptedAndAssigned(letterFrom(BY_PHONE));

  it('the acceptance is kept on the case to tell by phone, on the office’s list, not for post, and emails nobody', () => {
    const change = accepted();
    expect(change.message).toMatchObject({ id: ID, kind: 'acceptanceNotice', to: [], postFrom: '330122', byPhone: true });
    expect(change.case.postalLetters).toEqual([expect.objectContaining({ id: ID, kind: 'acceptanceNotice', from: '330122', channel: 'phone' })]);
    expect(lettersToPhone(change.case).map((l) => l.id)).toEqual([ID]);
    expect(lettersToPost(change.case)).toEqual([]);
    expect(change.outbox?.map((o) => o.id)).toEqual(['handoff:cmd-1']);
    expect(allowedActions(registrar, change.case, province.tree)).toEqual(expect.arrayContaining(['tellByPhone']));
    expect(allowedActions(registrar, change.case, province.tree)).not.toContain('postLetter');
  });

  it('records the day of the call and what was said, takes it off the list, and is refused a second time or as posted', () => {
    const c = accepted().case;
    expect(() => markLetterPosted(c, ID, { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar' })).toThrow(/told by phone/);
    const told = markLetterPhoned(c, ID, { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar', toldOn: '2026-12-05', note: '已电话告知受理及承办单位，信访人表示知晓。' });
    expect(told.case.postalLetters![0]).toMatchObject({ toldOn: '2026-12-05', toldAt: '2026-12-07T01:00:00.000Z', toldBy: 'tonglu-registrar', toldNote: '已电话告知受理及承办单位，信访人表示知晓。' });
    expect(told.event).toMatchObject({ type: 'letterPhoned', seq: c.version + 1, detail: { letterId: ID, kind: 'acceptanceNotice', toldOn: '2026-12-05' } });
    expect(lettersToPhone(told.case)).toEqual([]);
    expect(allowedActions(registrar, told.case, province.tree)).not.toContain('tellByPhone');
    expect(publicCaseView(told.case, [told.event], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text)).toContain('于2026年12月5日电话告知《受理告知书》');
    expect(() => markLetterPhoned(told.case, ID, { at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-office', note: '再次告知' })).toThrow(/told of the letter by phone on 2026-12-05 by tonglu-registrar/);
    expect(() => markLetterPhoned(c, ID, { at: '2026-12-04T08:00:00.000Z', actor: 'tonglu-office', toldOn: '2026-12-05', note: '已告知' })).toThrow(/after today \(2026-12-04\)/);
  });

  it('a letter for post is not recorded as told by phone', () => {
    const c = acceptedAndAssigned(letterFrom(BY_POST)).case;
    expect(() => markLetterPhoned(c, ID, { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar', note: '已告知' })).toThrow(InvalidInput);
  });

  it('the decision letter is kept to tell by phone: delivery `phone`; the review window counts from the day of the call', async () => {
    const c = accepted().case;
    const content = { id: 'decision:x', level: 0 as const, facts: '经查属实。', basis: '《物业管理条例》第三十五条。', decision: '责令整改。', at: '2026-12-21T02:00:00.000Z', nextLevel: '330100' };
    const letter = decisionLetter(province, c, [], content);
    expect(letter.delivery).toBe('phone');
    expect(letter.mail).toBeUndefined();
    expect(letter.message).toMatchObject({ postFrom: '330122', byPhone: true });

    const replied: Case = {
      ...c,
      status: 'replied',
      reply: { at: content.at, by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'phone', level: 0, reviewRequestBy: '2027-01-20T16:00:00.000Z' },
      followUp: { dueAt: '2026-12-28T02:00:00.000Z', round: 1 },
      postalLetters: [...c.postalLetters!, { id: 'decision:x', kind: 'decisionLetter', subject: '信访事项处理意见书', at: content.at, from: '330122', channel: 'phone' }],
    };
    const commits: CaseCommit[] = [];
    const store = { get: async () => ({ case: replied, events: [], messages: [] }), getCaseRecord: async () => replied, commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const) };
    await tellCaseLetterByPhone({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, replied.caseNumber, registrar, { letterId: 'decision:x', toldOn: '2026-12-26', note: '电话告知处理意见，信访人将来局领取意见书。' });
    expect(commits[0]!.case.reply?.reviewRequestBy).toBe('2027-01-25T16:00:00.000Z');
    expect(commits[0]!.case.followUp?.dueAt).toBe('2027-01-02T04:00:00.000Z');
    expect(commits[0]!.unlisted).toEqual([{ id: 'decision:x', at: content.at }]);
    // Filed only once the petitioner has been told: the acceptance is still waiting for its call.
    expect(allowedActions(office, { ...commits[0]!.case, status: 'closed' }, province.tree)).not.toContain('archive');

    // Closing before the calls says which letters still wait, as staff know them: by name and day, never by message id.
    const refused = (() => {
      try {
        close(replied, { at: '2026-12-28T03:00:00.000Z', actor: 'tonglu-office' });
      } catch (error) {
        return error as InvalidTransition;
      }
    })();
    expect(refused?.chinese).toMatch(/处理意见书（2026年12月21日，待电话告知）；请先寄出、电话告知或当面送达并记录，再结案$/);
    expect(refused?.chinese).not.toContain('decision:');

    // Until that call nobody asks whether they are satisfied with it: no follow-up due, none on 待回访, none to record.
    expect(followUpDueAt(replied)).toBeUndefined();
    expect(staffFollowUpDueAt(replied)).toBeUndefined();
    expect(allowedActions(office, replied, province.tree)).not.toContain('recordFollowUp');
    expect(() => answerFollowUp(replied, { satisfied: true, via: 'staff' }, { at: '2026-12-28T03:00:00.000Z', actor: 'tonglu-office', settings: province.timeLimitsFor('330122'), calendar: province.calendar, followUpAfterDays: 7 } as never)).toThrow(/not reached the petitioner yet/);
    expect(followUpDueAt(commits[0]!.case)).toBe('2027-01-02T04:00:00.000Z');
    expect(allowedActions(office, commits[0]!.case, province.tree)).toContain('recordFollowUp');
  });
});

describe('电话联系未果: repeated calls reached nobody', () => {
  it('keeps the letter to collect: off the list, no longer holding up the filing, no window counted again', async () => {
    const BY_PHONE: Petitioner = { anonymous: false, name: '王强', phone: '13900001111' };
    const c = acceptedAndAssigned(letterFrom(BY_PHONE)).case;
    const gone = markLetterPhoned(c, 'accepted:330122-2026-000031', { at: '2026-12-10T01:00:00.000Z', actor: 'tonglu-registrar', note: '12月7日、8日、10日三次致电均无人接听', unreachable: true });
    expect(gone.case.postalLetters![0]).toMatchObject({ unreachable: true, toldOn: '2026-12-10' });
    expect(gone.event.detail).toMatchObject({ unreachable: true });
    expect(lettersToPhone(gone.case)).toEqual([]);
    expect(publicCaseView(gone.case, [gone.event], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text)).toContain('电话联系未果，《受理告知书》留存备取');

    // A decision letter nobody could be told of: the window printed in it stands.
    const replied: Case = {
      ...c,
      status: 'replied',
      reply: { at: '2026-12-21T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'phone', level: 0, reviewRequestBy: '2027-01-20T16:00:00.000Z' },
      postalLetters: [{ id: 'decision:x', kind: 'decisionLetter', subject: '信访事项处理意见书', at: '2026-12-21T02:00:00.000Z', from: '330122', channel: 'phone' }],
    };
    const commits: CaseCommit[] = [];
    const store = { get: async () => ({ case: replied, events: [], messages: [] }), getCaseRecord: async () => replied, commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const) };
    await tellCaseLetterByPhone({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, replied.caseNumber, registrar, { letterId: 'decision:x', toldOn: '2026-12-26', note: '三次致电未接通', outcome: 'unreachable' });
    expect(commits[0]!.case.reply?.reviewRequestBy).toBe('2027-01-20T16:00:00.000Z');
    expect(commits[0]!.unlisted).toEqual([{ id: 'decision:x', at: '2026-12-21T02:00:00.000Z' }]);
  });
});

describe('当面送达: the written letter handed to the petitioner in person', () => {
  const BY_PHONE: Petitioner = { anonymous: false, name: '王强', phone: '13900001111' };
  const replyAt = '2026-12-21T02:00:00.000Z';
  /** A visitor who left only a telephone number, answered on Monday 21 December: the decision letter waits on 待电话告知. */
  const replied = (): Case => ({
    ...acceptedAndAssigned(letterFrom(BY_PHONE)).case,
    status: 'replied',
    reply: { at: replyAt, by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'phone', level: 0, reviewRequestBy: '2027-01-20T16:00:00.000Z' },
    followUp: { dueAt: '2026-12-28T02:00:00.000Z', round: 1 },
    postalLetters: [{ id: 'decision:x', kind: 'decisionLetter', subject: '信访事项处理意见书', at: replyAt, from: '330122', channel: 'phone' }],
  });
  const handOver = async (c: Case, request: Parameters<typeof handCaseLetterOver>[3]) => {
    const commits: CaseCommit[] = [];
    const store = { get: async () => ({ case: c, events: [], messages: [] }), getCaseRecord: async () => c, commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const) };
    await handCaseLetterOver({ store, province, clock: { now: () => new Date('2026-12-28T02:00:00Z') } }, c.caseNumber, registrar, request);
    return commits[0]!;
  };

  it('a visitor handed the 处理意见书 at the desk: recorded with the day and the signature, off the list, the review window and follow-up from that day', async () => {
    const c = replied();
    expect(allowedActions(registrar, c, province.tree)).toEqual(expect.arrayContaining(['tellByPhone', 'handOver']));
    const handed = await handOver(c, { letterId: 'decision:x', handedOn: '2026-12-26', signature: 'signed', note: '信访人来访领取，当场阅读后签收。' });
    expect(handed.event).toMatchObject({
      type: 'letterHandedOver',
      actor: 'tonglu-registrar',
      detail: { letterId: 'decision:x', handedOn: '2026-12-26', signature: 'signed', note: '信访人来访领取，当场阅读后签收。', reviewRequestBy: { from: '2027-01-20T16:00:00.000Z', to: '2027-01-25T16:00:00.000Z' } },
    });
    expect(handed.case.postalLetters![0]).toMatchObject({ handedOn: '2026-12-26', handedBy: 'tonglu-registrar', handedSignature: 'signed' });
    // 条例 第三十五条: 30 days from receiving the written reply — Saturday 26 December, so to Monday 25 January.
    expect(handed.case.reply?.reviewRequestBy).toBe('2027-01-25T16:00:00.000Z');
    expect(handed.case.followUp?.dueAt).toBe('2027-01-02T04:00:00.000Z');
    expect(handed.unlisted).toEqual([{ id: 'decision:x', at: replyAt }]);
    expect(lettersToPhone(handed.case)).toEqual([]);
    expect(allowedActions(registrar, handed.case, province.tree)).not.toContain('tellByPhone');
    expect(allowedActions(registrar, handed.case, province.tree)).not.toContain('handOver');
    expect(allowedActions(office, handed.case, province.tree)).toContain('recordFollowUp');
    expect(publicCaseView(handed.case, [handed.event], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text)).toContain('《处理意见书》于2026年12月26日当面送达');
    // Once only.
    await expect(handOver(handed.case, { letterId: 'decision:x', signature: 'signed' })).rejects.toThrow(/handed over on 2026-12-26 by tonglu-registrar/);
  });

  it('told by phone first, the written copy collected later: the window counts again from the handover, the later end kept', async () => {
    const told = markLetterPhoned(replied(), 'decision:x', { at: '2026-12-22T02:00:00.000Z', actor: 'tonglu-registrar', note: '电话告知处理意见，信访人将来局领取意见书。' });
    const toldCase: Case = { ...told.case, reply: { ...told.case.reply!, reviewRequestBy: '2027-01-21T16:00:00.000Z' } };
    expect(allowedActions(registrar, toldCase, province.tree)).toContain('handOver');
    const handed = await handOver(toldCase, { letterId: 'decision:x', handedOn: '2026-12-26', signature: 'refused', note: '信访人拒绝签收，接待人员李明、王芳在场见证。' });
    expect(handed.case.reply?.reviewRequestBy).toBe('2027-01-25T16:00:00.000Z');
    expect(handed.case.postalLetters![0]).toMatchObject({ toldOn: '2026-12-22', handedOn: '2026-12-26', handedSignature: 'refused', handedNote: '信访人拒绝签收，接待人员李明、王芳在场见证。' });
    // Off its list already since the call: nothing to take off again.
    expect(handed.unlisted).toBeUndefined();
  });

  it('is refused for a refusal to sign without a note, a day to come, a letter posted (its arrival is 签收) and a void one', async () => {
    const c = replied();
    expect(() => markLetterHandedOver(c, 'decision:x', { at: '2026-12-28T02:00:00.000Z', actor: 'tonglu-registrar', signature: 'refused' })).toThrow(InvalidInput);
    expect(() => markLetterHandedOver(c, 'decision:x', { at: '2026-12-28T02:00:00.000Z', actor: 'tonglu-registrar', signature: 'signed', handedOn: '2026-12-29' })).toThrow(/after today/);
    const posted = markLetterPosted(acceptedAndAssigned(letterFrom(BY_POST)).case, 'accepted:330122-2026-000031', { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar' });
    expect(() => markLetterHandedOver(posted.case, 'accepted:330122-2026-000031', { at: '2026-12-08T01:00:00.000Z', actor: 'tonglu-registrar', signature: 'signed' })).toThrow(/record the day it arrived/);
    expect(allowedActions(registrar, posted.case, province.tree)).not.toContain('handOver');
    const voided: Case = { ...c, postalLetters: [{ ...c.postalLetters![0]!, withdrawnAt: '2026-12-22T02:00:00.000Z' }] };
    expect(() => markLetterHandedOver(voided, 'decision:x', { at: '2026-12-28T02:00:00.000Z', actor: 'tonglu-registrar', signature: 'signed' })).toThrow(InvalidTransition);
  });

  it('a letter for post handed over at the desk instead leaves the 待寄送 list and no longer holds up the filing', () => {
    const c = acceptedAndAssigned(letterFrom(BY_POST)).case;
    const handed = markLetterHandedOver(c, 'accepted:330122-2026-000031', { at: '2026-12-07T01:00:00.000Z', actor: 'tonglu-registrar', signature: 'signed' });
    expect(lettersToPost(handed.case)).toEqual([]);
    expect(allowedActions(registrar, handed.case, province.tree)).not.toContain('postLetter');
    expect(() => markLetterPosted(handed.case, 'accepted:330122-2026-000031', { at: '2026-12-08T01:00:00.000Z', actor: 'tonglu-registrar' })).toThrow(/handed to the petitioner in person on 2026-12-07/);
  });
});

describe('a progress call (办理进展告知) not yet made', () => {
  const letter = (kind: string) => ({ id: `${kind}:1`, kind, channel: 'phone' as const, from: '330122', at: '2026-11-20T02:00:00.000Z', subject: '办理进展', text: '正在核实' });

  it('stays on the 待电话告知 list without holding up 结案 or 归档, as an untold notice does', () => {
    const progress = { postalLetters: [letter('progressNotice')] } as unknown as Case;
    expect(lettersToPhone(progress)).toHaveLength(1);
    expect(lettersUndelivered(progress)).toEqual([]);
    const notice = { postalLetters: [letter('acceptanceNotice')] } as unknown as Case;
    expect(lettersUndelivered(notice)).toHaveLength(1);
  });
});
