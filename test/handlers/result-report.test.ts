import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 交办件: a case the city assigned to a county's unit reports its result to
 * the city when the petitioner is answered (办结后报送办理结果), in the change
 * that records the answer; a case the county assigned itself reports to nobody.
 */
// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const concluded = {
  ...STORED_LETTER_CASE,
  status: 'concluded',
  version: 7,
  subject: '城南小区楼顶漏水',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  handling: { lead: '330122-housing', cooperating: [] },
  assignedBy: { staffId: 'hz-office', jurisdiction: '330100' },
  reportBackTo: '330100',
  deadlines: { handling: '2027-01-20T16:00:00.000Z', reply: '2026-12-10T16:00:00.000Z' },
  result: {
    facts: '经现场查看，楼顶防水层老化破损。',
    basis: '《物业管理条例》第五十四条',
    decision: '责成物业公司于12月20日前完成维修。',
    outcome: 'supported',
    concludedAt: '2026-12-05T02:00:00.000Z',
    concludedBy: 'tonglu-housing-handler',
    unit: '330122-housing',
  },
};
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!)));
const deleted = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.filter((i) => i.Delete).map((i) => i.Delete!.Key));

describe('POST /cases/{n}/reply on a 交办件', () => {
  it('reports the result to the office that assigned it, with the answer to the petitioner, in one change', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [concluded] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', body: {} });

    expect(response.status).toBe(200);
    const [items] = written();
    expect(items!.find((i) => i.entity === 'event')).toMatchObject({ type: 'replied', detail: expect.objectContaining({ reportedBackTo: '330100' }) });
    const mails = outboxMessages(items!).map((m) => m.body);
    expect(mails.map((m) => m.to[0])).toEqual(['zhangwei@qq.example', 'xinfang@hz.petitions.example']);
    const report = mails[1]!;
    expect(report).toMatchObject({ id: `report-back:${NUMBER}:2026-12-05T02:00:00.000Z`, subject: `【办理结果报送】${NUMBER} — 桐庐县住房和城乡建设局`, fromName: '桐庐县信访局' });
    expect(report.text).toContain('杭州市信访局：');
    expect(report.text).toContain('已由桐庐县住房和城乡建设局办结，并于2026年12月7日 10:00书面答复信访人（电子邮件送达）');
    expect(report.text).toContain('办理结果：支持');
    expect(report.text).toContain('处理意见：责成物业公司于12月20日前完成维修。');
    // Answered and reported: off the city's 交办督办件 list in the same change.
    expect(deleted()[0]).toContainEqual({ pk: `CASE#${NUMBER}`, sk: 'SUPER#330100' });
  });

  it('to a petitioner without email, says the letter is yet to be posted, not that it reached them', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...concluded, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道白云小区3幢502' } }] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', body: {} });

    expect(response.status).toBe(200);
    const report = outboxMessages(written()[0]!).map((m) => m.body).find((m) => m.to[0] === 'xinfang@hz.petitions.example')!;
    expect(report.text).toContain('书面答复信访人（处理意见书待邮寄送达，寄出日期在系统中记录）');
  });

  it('reports to every office that handed it down: a 省交办件 the city passed on reports to the province too', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...concluded, reportBackAbove: ['330000'] }] });
    dynamo.on(TransactWriteCommand).resolves({});

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', body: {} })).status).toBe(200);
    const [items] = written();
    expect(items!.find((i) => i.entity === 'event')).toMatchObject({ type: 'replied', detail: expect.objectContaining({ reportedBackTo: '330100', reportedAlsoTo: ['330000'] }) });
    const reports = outboxMessages(items!).map((m) => m.body).filter((m) => m.id.startsWith('report-back:'));
    expect(reports.map((m) => [m.id, m.to[0]])).toEqual([
      [`report-back:${NUMBER}:2026-12-05T02:00:00.000Z`, 'xinfang@hz.petitions.example'],
      [`report-back:${NUMBER}:2026-12-05T02:00:00.000Z:330000`, 'xinfang@zj.petitions.example'],
    ]);
    expect(reports[1]!.text).toContain('浙江省信访局：');
  });

  it('tells the leader who owns the case (领导包案) its answer too', async () => {
    const owned = { ...concluded, leaderOwnership: { leader: 'hz-leader-petitions', reason: '重复信访', since: '2026-12-01T02:00:00.000Z', by: 'hz-office' } };
    dynamo.on(QueryCommand).resolves({ Items: [owned] });
    dynamo.on(TransactWriteCommand).resolves({});

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', body: {} })).status).toBe(200);
    const mail = outboxMessages(written()[0]!).map((m) => m.body).find((m) => m.subject.startsWith('【包案事项已答复】'));
    expect(mail).toMatchObject({ to: [expect.stringContaining('@hz.petitions.example')], text: expect.stringContaining('处理意见：责成物业公司于12月20日前完成维修。') });
  });

  it('reports to nobody when the county assigned the case itself', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...concluded, reportBackTo: undefined, assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' } }] });
    dynamo.on(TransactWriteCommand).resolves({});

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/reply`, staffId: 'tonglu-housing-handler', body: {} })).status).toBe(200);
    const [items] = written();
    expect(outboxMessages(items!).map((m) => m.body.to[0])).toEqual(['zhangwei@qq.example']);
    expect(items!.find((i) => i.entity === 'event')!.detail).not.toHaveProperty('reportedBackTo');
  });
});
