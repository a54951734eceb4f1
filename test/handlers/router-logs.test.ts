import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';
import { captureLogs } from '../fixtures/log-capture.js';
import { queueContext, sqsEvent, sqsRecord } from '../fixtures/sqs-event.js';

/**
 * The router's reasons quote the petitioner's words (法定途径：“申请仲裁”…（工作人员王建国以材料不全为由拒收）): they
 * are on the case, for the staff who route it, and never in the router's log, which keeps the case number, the
 * outcome and counts only (shared/adapters/logger.ts).
 */

// Monday 23 November 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const { serve } = standInTable(dynamo);
beforeEach(() => serve());

type Handler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;
const router = async (): Promise<Handler> => {
  vi.stubEnv('LOG_LEVEL', 'INFO');
  return (await import('../../functions/router/handler.js')).handler as unknown as Handler;
};

describe('the router’s log', () => {
  it('names the case and how it was routed, never the words its reasons quote', async () => {
    const handler = await router();
    const created = await invoke({
      method: 'POST',
      path: '/cases',
      staffId: 'tonglu-registrar',
      body: {
        jurisdiction: '330122',
        channel: 'letter',
        receivedAt: '2026-11-23T09:15:00+08:00',
        matter: '我向桐庐县劳动人事争议仲裁院申请仲裁，仲裁院工作人员王建国以材料不全为由拒收，三次都不给书面说明，请求督促。',
        petitioner: { name: '赵秀英', phone: '13900001111' },
      },
    });
    expect(created.status).toBe(201);
    const caseNumber = created.body.case.caseNumber as string;

    const logs = captureLogs();
    try {
      const result = await handler(
        sqsEvent(sqsRecord({ messageId: 'r-1', queue: 'xinfang-test-routing', body: JSON.stringify({ caseNumber, reason: 'registered' }) })),
        queueContext('xinfang-test-router'),
      );
      expect(result).toEqual({ batchItemFailures: [] });
      expect(logs.entries().find((e) => e.message === 'message handled')).toMatchObject({ caseNumber, outcome: expect.any(String), reasons: expect.any(Number) });
      expect(logs.text()).not.toMatch(/王建国|材料不全|赵秀英|13900001111/);
    } finally {
      logs.restore();
    }
    // Staff still read every reason on the case.
    const read = await invoke({ method: 'GET', path: `/cases/${caseNumber}`, staffId: 'tonglu-office' });
    expect(JSON.stringify(read.body.events)).toContain('工作人员王建国以材料不全为由拒收');
  });
});
