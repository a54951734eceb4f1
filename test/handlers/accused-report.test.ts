import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { apiTestBed } from '../fixtures/api-handler.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { loadHandoffHandler, queuedHandoffs, type HandoffHandler } from '../fixtures/handoff-handler.js';

/**
 * 《信访工作条例》第三十条: a report (举报) is never handed to, shown to or
 * counted for the unit it accuses — from the moment it is registered, not only
 * once the router has run. Nothing consumes the routing queue here, so the
 * router never runs: what holds, holds because of registration alone.
 */

// Friday 20 November 2026, 10:00 in China.
const { dynamo, sqs, invoke } = apiTestBed({ now: '2026-11-20T02:00:00Z' });
const { table, serve } = standInTable(dynamo);
beforeEach(serve);

let handoff: HandoffHandler;
beforeAll(async () => {
  handoff = await loadHandoffHandler();
});

/** Delivers what was queued for the handoff function to it, as SQS would: whatever the API let through is applied. */
async function deliverHandoffs() {
  const queued = queuedHandoffs(sqs);
  for (const delivery of queued) await handoff(delivery);
  return queued.length;
}

const call = (staffId: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  invoke({ method, path, staffId, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });

const REPORT = {
  jurisdiction: '330122',
  channel: 'letter',
  receivedAt: '2026-11-20T09:15:00+08:00',
  subject: '实名举报县住建局危房改造补助弄虚作假',
  matter: '我实名举报桐庐县住房和城乡建设局在城南街道危房改造补助发放中弄虚作假，把补助发给不符合条件的干部亲属，真正的危房户却没有拿到。',
  petitioner: { name: '王强', phone: '13900002222', address: '桐庐县城南街道' },
};
const ACCUSED = '330122-housing';
const ACCUSED_HANDLER = 'tonglu-housing-handler';

async function registerAndAccept(): Promise<string> {
  const created = await call('tonglu-registrar', 'POST', '/cases', REPORT);
  expect(created.status).toBe(201);
  const caseNumber = created.body.case.caseNumber as string;
  expect((await call('tonglu-office', 'POST', `/cases/${caseNumber}/accept`)).status).toBe(200);
  return caseNumber;
}

describe('a report accusing a unit, before the router has run', () => {
  it('carries the accused unit from registration: in the answer to POST /cases and in the stored case', async () => {
    const created = await call('tonglu-registrar', 'POST', '/cases', REPORT);
    expect(created.status).toBe(201);
    expect(created.body.case.accusedUnits).toEqual([ACCUSED]);
    const stored = table.get(keyOf({ pk: `CASE#${created.body.case.caseNumber}`, sk: 'CASE' }));
    expect(stored?.accusedUnits).toEqual([ACCUSED]);
    // Registration alone did it: nothing was routed.
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl)).not.toContainEqual(expect.stringContaining('handoff'));
  });

  it('refuses to assign it to the accused unit, as lead or cooperating, by assign, route or transfer (422), and queues nothing', async () => {
    const caseNumber = await registerAndAccept();
    const attempts = [
      ['assign', { lead: ACCUSED }],
      ['assign', { lead: '330122-hrss', cooperating: [ACCUSED] }],
      ['route', { lead: ACCUSED }],
      ['transfer', { toJurisdiction: '330122', lead: ACCUSED, reason: '住建领域问题' }],
    ] as const;
    for (const [action, body] of attempts) {
      const attempt = await call('tonglu-office', 'POST', `/cases/${caseNumber}/${action}`, body);
      expect(attempt.status, `${action} ${JSON.stringify(body)}`).toBe(422);
      expect(JSON.stringify(attempt.body)).toContain('never handed to the unit it accuses');
    }
    expect(sqs.commandCalls(SendMessageBatchCommand).filter((c) => c.args[0].input.QueueUrl!.includes('handoff'))).toHaveLength(0);
    // Another unit is fine.
    expect((await call('tonglu-office', 'POST', `/cases/${caseNumber}/assign`, { lead: '330122-hrss' })).status).toBe(202);
  });

  it('shows the accused unit’s staff nothing: the case reads as out of scope, the list, the decision letter and the statistics leave it out', async () => {
    const caseNumber = await registerAndAccept();
    // The office hands it over at once; whatever the API let through reaches the handoff function.
    await call('tonglu-office', 'POST', `/cases/${caseNumber}/assign`, { lead: ACCUSED });
    await deliverHandoffs();

    // The same answer as for a case outside the staff member's scope, and no hint why.
    const read = await call(ACCUSED_HANDLER, 'GET', `/cases/${caseNumber}`);
    const outside = await call('deqing-registrar', 'GET', `/cases/${caseNumber}`);
    expect([403, 404]).toContain(read.status);
    expect(read.status).toBe(outside.status);
    expect(read.body.error.code).toBe(outside.body.error.code);
    expect(read.body.error.message.replace(ACCUSED_HANDLER, '…')).toBe(outside.body.error.message.replace('deqing-registrar', '…'));
    expect(JSON.stringify(read.body)).not.toMatch(/accus|举报|住建/);
    const outsideLetter = await call('deqing-registrar', 'GET', `/cases/${caseNumber}/decision-letter`);
    expect((await call(ACCUSED_HANDLER, 'GET', `/cases/${caseNumber}/decision-letter`)).status).toBe(outsideLetter.status);
    const outsideAudit = await call('deqing-registrar', 'GET', `/cases/${caseNumber}/audit`);
    expect((await call('tonglu-housing-head', 'GET', `/cases/${caseNumber}/audit`)).status).toBe(outsideAudit.status);

    const list = await call(ACCUSED_HANDLER, 'GET', '/cases', undefined, { jurisdiction: '330122', limit: '100' });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(caseNumber);
    // The office sees and lists it.
    expect((await call('tonglu-office', 'GET', `/cases/${caseNumber}`)).status).toBe(200);
    const officeList = await call('tonglu-office', 'GET', '/cases', undefined, { jurisdiction: '330122', limit: '100' });
    expect(JSON.stringify(officeList.body)).toContain(caseNumber);

    const statistics = await call(ACCUSED_HANDLER, 'GET', '/statistics', undefined, { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' });
    expect(statistics.status).toBe(200);
    expect(statistics.body.totals.received).toBe(0);
    expect(JSON.stringify(statistics.body)).not.toMatch(/危房|补助|举报/);
    const officeStatistics = await call('tonglu-office', 'GET', '/statistics', undefined, { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' });
    expect(officeStatistics.body.totals.received).toBe(1);
    // It still waits for the office to choose a unit.
    expect((await call('tonglu-office', 'GET', `/cases/${caseNumber}`)).body.case).not.toHaveProperty('handling');
  });
});
