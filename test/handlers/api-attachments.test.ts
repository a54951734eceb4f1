import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { TEST_BUCKET } from '../fixtures/handler-env.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';

/**
 * GET /cases/{n}/attachments/{id}: a petitioner's file, for whoever may read
 * the case and nobody else, byte for byte, named in Chinese for the save
 * dialog, and in the audit trail.
 */
// Monday 23 November 2026, 10:00 in China.
const { dynamo } = apiTestBed({ now: '2026-11-23T02:00:00Z' });
const s3 = mockClient(S3Client);

const CASE_NUMBER = '330122-2026-000007';
const MISSING = '330122-2026-000999';
// Every byte value, twice: a file that is not text in any encoding.
const PHOTO = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
const photo = { id: '1', filename: '工资条（2026年10月）.jpg', contentType: 'image/jpeg', size: PHOTO.byteLength, key: `attachments/${CASE_NUMBER}/1-工资条（2026年10月）.jpg` };
const scan = { id: '2', filename: '考勤记录.pdf', contentType: 'application/pdf', size: 9 * 1024 * 1024, key: `attachments/${CASE_NUMBER}/2-考勤记录.pdf` };

// An email petition at 桐庐县, worked by the county's 人社局 (hrss) as lead.
const storedCase = {
  ...STORED_LETTER_CASE,
  channel: 'email',
  status: 'assigned',
  handling: { lead: '330122-hrss', cooperating: [] },
  attachments: [photo, scan],
};
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
  text: '见附件。',
  messageIds: ['<2f3c1a9e.Coremail.zhangwei1978@163.example>'],
  attachments: [photo, scan],
  kind: 'petition',
};

/** The raw answer: the bytes are base64 in the body, as API Gateway receives them (the bed's module, already loaded). */
async function download(staffId: string, path: string) {
  const handler = await importApiHandler('ERROR');
  return handler(httpEvent({ method: 'GET', path, staffId }), lambdaContext);
}
const audit = () => dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((item) => item.entity === 'audit');
const json = (body: string | undefined) => JSON.parse(body ?? 'null');

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand, { Bucket: TEST_BUCKET, Key: photo.key }).resolves({
    Body: { transformToByteArray: async () => PHOTO } as never,
    ContentType: 'image/jpeg',
    LastModified: new Date('2026-11-20T01:15:01Z'),
  });
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: input.ExpressionAttributeValues[':pk'] === `CASE#${CASE_NUMBER}` ? [storedCase, petitionMail] : [],
  }));
  dynamo.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === `CASE#${CASE_NUMBER}` ? { Item: storedCase } : {}));
  dynamo.on(PutCommand).resolves({});
});

describe('downloading an attachment of a case', () => {
  it('answers the stored bytes unchanged, in their type, named in Chinese for the save dialog, and audits the read', async () => {
    const response = await download('tonglu-hrss-handler', `/cases/${CASE_NUMBER}/attachments/1`);

    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(Buffer.from(response.body!, 'base64').equals(Buffer.from(PHOTO))).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      // 工资条（2026年10月）.jpg: UTF-8, percent-encoded (RFC 5987), with an ASCII fallback keeping the extension.
      'content-disposition': `attachment; filename="____2026_10__.jpg"; filename*=UTF-8''%E5%B7%A5%E8%B5%84%E6%9D%A1%EF%BC%882026%E5%B9%B410%E6%9C%88%EF%BC%89.jpg`,
    });
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(response.headers!['content-disposition']))![1]!)).toBe(photo.filename);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(audit()).toEqual([expect.objectContaining({ caseNumber: CASE_NUMBER, actor: 'tonglu-hrss-handler', action: 'read:attachments/1', outcome: 'allowed' })]);
  });

  it('is not found for a unit’s handler whose unit does not work the case, exactly as a case that does not exist; nothing is read', async () => {
    const hidden = await download('tonglu-housing-handler', `/cases/${CASE_NUMBER}/attachments/1`);
    const absent = await download('tonglu-housing-handler', `/cases/${MISSING}/attachments/1`);

    expect([hidden.statusCode, absent.statusCode]).toEqual([404, 404]);
    expect(json(hidden.body)).toEqual({ error: { code: 'CaseNotFound', message: `no case numbered ${CASE_NUMBER}`, messageZh: `没有登记编号为 ${CASE_NUMBER} 的信访事项` } });
    expect(hidden.headers).toEqual(absent.headers);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(audit()).toEqual([expect.objectContaining({ caseNumber: CASE_NUMBER, actor: 'tonglu-housing-handler', action: 'read:attachments/1', outcome: 'denied' })]);
  });

  it('is not found for another county’s office either', async () => {
    const response = await download('deqing-office', `/cases/${CASE_NUMBER}/attachments/1`);
    expect(response.statusCode).toBe(404);
    expect(json(response.body).error.code).toBe('CaseNotFound');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('says which attachment a readable case does not have', async () => {
    const response = await download('tonglu-office', `/cases/${CASE_NUMBER}/attachments/7`);
    expect(response.statusCode).toBe(404);
    expect(json(response.body)).toEqual({
      error: { code: 'AttachmentNotFound', message: `case ${CASE_NUMBER} has no attachment 7`, messageZh: `信访事项 ${CASE_NUMBER} 没有编号为 7 的附件` },
    });
  });

  it('refuses a file larger than a Lambda answer carries with 413, before reading it', async () => {
    const response = await download('tonglu-office', `/cases/${CASE_NUMBER}/attachments/2`);
    expect(response.statusCode).toBe(413);
    expect(json(response.body).error).toMatchObject({ code: 'AttachmentTooLarge', message: expect.stringContaining('at most 4194304 bytes') });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('refuses an id that is not one, by its path', async () => {
    const response = await download('tonglu-office', `/cases/${CASE_NUMBER}/attachments/${encodeURIComponent('../raw')}`);
    expect(response.statusCode).toBe(400);
    expect(json(response.body).error.issues).toEqual([expect.objectContaining({ path: 'path.attachmentId' })]);
  });
});
