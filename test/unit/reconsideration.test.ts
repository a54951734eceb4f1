import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { declining } from '../../shared/app/handoff/decisions.js';
import { reconsiderCase } from '../../shared/app/closing/closing.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, CaseEvent, Petitioner } from '../../shared/domain/case.js';
import { lettersToPost, markLetterPosted } from '../../shared/domain/postal.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 撤销原决定: a wrong 不予受理 is withdrawn and the matter decided again, the petitioner told. */
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const handler: Actor = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] };

function declined(petitioner: Petitioner = { anonymous: false, name: '李明', email: 'liming@163.example' }): { case: Case; events: CaseEvent[] } {
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'email', receivedAt: '2026-12-01T09:00:00+08:00', subject: '工资被拖欠', matter: '公司拖欠我三个月工资。', petitioner },
    { caseNumber: '330122-2026-000061', at: '2026-12-01T09:05:00+08:00', actor: 'system:intake', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  const change = declining(province, registered, office, 'x', undefined, '2026-12-02T02:00:00.000Z');
  return { case: change.case, events: [change.event] };
}

const byPost: Petitioner = { anonymous: false, name: '李明', address: '桐庐县城南街道迎春南路1号' };

async function reconsidered(found: { case: Case; events: CaseEvent[] }, reason: string, actor: Actor = office) {
  const commits: CaseCommit[] = [];
  const store = {
    get: async () => ({ ...found, messages: [] }),
    getCaseRecord: async () => found.case,
    commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
  };
  await reconsiderCase({ store, province, clock: { now: () => new Date('2026-12-07T02:00:00Z') } }, found.case.caseNumber, actor, { reason });
  return commits[0]!;
}

describe('撤销原决定', () => {
  it('takes a wrong 不予受理 back: the case is to be decided again within a fresh acceptance limit, and the petitioner is told by when', async () => {
    const change = await reconsidered(declined(), '原不予受理理由不成立：欠薪事项未经仲裁或诉讼，属于信访事项。');
    // Reconsidered on Monday 7 December: 15 days end on Tuesday 22 December.
    expect(change.case).toMatchObject({ status: 'registered', deadlines: { acceptance: '2026-12-22T16:00:00.000Z' } });
    expect(change.event).toMatchObject({ type: 'reopened', from: 'declined', to: 'registered', detail: { decisionWithdrawn: 'declined' } });
    const letter = change.outbox!.map((m) => m.body as NotificationInput).find((n) => n.id.startsWith('decision-withdrawn:'))!;
    expect(letter).toMatchObject({ to: ['liming@163.example'], subject: '【330122-2026-000061】撤销原不予受理决定告知 — 桐庐县信访局' });
    expect(letter.text).toContain('本机关于2026年12月2日就您反映的信访事项（登记编号 330122-2026-000061，主题：工资被拖欠）作出的不予受理决定，经重新审查予以撤销');
    expect(letter.text).toContain('最迟于2026年12月22日书面告知您');
    // The tracking page says what happened, not 重新办理.
    expect(publicCaseView(change.case, [change.event], { office: '桐庐县信访局' }, undefined).steps.map((s) => s.text)).toContain('撤销原不予受理决定，重新审查是否受理');
  });

  it('is the office’s, with a reason, and only for a declined or redirected case', async () => {
    const found = declined();
    expect(allowedActions(office, found.case, province.tree)).toContain('reconsider');
    expect(allowedActions(handler, found.case, province.tree)).not.toContain('reconsider');
    await expect(reconsidered(found, ' ')).rejects.toThrow(RuleViolation);
    await expect(reconsidered({ ...found, case: { ...found.case, status: 'archived' } }, '理由')).rejects.toThrow(InvalidTransition);
    expect(allowedActions(office, { ...found.case, status: 'archived' }, province.tree)).not.toContain('reconsider');
  });

  it('voids a refusal letter not yet recorded as posted: it leaves the 待寄送 list unsent, and the withdrawal is told in a letter of its own', async () => {
    const found = declined(byPost);
    const [letter] = lettersToPost(found.case);
    expect(letter).toMatchObject({ kind: 'declineNotice' });
    const change = await reconsidered(found, '原不予受理理由不成立。');
    expect(lettersToPost(change.case).map((l) => l.kind)).toEqual(['decisionWithdrawnNotice']);
    expect(change.unlisted).toEqual([{ id: letter!.id, at: letter!.at }]);
    expect(change.case.postalLetters![0]).toEqual(expect.objectContaining({ id: letter!.id, withdrawnAt: '2026-12-07T02:00:00.000Z' }));
    expect(change.event.detail).toMatchObject({ lettersVoided: [letter!.subject] });
    // It may have left unrecorded (posted Friday, recorded Monday): the petitioner hears of the withdrawal, by post.
    expect(change.message).toMatchObject({ kind: 'decisionWithdrawnNotice', postFrom: '330122' });
    expect(() => markLetterPosted(change.case, letter!.id, { at: '2026-12-07T03:00:00.000Z', actor: 'tonglu-office' })).toThrow(/作废/);

    // Declined again on better grounds: a new letter of its own goes on the list.
    const again = declining(province, change.case, office, '该事项已由人民法院受理', undefined, '2026-12-08T02:00:00.000Z');
    const refusals = lettersToPost(again.case).filter((l) => l.kind === 'declineNotice');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.id).not.toBe(letter!.id);
    expect(again.message).toMatchObject({ postFrom: '330122' });
  });

  it('still tells a petitioner whose refusal letter was posted that the decision is withdrawn', async () => {
    const found = declined(byPost);
    const [letter] = lettersToPost(found.case);
    const posted = markLetterPosted(found.case, letter!.id, { at: '2026-12-03T02:00:00.000Z', actor: 'tonglu-office' }).case;
    const change = await reconsidered({ ...found, case: posted }, '原不予受理理由不成立。');
    expect(change.unlisted).toBeUndefined();
    expect(change.case.postalLetters?.find((l) => l.id === letter!.id)?.withdrawnAt).toBeUndefined();
    expect(lettersToPost(change.case)).toEqual([expect.objectContaining({ kind: 'decisionWithdrawnNotice' })]);
  });
});
