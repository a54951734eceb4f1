import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { DomainError } from '../../shared/domain/errors.js';
import { answerMaterialRequests, openMaterialRequests, repeatedMaterialRequest, requestMaterial } from '../../shared/domain/material-request.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { addPetitionerMessage } from '../../shared/app/intake/petitioner-message.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import { publicCaseView } from '../../shared/domain/public-view.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const actor = (staffId: string): Actor => {
  const s = province.staff(staffId)!;
  return { staffId, jurisdiction: s.jurisdiction, roles: s.roles, ...(s.unit ? { unit: s.unit } : {}) };
};
const allowed = (staffId: string, c: Case) => allowedActions(actor(staffId), c, province.tree);

const working: Case = {
  caseNumber: '330122-2026-000310',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  matter: '反映华丰针织拖欠工资。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: { handling: '2027-01-19T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-11-20T01:20:00.000Z',
};
const at = '2026-12-07T02:00:00.000Z';
const meta = { at, actor: 'tonglu-hrss-handler' };

/** The refusal's Chinese words (every DomainError says them). */
function refusal(run: () => unknown): { code: string; chinese: string | undefined; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, chinese: error.chinese, field: error.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('请信访人补充材料: who may ask, and when', () => {
  it('the lead unit asks while it handles the case; a cooperating unit, another unit or the desk does not', () => {
    expect(allowed('tonglu-hrss-handler', working)).toContain('requestMaterial');
    expect(allowed('tonglu-hrss-head', working)).toContain('requestMaterial');
    expect(allowed('tonglu-housing-handler', { ...working, handling: { lead: '330122-hrss', cooperating: ['330122-housing'] } })).not.toContain('requestMaterial');
    expect(allowed('tonglu-registrar', working)).not.toContain('requestMaterial');
    // The office does not ask over the head of the unit that handles the case.
    expect(allowed('tonglu-office', working)).not.toContain('requestMaterial');
  });

  it('the office asks when it handles the case itself (自办: accepted, no unit)', () => {
    const selfHandled: Case = { ...working, status: 'accepted', handling: undefined };
    expect(allowed('tonglu-office', selfHandled)).toContain('requestMaterial');
    expect(allowed('tonglu-leader-petitions', selfHandled)).toContain('requestMaterial');
    expect(allowed('tonglu-hrss-handler', selfHandled)).not.toContain('requestMaterial');
  });

  it('only while the case is handled: not before it is accepted, nor once concluded, replied or closed', () => {
    expect(allowed('tonglu-hrss-handler', { ...working, status: 'assigned' })).toContain('requestMaterial');
    for (const status of ['registered', 'concluded', 'replied', 'closed', 'withdrawn'] as const) {
      expect(allowed('tonglu-hrss-handler', { ...working, status })).not.toContain('requestMaterial');
      expect(allowed('tonglu-office', { ...working, status, handling: undefined })).not.toContain('requestMaterial');
    }
    expect(refusal(() => requestMaterial({ ...working, status: 'concluded' }, { needed: '劳动合同复印件' }, meta))).toMatchObject({ code: 'InvalidTransition', chinese: '只有正在办理的事项才能请信访人补充材料' });
  });

  it('an anonymous petitioner, or one who left no contact, cannot be asked: not offered, and refused in Chinese', () => {
    const anonymous: Case = { ...working, petitioner: { anonymous: true } };
    expect(allowed('tonglu-hrss-handler', anonymous)).not.toContain('requestMaterial');
    expect(refusal(() => requestMaterial(anonymous, { needed: '劳动合同复印件' }, meta))).toMatchObject({ code: 'RuleViolation', chinese: '匿名信访无法联系信访人，不能请其补充材料' });
    const unreachable: Case = { ...working, petitioner: { anonymous: false, name: '张伟' } };
    expect(allowed('tonglu-hrss-handler', unreachable)).not.toContain('requestMaterial');
    expect(refusal(() => requestMaterial(unreachable, { needed: '劳动合同复印件' }, meta)).chinese).toBe('信访人未留电子邮箱、通信地址或电话，无法请其补充材料');
    // A postal address or a telephone number is enough: a letter to post, a notice to read out.
    expect(allowed('tonglu-hrss-handler', { ...working, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道1号' } })).toContain('requestMaterial');
    expect(allowed('tonglu-hrss-handler', { ...working, petitioner: { anonymous: false, phone: '13900000000' } })).toContain('requestMaterial');
  });
});

describe('the request on the case', () => {
  it('records what was asked, by when and by whom, as an event; the clock is left as it was', () => {
    const asked = requestMaterial(working, { needed: ' 劳动合同复印件及工资条 ', by: '2026-12-20', requestKey: 'key-00000001' }, meta);
    expect(asked.event).toEqual({ caseNumber: working.caseNumber, seq: 5, type: 'materialRequested', at, actor: 'tonglu-hrss-handler', detail: { needed: '劳动合同复印件及工资条', by: '2026-12-20' } });
    expect(asked.case.version).toBe(5);
    expect(asked.case.materialRequests).toEqual([expect.objectContaining({ seq: 5, needed: '劳动合同复印件及工资条', by: '2026-12-20', requestedBy: 'tonglu-hrss-handler', requestedAt: at, requestKey: 'key-00000001' })]);
    expect(asked.case.deadlines).toEqual(working.deadlines);
    expect(asked.case.suspensions).toBeUndefined();
    expect(asked.case.status).toBe('inProgress');
  });

  it('refuses an empty request, a too long one, and a day before today (China time), at their fields', () => {
    expect(refusal(() => requestMaterial(working, { needed: '   ' }, meta))).toMatchObject({ code: 'RuleViolation', field: 'needed', chinese: '请写明需要信访人补充的材料' });
    expect(refusal(() => requestMaterial(working, { needed: '材'.repeat(2_001) }, meta))).toMatchObject({ field: 'needed', chinese: '需要补充的材料不超过 2000 字' });
    // 02:00 UTC is 10:00 in Beijing on the 7th: the 6th has passed, the 7th is today.
    expect(refusal(() => requestMaterial(working, { needed: '劳动合同', by: '2026-12-06' }, meta))).toMatchObject({ field: 'by', chinese: '补充期限不能早于今天（2026年12月7日）' });
    expect(requestMaterial(working, { needed: '劳动合同', by: '2026-12-07' }, meta).request.by).toBe('2026-12-07');
  });

  it('the same request again is recognised: by its key, or by the same words still unanswered; another body under a key is refused', () => {
    const asked = requestMaterial(working, { needed: '劳动合同', requestKey: 'key-00000001' }, meta).case;
    expect(repeatedMaterialRequest(asked, { needed: '劳动合同', requestKey: 'key-00000001' })?.seq).toBe(5);
    expect(repeatedMaterialRequest(asked, { needed: '劳动合同 ' })?.seq).toBe(5);
    expect(repeatedMaterialRequest(asked, { needed: '劳动合同', by: '2026-12-20' })).toBeUndefined();
    expect(repeatedMaterialRequest(asked, { needed: '工资条', requestKey: 'key-00000002' })).toBeUndefined();
    // The same words under a new key (the form opened again a week on): a reminder, asked and sent again.
    expect(repeatedMaterialRequest(asked, { needed: '劳动合同', requestKey: 'key-00000003' })).toBeUndefined();
    expect(refusal(() => repeatedMaterialRequest(asked, { needed: '工资条', requestKey: 'key-00000001' }))).toMatchObject({ code: 'IdempotencyKeyReused' });
  });

  it('material from the petitioner answers the open requests, once', () => {
    const first = requestMaterial(working, { needed: '劳动合同' }, meta).case;
    const both = requestMaterial(first, { needed: '工资条' }, { ...meta, at: '2026-12-08T02:00:00.000Z' }).case;
    const answered = answerMaterialRequests(both, { at: '2026-12-09T02:00:00.000Z', messageId: 'msg-1' });
    expect(answered.answered).toEqual([5, 6]);
    expect(openMaterialRequests(answered.case)).toEqual([]);
    expect(answered.case.materialRequests?.[0]).toMatchObject({ answeredAt: '2026-12-09T02:00:00.000Z', answeredBy: 'msg-1' });
    expect(answerMaterialRequests(answered.case, { at: '2026-12-10T02:00:00.000Z', messageId: 'msg-2' }).answered).toEqual([]);
    // Answered, the same words may be asked again (something still missing).
    expect(repeatedMaterialRequest(answered.case, { needed: '劳动合同' })).toBeUndefined();
  });
});

describe('material from the petitioner answers the request (addPetitionerMessage: an email reply, the portal)', () => {
  const asked = requestMaterial({ ...working, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } }, { needed: '劳动合同' }, meta).case;

  async function received(verified: boolean): Promise<CaseCommit> {
    const commits: CaseCommit[] = [];
    const store = {
      get: async () => ({ case: asked, events: [], messages: [] }),
      getCaseRecord: async () => asked,
      commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
    };
    await addPetitionerMessage({ store, province, clock: { now: () => new Date('2026-12-09T02:00:00Z') } }, asked.caseNumber, {
      message: { caseNumber: asked.caseNumber, id: '<m2@163.example>', direction: 'in', at: '2026-12-09T02:00:00.000Z', from: 'zhangwei@163.example', to: [], subject: 'Re: 请补充信访材料', text: '劳动合同见附件。', messageIds: ['<m2@163.example>'], attachments: [], kind: 'petitionerReply' },
      via: 'email',
      actor: 'system:intake',
      words: ['劳动合同见附件。'],
      attachmentCount: 1,
      threadKeys: [],
      idempotencyKey: 'mail:m2',
      outcome: 'threaded',
      proof: () => (verified ? { verified: true, reason: 'replyTag' } : { verified: false, reason: 'noProof' }),
    });
    return commits[0]!;
  }

  it('a proven reply marks the open request answered, and its event says which request it answers', async () => {
    const commit = await received(true);
    expect(commit.event).toMatchObject({ type: 'messageReceived', seq: 6, detail: { messageId: '<m2@163.example>', answersMaterialRequests: [5] } });
    expect(commit.case.materialRequests).toEqual([expect.objectContaining({ seq: 5, answeredAt: '2026-12-09T02:00:00.000Z', answeredBy: '<m2@163.example>' })]);
    // Whoever works the case is told the material answers what they asked.
    const told = commit.outbox!.map((m) => m.body as NotificationInput).find((n) => n.id.startsWith('pmsg:'))!;
    expect(told.text).toContain('回复了邮件（答复2026年12月7日 10:00请其补充材料（劳动合同）的要求）');
  });

  it('an unproven sender answers nothing: the request stays open', async () => {
    const commit = await received(false);
    expect(commit.event.detail?.answersMaterialRequests).toBeUndefined();
    expect(openMaterialRequests(commit.case)).toHaveLength(1);
  });
});

describe('the petitioner’s tracking page', () => {
  it('shows the request as the letter asked it, and the material that answered it', () => {
    const asked = requestMaterial(working, { needed: '劳动合同复印件', by: '2026-12-20' }, meta);
    const answered = { caseNumber: working.caseNumber, seq: 6, type: 'messageReceived' as const, at: '2026-12-09T02:00:00.000Z', actor: 'system:web', detail: { via: 'web', attachments: 1, senderVerified: true, answersMaterialRequests: [5] } };
    const view = publicCaseView(asked.case, [asked.event, answered], { office: '桐庐县信访局' }, undefined);
    expect(view.steps.map((step) => step.text)).toEqual(['请您补充材料（请于2026年12月20日前提供）：劳动合同复印件', '收到补充材料（网上信访，附件 1 个，已作为所请补充的材料）']);
  });
});
