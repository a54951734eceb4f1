import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parse as parseYaml, stringify } from 'yaml';
import { apiInvoker, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { DEMO_CONFIG, handlerEnv } from '../fixtures/handler-env.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

/**
 * 杭州市信访局 requires its leader's 签发 of what it decides in writing
 * (replySignOff: leader) and gives 30 days to handle a matter again after its
 * 复查 revoked the answer (redoAfterReview): its 复查意见书 waits for the
 * leader, and goes out, with the new period, only once signed off.
 */
const dir = mkdtempSync(join(tmpdir(), 'review-signoff-'));
const configPath = join(dir, 'province.yaml');
const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as { jurisdictions: { code: string; replySignOff?: string; redoAfterReview?: unknown }[] };
const city = raw.jurisdictions.find((j) => j.code === '330100')!;
city.replySignOff = 'leader';
city.redoAfterReview = { days: 30 };
writeFileSync(configPath, stringify(raw));
cpSync(join(dirname(DEMO_CONFIG), 'holidays'), join(dir, 'holidays'), { recursive: true });

// Monday 23 November 2026, 10:00 in China; the API handler loads the city's settings above.
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('ERROR'))) vi.stubEnv(k, v);
  vi.stubEnv('PROVINCE_CONFIG_PATH', configPath);
  handler = (await import('../../functions/api/handler.js')).handler as unknown as ApiHandler;
});
beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const invoke = apiInvoker(() => handler);

const NUMBER = '330122-2026-000007';
const underReview = {
  ...STORED_LETTER_CASE,
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  status: 'underReview',
  handling: { lead: '330122-housing', cooperating: [] },
  acceptedAt: '2026-11-01T02:00:00.000Z',
  reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '维修至今未完成' }],
  deadlines: { reviewDecision: '2026-12-20T16:00:00.000Z' },
  version: 9,
};
const DECISION = { outcome: 'revoked', facts: '经复查，漏水原因未查明。', basis: '《信访工作条例》第三十五条。', decision: '原处理意见事实不清，予以撤销，由桐庐县住房和城乡建设局重新办理。' };
const writes = () => dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : {})));

describe('a 复查意见书 of an office that requires 签发', () => {
  it('is drafted, not sent; a leader but its drafter signs it off, and only then is the review decided and the letter sent', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [underReview] });

    const drafted = await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision`, staffId: 'hz-office', body: DECISION });

    expect(drafted.status).toBe(200);
    expect(drafted.body.case).toMatchObject({ status: 'underReview', reviews: [{ draft: { outcome: 'revoked', draftedBy: 'hz-office', rule: 'leader' } }] });
    const [draftItems] = writes();
    expect(draftItems!.find((i) => i.entity === 'event')).toMatchObject({ type: 'reviewDecisionDrafted' });
    // Nothing reaches the petitioner or the unit: only the leaders hear that it waits for their 签发.
    expect(outboxMessages(draftItems!).map((m) => m.id)).toEqual([`review-sign-off-request:${NUMBER}:10`]);

    const waiting = { ...underReview, version: 10, reviews: [{ ...underReview.reviews[0], draft: { ...DECISION, draftedAt: '2026-11-23T02:00:00.000Z', draftedBy: 'hz-office', rule: 'leader' } }] };
    dynamo.on(QueryCommand).resolves({ Items: [waiting] });
    const page = await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'hz-leader-petitions' });
    expect(page.body.allowedActions).toContain('signOffReviewDecision');
    expect((await invoke({ method: 'GET', path: `/cases/${NUMBER}`, staffId: 'hz-office' })).body.allowedActions).not.toContain('signOffReviewDecision');

    // The office's staff cannot approve what they drafted.
    const own = await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision/sign-off`, staffId: 'hz-office' });
    expect(own.status).toBeGreaterThanOrEqual(400);
    expect(writes()).toHaveLength(1);

    const signed = await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision/sign-off`, staffId: 'hz-leader-petitions' });

    expect(signed.status).toBe(200);
    expect(signed.body.case).toMatchObject({ status: 'inProgress', reportBackTo: '330100', reviews: [{ outcome: 'revoked', signedOffBy: 'hz-leader-petitions' }] });
    expect(signed.body.case.reviews[0].draft).toBeUndefined();
    // 30 days from 23 November, the city's 重新办理期限: 23 December.
    expect(signed.body.case.deadlines.handling).toBe('2026-12-23T16:00:00.000Z');
    const items = writes().at(-1)!;
    const events = items.filter((i) => i.entity === 'event').flatMap((i) => [i, ...((i.followedBy as { type: string }[] | undefined) ?? [])]);
    expect(events.map((e) => e.type)).toEqual(['reviewDecided', 'reopened']);
    expect(events[0]).toMatchObject({ detail: expect.objectContaining({ signedOffBy: 'hz-leader-petitions' }) });
    expect(outboxMessages(items).map((m) => m.id)).toContain(`review-decision:${NUMBER}:1`);
  });
});
