import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';

const { dynamo, invoke } = apiTestBed();

describe('GET /cases/{caseNumber}: each deadline with how it was counted', () => {
  it('a letter received on Friday 20 November 2026: 15 days end on Saturday 5 December, so the acceptance deadline is Monday 7 December, and the answer says why', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
    dynamo.on(TransactWriteCommand).resolves({});
    const created = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body: LETTER });
    expect(created.status).toBe(201);
    const stored = dynamo
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((i) => unpacked(i.Put!.Item!))
      .find((item) => item.sk === 'CASE')!;
    // Stored beside the deadlines, not inside them: the work-list indexes copy `deadlines` on every change.
    expect(stored.deadlines).toEqual({ acceptance: '2026-12-07T16:00:00.000Z', started: { acceptance: '2026-11-20T01:15:00.000Z' } });
    expect(Object.keys(stored.deadlineExplanations)).toEqual(['acceptance']);

    dynamo.on(QueryCommand).resolves({ Items: [stored] });
    const response = await invoke({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-office' });

    expect(response.status).toBe(200);
    expect(response.body.deadlines).toEqual({
      acceptance: {
        at: '2026-12-07T16:00:00.000Z',
        lastDay: '2026-12-07',
        explanation: {
          startedAt: '2026-11-20T01:15:00.000Z',
          startDay: '2026-11-20',
          firstCountedDay: '2026-11-21',
          rule: { days: 15, count: 'calendar', source: 'national' },
          skipped: [],
          adjustedWorkdays: [],
          countedLastDay: '2026-12-05',
          roll: { from: '2026-12-05', to: '2026-12-07', kind: 'weekend' },
          lastDay: '2026-12-07',
          at: '2026-12-07T16:00:00.000Z',
          adjustments: [],
        },
        sentence:
          '本期限自2026年11月20日（星期五）收到信访事项之日起算（当日不计），按《信访工作条例》规定的期限计15日，第15日2026年12月5日（星期六）为休息日，顺延至其后第一个工作日，至2026年12月7日（星期一）届满。',
      },
    });
  });
});
