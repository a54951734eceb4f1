import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { apiTestBed, importApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { DEMO_CONFIG, TEST_BUCKET, TEST_TABLE } from '../fixtures/handler-env.js';
import { caseItem, caseOf, DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { mergeRepeat } from '../../shared/app/routing/merge-repeat.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';

/**
 * A repeat the petitioner brought to 杭州市 about 桐庐县's overdue case is
 * merged into that case (重复件并入原件, 上级督办). Its message and files keep
 * the city's case number in their ids (repeat:<number>, <number>-1) and keys;
 * 桐庐县 may not read the city's case (a higher level sees the levels below,
 * not the other way round, docs/domain.md "Confidentiality and
 * accountability"): its staff are shown the material by a handle, read the
 * file by it, and find the number nowhere — the case, its messages, events,
 * audit trail. The city, which reads both, sees the ids as stored.
 */

// Wednesday 3 February 2027, 10:31 in China.
const { dynamo, invoke } = apiTestBed({ now: '2027-02-03T02:31:00Z' });
const { table, serve, serveContactIndex } = standInTable(dynamo);
const s3 = mockClient(S3Client);
const province = loadProvinceConfig(DEMO_CONFIG);
const store = new DynamoCaseStore(new DynamoDBClient({ region: 'ap-east-1', endpoint: 'http://127.0.0.1:9' }), TEST_TABLE);
const PHOTO = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

beforeEach(() => {
  serve();
  serveContactIndex();
  s3.reset();
  s3.on(GetObjectCommand, { Bucket: TEST_BUCKET }).callsFake((input: { Key: string }) =>
    input.Key.endsWith('1-漏水照片.jpg') ? { Body: { transformToByteArray: async () => PHOTO } as never, ContentType: 'image/jpeg' } : Promise.reject(new Error(`no object ${input.Key}`)),
  );
});

const petition = (jurisdiction: string, receivedAt: string) => ({
  jurisdiction,
  channel: 'visit',
  receivedAt,
  subject: '城南小区楼顶漏水',
  matter: '楼顶漏水已三个月，多次找物业维修无果，请求督促处理。',
  petitioner: { name: '张伟', phone: '13800001111', address: '桐庐县城南街道' },
});

async function register(staffId: string, body: unknown): Promise<string> {
  const response = await invoke({ method: 'POST', path: '/cases', staffId, body });
  expect(response.status).toBe(201);
  return (response.body.case as { caseNumber: string }).caseNumber;
}

function rewrite(caseNumber: string, change: (c: Case) => Case) {
  const key = keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' });
  table.set(key, caseItem(change(caseOf(table.get(key)!))));
}

/** 桐庐县's case at its 住建局, past its handling limit; the city's repeat of it, with a photo, merged into it and supervised from the city. */
async function mergedFromTheCity(): Promise<{ county: string; city: string }> {
  const county = await register('tonglu-registrar', petition('330122', '2026-11-20T09:15:00+08:00'));
  rewrite(county, (c) => ({ ...c, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] }, deadlines: { ...c.deadlines, handling: '2027-01-30T16:00:00.000Z' } }));
  const city = await register('hz-registrar', petition('330100', '2027-02-03T10:00:00+08:00'));
  const photo = { id: '1', filename: '漏水照片.jpg', contentType: 'image/jpeg', size: PHOTO.byteLength, key: `attachments/${city}/1-漏水照片.jpg` };
  rewrite(city, (c) => ({ ...c, status: 'declined', repeatOf: county, attachments: [photo] }));
  const merged = await mergeRepeat({ store, province, clock: { now: () => new Date('2027-02-03T02:31:00Z') } }, { caseNumber: county, repeat: city, supervise: { by: '330100', clock: 'handling', deadline: '2027-01-30T16:00:00.000Z' } });
  expect(merged.outcome).toBe('merged');
  return { county, city };
}

/** A file as the API answers it: its bytes, base64 (the bed's module, already loaded). */
async function download(staffId: string, path: string) {
  const answer = await (await importApiHandler('ERROR'))(httpEvent({ method: 'GET', path, staffId }), lambdaContext);
  return { status: answer.statusCode, bytes: Buffer.from(answer.body ?? '', 'base64') };
}

type Shown = { case: Case; events: { type: string; detail?: Record<string, unknown> }[]; messages: { id: string; kind?: string; text: string; attachments: { id: string; key?: string; filename: string }[] }[] };
const read = async (caseNumber: string, staffId: string) => {
  const response = await invoke({ method: 'GET', path: `/cases/${caseNumber}`, staffId });
  expect(response.status).toBe(200);
  return response.body as Shown;
};

describe('a repeat merged from the level above, as the level below reads it', () => {
  it('names the city’s case nowhere to 桐庐县’s unit and office — not in the message’s id, its file’s id or key, nor the events — and the file is read by the id shown', async () => {
    const { county, city } = await mergedFromTheCity();
    expect((await invoke({ method: 'GET', path: `/cases/${city}`, staffId: 'tonglu-housing-handler' })).status).toBe(404);

    for (const staffId of ['tonglu-housing-handler', 'tonglu-office']) {
      const shown = await read(county, staffId);
      expect(JSON.stringify(shown)).not.toContain(city);
      const merged = shown.messages.find((m) => m.kind === 'repeat')!;
      expect(merged.text).toContain('重复件 另案');
      expect(merged.attachments).toEqual([{ id: expect.stringMatching(/^merged-\d+-1$/), filename: '漏水照片.jpg', contentType: 'image/jpeg', size: PHOTO.byteLength }]);
      // The event that brought it names the message as the list does.
      expect(shown.events.find((e) => e.type === 'messageReceived' && e.detail?.channel === 'visit')?.detail?.messageId).toBe(merged.id);
    }

    const shown = await read(county, 'tonglu-housing-handler');
    const handle = shown.messages.find((m) => m.kind === 'repeat')!.attachments[0]!.id;
    const file = await download('tonglu-housing-handler', `/cases/${county}/attachments/${handle}`);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(Buffer.from(PHOTO))).toBe(true);
    // The stored id, guessed, finds nothing: a 200 would confirm the city's case.
    expect((await download('tonglu-housing-handler', `/cases/${county}/attachments/${city}-1`)).status).toBe(404);
  });

  it('the city, which reads both, sees the ids as stored and reads the file by them; its read is in 桐庐县’s trail without the number', async () => {
    const { county, city } = await mergedFromTheCity();
    const shown = await read(county, 'hz-office');
    const merged = shown.messages.find((m) => m.kind === 'repeat')!;
    expect(merged.id).toBe(`repeat:${city}`);
    expect(merged.attachments[0]).toMatchObject({ id: `${city}-1`, key: `attachments/${city}/1-漏水照片.jpg` });
    expect((await download('hz-office', `/cases/${county}/attachments/${city}-1`)).status).toBe(200);

    const countyTrail = await invoke({ method: 'GET', path: `/cases/${county}/audit`, staffId: 'tonglu-office' });
    expect(countyTrail.status).toBe(200);
    expect(JSON.stringify(countyTrail.body)).not.toContain(city);
    expect(JSON.stringify(countyTrail.body)).toContain('read:attachments/另案-1');
    // Asking the trail for the file by the stored id confirms nothing either.
    const guessed = await invoke({ method: 'GET', path: `/cases/${county}/audit`, query: { action: `read:attachments/${city}-1` }, staffId: 'tonglu-office' });
    expect(guessed.status).toBe(200);
    expect(guessed.body.entries).toEqual([]);

    const cityTrail = await invoke({ method: 'GET', path: `/cases/${county}/audit`, staffId: 'hz-office' });
    expect(JSON.stringify(cityTrail.body)).toContain(`read:attachments/${city}-1`);
  });
});
