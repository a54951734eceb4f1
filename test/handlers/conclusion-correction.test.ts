import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 审核签发 between 办结 and 答复: the decision letter previewed as the reply
 * will send it (nothing changed, nothing sent, the read audited), and a
 * mistake in the recorded result corrected before it goes — with the earlier
 * wording kept in the history, the 办结 date unmoved, the same correction
 * twice recorded once, and never after the reply. The table is a stand-in
 * (test/fixtures/stand-in-table.ts): the reply reads what the correction stored.
 */

// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(() => serve());

const CONCLUDED: Case = {
  caseNumber: '330122-2026-000007',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'concluded',
  subject: '楼顶漏水',
  matter: '反映城南小区楼顶漏水三个月无人维修。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-housing', cooperating: [] },
  receivedAt: '2026-11-20T01:15:00.000Z',
  registeredAt: '2026-11-20T01:20:00.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-21T01:00:00.000Z',
  deadlines: { handling: '2027-01-19T16:00:00.000Z', reply: '2026-12-10T16:00:00.000Z' },
  result: {
    facts: '经现场查看，城南小区3幢楼顶防水层老化破损，物业公司未及时维修。',
    basis: '《物业管理条例》第五十五条',
    decision: '责成物业公司于2026年12月20日前完成楼顶防水维修。',
    outcome: 'partlySupported',
    concludedAt: '2026-12-04T02:00:00.000Z',
    concludedBy: 'tonglu-housing-handler',
    unit: '330122-housing',
  },
  firstConclusion: { at: '2026-12-04T02:00:00.000Z', handlingDeadline: '2027-01-19T16:00:00.000Z', outcome: 'partlySupported' },
  attachments: [],
  version: 8,
  updatedAt: '2026-12-04T02:00:00.000Z',
};
const NUMBER = CONCLUDED.caseNumber;
const store = (c: Case) => {
  const item = caseItem(c);
  table.set(keyOf(item), item);
};
const CORRECTION = {
  facts: CONCLUDED.result!.facts,
  basis: '《物业管理条例》第五十四条',
  decision: CONCLUDED.result!.decision,
  outcome: 'supported',
  reason: '审核签发时发现引用条款有误，且信访人诉求已全部支持',
};
const preview = (staffId = 'tonglu-housing-handler') => invoke({ method: 'GET', path: `/cases/${NUMBER}/decision-letter/draft`, staffId });
const correct = (body: unknown, staffId = 'tonglu-housing-handler') => invoke({ method: 'POST', path: `/cases/${NUMBER}/conclusion-correction`, staffId, body });
const reply = (body?: unknown) => invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', ...(body === undefined ? {} : { body }) });
const items = () => [...table.values()].map((item) => unpacked(item));
const events = () => items().filter((i) => i.entity === 'event');
const storedCase = () => items().find((i) => i.entity === 'case')!;
const mails = () => outboxMessages(items()).map((m) => m.body as { to: string[]; subject: string; text: string });
const audit = () => items().filter((i) => i.entity === 'audit');

describe('答复 from the preview (审核签发), checked against the letter read over', () => {
  it('goes out when only something else changed meanwhile (a reminder of the reply clock), and is refused when the result was corrected', async () => {
    store(CONCLUDED);
    const draft = await preview();
    expect(draft.body.version).toBe(8);
    // The sweep reminded the unit of its reply clock after the preview: the case moved on, the letter did not.
    const reminded = { caseNumber: NUMBER, seq: 9, type: 'reminded', at: '2026-12-07T02:00:30.000Z', actor: 'system:sweep', detail: { clock: 'reply' } };
    table.set(keyOf({ pk: `CASE#${NUMBER}`, sk: `EVENT#${String(9).padStart(8, '0')}` }), { ...reminded, pk: `CASE#${NUMBER}`, sk: `EVENT#${String(9).padStart(8, '0')}`, entity: 'event' });
    store({ ...CONCLUDED, version: 9 });
    const sent = await reply({ expectedVersion: 8 });
    expect(sent.status).toBe(200);
    expect(mails().find((m) => m.to.includes('zhangwei@163.example'))!.text).toBe(draft.body.text);
  });
});

describe('GET /cases/{n}/decision-letter/draft (预览处理意见书)', () => {
  it('shows the letter as 答复 then sends it, word for word, and how it goes; the preview changes and sends nothing but is on the audit trail', async () => {
    store(CONCLUDED);
    const draft = await preview();
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ caseNumber: NUMBER, version: 8, delivery: 'email', to: { email: 'zhangwei@163.example' }, composedAt: '2026-12-07T02:00:00.000Z' });
    expect(draft.body.subject).toContain(NUMBER);
    expect(draft.body.text).toContain('《物业管理条例》第五十五条');
    expect(draft.body.text).toContain('张伟');
    expect(events()).toEqual([]);
    expect(mails()).toEqual([]);
    expect(storedCase().version).toBe(8);
    expect(audit()).toEqual([expect.objectContaining({ action: 'read:decision-letter/draft', actor: 'tonglu-housing-handler', outcome: 'allowed' })]);

    const sent = await reply({ expectedVersion: draft.body.version });
    expect(sent.status).toBe(200);
    const letter = items().find((i) => i.entity === 'message' && i.kind === 'decisionLetter')!;
    expect(letter.text).toBe(draft.body.text);
    expect(letter.subject).toBe(draft.body.subject);
    const [email] = mails().filter((m) => m.to.includes('zhangwei@163.example'));
    expect(email!.text).toBe(draft.body.text);
  });

  it('says where a letter for post goes, and to whom', async () => {
    store({ ...CONCLUDED, channel: 'letter', petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道迎春路8号' } });
    const draft = await preview();
    expect(draft.body).toMatchObject({ delivery: 'post', to: { name: '张伟', address: '桐庐县城南街道迎春路8号' }, postFrom: '330122' });
  });

  it('is for whoever may reply: the office that sees the unit’s case is refused (403), a unit not on it is not told it exists (404); none before the conclusion or after the reply (409)', async () => {
    store(CONCLUDED);
    expect((await preview('tonglu-office')).status).toBe(403);
    expect((await preview('tonglu-hrss-handler')).status).toBe(404);
    store({ ...CONCLUDED, status: 'inProgress', result: undefined } as Case);
    const early = await preview();
    expect(early.status).toBe(409);
    expect(early.body.error.messageZh).toBe('只有已办结、尚未答复的事项才能预览处理意见书');
  });
});

describe('自办: a case no unit has', () => {
  const { handling: _handling, ...noUnit } = CONCLUDED;
  const { unit: _unit, ...officeResult } = CONCLUDED.result!;
  const selfHandled: Case = { ...noUnit, result: { ...officeResult, concludedBy: 'tonglu-office' } };

  it('is previewed and corrected by the office holding it, not by an office above, which is told to take it up first (403)', async () => {
    store(selfHandled);
    expect((await preview('tonglu-office')).status).toBe(200);
    const above = await preview('hz-office');
    expect(above.status).toBe(403);
    expect(above.body.error.messageZh).toContain('提级办理');
    expect((await correct(CORRECTION, 'hz-office')).status).toBe(403);
    const corrected = await correct(CORRECTION, 'tonglu-office');
    expect(corrected.status).toBe(200);
    expect(events()).toEqual([expect.objectContaining({ type: 'conclusionCorrected', actor: 'tonglu-office' })]);
  });
});

describe('POST /cases/{n}/conclusion-correction (更正办理结果)', () => {
  it('corrects the result before the reply: the event keeps from what to what and why, the 办结 date stays, the ledger counts the corrected outcome, and the letter sent is the corrected one', async () => {
    store(CONCLUDED);
    const corrected = await correct({ ...CORRECTION, expectedVersion: 8 });
    expect(corrected.status).toBe(200);
    expect(corrected.body.case).toMatchObject({ version: 9, status: 'concluded', result: { basis: '《物业管理条例》第五十四条', outcome: 'supported', concludedAt: '2026-12-04T02:00:00.000Z', concludedBy: 'tonglu-housing-handler' } });
    expect(events()).toEqual([
      expect.objectContaining({
        seq: 9,
        type: 'conclusionCorrected',
        actor: 'tonglu-housing-handler',
        at: '2026-12-07T02:00:00.000Z',
        reason: CORRECTION.reason,
        detail: { changed: ['basis', 'outcome'], previous: { basis: '《物业管理条例》第五十五条', outcome: 'partlySupported' }, corrected: { basis: '《物业管理条例》第五十四条', outcome: 'supported' } },
      }),
    ]);
    expect(storedCase().ledger).toMatchObject({ concludedAt: '2026-12-04T02:00:00.000Z', outcome: 'supported', onTime: true });
    expect(storedCase().firstConclusion).toMatchObject({ at: '2026-12-04T02:00:00.000Z', outcome: 'supported' });
    expect(mails()).toEqual([]);

    const draft = await preview();
    expect(draft.body.version).toBe(9);
    expect(draft.body.text).toContain('《物业管理条例》第五十四条');
    expect(draft.body.text).not.toContain('第五十五条');
    // A reply checked against the version previewed before the correction is refused: what was read over is not what would go.
    expect((await reply({ expectedVersion: 8 })).status).toBe(409);
    expect((await reply({ expectedVersion: 9 })).status).toBe(200);
    const [email] = mails().filter((m) => m.to.includes('zhangwei@163.example'));
    expect(email!.text).toBe(draft.body.text);
  });

  it('records the same correction delivered twice once, even with the version it was first sent with', async () => {
    store(CONCLUDED);
    const first = await correct({ ...CORRECTION, expectedVersion: 8 });
    const again = await correct({ ...CORRECTION, expectedVersion: 8 });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.case.version).toBe(9);
    expect(events().filter((e) => e.type === 'conclusionCorrected')).toHaveLength(1);
    // Another correction on a stale version is someone else's change: the caller sees the conflict.
    expect((await correct({ ...CORRECTION, decision: '责成物业公司于2026年12月15日前完成维修。', expectedVersion: 8 })).status).toBe(409);
  });

  it('refuses a correction after the reply (409, in Chinese), one that changes nothing (422), one without a reason (400), and anyone who may not reply (403/404)', async () => {
    store({ ...CONCLUDED, status: 'replied', reply: { at: '2026-12-05T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'email', level: 0 } } as Case);
    const late = await correct(CORRECTION);
    expect(late.status).toBe(409);
    expect(late.body.error.messageZh).toBe('处理意见书已答复信访人，办理结果不能再更正；信访人不服的，可以请求复查（复核）');

    store(CONCLUDED);
    const same = await correct({ ...CORRECTION, basis: CONCLUDED.result!.basis, outcome: CONCLUDED.result!.outcome });
    expect(same.status).toBe(422);
    expect(same.body.error.messageZh).toBe('没有需要更正的内容：所填办理结果与已记录的一致');
    const { reason: _reason, ...noReason } = CORRECTION;
    expect((await correct(noReason)).status).toBe(400);
    expect((await correct(CORRECTION, 'tonglu-office')).status).toBe(403);
    expect((await correct(CORRECTION, 'tonglu-hrss-handler')).status).toBe(404);
    expect(events()).toEqual([]);
    expect(audit().map((a) => a.action)).toContain('conclusion-correction');
  });
});
