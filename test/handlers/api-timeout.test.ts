import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { captureLogs } from '../fixtures/log-capture.js';

/**
 * A request the function cannot finish in its time (the table slow under a
 * surge): middy answers just before Lambda would stop it. The work may have
 * gone on, so the caller is told to try again (503, Retry-After), as the
 * gateway says when no answer comes — not that something broke (500).
 */
const { dynamo } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });
const logs = captureLogs();
let raw: ApiHandler;
beforeAll(async () => {
  raw = await importApiHandler('ERROR');
});

const aboutToStop = { ...lambdaContext, getRemainingTimeInMillis: () => 60 };
const slowTable = () => dynamo.on(QueryCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Items: [] }), 400)));

describe('a request not completed in time', () => {
  it('is answered 503 with Retry-After and a code to retry with the same key, in both languages', async () => {
    slowTable();
    const answer = await raw(httpEvent({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' }), aboutToStop);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['retry-after']).toBe('2');
    expect(JSON.parse(answer.body!)).toMatchObject({ error: { code: 'TimedOut', messageZh: expect.stringContaining('请稍后重试') } });
    expect(logs.entries().filter((entry) => entry['level'] === 'ERROR')).toEqual([]);
  });

  it('gives a person’s browser a page saying to submit the same form again', async () => {
    slowTable();
    const event = httpEvent({ method: 'GET', path: '/cases/330122-2026-000007', staffId: 'tonglu-registrar' });
    const answer = await raw({ ...event, headers: { ...event.headers, accept: 'text/html,application/xhtml+xml' } }, aboutToStop);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['content-type']).toContain('text/html');
    expect(answer.body).toContain('同一张表单再次提交不会重复登记');
  });
});
