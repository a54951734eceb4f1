import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { queuedHandoffs } from '../fixtures/handoff-handler.js';

/**
 * 谁承办谁答复: only a unit's own staff conclude and answer a case it leads.
 * 桐庐县教育局 has nobody in the demo's staff list, so staff handing a case to
 * it as lead are told so at once, and nothing reaches the handoff queue.
 */
// Wednesday 2 December 2026, 10:00 in China.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-12-02T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const accepted = { ...STORED_LETTER_CASE, status: 'accepted', version: 3, subject: '小学乱收补课费', deadlines: { handling: '2027-01-20T16:00:00.000Z' } };
const post = (action: string, body: unknown) => invoke({ method: 'POST', path: `/cases/${NUMBER}/${action}`, staffId: 'tonglu-office', body });

describe('handing a case to a unit with nobody in the system', () => {
  it('is refused as lead by assign, route or transfer (422), naming the unit, and queues nothing', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [accepted] });
    dynamo.on(GetCommand).resolves({});
    for (const [action, body] of [
      ['assign', { lead: '330122-education' }],
      ['transfer', { toJurisdiction: '330122', lead: '330122-education', reason: '教育收费问题' }],
    ] as const) {
      const refused = await post(action, body);
      expect(refused.status, action).toBe(422);
      expect(refused.body.error.message).toContain('桐庐县教育局 has no staff in the system');
      expect(refused.body.error.messageZh).toBe('桐庐县教育局在系统中没有工作人员（承办人或单位负责人），无人能够办结：请选择有工作人员的主办单位（桐庐县教育局可作为协办单位），或由本机关自办');
      expect(refused.body.error.issues).toEqual([expect.objectContaining({ path: 'body.lead', kind: 'rule' })]);
    }
    dynamo.on(QueryCommand).resolves({ Items: [{ ...accepted, status: 'registered', version: 1 }] });
    const routed = await post('route', { lead: '330122-education' });
    expect(routed.status).toBe(422);
    expect(routed.body.error.message).toContain('nobody could conclude the case there');
    expect(routed.body.error.messageZh).toContain('桐庐县教育局在系统中没有工作人员');
    expect(queuedHandoffs(sqs)).toHaveLength(0);
  });

  it('lets it cooperate with a staffed lead', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [accepted] });
    dynamo.on(GetCommand).resolves({});
    const assigned = await post('assign', { lead: '330122-housing', cooperating: ['330122-education'] });
    expect(assigned.status).toBe(202);
    expect(queuedHandoffs(sqs)).toHaveLength(1);
  });
});
