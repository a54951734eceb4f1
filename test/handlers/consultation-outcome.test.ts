import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * A consultation (政策咨询) is answered, not supported: "属咨询事项且政策界限
 * 明确的，当场答复来访人". 办结 takes 已解答 for it — and still only 支持 /
 * 部分支持 / 不支持 for a request — and its letter is a 答复意见书.
 */

// Monday 23 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(serve);

const call = (staffId: string, method: string, path: string, body?: unknown) => invoke({ method, path, staffId, ...(body === undefined ? {} : { body }) });
const ANSWER = { facts: '来访人咨询灵活就业人员养老保险补缴办法。', basis: '《浙江省职工基本养老保险条例》。', decision: '可在县社保经办窗口办理补缴，需携带身份证。' };
const storedCase = (n: string) => unpacked(table.get(keyOf({ pk: `CASE#${n}`, sk: 'CASE' }))!) as { status: string; result?: { outcome: string } };

/** A visit registered at 桐庐县 and accepted as the given category, handled by the office itself (自办). */
async function accepted(category: string): Promise<string> {
  const created = await call('tonglu-registrar', 'POST', '/cases', {
    jurisdiction: '330122',
    channel: 'visit',
    receivedAt: '2026-11-23T09:15:00+08:00',
    matter: '咨询灵活就业人员养老保险怎么补缴。',
    petitioner: { name: '张伟', phone: '13800001111' },
  });
  expect(created.status).toBe(201);
  const n = created.body.case.caseNumber as string;
  expect((await call('tonglu-office', 'POST', `/cases/${n}/accept`, { category })).status).toBe(200);
  return n;
}

describe('办结 of a consultation (政策咨询)', () => {
  it('is concluded 已解答 and read over as a 答复意见书; 支持 is refused (422, in Chinese) and an unknown outcome is malformed (400)', async () => {
    const n = await accepted('consultation');
    const unknown = await call('tonglu-office', 'POST', `/cases/${n}/conclude`, { ...ANSWER, outcome: 'explained' });
    expect(unknown.status).toBe(400);
    const supported = await call('tonglu-office', 'POST', `/cases/${n}/conclude`, { ...ANSWER, outcome: 'supported' });
    expect(supported.status).toBe(422);
    expect(supported.body.error.messageZh).toBe('政策咨询事项的办理结果应为已解答，不能为“支持”');
    expect(storedCase(n).status).not.toBe('concluded');

    expect((await call('tonglu-office', 'POST', `/cases/${n}/conclude`, { ...ANSWER, outcome: 'answered' })).status).toBe(200);
    expect(storedCase(n).result?.outcome).toBe('answered');
    const draft = await call('tonglu-office', 'GET', `/cases/${n}/decision-letter/draft`);
    expect(draft.status).toBe(200);
    expect(draft.body.text).toContain('信访事项答复意见书');
    expect(draft.body.text).toContain('三、答复意见');
  });

  it('a request (求决) is still 支持 / 部分支持 / 不支持: 已解答 is refused', async () => {
    const n = await accepted('request');
    const answered = await call('tonglu-office', 'POST', `/cases/${n}/conclude`, { ...ANSWER, outcome: 'answered' });
    expect(answered.status).toBe(422);
    expect(answered.body.error.messageZh).toContain('办理结果应为支持、部分支持、不支持');
    expect((await call('tonglu-office', 'POST', `/cases/${n}/conclude`, { ...ANSWER, outcome: 'partlySupported' })).status).toBe(200);
  });
});
