import { describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseIndexAttributes } from '../../shared/adapters/dynamodb/keys.js';
import type { Case } from '../../shared/domain/case.js';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';

// 待回访: the follow-up of a replied case whose petitioner has no email is the office's to make, by phone or letter.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-10T02:00:00.000Z' });

const replied = {
  ...STORED_LETTER_CASE,
  status: 'replied',
  petitioner: { anonymous: false, name: '张伟', phone: '13800001111', address: '桐庐县城南街道' },
  reply: { at: '2026-12-01T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'post', level: 0 },
  followUp: { dueAt: '2026-12-08T02:00:00.000Z', round: 1 },
} as unknown as Case;

describe('the office’s 待回访 list', () => {
  it('holds a replied case whose petitioner has no email until the answer is recorded, by when it falls due', () => {
    expect(caseIndexAttributes(replied)).toMatchObject({ gsi2pk: 'FOLLOWUP#330122', gsi2sk: '2026-12-08T02:00:00.000Z#330122-2026-000007' });
    const answered = { ...replied, followUp: { ...replied.followUp!, answeredAt: '2026-12-09T02:00:00.000Z', satisfied: true, via: 'staff' as const } };
    expect(caseIndexAttributes(answered).gsi2pk).toBeUndefined();
    // By email the sweep asks with one-click links; an anonymous petitioner is not asked.
    expect(caseIndexAttributes({ ...replied, petitioner: { ...replied.petitioner, email: 'zhangwei@163.example' } }).gsi2pk).toBeUndefined();
    expect(caseIndexAttributes({ ...replied, petitioner: { anonymous: true } }).gsi2pk).toBeUndefined();
    // Received by the city and handled by 桐庐县: on 桐庐's list, whose office records the answer.
    expect(caseIndexAttributes({ ...replied, receivingOffice: '330100' }).gsi2pk).toBe('FOLLOWUP#330122');
    // A case reopened by an unsatisfied answer is back on its unit's list.
    expect(caseIndexAttributes({ ...replied, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] } }).gsi2pk).toBe('UNIT#330122-housing');
  });

  it('GET /work-lists/followUpsDue reads the office’s partition up to now, soonest due first', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...replied, gsi2pk: 'FOLLOWUP#330122', gsi2sk: '2026-12-08T02:00:00.000Z#330122-2026-000007' }] });

    const response = await invoke({ method: 'GET', path: '/work-lists/followUpsDue', staffId: 'tonglu-registrar' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(['330122-2026-000007']);
    const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ IndexName: 'byUnit', ScanIndexForward: true });
    expect(Object.values(query.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['FOLLOWUP#330122', '2026-12-10T02:00:00.000Z']));
    expect((await invoke({ method: 'GET', path: '/work-lists/followUpsDue', staffId: 'tonglu-housing-handler' })).status).toBe(403);
  });
});
