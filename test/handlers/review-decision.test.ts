import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CopyObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { implementationReportedNotice } from '../../shared/app/handoff/notices.js';
import type { Case } from '../../shared/domain/case.js';

const province = loadProvinceConfig(DEMO_CONFIG);

// The city's office decides a 复查 of 桐庐县住建局's answer, on 23 November.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });
// Archiving copies files to S3: nothing may be copied for a case that is not filed.
const s3 = mockClient(S3Client);

const underReview = {
  ...STORED_LETTER_CASE,
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  status: 'underReview',
  handling: { lead: '330122-housing', cooperating: [] },
  acceptedAt: '2026-11-01T02:00:00.000Z',
  reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '维修至今未完成' }],
  followUp: { dueAt: '2026-11-17T02:00:00.000Z', round: 1, sentAt: '2026-11-17T02:00:00.000Z' },
  deadlines: { reviewDecision: '2026-12-20T16:00:00.000Z' },
  version: 9,
};
const DECISION = { facts: '经复查，漏水原因未查明。', basis: '《信访工作条例》第三十五条。', decision: '原处理意见事实不清，予以撤销，由桐庐县住房和城乡建设局重新办理。' };

describe('POST /cases/{n}/review-decision', () => {
  it('撤销: the matter goes back to its unit with a new handling period, and the letter says it will be answered anew', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [underReview] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/review-decision', staffId: 'hz-office', body: { outcome: 'revoked', ...DECISION } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'inProgress', reviewLevel: 1, handling: { lead: '330122-housing' }, reviews: [{ outcome: 'revoked' }] });
    expect(response.body.case.deadlines.handling).toBeDefined();
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    // One change, one event item: the decision, and the reopening that followed it.
    const events = items.filter((i) => i.entity === 'event').flatMap((i) => [i, ...((i.followedBy as { type: string }[] | undefined) ?? [])]);
    expect(events.map((e) => e.type)).toEqual(['reviewDecided', 'reopened']);
    const letter = outboxMessages(items).find((m) => m.id === 'review-decision:330122-2026-000007:1')!;
    expect(letter.body.text).toContain('原处理意见已撤销，由桐庐县住房和城乡建设局重新办理，并在办理期限内重新书面答复您');
    expect(letter.body.text).not.toContain('请求复核（请于');
    // The unit hears of it in the same change, from the reviewing level, with the new deadline; the county's office too.
    const redo = outboxMessages(items).find((m) => m.id.startsWith('reopened:330122-2026-000007:'))!;
    expect(redo.body).toMatchObject({ to: ['housing@tonglu.petitions.example', 'xinfang@tonglu.petitions.example'], fromName: '杭州市信访局', subject: '【重新办理】330122-2026-000007 经复查，原处理意见已撤销 — 杭州市信访局' });
    expect(redo.body.text).toContain(`复查意见：${DECISION.decision}`);
    expect(redo.body.text).toMatch(/请于\d{4}年\d{1,2}月\d{1,2}日前重新办结/);
  });

  it('撤销: the reviewing office is owed the new answer and has the case on its 交办督办件 list, with the county unit told to report to it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [underReview] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/review-decision', staffId: 'hz-office', body: { outcome: 'revoked', ...DECISION } });

    expect(response.body.case).toMatchObject({ reportBackTo: '330100', redoOrderedBy: ['330100'] });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    expect(items).toContainEqual(expect.objectContaining({ entity: 'supervising', caseNumber: '330122-2026-000007', office: '330100' }));
    const reopened = items.filter((i) => i.entity === 'event').flatMap((i) => [i, ...((i.followedBy as { type: string; detail?: unknown }[] | undefined) ?? [])]).find((e) => e.type === 'reopened')!;
    expect(reopened.detail).toMatchObject({ reportBackTo: '330100', handlingDeadline: response.body.case.deadlines.handling });
    const redo = outboxMessages(items).find((m) => m.id.startsWith('reopened:330122-2026-000007:'))!;
    expect(redo.body.text).toContain('重新办理结果须报送杭州市信访局');
  });

  it('维持: the review’s letter is the new reply, offering 复核', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [underReview] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/review-decision', staffId: 'hz-office', body: { outcome: 'upheld', ...DECISION } });

    expect(response.body.case).toMatchObject({ status: 'replied', reviewLevel: 1, reply: { level: 1 } });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    const text = outboxMessages(items).find((m) => m.id === 'review-decision:330122-2026-000007:1')!.body.text;
    expect(text).toContain('向浙江省信访局请求复核');
    // It answers the petitioner's 复查 request, not the matter afresh: it says what was asked, when, and who reviewed it.
    expect(text).toContain('您对信访事项（登记编号 330122-2026-000007，主题：');
    expect(text).toContain('的处理意见不服，于2026年11月20日提出复查申请。经杭州市信访局复查，现答复如下：');
    expect(text).not.toContain('反映的信访事项');
  });
});

describe('whose decision was reviewed hears the outcome', () => {
  const answered = {
    ...underReview,
    result: { outcome: 'partlySupported', facts: '漏水属实。', basis: '《物业管理条例》。', decision: '责成物业维修。', concludedAt: '2026-11-05T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
  };
  const told = async (outcome: string) => {
    dynamo.on(QueryCommand).resolves({ Items: [answered] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: '/cases/330122-2026-000007/review-decision', staffId: 'hz-office', body: { outcome, ...DECISION, decision: '责成物业十日内完成维修并赔偿损失。' } });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    return outboxMessages(items).find((m) => m.id === 'review-decided:330122-2026-000007:1')?.body;
  };

  it('变更: the unit that answered and the county office are asked to carry out the changed decision', async () => {
    const mail = (await told('revised'))!;
    expect(mail).toMatchObject({ to: ['housing@tonglu.petitions.example', 'xinfang@tonglu.petitions.example'], fromName: '杭州市信访局', subject: '【复查结果】330122-2026-000007 变更原处理意见 — 杭州市信访局' });
    expect(mail.text).toContain('复查意见：责成物业十日内完成维修并赔偿损失。');
    // By the day the case's report-back clock ends: the handling limit (60 days) from the decision of 23 November.
    expect(mail.text).toContain('请按复查意见落实，并于2027年1月22日前将落实情况报杭州市信访局（在事项页“报送落实情况”）。');
  });

  it('维持: they hear it too, to explain it to the petitioner; 撤销 is told by the reopening alone', async () => {
    expect((await told('upheld'))!.subject).toBe('【复查结果】330122-2026-000007 维持原处理意见 — 杭州市信访局');
    expect(await told('revoked')).toBeUndefined();
  });
});

describe('落实情况: the unit reports how it carried out a changed 复查 decision', () => {
  const answered = {
    ...underReview,
    result: { outcome: 'partlySupported', facts: '漏水属实。', basis: '《物业管理条例》。', decision: '责成物业维修。', concludedAt: '2026-11-05T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
  };
  const revised = async () => {
    dynamo.on(QueryCommand).resolves({ Items: [answered] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/review-decision', staffId: 'hz-office', body: { outcome: 'revised', ...DECISION, decision: '责成物业十日内完成维修。' } });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    return { c: response.body.case, items };
  };

  it('变更 puts the case on the reviewing office’s 交办督办件 list with the report-back day as its clock', async () => {
    const { c, items } = await revised();
    expect(c).toMatchObject({ status: 'replied', implementation: { review: 1, orderedBy: '330100', unit: '330122-housing', dueAt: '2027-01-22T16:00:00.000Z' } });
    const puts = items.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    expect(puts).toContainEqual(expect.objectContaining({ entity: 'supervising', caseNumber: '330122-2026-000007', office: '330100' }));
    const stored = puts.find((i) => i.entity === 'case')!;
    expect(stored.ledger).toMatchObject({ implementationDue: '2027-01-22T16:00:00.000Z', superiors: [{ office: '330100', relation: 'reviewImplementation' }] });
  });

  it('the unit’s report is recorded on the case and takes it off that list; a level above may not report it', async () => {
    const { items: decided } = await revised();
    const stored = decided.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})).find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [stored] });
    dynamo.on(TransactWriteCommand).resolves({});
    const above = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'hz-office', body: { report: '已维修。' } });
    expect(above.status).toBe(403);

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '已于12月1日完成维修，信访人已确认。' } });
    expect(response.status).toBe(200);
    expect(response.body.case.implementation).toMatchObject({ reportedBy: 'tonglu-housing-handler', report: '已于12月1日完成维修，信访人已确认。' });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    expect(items).toContainEqual(expect.objectContaining({ Delete: expect.objectContaining({ Key: { pk: 'CASE#330122-2026-000007', sk: 'SUPER#330100' } }) }));
    const event = items.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})).find((i) => i.entity === 'event')!;
    expect(event).toMatchObject({ type: 'implementationReported', reason: '已于12月1日完成维修，信访人已确认。', detail: { review: 1, reportedTo: '330100', late: false } });
  });

  it('the reviewing office is emailed 【落实情况】 with the report in the same write; the same report again sends nothing', async () => {
    const { items: decided } = await revised();
    const stored = decided.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})).find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [stored] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '已于12月1日完成维修，信访人已确认。' } });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    const mail = outboxMessages(items).find((m) => m.id.startsWith('implementation-reported:330122-2026-000007:'))!;
    expect(mail.body).toMatchObject({ to: ['xinfang@hz.petitions.example'], subject: expect.stringContaining('【落实情况】330122-2026-000007') });
    expect(mail.body.text).toContain('桐庐县住房和城乡建设局');
    expect(mail.body.text).toContain('已于12月1日完成维修，信访人已确认。');
    expect(mail.body.text).toContain('2026年11月23日');
    expect(mail.body.text).toContain('按期报送');

    const reported = items.find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [reported] });
    dynamo.on(TransactWriteCommand).resolves({});
    const again = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '已于12月1日完成维修，信访人已确认。' } });
    expect(again.status).toBe(200);
    const written = dynamo.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})));
    expect(outboxMessages(written)).toEqual([]);
  });

  it('a report past the day says it is late', async () => {
    const { items: decided } = await revised();
    const stored = decided.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})).find((i) => i.entity === 'case')!;
    const late = { ...stored, implementation: { ...(stored.implementation as object), dueAt: '2026-11-20T16:00:00.000Z' } };
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [late] });
    dynamo.on(TransactWriteCommand).resolves({});
    await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '已维修。' } });
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    const mail = outboxMessages(items).find((m) => m.id.startsWith('implementation-reported:'))!;
    expect(mail.body.subject).toContain('逾期报送');
    expect(mail.body.text).toContain('报送期限：2026年11月20日');
  });

  it('no 【落实情况】 goes to a reviewing office the report accuses', () => {
    const reported = {
      ...answered,
      status: 'replied',
      implementation: { review: 1, orderedBy: '330100', orderedAt: '2026-11-23T02:00:00.000Z', dueAt: '2027-01-22T16:00:00.000Z', unit: '330122-housing', reportedAt: '2026-12-01T02:00:00.000Z', reportedBy: 'tonglu-housing-handler', report: '已维修。' },
    } as unknown as Case;
    expect(implementationReportedNotice(province, reported)?.to).toEqual(['xinfang@hz.petitions.example']);
    expect(implementationReportedNotice(province, { ...reported, accusedJurisdictions: ['330100'] })).toBeUndefined();
  });

  it('with nothing to carry out the report is refused in Chinese, and an empty one names the field', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...answered, status: 'replied', reviews: [] }] });
    const refused = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '已维修。' } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('该事项没有需要落实并报送落实情况的复查（复核）意见');
    const empty = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/implementation-report', staffId: 'tonglu-housing-handler', body: { report: '  ' } });
    expect(empty.status).toBe(400);
  });
});

describe('GET /cases/{n} with an extension request waiting', () => {
  it('says the handling deadline an approval would make, rolled past a weekend as the approval rolls it', async () => {
    const handled = {
      ...underReview,
      status: 'inProgress',
      reviews: [],
      // The last day 2026年12月6日 (a Sunday); 20 days on is Saturday 2026年12月26日, which rolls to Monday the 28th.
      deadlines: { handling: '2026-12-06T16:00:00.000Z' },
      extension: { days: 20, reason: '需委托房屋安全鉴定', requestedBy: 'tonglu-housing-handler', requestedAt: '2026-11-22T02:00:00.000Z', status: 'requested' },
    };
    dynamo.on(QueryCommand).resolves({ Items: [handled] });

    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.extensionPreview).toMatchObject({ lastDay: '2026-12-28', roll: { from: '2026-12-26', to: '2026-12-28' } });
    expect(response.body.extensionPreview.deadline).toBe('2026-12-28T16:00:00.000Z');
  });

  it('previews the day the approval makes when the period was rolled past 春节: 20 days after 2027年2月9日, not after the 5th it was rolled from', async () => {
    const rolled = {
      ...underReview,
      status: 'inProgress',
      reviews: [],
      // Accepted Monday 7 December 2026: the 60th day, Friday 5 February 2027, falls in 春节 and rolls to Tuesday the 9th.
      deadlines: {
        handling: '2027-02-09T16:00:00.000Z',
        provisional: ['handling'],
        explanations: {
          handling: {
            startedAt: '2026-12-07T02:00:00.000Z',
            startDay: '2026-12-07',
            firstCountedDay: '2026-12-08',
            rule: { days: 60, count: 'calendar', source: 'national' },
            skipped: [],
            adjustedWorkdays: [],
            countedLastDay: '2027-02-05',
            roll: { from: '2027-02-05', to: '2027-02-09', kind: 'holiday', holiday: '春节' },
            lastDay: '2027-02-09',
            at: '2027-02-09T16:00:00.000Z',
            provisional: { missingYears: [2027] },
            adjustments: [],
          },
        },
      },
      extension: { days: 20, reason: '需调取原单位档案核对工龄', requestedBy: 'tonglu-housing-handler', requestedAt: '2026-11-22T02:00:00.000Z', status: 'requested' },
    };
    dynamo.on(QueryCommand).resolves({ Items: [rolled] });
    const preview = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });
    expect(preview.body.extensionPreview).toMatchObject({ deadline: '2027-03-01T16:00:00.000Z', lastDay: '2027-03-01' });

    // The leader approves what they were shown.
    dynamo.on(TransactWriteCommand).resolves({});
    const approved = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/extension/decision', staffId: 'tonglu-leader-petitions', body: { approve: true } });
    expect(approved.status).toBe(200);
    const items = dynamo.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    const written = items.find((item) => item.sk === 'CASE') as { deadlines: { handling: string } };
    expect(written.deadlines.handling).toBe(preview.body.extensionPreview.deadline);
  });
});

describe('POST /cases/{n}/archive within the review window', () => {
  it('is refused before any file is copied to the archive', async () => {
    const closed = {
      ...underReview,
      status: 'closed',
      reviews: [],
      reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:1', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
      closedAt: '2026-11-21T02:00:00.000Z',
    };
    dynamo.on(QueryCommand).resolves({ Items: [closed] });

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/archive', staffId: 'tonglu-office' });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('may still ask for a review (复查) until 2026年12月20日');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(s3.commandCalls(CopyObjectCommand)).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand)).toEqual([]);
  });

  it('GET /cases/{n} says the window and why 归档 waits for it, to whoever could archive', async () => {
    const closed = {
      ...underReview,
      status: 'closed',
      reviews: [],
      reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:1', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
      closedAt: '2026-11-21T02:00:00.000Z',
    };
    dynamo.on(QueryCommand).resolves({ Items: [closed] });

    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.allowedActions).not.toContain('archive');
    expect(response.body.reviewWindow).toEqual({ level: 1, by: '2026-12-20T16:00:00.000Z' });
    expect(response.body.archiveWaits).toEqual({ until: '2026-12-20T16:00:00.000Z', reason: '信访人在2026年12月20日前仍可申请复查，请在此之后归档' });
  });
});

describe('POST /cases/{n}/reply after a 复查 revoked the first answer', () => {
  it('reports the new answer to the reviewing office and offers the petitioner 复核', async () => {
    const redone = {
      ...underReview,
      status: 'concluded',
      reviewLevel: 1,
      reviews: [{ ...underReview.reviews[0], decidedAt: '2026-11-21T02:00:00.000Z', decidedBy: 'hz-office', outcome: 'revoked', summary: DECISION.decision }],
      reportBackTo: '330100',
      redoOrderedBy: ['330100'],
      deadlines: { handling: '2027-01-20T16:00:00.000Z', reply: '2026-11-28T16:00:00.000Z' },
      result: { facts: '经重新查明，漏水系楼顶防水层破损。', basis: '《物业管理条例》第五十四条', decision: '责成物业公司于12月10日前完成维修。', outcome: 'supported', concludedAt: '2026-11-22T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
    };
    dynamo.on(QueryCommand).resolves({ Items: [redone] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/reply', staffId: 'tonglu-housing-handler', body: {} });

    expect(response.status).toBe(200);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {}));
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'replied', detail: expect.objectContaining({ reportedBackTo: '330100' }) });
    const mails = outboxMessages(items).map((m) => m.body);
    const report = mails.find((m) => m.id.startsWith('report-back:'))!;
    expect(report.to).toEqual(['xinfang@hz.petitions.example']);
    expect(report.text).toContain('你单位复查后责令重新办理的信访事项 330122-2026-000007');
    expect(report.text).toContain('处理意见：责成物业公司于12月10日前完成维修。');
    // The petitioner's new answer: the next step is 复核 by the province.
    expect(mails.find((m) => m.to.includes('zhangwei@163.example'))!.text).toContain('向浙江省信访局请求复核');
  });
});
