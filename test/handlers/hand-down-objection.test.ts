import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 异议退回 (条例 第二十三条) through the API: 杭州市信访局 handed a letter down
 * to 桐庐县信访局 on Tue 24 Nov 2026; the county sends it back within its 5
 * working days (to the end of Tue 1 Dec), the city is emailed and finds it on
 * its triage list marked as returned.
 */
// Tuesday 1 December 2026, 10:00 in China: the last day of the window.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-01T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const REASON = '信中反映的小区位于建德市新安江街道，不在桐庐县辖区';
const cityClocks = { acceptance: '2026-12-07T16:00:00.000Z' };
const handedDown = {
  ...STORED_LETTER_CASE,
  subject: '楼顶漏水',
  version: 3,
  deadlines: { acceptance: '2026-12-09T16:00:00.000Z' },
  reportBackTo: '330100',
  objectionWindow: { unit: 'office:330122', from: '330100', receivedAt: '2026-11-24T02:00:00.000Z', until: '2026-12-01T16:00:00.000Z', senderDeadlines: cityClocks },
};
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
const stored = (items: ReturnType<typeof written>[number]) => items.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));

describe('POST /cases/{n}/hand-down-objection', () => {
  it('sends the case back to the city’s triage list, marked as returned, with its clocks, and emails the city the reasons', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [handedDown] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/hand-down-objection`, staffId: 'tonglu-office', body: { reason: REASON } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'registered', jurisdiction: '330100', deadlines: cityClocks, triage: { returnedBy: '330122' } });
    expect(response.body.case.objectionWindow).toBeUndefined();
    const items = stored(written()[0]!);
    expect(items.find((i) => i.entity === 'event')).toMatchObject({ type: 'returned', actor: 'tonglu-office', reason: REASON, detail: { handDownObjected: true, backTo: '330100' } });
    const [letter] = outboxMessages(items);
    expect(letter!.body.to).toEqual(['xinfang@hz.petitions.example']);
    expect(letter!.body.subject).toBe(`【异议退回】${NUMBER} 退回杭州市信访局重新分办 — 桐庐县信访局`);
    expect(letter!.body.text).toContain('桐庐县信访局于2026年11月24日');
    expect(letter!.body.text).toContain(`异议理由：${REASON}`);
    expect(letter!.body.text).toContain('受理期限：2026年12月7日');
  });

  it('after the window, 422 in Chinese naming the day it closed; from the city above, 403; nothing written', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...handedDown, objectionWindow: { ...handedDown.objectionWindow, until: '2026-11-30T16:00:00.000Z' } }] });
    const late = await invoke({ method: 'POST', path: `/cases/${NUMBER}/hand-down-objection`, staffId: 'tonglu-office', body: { reason: REASON } });
    expect(late.status).toBe(422);
    expect(JSON.stringify(late.body)).toContain('已于2026年11月30日届满');

    dynamo.on(QueryCommand).resolves({ Items: [handedDown] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/hand-down-objection`, staffId: 'hz-office', body: { reason: REASON } })).status).toBe(403);
    expect(written()).toEqual([]);
  });
});
