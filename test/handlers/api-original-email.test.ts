import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { TEST_BUCKET } from '../fixtures/handler-env.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';

/**
 * GET /cases/{n}/originals/{id}: the email a case received, as received (.eml) — all of a petition too long for its
 * message's text — for whoever may read the case and nobody else, and in the audit trail.
 */
const { dynamo } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const s3 = mockClient(S3Client);

const CASE_NUMBER = '330122-2026-000007';
const EMAIL_ID = '7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d';
const RAW_KEY = `raw/xinfang@tonglu.petitions.example/${EMAIL_ID}`;
const RAW = new TextEncoder().encode('From: <zhangwei1978@163.example>\r\nSubject: =?UTF-8?B?5ouW5qyg5bel6LWE?=\r\n\r\n' + '拖欠工资'.repeat(30_000));

const storedCase = { ...STORED_LETTER_CASE, channel: 'email', status: 'assigned', handling: { lead: '330122-hrss', cooperating: [] }, attachments: [] };
const petitionMail = {
  pk: `CASE#${CASE_NUMBER}`,
  sk: 'MSG#2026-11-20T01:15:00.000Z#<2f3c1a9e@163.example>',
  entity: 'message',
  caseNumber: CASE_NUMBER,
  id: '<2f3c1a9e.Coremail.zhangwei1978@163.example>',
  direction: 'in',
  at: '2026-11-20T01:15:00.000Z',
  from: 'zhangwei1978@163.example',
  to: ['xinfang@tonglu.petitions.example'],
  subject: '关于拖欠工资的投诉',
  text: '拖欠工资……（来信过长，以下略去20000字，全文见原邮件）',
  rawKey: RAW_KEY,
  messageIds: ['<2f3c1a9e.Coremail.zhangwei1978@163.example>'],
  attachments: [],
  kind: 'petition',
};

async function download(staffId: string, path: string) {
  const handler = await importApiHandler('ERROR');
  return handler(httpEvent({ method: 'GET', path, staffId }), lambdaContext);
}
const audit = () => dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => item.entity === 'audit');

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand, { Bucket: TEST_BUCKET, Key: RAW_KEY }).resolves({
    Body: { transformToByteArray: async () => RAW } as never,
    ContentType: 'application/octet-stream',
    LastModified: new Date('2026-11-20T01:15:01Z'),
  });
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: input.ExpressionAttributeValues[':pk'] === `CASE#${CASE_NUMBER}` ? [storedCase, petitionMail] : [],
  }));
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === `CASE#${CASE_NUMBER}` ? { Item: storedCase } : {}));
  dynamo.on(PutCommand).resolves({});
});

describe('downloading the original of an email the case received', () => {
  it('answers the whole email as received, as an .eml named for the case, and audits the read', async () => {
    const response = await download('tonglu-hrss-handler', `/cases/${CASE_NUMBER}/originals/${EMAIL_ID}`);

    expect(response.statusCode).toBe(200);
    expect(Buffer.from(response.body!, 'base64').equals(Buffer.from(RAW))).toBe(true);
    expect(response.headers).toMatchObject({ 'content-type': 'message/rfc822', 'x-content-type-options': 'nosniff' });
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(response.headers!['content-disposition']))![1]!)).toBe(`${CASE_NUMBER}-原邮件-${EMAIL_ID}.eml`);
    expect(audit()).toEqual([expect.objectContaining({ caseNumber: CASE_NUMBER, actor: 'tonglu-hrss-handler', action: `read:originals/${EMAIL_ID}`, outcome: 'allowed' })]);
  });

  it('is not found for staff who may not read the case, and nothing is read', async () => {
    const response = await download('tonglu-housing-handler', `/cases/${CASE_NUMBER}/originals/${EMAIL_ID}`);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body!).error.code).toBe('CaseNotFound');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(audit()).toEqual([expect.objectContaining({ action: `read:originals/${EMAIL_ID}`, outcome: 'denied' })]);
  });

  it('says which original a readable case does not have: only its own messages’ raw copies are served', async () => {
    const response = await download('tonglu-office', `/cases/${CASE_NUMBER}/originals/0123456789abcdef`);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body!).error).toMatchObject({ code: 'OriginalEmailNotFound', messageZh: `信访事项 ${CASE_NUMBER} 没有编号为 0123456789abcdef 的原邮件` });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
