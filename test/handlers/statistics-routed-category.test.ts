import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { importApiHandler, type ApiHandler } from '../fixtures/api-handler.js';
import { routedPetition } from '../fixtures/routed-petition.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 问题类别 in the monthly report: a petition the router sends to the housing
 * bureau by its subject (拆迁 … 补偿) is counted under the category that
 * subject implies (求决, config routingRules[].impliesCategory), not 未分类,
 * while a category staff chose, or the petitioner's own words (投诉), still
 * win. The cases are routed by the router's use case and stored as the case
 * store writes them, so the statistics read the row the listing index holds.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});

let index: Record<string, unknown>[] = [];
function serveIndex() {
  dynamo.on(BatchGetCommand).resolves({ Responses: {} });
  dynamo.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    if (input.IndexName !== 'byJurisdictionStatus') return { Items: [] };
    const values = input.ExpressionAttributeValues ?? {};
    const names = (input.ProjectionExpression ?? '').split(',').map((n) => input.ExpressionAttributeNames?.[n.trim()] ?? n.trim());
    return {
      Items: index
        .filter((item) => item.gsi1pk === values[':pk'] && String(item.gsi1sk) >= String(values[':from']) && (values[':to'] === undefined || String(item.gsi1sk) <= String(values[':to'])))
        .map((item) => Object.fromEntries(Object.entries(item).filter(([name]) => names.includes(name)))),
    };
  });
}

beforeEach(() => {
  dynamo.reset();
  index = [];
  serveIndex();
  // Monday 23 November 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const NOVEMBER = { jurisdiction: '330122', from: '2026-11-01', to: '2026-11-30' };
const HOUSING = '城南街道旧城改造拆迁，我家的征收补偿款至今没有到位，一家五口无处居住。';

async function stored(routed: Promise<{ case: Case; outcome?: string }>, caseNumber: string): Promise<Case> {
  const result = await routed;
  expect(result.outcome).toBe('assign');
  const c = { ...result.case, caseNumber };
  index.push(caseItem(c));
  return c;
}

async function report(staffId: string) {
  const result = await handler(httpEvent({ method: 'GET', path: '/statistics', staffId, query: NOVEMBER }), lambdaContext);
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body ?? '{}') as { byCategory: { key: string; label: string; count: number }[] };
}
const countOf = (list: { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count;

describe('the monthly report counts a petition routed by its subject under the category the subject implies', () => {
  it('counts a housing petition routed by keyword as 求决, not 未分类', async () => {
    const c = await stored(routedPetition('拆迁补偿不到位', HOUSING), '330122-2026-000101');
    expect(c).toMatchObject({ status: 'assigned', handling: { lead: '330122-housing' }, category: 'request' });

    const figures = await report('tonglu-office');
    expect(figures.byCategory.find((row) => row.key === 'request')).toMatchObject({ label: '求决', count: 1 });
    expect(countOf(figures.byCategory, 'uncategorised')).toBe(0);
  });

  it('keeps the category staff chose, and the one the petitioner’s words name', async () => {
    await stored(routedPetition('拆迁补偿不到位', HOUSING, { category: 'dispute' }), '330122-2026-000102');
    await stored(routedPetition('投诉拆迁补偿不到位', `投诉${HOUSING}`), '330122-2026-000103');

    const figures = await report('tonglu-office');
    expect(countOf(figures.byCategory, 'dispute')).toBe(1);
    expect(countOf(figures.byCategory, 'complaint')).toBe(1);
    expect(countOf(figures.byCategory, 'request')).toBe(0);
    expect(countOf(figures.byCategory, 'uncategorised')).toBe(0);
  });
});
