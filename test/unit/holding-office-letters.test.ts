import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { composeEmail } from '../../shared/adapters/mail/compose-email.js';
import { decisionLetter, followUpMail, reviewRefusedMail } from '../../shared/app/closing/letters.js';
import { deliverNotification, type DeliverDeps } from '../../shared/app/deliver-notification.js';
import { withHandoffNotices } from '../../shared/app/handoff/apply-handoff.js';
import { handoffCommandSchema, type HandoffCommandInput } from '../../shared/app/handoff/commands.js';
import { acceptance, declining } from '../../shared/app/handoff/decisions.js';
import { assignmentNotice, handoffWords } from '../../shared/app/handoff/notices.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { acknowledgement, unverifiedSenderNotice } from '../../shared/app/intake/letters.js';
import { replyTagger } from '../../shared/app/intake/reply-tag.js';
import { notificationSchema, type NotificationInput } from '../../shared/app/notification.js';
import type { CaseCommit, CaseStore } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case, Petitioner } from '../../shared/domain/case.js';
import { conclude } from '../../shared/domain/closing.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG, handlerEnv } from '../fixtures/handler-env.js';

/**
 * 谁承办谁答复: a case 桐庐县 received and transferred (转办) to 淳安县 is
 * answered by 淳安县信访局 — the letter comes from it, names it and takes the
 * petitioner's replies at its mailbox — while what 桐庐 itself did (the
 * acknowledgement, the transfer) is still told in 桐庐's name. And a county
 * passing a case to a sibling county 转办s it: it cannot 交办.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const NUMBER = '330122-2026-000005';
const PETITIONER: Petitioner = { anonymous: false, name: '陈丽', email: 'chenli1986@163.example' };
const TONGLU = 'xinfang@tonglu.petitions.example';
const CHUNAN = 'xinfang@chunan.petitions.example';
const tongluOffice: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const chunanOffice: Actor = { staffId: 'chunan-office', jurisdiction: '330127', roles: ['petitionsOffice'] };
const KEY = handlerEnv('INFO').REPLY_TAG_KEY!;

/** An email to 桐庐县信访局 on Monday 7 December 2026 about a guesthouse on 千岛湖, in 淳安县. */
function received(petitioner: Petitioner = PETITIONER): Case {
  return registerPetition(
    {
      jurisdiction: '330122',
      channel: 'email',
      receivedAt: '2026-12-07T09:00:00+08:00',
      subject: '千岛湖镇民宿押金不退',
      matter: '我在淳安县千岛湖镇一家民宿预付押金2000元，退房后店主拒不退还，多次协商无果。',
      petitioner,
    },
    { caseNumber: NUMBER, at: '2026-12-07T09:05:00+08:00', actor: 'system:intake', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
}

/** A handoff command on this case, parsed as the handoff queue parses it. */
type CommandFields = HandoffCommandInput extends infer U ? (U extends HandoffCommandInput ? Omit<U, 'caseNumber'> : never) : never;
const command = (input: CommandFields) => handoffCommandSchema.parse({ caseNumber: NUMBER, ...input });

function handOff(c: Case, input: CommandFields, at: string): CaseCommit {
  const cmd = command(input);
  return withHandoffNotices(province, cmd, planHandoff(c, cmd, province, at), c, at);
}

const notices = (change: CaseCommit) => (change.outbox ?? []).filter((o) => o.queue === 'notify').map((o) => o.body as NotificationInput);
const toPetitioner = (change: CaseCommit) => notices(change).filter((n) => n.to.includes(PETITIONER.email!));

/** 桐庐 accepted it and, the matter having arisen in 淳安县, transferred it to 淳安县信访局 (no unit named). */
function transferredToChunan(petitioner: Petitioner = PETITIONER): { change: CaseCommit; case: Case } {
  const accepted = acceptance(province, received(petitioner), tongluOffice, {}, '2026-12-08T02:00:00.000Z').case;
  const change = handOff(accepted, { id: 'cmd-tl-1', action: 'transfer', toJurisdiction: '330127', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县千岛湖镇，属地管理' }, '2026-12-09T02:00:00.000Z');
  return { change, case: change.case };
}

/** 淳安县信访局 handles it itself (自办) and concludes it. */
function concludedByChunan(): Case {
  const { case: held } = transferredToChunan();
  expect(held).toMatchObject({ jurisdiction: '330127', receivingOffice: '330122', status: 'accepted' });
  return conclude(
    held,
    { outcome: 'supported', facts: '经淳安县市场监管部门调解，店主同意退还押金。', basis: '《中华人民共和国民法典》第五百八十七条。', decision: '店主于12月20日前退还押金2000元。' },
    { at: '2026-12-15T02:00:00.000Z', actor: 'chunan-office', settings: province.timeLimitsFor('330127'), calendar: province.calendar },
  ).case;
}

/** What the petitioner's mail client shows: the mail as the mailer composes and sends it. */
async function asReceived(notification: NotificationInput) {
  const sent: Uint8Array[] = [];
  const deps: DeliverDeps = {
    store: { claimNotification: async () => ({ state: 'claimed' }), recordSent: async () => undefined } as unknown as CaseStore,
    sender: {
      sendRaw: async (raw) => {
        sent.push(raw);
        return { messageId: '0100019bb0c4d5e6-7f8a9b0c-1d2e-4f3a-8b5c-7d8e9f0a1b2c-000000' };
      },
      recipientMessageIds: () => [],
    },
    compose: composeEmail,
    province,
    clock: { now: () => new Date('2026-12-15T03:00:00.000Z') },
    replyTags: replyTagger(KEY),
    followers: { publish: async () => undefined },
  };
  await deliverNotification(deps, notificationSchema.parse(notification));
  const mail = await simpleParser(Buffer.from(sent[0]!));
  return { fromName: mail.from?.value[0]?.name, subject: mail.subject, replyTo: mail.replyTo?.value.map((a) => a.address), text: mail.text?.replace(/\r\n/g, '\n') ?? '' };
}

/** The case's tagged reply address at an office's mailbox. */
const taggedAt = (mailbox: string) => replyTagger(KEY).tag(mailbox, NUMBER, PETITIONER.email!);

describe('谁承办谁答复: the letters of a case transferred to another county come from the office now holding it', () => {
  it('the decision letter: from, subject, reply address and footer all name 淳安县信访局, which decided it', async () => {
    const letter = decisionLetter(province, concludedByChunan(), [], {
      id: `decision:${NUMBER}:1`,
      level: 0,
      facts: '经淳安县市场监管部门调解，店主同意退还押金。',
      basis: '《中华人民共和国民法典》第五百八十七条。',
      decision: '店主于12月20日前退还押金2000元。',
      at: '2026-12-16T02:00:00.000Z',
      nextLevel: '330100',
    });
    expect(letter.mail).toMatchObject({ fromName: '淳安县信访局', replyTo: CHUNAN, subject: `【${NUMBER}】信访事项处理意见书 — 淳安县信访局` });

    const seen = await asReceived(letter.mail!);
    expect(seen.fromName).toBe('淳安县信访局');
    expect(seen.subject).toBe(`【${NUMBER}】信访事项处理意见书 — 淳安县信访局`);
    // Replies (a 复查 request, 满意/不满意) reach 淳安, tagged for the case, not 桐庐, which no longer holds it.
    expect(seen.replyTo).toEqual([taggedAt(CHUNAN)]);
    expect(seen.replyTo![0]).toMatch(/^xinfang\+330122-2026-000005\.[0-9a-f]{20}@chunan\.petitions\.example$/);
    expect(seen.text).toContain('经淳安县信访局办理，现答复如下');
    expect(seen.text).toContain('纸质文书可向淳安县信访局索取');
    expect(seen.text).not.toContain('桐庐县信访局');
  });

  it('the follow-up, a refused review request and the notice of an unproven email: from 淳安, answered at 淳安', () => {
    const replied: Case = {
      ...concludedByChunan(),
      status: 'replied',
      reply: { at: '2026-12-16T02:00:00.000Z', by: 'chunan-office', letterId: `decision:${NUMBER}:1`, delivery: 'email', level: 0 },
      followUp: { dueAt: '2026-12-23T02:00:00.000Z', round: 1 },
    };
    const followUp = followUpMail(province, replied, 'token-1')!;
    expect(followUp).toMatchObject({ fromName: '淳安县信访局', replyTo: CHUNAN, subject: `【${NUMBER}】回访：您对信访事项的办理结果是否满意？ — 淳安县信访局` });
    expect(followUp.text.trimEnd().endsWith('本邮件由系统自动发送。\n淳安县信访局')).toBe(true);

    const refused = reviewRefusedMail(province, replied, '复查申请期限已届满。', 'm-1')!;
    expect(refused).toMatchObject({ fromName: '淳安县信访局', replyTo: CHUNAN, subject: `【${NUMBER}】复查（复核）申请不予受理告知 — 淳安县信访局` });
    expect(refused.text.trimEnd().endsWith('淳安县信访局')).toBe(true);

    const unverified = unverifiedSenderNotice(province, replied, 'm-2', 'noProof')!;
    expect(unverified).toMatchObject({ fromName: '淳安县信访局', replyTo: CHUNAN });
    expect(unverified.text.trimEnd().endsWith('淳安县信访局')).toBe(true);
    expect(unverified.text).toContain('以您的邮箱名义发送');

    // From another address (a relative writing for them): said as it is, the address masked, not "in your name".
    const other = unverifiedSenderNotice(province, replied, 'm-3', 'notFromPetitioner', 'lixiuying1975@qq.example')!;
    expect(other.text).toContain('我们收到一封从另一个邮箱（l***@qq.example）发送');
    expect(other.text).not.toContain('以您的邮箱名义');
    expect(other.text).not.toContain('lixiuying1975');
  });

  it('a refused 复核 request after the city’s 复查 is answered by the city, whose letter it replied to', () => {
    const reviewed: Case = {
      ...concludedByChunan(),
      status: 'replied',
      reviewLevel: 1,
      reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-12-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '押金未退', decidedAt: '2027-01-10T02:00:00.000Z', decidedBy: 'hz-office', outcome: 'upheld', summary: '维持' }],
      reply: { at: '2027-01-10T02:00:00.000Z', by: 'hz-office', letterId: `review-decision:${NUMBER}:1`, delivery: 'email', level: 1 },
    };
    expect(reviewRefusedMail(province, reviewed, '复核申请期限已届满。', 'm-3')).toMatchObject({ fromName: '杭州市信访局', replyTo: 'xinfang@hz.petitions.example' });
  });

  it('what 淳安 decides is told by 淳安: the unit it hands the case to, with the acceptance still owed; a decline', () => {
    // 桐庐 accepted without naming a unit (the notice waits for one) and transferred the matter; 淳安 names its unit.
    const { case: held } = transferredToChunan();
    expect(toPetitioner(transferredToChunan().change)).toEqual([]);
    const assigned = handOff(held, { id: 'cmd-ca-1', action: 'assign', lead: '330127-housing', by: 'chunan-office', byJurisdiction: '330127' }, '2026-12-10T02:00:00.000Z');
    const [notice] = toPetitioner(assigned);
    expect(notice).toMatchObject({ id: `accepted:${NUMBER}`, fromName: '淳安县信访局', replyTo: CHUNAN, subject: `【${NUMBER}】信访事项受理告知 — 淳安县信访局` });
    // Told by 淳安, but the acceptance was 桐庐's decision, and is said to be; 桐庐 did not hand it to 淳安's unit (交由), it transferred it.
    expect(notice!.text).toContain('经审查，属于淳安县有关机关职权范围内的事项（属地管理、分级负责），桐庐县信访局决定予以受理，现转由淳安县住房和城乡建设局办理（该事项属其职责范围）。');
    // Accepted by 桐庐 before the transfer: its 60 days, the regulation's, still run.
    expect(notice!.text).toContain('依照《信访工作条例》第三十四条，信访事项应当自受理之日起60日内办结：办理单位最迟于2027年2月9日办结');

    // 杭州市信访局 received a petition the router handed down to 淳安 at registration; 淳安 declines it.
    const handedDown: Case = {
      ...registerPetition(
        { jurisdiction: '330100', channel: 'email', receivedAt: '2026-12-07T09:00:00+08:00', subject: '千岛湖镇民宿押金不退', matter: '民宿押金2000元拒不退还，我已向淳安县人民法院起诉。', petitioner: PETITIONER },
        { caseNumber: '330100-2026-000012', at: '2026-12-07T09:05:00+08:00', actor: 'system:intake', timeLimits: province.timeLimitsFor('330100'), calendar: province.calendar, units: [] },
      ).case,
      jurisdiction: '330127',
    };
    const declined = declining(province, handedDown, chunanOffice, '该纠纷已由淳安县人民法院立案受理，请依法通过诉讼途径解决。', undefined, '2026-12-09T02:00:00.000Z');
    expect(toPetitioner(declined)[0]).toMatchObject({ fromName: '淳安县信访局', replyTo: CHUNAN, subject: '【330100-2026-000012】信访事项不予受理告知 — 淳安县信访局' });
    expect(toPetitioner(declined)[0]!.text).toContain('淳安县信访局决定不予受理');
  });

  it('an office above that declines a case held below signs the decision itself and tells the office that held it', () => {
    const cityOffice: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };
    const declined = declining(province, received(), cityOffice, '该纠纷已由人民法院立案受理，请依法通过诉讼途径解决。', undefined, '2026-12-09T02:00:00.000Z');
    expect(toPetitioner(declined)[0]).toMatchObject({ fromName: '杭州市信访局', subject: `【${NUMBER}】信访事项不予受理告知 — 杭州市信访局` });
    expect(toPetitioner(declined)[0]!.text).toContain('杭州市信访局决定不予受理');
    const told = notices(declined).find((n) => n.id.startsWith('decided-above:'))!;
    expect(told).toMatchObject({ to: [TONGLU], fromName: '杭州市信访局', subject: `【上级机关决定】${NUMBER} 杭州市信访局决定不予受理 — 杭州市信访局` });
    expect(told.text).toContain('理由：该纠纷已由人民法院立案受理');
    // Its own office's decision tells nobody else.
    expect(notices(declining(province, received(), tongluOffice, '不属于信访事项。', undefined, '2026-12-09T02:00:00.000Z')).some((n) => n.id.startsWith('decided-above:'))).toBe(false);
  });

  it('what 桐庐 did is still told by 桐庐: the acknowledgement, and the transfer — whose replies go to 淳安, which has the matter now', async () => {
    expect(acknowledgement(province, received())).toMatchObject({ fromName: '桐庐县信访局', replyTo: TONGLU });

    // Told of the acceptance with 桐庐's housing bureau, then transferred to 淳安: a 转办告知.
    const told = acceptance(province, received(), tongluOffice, { thenAssign: { id: 'cmd-tl-3', action: 'assign', caseNumber: NUMBER, lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' } }, '2026-12-08T02:00:00.000Z');
    expect(toPetitioner(told)[0]).toMatchObject({ fromName: '桐庐县信访局', replyTo: TONGLU });
    const moved = handOff(told.case, { id: 'cmd-tl-4', action: 'transfer', toJurisdiction: '330127', lead: '330127-housing', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' }, '2026-12-09T02:00:00.000Z');
    const [transfer] = toPetitioner(moved);
    expect(transfer).toMatchObject({ id: `transferred:${NUMBER}:cmd-tl-4`, fromName: '桐庐县信访局', replyTo: CHUNAN, subject: `【${NUMBER}】信访事项转办告知 — 桐庐县信访局` });
    expect(transfer!.text).toContain('现转由淳安县住房和城乡建设局办理');
    const seen = await asReceived(transfer!);
    expect(seen.replyTo).toEqual([taggedAt(CHUNAN)]);

    // On paper: signed by 桐庐, material sent to 淳安.
    const byPost: Petitioner = { anonymous: false, name: '陈丽', address: '桐庐县城南街道迎春路8号' };
    const toldByPost = acceptance(province, received(byPost), tongluOffice, { thenAssign: { id: 'cmd-tl-5', action: 'assign', caseNumber: NUMBER, lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' } }, '2026-12-08T02:00:00.000Z');
    const movedByPost = handOff(toldByPost.case, { id: 'cmd-tl-6', action: 'transfer', toJurisdiction: '330127', lead: '330127-housing', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' }, '2026-12-09T02:00:00.000Z');
    expect(movedByPost.message).toMatchObject({ kind: 'transferNotice', postFrom: '330122' });
    expect(movedByPost.message!.text).toContain('办理期间如需补充材料，请寄送或送交淳安县信访局，并注明登记编号。');
    expect(movedByPost.message!.text).toContain('\n桐庐县信访局\n2026年12月9日');
  });
});

describe('交办 is handing down; to a sibling, or anywhere not below, it is 转办', () => {
  it('桐庐 passing the case to 淳安县信访局 heads it 【转办】 and 转送 it, from 桐庐', () => {
    const { change } = transferredToChunan();
    const [toChunan] = notices(change).filter((n) => n.to.includes(CHUNAN));
    expect(toChunan).toMatchObject({ fromName: '桐庐县信访局', subject: `【转办】${NUMBER} 请在${'2027年2月9日'}前办结 — 桐庐县信访局` });
    expect(toChunan!.text).toContain(`桐庐县信访局将信访事项 ${NUMBER}（主题：千岛湖镇民宿押金不退）转送你单位办理`);
    expect(toChunan!.text).not.toMatch(/交办|交由/);
    // The limits that now run for 淳安, as the 交办 letter states the unit's: telling the petitioner, and concluding.
    expect(toChunan!.text).toContain('请依法决定是否受理，于2026年12月24日前（收到之日起15日内，《信访工作条例》第二十三条）书面告知信访人；');
    expect(toChunan!.text).toContain('受理的，依照《信访工作条例》应当自受理之日起60日内办结，即2027年2月9日前。');
    // An office does not write 受理办理情况: it decides whether to accept, and tells the petitioner so.
    expect(toChunan!.text).not.toContain('受理办理情况');
  });

  it('to a unit of the sibling county as well', () => {
    const accepted = acceptance(province, received(), tongluOffice, {}, '2026-12-08T02:00:00.000Z').case;
    const moved = handOff(accepted, { id: 'cmd-tl-7', action: 'transfer', toJurisdiction: '330127', lead: '330127-housing', by: 'tonglu-office', byJurisdiction: '330122', reason: '事发地在淳安县' }, '2026-12-09T02:00:00.000Z');
    const [toUnit] = notices(moved).filter((n) => n.to.includes('housing@chunan.petitions.example'));
    expect(toUnit!.subject).toMatch(/^【转办】330122-2026-000005 /);
    expect(toUnit!.text).toContain('转送你单位办理');
  });

  it('an office giving the case to its own unit, or the city to a county below it, heads it 【交办】 and 交由 it', () => {
    const accepted = acceptance(province, received(), tongluOffice, {}, '2026-12-08T02:00:00.000Z').case;
    const own = handOff(accepted, { id: 'cmd-tl-8', action: 'assign', lead: '330122-housing', by: 'tonglu-office', byJurisdiction: '330122' }, '2026-12-09T02:00:00.000Z');
    const [toOwnUnit] = notices(own).filter((n) => n.to.includes('housing@tonglu.petitions.example'));
    expect(toOwnUnit!.subject).toMatch(/^【交办】330122-2026-000005 .* — 桐庐县信访局$/);
    expect(toOwnUnit!.text).toContain('桐庐县信访局将信访事项 330122-2026-000005（主题：千岛湖镇民宿押金不退）交由你单位办理');
    // 第二十三条: handed on Wednesday 9 December, 5 working days to object alone.
    expect(toOwnUnit!.text).toContain('如该事项不属于你单位职责，请于2026年12月16日前说明理由退回（《信访工作条例》第二十三条：收到之日起5个工作日内）；逾期退回须经桐庐县信访局同意。');

    const down = { ...accepted, jurisdiction: '330127' };
    const fromCity = assignmentNotice(province, down, 'handoff:cmd-hz-1', '330100');
    expect(fromCity).toMatchObject({ fromName: '杭州市信访局', to: [CHUNAN] });
    expect(fromCity.subject).toMatch(/^【交办】/);
    expect(fromCity.text).toContain('杭州市信访局将信访事项 330122-2026-000005（主题：千岛湖镇民宿押金不退）交由你单位办理');
    expect(fromCity.text).toContain('书面答复信访人');
    // An anonymous petition cannot be answered: the unit is not asked to.
    const anonymous = assignmentNotice(province, { ...down, petitioner: { anonymous: true } }, 'handoff:cmd-hz-2', '330100');
    expect(anonymous.text).toContain('信访人匿名，无法答复，请依法核查处理，办理结果在系统中记录备查。');
    expect(anonymous.text).not.toContain('书面答复信访人');
  });

  it('by the relation of the two jurisdictions: below or the same → 交办; sibling, above or elsewhere → 转办', () => {
    expect(handoffWords(province, '330122', '330122')).toEqual({ handoff: '交办', handedTo: '交由' });
    expect(handoffWords(province, '330100', '330127')).toEqual({ handoff: '交办', handedTo: '交由' });
    expect(handoffWords(province, '330122', '330127')).toEqual({ handoff: '转办', handedTo: '转送' });
    expect(handoffWords(province, '330122', '330100')).toEqual({ handoff: '转办', handedTo: '转送' });
    expect(handoffWords(province, '330127', '330521')).toEqual({ handoff: '转办', handedTo: '转送' });
  });
});
