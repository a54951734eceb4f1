import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse as parseYaml, stringify } from 'yaml';
import { apiInvoker, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { DEMO_CONFIG, handlerEnv } from '../fixtures/handler-env.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * 杭州市信访局 requires its leader's 签发 (replySignOff: leader): a 复查意见书
 * its staff drafted waits for a leader, who must learn of it — emailed
 * 【待签发】 once, and found on their 待签发 list until they sign it off — or
 * the 复查 time runs out with the draft unseen. The table is a stand-in.
 */
const dir = mkdtempSync(join(tmpdir(), 'review-signoff-queue-'));
const configPath = join(dir, 'province.yaml');
const raw = parseYaml(readFileSync(DEMO_CONFIG, 'utf8')) as { jurisdictions: { code: string; replySignOff?: string }[] };
raw.jurisdictions.find((j) => j.code === '330100')!.replySignOff = 'leader';
writeFileSync(configPath, stringify(raw));
cpSync(join(dirname(DEMO_CONFIG), 'holidays'), join(dir, 'holidays'), { recursive: true });

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: ApiHandler;
beforeAll(async () => {
  for (const [k, v] of Object.entries(handlerEnv('ERROR'))) vi.stubEnv(k, v);
  vi.stubEnv('PROVINCE_CONFIG_PATH', configPath);
  handler = (await import('../../functions/api/handler.js')).handler as unknown as ApiHandler;
});
const { table, serve } = standInTable(dynamo);
beforeEach(() => {
  serve();
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm-1', MD5OfMessageBody: '' }], Failed: [] });
  dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [] });
  // Monday 23 November 2026, 10:00 in China.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T02:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const invoke = apiInvoker(() => handler);

const NUMBER = '330122-2026-000007';
const UNDER_REVIEW = {
  ...STORED_LETTER_CASE,
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
  subject: '楼顶漏水',
  status: 'underReview',
  handling: { lead: '330122-housing', cooperating: [] },
  acceptedAt: '2026-11-01T02:00:00.000Z',
  reviews: [{ level: 1, jurisdiction: '330100', requestedAt: '2026-11-20T02:00:00.000Z', requestedBy: 'petitioner', reason: '维修至今未完成' }],
  deadlines: { reviewDecision: '2026-12-20T16:00:00.000Z' },
  version: 9,
} as unknown as Case;
const DECISION = { outcome: 'upheld', facts: '经复查，物业已于11月完成维修。', basis: '《信访工作条例》第三十五条。', decision: '维持原处理意见。' };

const items = () => [...table.values()].map((item) => unpacked(item));
const mails = () => outboxMessages(items()).filter((m) => m.id.startsWith('review-sign-off-request:'));
const draft = (body = DECISION, staffId = 'hz-office') => invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision`, staffId, body });
const list = (staffId: string) => invoke({ method: 'GET', path: '/work-lists/awaitingSignOff', staffId });

describe('a 复查意见书 waiting for 签发', () => {
  beforeEach(() => {
    const item = caseItem(UNDER_REVIEW);
    table.set(keyOf(item), item);
  });

  it('emails the reviewing office’s leaders 【待签发】 once and waits on their 待签发 list until signed off', async () => {
    expect((await draft()).status).toBe(200);
    const [mail, ...more] = mails();
    expect(more).toEqual([]);
    expect(mail!.body.subject).toBe(`【待签发】${NUMBER} 楼顶漏水 复查意见书请审核签发`);
    expect(mail!.body.to).toEqual(expect.arrayContaining(['yang.guangming@hz.petitions.example', 'zhao.hongmei@hz.petitions.example']));
    // Not the petitioner, not the unit whose answer is reviewed: nothing leaves the office before 签发.
    expect(mail!.body.to).not.toContain('zhangwei@163.example');
    expect(mail!.body.text).toContain('胡振华于2026年11月23日 10:00拟制《信访事项复查意见书》，拟维持原处理意见');
    expect(outboxMessages(items()).filter((m) => !m.id.startsWith('review-sign-off-request:'))).toEqual([]);

    // The same draft again (a retried request) changes nothing and sends nothing more.
    expect((await draft()).status).toBe(200);
    expect(mails()).toHaveLength(1);

    expect((await list('hz-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    expect((await list('hz-leader-principal')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    // The county's leaders do not sign the city's 复查意见书.
    expect((await list('tonglu-leader-petitions')).body.items).toEqual([]);

    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision/sign-off`, staffId: 'hz-leader-petitions' })).status).toBe(200);
    expect((await list('hz-leader-petitions')).body.items).toEqual([]);
    expect((await list('hz-leader-principal')).body.items).toEqual([]);
  });

  it('a changed draft stays once on the list, and its leaders are told it changed', async () => {
    expect((await draft()).status).toBe(200);
    expect((await draft({ ...DECISION, decision: '维持原处理意见，物业公司须于12月底前完成复检。' })).status).toBe(200);
    expect((await list('hz-leader-petitions')).body.items).toEqual([expect.objectContaining({ caseNumber: NUMBER })]);
    const sent = mails();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body.text).toContain('已重新拟制');
  });

  it('signs off only the draft the leader read: one redrafted since is refused, not sent unread', async () => {
    const first = await draft();
    const readAt = first.body.case.version as number;
    // The office redrafts it — now revoking the answer — while the leader reads the first draft.
    expect((await draft({ ...DECISION, outcome: 'revoked', decision: '原处理意见事实不清，予以撤销，由桐庐县住房和城乡建设局重新办理。' })).status).toBe(200);
    const stale = await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision/sign-off`, staffId: 'hz-leader-petitions', body: { expectedVersion: readAt } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.messageZh).toContain('已重新拟制');
    expect(outboxMessages(items()).filter((m) => m.id.startsWith('review-decision:'))).toEqual([]);

    // Read again, the redraft is what the leader signs.
    const signed = await invoke({ method: 'POST', path: `/cases/${NUMBER}/review-decision/sign-off`, staffId: 'hz-leader-petitions', body: { expectedVersion: readAt + 1 } });
    expect(signed.status).toBe(200);
    expect(signed.body.case.reviews[0]).toMatchObject({ outcome: 'revoked', signedOffBy: 'hz-leader-petitions' });
  });
});
