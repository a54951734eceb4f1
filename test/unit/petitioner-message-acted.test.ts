import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { addPetitionerMessage } from '../../shared/app/intake/petitioner-message.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * A reply the intake acts on by itself (a 复查 request, a follow-up answer) is
 * not also sent to the unit as 补充材料 — but only a proven sender's: an
 * unproven one is acted on by nobody, so the unit must hear of it.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const replied: Case = {
  caseNumber: '330122-2026-000088',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'replied',
  subject: '楼顶漏水',
  matter: '楼顶漏水三个月。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-01T02:00:00.000Z',
  registeredAt: '2026-11-01T02:00:00.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-housing', cooperating: [] },
  reply: { at: '2026-12-01T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:1', delivery: 'email', level: 0, reviewRequestBy: '2026-12-31T16:00:00.000Z' },
  deadlines: {},
  attachments: [],
  version: 9,
  updatedAt: '2026-12-01T02:00:00.000Z',
};

async function told(verified: boolean): Promise<string[]> {
  return (await committed(verified)).outbox!.map((m) => (m.body as NotificationInput).id);
}

async function committed(verified: boolean): Promise<CaseCommit> {
  const commits: CaseCommit[] = [];
  const store = {
    get: async () => ({ case: replied, events: [], messages: [] }),
    getCaseRecord: async () => replied,
    commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
  };
  await addPetitionerMessage({ store, province, clock: { now: () => new Date('2026-12-05T02:00:00Z') } }, replied.caseNumber, {
    message: { caseNumber: replied.caseNumber, id: '<m1@163.example>', direction: 'in', at: '2026-12-05T02:00:00.000Z', from: 'zhangwei@163.example', to: [], subject: 'Re: 处理意见书', text: '我对处理意见不服，申请复查。', messageIds: ['<m1@163.example>'], attachments: [], kind: 'petitionerReply' },
    via: 'email',
    actor: 'system:intake',
    words: ['我对处理意见不服，申请复查。'],
    attachmentCount: 0,
    threadKeys: [],
    idempotencyKey: 'mail:m1',
    outcome: 'threaded',
    proof: () => (verified ? { verified: true, reason: 'repliedToOurMail' } : { verified: false, reason: 'noProof' }),
    actedOn: (_c, proof) => (proof.verified ? 'review' : undefined),
  });
  return commits[0]!;
}

describe('a reply the intake acts on', () => {
  it('from a proven petitioner, goes where it belongs, not to the unit as material', async () => {
    expect((await told(true)).filter((id) => id.startsWith('pmsg:'))).toEqual([]);
  });

  it('from an unproven sender, still reaches the unit (marked 【发件人未验证】), since nobody acts on it', async () => {
    expect((await told(false)).filter((id) => id.startsWith('pmsg:'))).toHaveLength(1);
  });
});

describe('the tracking page shows a reply acted on as what it was, not as 补充材料', () => {
  it('records what the reply was acted on as, and only for a proven sender', async () => {
    expect((await committed(true)).event.detail).toMatchObject({ actedOn: 'review', senderVerified: true });
    expect((await committed(false)).event.detail).not.toHaveProperty('actedOn');
  });

  it('shows an emailed 满意 as the answer to the follow-up, then the evaluation', () => {
    const event = (seq: number, type: CaseEvent['type'], detail: Record<string, unknown>) => ({ caseNumber: replied.caseNumber, seq, type, at: '2026-12-08T02:00:00.000Z', actor: 'system:intake', detail });
    const steps = publicCaseView(
      replied,
      [event(10, 'messageReceived', { messageId: '<m2@163.example>', attachments: 0, senderVerified: true, actedOn: 'followUp' }), event(11, 'followUpAnswered', { satisfied: true, via: 'email' })],
      { office: '桐庐县信访局' },
      undefined,
    ).steps.map((step) => step.text);
    expect(steps).toEqual(['收到您对回访的答复（回复电子邮件）', '评价办理结果：满意']);
    expect(steps.join()).not.toContain('收到补充材料');
  });

  it('says which request an emailed 复查 or 复核 was, as the step after it records', () => {
    const event = (seq: number, type: CaseEvent['type'], detail: Record<string, unknown>) => ({ caseNumber: replied.caseNumber, seq, type, at: '2026-12-08T02:00:00.000Z', actor: 'system:intake', detail });
    const stepsOf = (events: CaseEvent[]) => publicCaseView(replied, events, { office: '桐庐县信访局' }, undefined).steps.map((step) => step.text);
    const asked = (seq: number) => event(seq, 'messageReceived', { messageId: `<m${seq}@163.example>`, attachments: 0, senderVerified: true, actedOn: 'review' });
    expect(stepsOf([asked(10), event(11, 'reviewRequested', { level: 1 }), event(12, 'reviewDecided', { level: 1 }), asked(13), event(14, 'reReviewRequested', { level: 2 })])).toEqual([
      '收到您的复查申请（回复电子邮件）',
      '申请复查',
      '作出复查意见',
      '收到您的复核申请（回复电子邮件）',
      '申请复核',
    ]);
    // Refused (late, final): no request followed, and the page does not guess.
    expect(stepsOf([asked(10)])).toEqual(['收到您的复查或复核申请（回复电子邮件）']);
    // Refused, and a request made later another way (on the portal, after a new answer): not what this email asked.
    const refused = event(11, 'noted', { reviewRequestRefused: true, messageId: '<m10@163.example>' });
    expect(stepsOf([asked(10), refused, event(20, 'reviewRequested', { level: 1 })])[0]).toBe('收到您的复查或复核申请（回复电子邮件）');
  });
});
