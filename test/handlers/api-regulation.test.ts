import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/** The API's refusals and decisions for 第二十条 (representatives) and 中止 (suspension). */
const { dynamo, invoke } = apiTestBed();

const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `代表${i + 1}` }));
const COLLECTIVE = { ...STORED_LETTER_CASE, collective: { headCount: 40, representatives: [], representativesToAgree: { named: 7 } } };
const HANDLED = { ...STORED_LETTER_CASE, status: 'inProgress', handling: { lead: '330122-housing', cooperating: [] }, deadlines: { handling: '2027-01-19T16:00:00.000Z' } };
const stored = (item: Record<string, unknown>) => {
  dynamo.on(GetCommand).resolves({ Item: item });
  dynamo.on(QueryCommand).resolves({ Items: [item] });
  dynamo.on(TransactWriteCommand).resolves({});
};

describe('条例 第二十条 in the API', () => {
  it('refuses a registration with 6 representatives, naming the article, before drawing a number', async () => {
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...LETTER, collective: { headCount: 40, representatives: reps(6) } } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('第二十条');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a head count smaller than the representatives named, saying which field', async () => {
    const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: { ...LETTER, collective: { headCount: 2, representatives: reps(3) } } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('collective.headCount');
    expect(JSON.stringify(response.body)).toContain('cannot be smaller than the number of representatives');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the office records the representatives agreed with the group; 6 are refused', async () => {
    stored(COLLECTIVE);
    const refused = await invoke({ method: 'POST', path: `/cases/${COLLECTIVE.caseNumber}/representatives`, staffId: 'tonglu-office', body: { representatives: reps(6) } });
    expect(refused.status).toBe(400);
    const agreed = await invoke({ method: 'POST', path: `/cases/${COLLECTIVE.caseNumber}/representatives`, staffId: 'tonglu-office', body: { representatives: reps(3) } });
    expect(agreed.status).toBe(200);
    expect(agreed.body.case.collective).toEqual({ headCount: 40, representatives: reps(3).map((r) => ({ anonymous: false, ...r })) });
  });

  it('a handler of a unit may not agree them', async () => {
    stored(COLLECTIVE);
    const response = await invoke({ method: 'POST', path: `/cases/${COLLECTIVE.caseNumber}/representatives`, staffId: 'tonglu-housing-handler', body: { representatives: reps(2) } });
    expect([403, 404]).toContain(response.status);
  });
});

describe('中止 in the API', () => {
  it('the office suspends for a hearing; an unknown ground is refused naming the grounds; the unit may not', async () => {
    stored(HANDLED);
    const unknown = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/suspend`, staffId: 'tonglu-office', body: { ground: 'weather', reason: '台风' } });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.body)).toContain('hearing (听证)');
    const byUnit = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/suspend`, staffId: 'tonglu-housing-handler', body: { ground: 'hearing', reason: '听证' } });
    expect(byUnit.status).toBe(403);
    const ok = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/suspend`, staffId: 'tonglu-office', body: { ground: 'hearing', reason: '组织听证' } });
    expect(ok.status).toBe(200);
    expect(ok.body.case.suspensions).toEqual([expect.objectContaining({ clock: 'handling', ground: 'hearing', reason: '组织听证', suspendedBy: 'tonglu-office' })]);
    const resume = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/resume`, staffId: 'tonglu-office', body: { reason: '' } });
    expect(resume.status).toBe(400);
  });
});

describe('中止 told to the petitioner', () => {
  const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!)));

  it('by email: the time limit that stands still, the ground and the reason; on resumption, the days and the new deadline', async () => {
    const byEmail = { ...HANDLED, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' } };
    stored(byEmail);
    expect((await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/suspend`, staffId: 'tonglu-office', body: { ground: 'hearing', reason: '组织听证会' } })).status).toBe(200);
    const [suspended] = outboxMessages(written()[0]!);
    expect(suspended).toMatchObject({ id: 'suspended:330122-2026-000007:1', body: { to: ['zhangwei@163.example'] } });
    expect((suspended!.body as { text: string }).text).toContain('因听证，自');
    expect((suspended!.body as { text: string }).text).toContain('起中止计算办理期限。听证所需时间不计入办理期限');
    expect((suspended!.body as { text: string }).text).toContain('中止理由：组织听证会');

    const standing = { ...byEmail, suspensions: [{ clock: 'handling', ground: 'hearing', reason: '组织听证会', suspendedAt: '2026-12-01T02:00:00.000Z', suspendedBy: 'tonglu-office' }] };
    stored(standing);
    const resumed = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/resume`, staffId: 'tonglu-office', body: { reason: '听证已结束' } });
    expect(resumed.status).toBe(200);
    const [letter] = outboxMessages(written()[1]!);
    expect(letter!.id).toBe('resumed:330122-2026-000007:1');
    expect((letter!.body as { text: string }).text).toMatch(/因听证中止计算的办理期限已恢复计算。中止的\d+日不计入期限，办理期限顺延至\d{4}年\d{1,2}月\d{1,2}日。/);
  });

  it('by post when the petitioner gave only an address: a letter on the office’s 待寄送 list', async () => {
    stored({ ...HANDLED, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道' } });
    const response = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/suspend`, staffId: 'tonglu-office', body: { ground: 'appraisal', reason: '房屋安全鉴定' } });
    expect(response.body.case.postalLetters).toEqual([expect.objectContaining({ id: 'suspended:330122-2026-000007:1', kind: 'suspensionNotice', from: '330122' })]);
    const message = written()[0]!.find((i) => i.entity === 'message')!;
    expect(String(message.text)).toContain('因鉴定，自');
    expect(outboxMessages(written()[0]!)).toEqual([]);
  });
});

describe('检举、控告: units the report accuses, recorded by staff (第三十条)', () => {
  const WITH_COOPERATING = { ...HANDLED, handling: { lead: '330122-housing', cooperating: ['330122-hrss'] } };
  const path = `/cases/${HANDLED.caseNumber}/accused-units`;

  it('the desk records a cooperating unit the enclosure accuses: it is taken off the case and no longer sees it', async () => {
    stored(WITH_COOPERATING);
    const marked = await invoke({ method: 'POST', path, staffId: 'tonglu-registrar', body: { units: ['330122-hrss'], reason: '附件举报信点名人社局' } });
    expect(marked.status).toBe(200);
    expect(marked.body.case.accusedUnits).toEqual(['330122-hrss']);
    expect(marked.body.case.handling).toEqual({ lead: '330122-housing', cooperating: [] });
    // The step is on the case, with where it was read; the 协办 entry goes with the change.
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    const event = items.map((i) => (i.Put?.Item ? unpacked(i.Put.Item) : undefined)).find((item) => item?.type === 'noted');
    expect(event).toMatchObject({ actor: 'tonglu-registrar', reason: '附件举报信点名人社局', detail: { accusedUnitsAdded: ['330122-hrss'] } });
    expect(items.some((i) => i.Delete?.Key?.sk === 'COOP#330122-hrss')).toBe(true);
    // As stored now, the accused unit's staff cannot read it.
    stored({ ...WITH_COOPERATING, accusedUnits: ['330122-hrss'], handling: { lead: '330122-housing', cooperating: [] } });
    expect([403, 404]).toContain((await invoke({ method: 'GET', path: `/cases/${HANDLED.caseNumber}`, staffId: 'tonglu-hrss-handler' })).status);
  });

  it('refuses an unknown unit by name, a missing reason, and a unit’s staff', async () => {
    stored(WITH_COOPERATING);
    const unknown = await invoke({ method: 'POST', path, staffId: 'tonglu-office', body: { units: ['330122-nowhere'], reason: '附件' } });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    expect(JSON.stringify(unknown.body)).toContain('330122-nowhere');
    expect((await invoke({ method: 'POST', path, staffId: 'tonglu-office', body: { units: ['330122-hrss'] } })).status).toBe(400);
    expect((await invoke({ method: 'POST', path, staffId: 'tonglu-housing-handler', body: { units: ['330122-hrss'], reason: '附件' } })).status).toBe(403);
  });
});

describe('更正被举报对象 in the API', () => {
  const ACCUSING = { ...HANDLED, accusedUnits: ['330122-hrss'] };
  const path = `/cases/${HANDLED.caseNumber}/accused-corrections`;

  it('the office takes a wrongly recorded unit off, with the reason on the case; the case offers the action', async () => {
    stored(ACCUSING);
    const view = await invoke({ method: 'GET', path: `/cases/${HANDLED.caseNumber}`, staffId: 'tonglu-office' });
    expect(view.body.allowedActions).toContain('correctAccused');
    const corrected = await invoke({ method: 'POST', path, staffId: 'tonglu-office', body: { units: ['330122-hrss'], reason: '登记时误选人社局' } });
    expect(corrected.status).toBe(200);
    expect(corrected.body.case.accusedUnits).toEqual([]);
    expect(corrected.body.case.notAccused).toEqual({ units: ['330122-hrss'], places: [] });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    const event = items.map((i) => (i.Put?.Item ? unpacked(i.Put.Item) : undefined)).find((item) => item?.type === 'noted');
    expect(event).toMatchObject({ actor: 'tonglu-office', reason: '登记时误选人社局', detail: { accusedUnitsRemoved: ['330122-hrss'], accusedPlacesRemoved: [] } });
  });

  it('refuses the desk, an empty request, a unit not recorded, naming it', async () => {
    stored(ACCUSING);
    expect((await invoke({ method: 'POST', path, staffId: 'tonglu-registrar', body: { units: ['330122-hrss'], reason: '误选' } })).status).toBe(403);
    const empty = await invoke({ method: 'POST', path, staffId: 'tonglu-office', body: { reason: '误选' } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('name at least one unit or place');
    const notRecorded = await invoke({ method: 'POST', path, staffId: 'tonglu-office', body: { units: ['330122-housing'], reason: '误选' } });
    expect(notRecorded.status).toBe(422);
    expect(JSON.stringify(notRecorded.body)).toContain('330122-housing is not recorded as accused');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('an archived case is kept as it was filed', () => {
  const ARCHIVED = { ...HANDLED, status: 'archived', archive: { at: '2026-12-01T02:00:00.000Z', key: 'archive/330122-2026-000007/file.json', retainUntil: '2029-12-01T02:00:00.000Z' } };

  it('refuses recording an accused unit or a recusal on it (409), writing nothing; a query code may still be given', async () => {
    stored(ARCHIVED);
    const accused = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/accused-units`, staffId: 'tonglu-office', body: { units: ['330122-hrss'], reason: '附件' } });
    expect(accused.status).toBe(409);
    expect(accused.body.error.message).toContain('an archived case is kept as it was filed');
    const recusal = await invoke({ method: 'POST', path: `/cases/${HANDLED.caseNumber}/recusals`, staffId: 'tonglu-office', body: { staffId: 'tonglu-registrar', reason: '近亲属' } });
    expect(recusal.status).toBe(409);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const view = await invoke({ method: 'GET', path: `/cases/${HANDLED.caseNumber}`, staffId: 'tonglu-office' });
    expect(view.body.allowedActions).not.toContain('markAccused');
  });
});
