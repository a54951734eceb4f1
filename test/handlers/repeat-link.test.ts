import { beforeEach, describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable, type Item } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 关联为重复件 through the API: a petitioner who writes letters, known only by
 * name and postal address, is not matched by registration; the office links
 * her second letter to the first by hand, and it is declined as a 重复件 as
 * one the intake had found would be. Nothing consumes the queues here: what
 * the API stores is what is checked.
 */

// Thursday 10 December 2026, 11:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-10T03:00:00Z' });
const { table, serve, transactions } = standInTable(dynamo);
beforeEach(serve);

const call = (staffId: string, path: string, body?: unknown, method = 'POST') => invoke({ method, path, staffId, ...(body === undefined ? {} : { body }) });

const WRITER = { name: '王秀英', address: '桐庐县城南街道迎春路8号城南小区5幢302室' };
const letter = (receivedAt: string, matter: string) => ({ jurisdiction: '330122', channel: 'letter', receivedAt, subject: '楼顶漏水', matter, petitioner: WRITER });
const NOTE = '同一信访人王秀英，同一住址，反映的仍是城南小区5幢楼顶漏水';

/** Her first letter, accepted by 桐庐县; her second, registered today — no email, no phone, so not linked by registration. */
async function twoLetters(): Promise<{ first: string; second: string }> {
  const first = await call('tonglu-registrar', '/cases', letter('2026-12-01T09:00:00+08:00', '我家住城南小区5幢，楼顶漏水已经三个月，物业一直不修，请求住建部门督促维修。'));
  expect(first.status).toBe(201);
  expect((await call('tonglu-office', `/cases/${first.body.case.caseNumber}/accept`)).status).toBe(200);
  const second = await call('tonglu-registrar', '/cases', letter('2026-12-10T09:00:00+08:00', '上次反映城南小区5幢楼顶漏水，至今还没有人来修，下雨家里又漏了，请尽快处理。'));
  expect(second.status).toBe(201);
  expect(second.body.case.repeatOf).toBeUndefined();
  return { first: first.body.case.caseNumber as string, second: second.body.case.caseNumber as string };
}

const itemsOf = (caseNumber: string) => [...table.values()].filter((item) => item.pk === `CASE#${caseNumber}`).map((item) => unpacked(item));

describe('POST /cases/{n}/repeat-of (关联为重复件)', () => {
  it('declines the second letter as a 重复件 of the open first one, by post, and asks for her words to be merged into it; the history and the audit trail say who linked it', async () => {
    const { first, second } = await twoLetters();

    const linked = await call('tonglu-office', `/cases/${second}/repeat-of`, { earlier: first, note: NOTE, expectedVersion: 1 });

    expect(linked.status).toBe(200);
    expect(linked.body.case).toMatchObject({ caseNumber: second, status: 'declined', repeatOf: first });
    const stored = itemsOf(second);
    // The events of one change are stored in one item, the later ones `followedBy` the first.
    const events = stored.filter((i) => i.entity === 'event').flatMap((i) => [i, ...((i.followedBy as Item[] | undefined) ?? [])]) as { type: string; actor: string; reason?: string; detail?: unknown }[];
    expect(events.map((e) => e.type)).toEqual(['registered', 'repeatLinked', 'declined']);
    expect(events[1]).toMatchObject({ actor: 'tonglu-office', reason: NOTE, detail: { earlier: first } });
    // She gave only her address: the 不予受理 goes on the 待寄送 list as a letter, saying her material went to the first case.
    const message = stored.find((i) => i.entity === 'message') as { text: string } | undefined;
    expect(message?.text).toContain(`您反映的事项已于此前登记（登记编号 ${first}），桐庐县信访局正在办理`);
    expect(message?.text).toContain('已作为重复信访登记，您提供的情况和材料已转入原件一并办理，不再另行受理');
    // Besides the registration's request to route it: the router is asked to put her words on the first case.
    expect(outboxMessages(stored).filter((m) => m.queue === 'routing' && m.body.reason !== 'registered').map((m) => m.body)).toEqual([{ caseNumber: first, reason: 'repeatReceived', repeat: second }]);
    const audit = [...table.values()].filter((i) => i.entity === 'audit' && i.caseNumber === second && i.action === 'repeat-of');
    expect(audit).toEqual([expect.objectContaining({ actor: 'tonglu-office', outcome: 'allowed' })]);

    // The same request again (a double click, a retry): the same answer, nothing written to the case.
    const before = transactions();
    const again = await call('tonglu-office', `/cases/${second}/repeat-of`, { earlier: first, note: NOTE, expectedVersion: 1 });
    expect(again.status).toBe(200);
    expect(again.body.case).toEqual(linked.body.case);
    expect(transactions()).toBe(before);
  });

  it('refuses another petitioner’s case on the same matter (400 at earlier), naming no one; nothing is declined, sent or merged', async () => {
    const { second } = await twoLetters();
    const neighbour = await call('tonglu-registrar', '/cases', {
      ...letter('2026-12-02T09:00:00+08:00', '城南小区5幢楼顶漏水，物业不修，请求督促维修。'),
      petitioner: { name: '李建国', address: '桐庐县城南街道迎春路8号城南小区5幢401室' },
    });
    expect(neighbour.status).toBe(201);
    const before = transactions();

    const refused = await call('tonglu-office', `/cases/${second}/repeat-of`, { earlier: neighbour.body.case.caseNumber, note: '同一楼顶漏水', expectedVersion: 1 });

    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'InvalidInput', issues: [expect.objectContaining({ path: 'body.earlier' })] });
    expect(refused.body.error.messageZh).toContain('不是同一信访人');
    expect(JSON.stringify(refused.body)).not.toContain('李建国');
    expect(transactions()).toBe(before);
    expect(itemsOf(second).filter((i) => i.entity === 'event')).toHaveLength(1);
  });

  it('refuses, in Chinese: the case itself (400), an earlier case it cannot see (404 at earlier), a case already decided (409), the desk (403), a malformed number (400)', async () => {
    const { first, second } = await twoLetters();
    const path = `/cases/${second}/repeat-of`;

    const itself = await call('tonglu-office', path, { earlier: second, note: NOTE });
    expect(itself.status).toBe(400);
    expect(itself.body.error).toMatchObject({ code: 'InvalidInput', messageZh: '不能将本件关联为自身的重复件', issues: [expect.objectContaining({ path: 'body.earlier' })] });

    const unknown = await call('tonglu-office', path, { earlier: '330122-2026-000999', note: NOTE });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ messageZh: '没有登记编号为 330122-2026-000999 的信访事项', issues: [expect.objectContaining({ path: 'body.earlier' })] });

    // The first letter was accepted: its acceptance is decided, it is no one's 重复件 now.
    const decided = await call('tonglu-office', `/cases/${first}/repeat-of`, { earlier: second, note: NOTE });
    expect(decided.status).toBe(409);
    expect(decided.body.error.messageZh).toBe('该信访事项当前状态为“已受理”，不能关联为重复件');

    expect((await call('tonglu-registrar', path, { earlier: first, note: NOTE })).status).toBe(403);
    const malformed = await call('tonglu-office', path, { earlier: '第一封信', note: NOTE });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues).toEqual([expect.objectContaining({ path: 'body.earlier' })]);
    const noNote = await call('tonglu-office', path, { earlier: first });
    expect(noNote.status).toBe(400);

    expect(itemsOf(second).filter((i) => i.entity === 'event')).toHaveLength(1);
    // The refusals the rules or the input made are on the case's audit trail, the desk's attempt as denied.
    const trail = [...table.values()].filter((i) => i.entity === 'audit' && i.caseNumber === second && i.action === 'repeat-of');
    expect(trail.filter((i) => i.outcome === 'refused').map((i) => i.detail)).toEqual(['InvalidInput', 'InvalidInput', 'InvalidInput']);
    expect(trail.filter((i) => i.outcome === 'denied').map((i) => i.actor)).toEqual(['tonglu-registrar']);
  });
});
