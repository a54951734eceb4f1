import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

// 撤回: the petitioner withdraws the matter before it is answered, recorded by the desk.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const PATH = `/cases/${NUMBER}/withdrawal`;
const working = {
  ...STORED_LETTER_CASE,
  status: 'inProgress',
  version: 6,
  handling: { lead: '330122-housing', cooperating: ['330122-hrss'] },
  reportBackTo: '330100',
  deadlines: { handling: '2027-01-20T16:00:00.000Z' },
  extension: { days: 10, reason: '需要鉴定', requestedBy: 'tonglu-housing-head', requestedAt: '2026-12-05T02:00:00.000Z', status: 'requested' },
};
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('POST /cases/{n}/withdrawal (撤回)', () => {
  it('ends the case: recorded with how and what was said, no clock, off the lists, everyone working it told to stop', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});
    const before = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-registrar' });
    expect(before.body.allowedActions).toContain('withdraw');

    const response = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-registrar', body: { how: 'writing', note: '已与物业协商解决，本人自愿撤回。', expectedVersion: 6 } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'withdrawn', withdrawal: { at: '2026-12-07T02:00:00.000Z', by: 'tonglu-registrar', how: 'writing', note: '已与物业协商解决，本人自愿撤回。', from: 'inProgress' } });
    // Nobody may extend a period that no longer runs.
    expect(response.body.case.extension).toBeUndefined();
    // Read back as stored: the page no longer offers it (the command's answer carries no allowedActions).
    dynamo.on(QueryCommand).resolves({ Items: [written()[0]!.find((i) => i.Put?.Item?.entity === 'case')!.Put!.Item!] });
    const after = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-registrar' });
    expect(after.body.case.status).toBe('withdrawn');
    expect(after.body.allowedActions).not.toContain('withdraw');
    const transaction = written()[0]!;
    const items = transaction.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'withdrawn', from: 'inProgress', to: 'withdrawn', detail: expect.objectContaining({ how: 'writing', extensionRequestLapsed: expect.objectContaining({ days: 10 }) }) });
    // Off the cooperating unit's 协办事项 and the city's 交办督办件 in the same change.
    expect(transaction.filter((i) => i.Delete).map((i) => i.Delete!.Key)).toEqual(expect.arrayContaining([{ pk: `CASE#${NUMBER}`, sk: 'COOP#330122-hrss' }, { pk: `CASE#${NUMBER}`, sk: 'SUPER#330100' }]));
    const [stop, lapsed] = outboxMessages(items).map((m) => m.body);
    expect(stop.subject).toBe(`【撤回】${NUMBER} 信访人已撤回，终止办理 — 桐庐县信访局`);
    // The leaders asked to decide the 延期 hear there is nothing left to decide.
    expect(lapsed).toMatchObject({ subject: `【延期申请已失效】${NUMBER} 无需审批 — 桐庐县信访局`, text: expect.stringContaining('因信访人已撤回该事项') });
    expect(lapsed.to.length).toBeGreaterThan(0);
    expect(stop.to).toEqual(['xinfang@tonglu.petitions.example', 'xinfang@hz.petitions.example', 'housing@tonglu.petitions.example', 'hrss@tonglu.petitions.example']);
  });

  it('declared at the desk of the office the petitioner first came to, after the case moved on: that office says so to the holder, and signs it', async () => {
    // Received in 桐庐, transferred to and accepted by 淳安; the petitioner comes back to 桐庐's desk to withdraw.
    const elsewhere = { ...working, jurisdiction: '330127', receivingOffice: '330122', handling: { lead: '330127-housing', cooperating: [] }, reportBackTo: undefined, extension: undefined };
    dynamo.on(QueryCommand).resolves({ Items: [elsewhere] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-registrar', body: { how: 'inPerson', note: '问题已解决，本人自愿撤回。' } });
    expect(response.status).toBe(200);
    const items = written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));
    const stop = outboxMessages(items).map((m) => m.body).find((m) => m.subject.startsWith('【撤回】'))!;
    expect(stop.subject).toBe(`【撤回】${NUMBER} 信访人已撤回，终止办理 — 桐庐县信访局`);
    expect(stop.to).toEqual(expect.arrayContaining(['housing@chunan.petitions.example']));
    expect(stop.text).toContain('向桐庐县信访局当面提出撤回该事项，由桐庐县信访局记录在案，现终止办理');
    expect(stop.text).toContain('请与桐庐县信访局核实');
  });

  it('tells a petitioner without email by a letter for post, saying how to object; one who phoned it in, with only a phone, is not called back', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道迎春路8号' } }] });
    dynamo.on(TransactWriteCommand).resolves({});
    const posted = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'inPerson', note: '问题已解决，本人自愿撤回。' } });
    expect(posted.status).toBe(200);
    expect(posted.body.case.postalLetters).toEqual([expect.objectContaining({ id: `withdrawal-notice:${NUMBER}:7`, kind: 'withdrawalNotice' })]);
    const letter = written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!)).find((i) => i.entity === 'message');
    expect(letter).toMatchObject({ kind: 'withdrawalNotice', subject: `【${NUMBER}】信访事项撤回告知 — 桐庐县信访局` });
    expect(letter!.text).toContain(`当面提出撤回所反映的信访事项（登记编号 ${NUMBER}`);
    expect(letter!.text).toContain('请来信、来电或来访向桐庐县信访局（电话：0571-64600000；地址：桐庐县行政服务中心一楼来访接待大厅）说明情况');

    dynamo.resetHistory();
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, name: '张伟', phone: '13800000000' } }] });
    const phoned = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'phone', note: '电话表示不再反映。' } });
    expect(phoned.status).toBe(200);
    expect(phoned.body.case.postalLetters ?? []).toEqual([]);
  });

  it('is refused once answered (409: 复查 is the way), to a unit’s staff (403), and without what the petitioner said (400)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, status: 'replied', extension: undefined }] });
    expect((await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'inPerson', note: '撤回' } })).status).toBe(409);
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    expect((await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-housing-handler', body: { how: 'inPerson', note: '撤回' } })).status).toBe(403);
    const blank = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'letter', note: ' ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.how', 'body.note']);
  });
});

describe('POST /cases/{n}/withdrawal of a collective petition (集体访, 条例第二十条)', () => {
  // 12 residents, three agreed representatives.
  const group = {
    ...working,
    extension: undefined,
    petitioner: { anonymous: false, name: '张建国', phone: '13905710001' },
    collective: { headCount: 12, representatives: [{ anonymous: false, name: '张建国', phone: '13905710001' }, { anonymous: false, name: '李红梅' }, { anonymous: false, name: '王志强' }] },
  };

  it('is refused by phone, though a representative called (422), and ends nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [group] });
    const phoned = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'phone', note: '张建国来电表示大家不再反映。', representatives: ['张建国'] } });
    expect(phoned.status).toBe(422);
    expect(phoned.body.error.message).toContain('in writing or in person at the office (条例第二十条), not by phone');
    expect(written()).toEqual([]);
  });

  it('is refused naming who is missing when not every representative declared it (422)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [group] });
    const one = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'inPerson', note: '张建国当面表示撤回。', representatives: ['张建国'] } });
    expect(one.status).toBe(422);
    expect(one.body.error.message).toContain('李红梅、王志强 did not declare it');
    expect(written()).toEqual([]);
  });

  it('is recorded when all the representatives declared it in writing, with their names on the withdrawal', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [group] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({
      method: 'POST',
      path: PATH,
      staffId: 'tonglu-office',
      body: { how: 'writing', note: '物业已退还维修基金，三名代表共同签名书面申请撤回。', representatives: ['张建国', '李红梅', '王志强'], expectedVersion: 6 },
    });
    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'withdrawn', withdrawal: { how: 'writing', representatives: ['张建国', '李红梅', '王志强'] } });
  });
});

describe('POST /cases/{n}/reinstatement (恢复办理)', () => {
  const REINSTATE = `/cases/${NUMBER}/reinstatement`;
  const withdrawn = {
    ...working,
    status: 'withdrawn',
    petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
    extension: undefined,
    withdrawal: { at: '2026-11-27T02:00:00.000Z', by: 'petitioner', how: 'online', note: '不想反映了', from: 'inProgress' },
  };

  it('takes the case up where it stood, moves its clock on by the days withdrawn, and tells the units, the offices and the petitioner', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [withdrawn] });
    dynamo.on(TransactWriteCommand).resolves({});
    const before = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'tonglu-office' });
    expect(before.body.allowedActions).toContain('reinstate');

    const response = await invoke({ method: 'POST', path: REINSTATE, staffId: 'tonglu-office', body: { reason: '信访人来电称撤回系被他人冒用查询码所为，经核实属实。' } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'inProgress', handling: { lead: '330122-housing', cooperating: ['330122-hrss'] } });
    expect(response.body.case.withdrawal).toBeUndefined();
    // 10 calendar days withdrawn (27 November to 7 December): 20 January moves to 30 January, a Saturday of 2027, whose
    // notice is not out: left there, the earlier day, as any office clock on such a weekend, and marked 约 until it is.
    expect(response.body.case.deadlines.handling).toBe('2027-01-30T16:00:00.000Z');
    expect(response.body.case.deadlines.provisional).toContain('handling');
    const transaction = written()[0]!;
    const items = transaction.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'reinstated', from: 'withdrawn', to: 'inProgress', detail: expect.objectContaining({ days: 10, clock: 'handling' }) });
    // Back on the cooperating unit's 协办事项 and the city's 交办督办件.
    expect(transaction.filter((i) => i.Put).map((i) => i.Put!.Item!.sk)).toEqual(expect.arrayContaining(['COOP#330122-hrss', 'SUPER#330100']));
    const mails = outboxMessages(items).map((m) => m.body);
    // Each its own id: the mailer sends one mail per id.
    expect(new Set(mails.map((m) => m.id)).size).toBe(mails.length);
    const [offices, units] = mails.filter((m) => m.subject.startsWith('【恢复办理】'));
    expect(offices.to).toEqual(['xinfang@tonglu.petitions.example', 'xinfang@hz.petitions.example']);
    expect(offices.text).toContain('冒用查询码');
    // The units hear what to do, not why: the reason may name the unit that pressed the petitioner.
    expect(units.to).toEqual(['housing@tonglu.petitions.example', 'hrss@tonglu.petitions.example']);
    expect(units.text).not.toContain('冒用查询码');
    expect(units.text).toContain('请按原分工继续办理，撤回期间不计入期限，现应于2027年1月30日前办结。');
    const told = mails.find((m) => m.to.includes('zhangwei@qq.example'));
    expect(told?.subject).toBe(`【${NUMBER}】信访事项恢复办理告知 — 桐庐县信访局`);
    expect(told?.text).toContain('撤回并非您本人的真实意愿，本机关已恢复办理，撤回期间不计入期限，最迟于2027年1月30日依法办结并书面答复您。');
  });

  it('withdrawn again later, the case is told again: every withdrawal has letters of its own', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, version: 9, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' }, extension: undefined }] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { how: 'writing', note: '再次书面申请撤回。' } });
    const ids = outboxMessages(written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!))).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([`withdrawn:${NUMBER}:10`, `withdrawal-notice:${NUMBER}:10`]));
  });

  it('is refused unless the case is withdrawn (409), and to a unit’s staff (403)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    expect((await invoke({ method: 'POST', path: REINSTATE, staffId: 'tonglu-office', body: { reason: '恢复' } })).status).toBe(409);
    dynamo.on(QueryCommand).resolves({ Items: [withdrawn] });
    expect((await invoke({ method: 'POST', path: REINSTATE, staffId: 'tonglu-housing-handler', body: { reason: '恢复' } })).status).toBe(403);
  });
});
