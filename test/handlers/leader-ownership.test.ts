import { describe, expect, it } from 'vitest';
import { BatchGetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

// 领导包案 through the API: designated, listed for the leader, told by email.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const working = { ...STORED_LETTER_CASE, status: 'inProgress', version: 4, subject: '安置房墙体开裂', handling: { lead: '330122-housing', cooperating: [] }, deadlines: { handling: '2027-01-20T16:00:00.000Z' } };
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('POST /cases/{n}/leader', () => {
  it('designates the leader in one change: the case, the event, the leader’s 包案 entry and the email to them', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', reason: '40户群体性重复信访', expectedVersion: 4 } });

    expect(response.status).toBe(200);
    expect(response.body.case.leaderOwnership).toEqual({ leader: 'tonglu-leader-principal', reason: '40户群体性重复信访', since: '2026-12-07T02:00:00.000Z', by: 'tonglu-office' });
    const items = written()[0]!.map((i) => unpacked(i.Put!.Item!));
    expect(items.map((i) => i.entity)).toEqual(['case', 'event', 'owner', 'outbox']);
    expect(items[2]).toMatchObject({ pk: `CASE#${NUMBER}`, sk: 'OWNER', leader: 'tonglu-leader-principal', gsi2pk: 'OWNER#tonglu-leader-principal', gsi2sk: `2026-12-07T02:00:00.000Z#${NUMBER}` });
    const [letter] = outboxMessages(items);
    expect(letter!.body.subject).toBe(`【包案】${NUMBER} 请您包案化解 — 桐庐县信访局`);
    expect(letter!.body.to).toHaveLength(1);
    expect(letter!.body.text).toContain('经袁建军确定，信访事项 330122-2026-000007（主题：安置房墙体开裂）由您包案办理。');
    expect(letter!.body.text).toContain('包案理由：40户群体性重复信访');
    expect(letter!.body.text).toContain('当前状态：办理中，期限2027年1月20日');
  });

  it('refuses a unit’s staff (403), one who is not such a leader (400 naming the field), and a stale version (409), writing nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const unit = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-housing-handler', body: { leader: 'tonglu-leader-principal', reason: '重大疑难' } });
    expect(unit.status).toBe(403);
    const sideways = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'chunan-leader-principal', reason: '重大疑难' } });
    expect(sideways.status).toBe(400);
    expect(sideways.body.error.issues).toEqual([expect.objectContaining({ path: 'body.leader' })]);
    const stale = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', reason: '重大疑难', expectedVersion: 3 } });
    expect(stale.status).toBe(409);
    // The city's leaders are put in charge by the city, not by the county's office.
    const cityLeader = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'hz-leader-principal', reason: '市领导包案' } });
    expect(cityLeader.status).toBe(400);
    expect(cityLeader.body.error.issues).toEqual([expect.objectContaining({ path: 'body.leader' })]);
    const empty = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', reason: '' } });
    expect(empty.status).toBe(400);
    expect(written()).toEqual([]);
  });
});

describe('a leader of a level above takes 包案 of a county case', () => {
  it('the county office holding it and the lead unit are told who owns it and to report progress to that leader; the same designation again sends nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'hz-office', body: { leader: 'hz-leader-principal', reason: '市领导包案化解' } });

    expect(response.status).toBe(200);
    const messages = outboxMessages(written()[0]!.map((i) => unpacked(i.Put!.Item!)));
    const told = messages.find((m) => m.id.startsWith(`owner-above:${NUMBER}:`))!;
    expect(told.body.to).toEqual(['housing@tonglu.petitions.example', 'xinfang@tonglu.petitions.example']);
    expect(told.body.subject).toContain(`【上级领导包案】${NUMBER}`);
    expect(told.body.text).toContain('市领导包案化解');
    expect(told.body.text).toContain('向包案领导报告');
    // The leader's own letter still goes, once.
    expect(messages.filter((m) => m.id.startsWith(`owner:${NUMBER}:`))).toHaveLength(1);

    const stored = written()[0]!.map((i) => unpacked(i.Put!.Item!)).find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [stored] });
    dynamo.on(TransactWriteCommand).resolves({});
    const again = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'hz-office', body: { leader: 'hz-leader-principal', reason: '市领导包案化解' } });
    expect(again.status).toBe(400);
    expect(written()).toEqual([]);
  });

  it('a lead unit the report accuses is not told; a same-level 包案 tells no office or unit', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, accusedUnits: ['330122-housing'] }] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'hz-office', body: { leader: 'hz-leader-principal', reason: '市领导包案化解' } });
    const told = outboxMessages(written()[0]!.map((i) => unpacked(i.Put!.Item!))).find((m) => m.id.startsWith(`owner-above:${NUMBER}:`))!;
    expect(told.body.to).toEqual(['xinfang@tonglu.petitions.example']);

    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', reason: '重大疑难' } });
    expect(outboxMessages(written()[0]!.map((i) => unpacked(i.Put!.Item!))).filter((m) => m.id.startsWith('owner-above:'))).toEqual([]);
  });
});

describe('a new designation', () => {
  it('tells the leader it replaced who owns the case now', async () => {
    const owned = { ...working, leaderOwnership: { leader: 'tonglu-leader-petitions', reason: '重大疑难', since: '2026-12-01T02:00:00.000Z', by: 'tonglu-office' } };
    dynamo.on(QueryCommand).resolves({ Items: [owned] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/leader`, staffId: 'tonglu-office', body: { leader: 'tonglu-leader-principal', reason: '主要领导包案' } });

    expect(response.status).toBe(200);
    const letters = outboxMessages(written()[0]!.map((i) => unpacked(i.Put!.Item!))).map((m) => m.body);
    const ended = letters.find((l) => l.subject.startsWith('【包案变更】'))!;
    expect(ended.subject).toBe(`【包案变更】${NUMBER} 已改由方建华包案 — 桐庐县信访局`);
    expect(ended.to).toEqual(['chen.haiyan@tonglu.petitions.example']);
    expect(ended.text).toContain('改由方建华包案办理，您不再包案该事项');
  });
});

describe('回避 ends 包案', () => {
  it('the owning leader recused: the case no longer names them its owner and leaves their 包案 list in the same transaction', async () => {
    const owned = { ...working, leaderOwnership: { leader: 'tonglu-leader-principal', reason: '重大疑难', since: '2026-12-01T02:00:00.000Z', by: 'tonglu-office' } };
    dynamo.on(QueryCommand).resolves({ Items: [owned] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/recusals`, staffId: 'tonglu-office', body: { staffId: 'tonglu-leader-principal', reason: '信访人控告其本人' } });

    expect(response.status).toBe(200);
    expect(response.body.case.leaderOwnership).toBeUndefined();
    const items = written()[0]!;
    expect(items.find((i) => i.Delete)?.Delete).toMatchObject({ Key: { pk: `CASE#${NUMBER}`, sk: 'OWNER' } });
    expect(unpacked(items[1]!.Put!.Item!)).toMatchObject({ type: 'recused', detail: { staffId: 'tonglu-leader-principal', ownershipEnded: 'tonglu-leader-principal' } });
    // The office of his level is told to designate another, without the recusal's reason.
    const [told] = outboxMessages(items.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!))).map((m) => m.body);
    expect(told).toMatchObject({ to: ['xinfang@tonglu.petitions.example'], subject: `【包案变更】${NUMBER} 包案领导已回避，请另行确定 — 桐庐县信访局` });
    expect(told!.text).not.toContain('信访人控告其本人');
  });

  it('a county office does not recuse the city’s leaders: that is decided at their level', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/recusals`, staffId: 'tonglu-office', body: { staffId: 'hz-leader-principal', reason: '亲属关系' } });
    expect(response.status).toBe(422);
    expect(written()).toEqual([]);
  });

  it('another staff member recused leaves the ownership and the list alone', async () => {
    const owned = { ...working, leaderOwnership: { leader: 'tonglu-leader-principal', reason: '重大疑难', since: '2026-12-01T02:00:00.000Z', by: 'tonglu-office' } };
    dynamo.on(QueryCommand).resolves({ Items: [owned] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/recusals`, staffId: 'tonglu-office', body: { staffId: 'tonglu-housing-handler', reason: '亲属' } });

    expect(response.status).toBe(200);
    expect(response.body.case.leaderOwnership).toMatchObject({ leader: 'tonglu-leader-principal' });
    expect(written()[0]!.some((i) => i.Delete)).toBe(false);
  });
});

describe('GET /work-lists/ownedCases (包案)', () => {
  it('reads the leader’s own entries and answers their cases', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ caseNumber: NUMBER, gsi2pk: 'OWNER#hz-leader-petitions', gsi2sk: `2026-12-07T02:00:00.000Z#${NUMBER}` }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [{ ...working, leaderOwnership: { leader: 'hz-leader-petitions', reason: '重大疑难', since: '2026-12-07T02:00:00.000Z', by: 'tonglu-office' } }] } });

    const response = await invoke({ method: 'GET', path: '/work-lists/ownedCases', staffId: 'hz-leader-petitions' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([NUMBER]);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'byUnit', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'OWNER#hz-leader-petitions' }) });
    expect((await invoke({ method: 'GET', path: '/work-lists/ownedCases', staffId: 'tonglu-office' })).status).toBe(403);
  });
});

describe('POST /admin/handover/owned-cases (包案交接)', () => {
  const owned = (n: string, extra: Record<string, unknown> = {}) => ({
    ...working,
    pk: `CASE#${n}`,
    caseNumber: n,
    leaderOwnership: { leader: 'tonglu-leader-former', reason: '群体性重复信访', since: '2026-11-02T02:00:00.000Z', by: 'tonglu-office' },
    ...extra,
  });
  const cases = [
    owned('330122-2026-000011'),
    owned('330122-2026-000012', { recused: [{ staffId: 'tonglu-leader-principal', reason: '亲属关系', by: 'tonglu-office', at: '2026-11-20T01:00:00.000Z' }] }),
    owned('330122-2026-000013', { status: 'closed' }),
    // The index is read before the office designated another leader on this one: it is left to that designation.
    owned('330122-2026-000014', { leaderOwnership: { leader: 'tonglu-leader-petitions', reason: '重大疑难', since: '2026-12-07T01:00:00.000Z', by: 'tonglu-office' } }),
  ];
  function storeHolding(list: ReturnType<typeof owned>[]) {
    dynamo.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => {
      if (input.IndexName === 'byUnit') {
        return { Items: input.ExpressionAttributeValues[':pk'] === 'OWNER#tonglu-leader-former' ? list.map((c) => ({ caseNumber: c.caseNumber, gsi2pk: 'OWNER#tonglu-leader-former', gsi2sk: `2026-11-02T02:00:00.000Z#${c.caseNumber}` })) : [] };
      }
      return { Items: list.filter((c) => c.pk === input.ExpressionAttributeValues[':pk']) };
    });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': list } });
    dynamo.on(TransactWriteCommand).resolves({});
  }

  it('designates the successor on each case still worked, leaves ended ones, names the refused, and records it', async () => {
    storeHolding(cases);
    const response = await invoke({ method: 'POST', path: '/admin/handover/owned-cases', staffId: 'zj-admin', body: { from: 'tonglu-leader-former', to: 'tonglu-leader-principal', reason: '原县长调任，由新任县长接任' } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      handedOver: ['330122-2026-000011'],
      ended: ['330122-2026-000013'],
      refused: [
        { caseNumber: '330122-2026-000012', code: 'InvalidInput', message: expect.stringContaining('回避') },
        { caseNumber: '330122-2026-000014', code: 'RuleViolation', message: '该事项已不由 tonglu-leader-former 包案，未作变动' },
      ],
    });
    const items = written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ caseNumber: '330122-2026-000011', leaderOwnership: { leader: 'tonglu-leader-principal', by: 'zj-admin', reason: expect.stringContaining('包案交接') } });
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'leaderAssigned', detail: { leader: 'tonglu-leader-principal', previous: 'tonglu-leader-former' } });
    expect(outboxMessages(items).map((m) => m.body.subject)).toEqual(['【包案】330122-2026-000011 请您包案化解 — 桐庐县信访局']);
    expect(outboxMessages(items)[0]!.body.text).toContain('经包案交接，信访事项 330122-2026-000011（主题：安置房墙体开裂）由您包案办理。');
    const trail = dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => i.entity === 'audit');
    expect(trail).toEqual([
      // Each case's own trail: designated by the administrator, or the designation refused and why.
      expect.objectContaining({ caseNumber: '330122-2026-000011', actor: 'zj-admin', action: 'leader', outcome: 'allowed', detail: 'handover' }),
      expect.objectContaining({ caseNumber: '330122-2026-000012', actor: 'zj-admin', action: 'leader', outcome: 'refused', detail: 'InvalidInput' }),
      expect.objectContaining({ caseNumber: '330122-2026-000014', actor: 'zj-admin', action: 'leader', outcome: 'refused', detail: 'RuleViolation' }),
      expect.objectContaining({ caseNumber: 'admin', actor: 'zj-admin', action: 'handover', outcome: 'allowed', detail: 'tonglu-leader-former→tonglu-leader-principal：交接 1 件，未能交接 2 件' }),
    ]);
  });

  it('is for administrators (403, recorded as denied), and names a successor who is no leader at body.to', async () => {
    storeHolding(cases);
    const office = await invoke({ method: 'POST', path: '/admin/handover/owned-cases', staffId: 'tonglu-office', body: { from: 'tonglu-leader-former', to: 'tonglu-leader-principal', reason: '调任' } });
    expect(office.status).toBe(403);
    const handler = await invoke({ method: 'POST', path: '/admin/handover/owned-cases', staffId: 'zj-admin', body: { from: 'tonglu-leader-former', to: 'tonglu-housing-handler', reason: '调任' } });
    expect(handler.status).toBe(400);
    expect(handler.body.error.issues).toEqual([expect.objectContaining({ path: 'body.to' })]);
    expect(written()).toEqual([]);
  });
});
