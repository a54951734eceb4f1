import { describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEnv } from '../fixtures/handler-env.js';
import { arrive, dynamo, intakeHandlerBed, outboxOf } from '../fixtures/intake-aws.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * Send pressed twice on a petition with a photo (or a client that re-sends it with a new Message-ID):
 * the same words and the same files again within the day are the case they already made — one number,
 * one acknowledgement, no 不予受理 as a repeat — while the same words with another file are not ignored
 * (the new file would be lost).
 */
const bed = intakeHandlerBed(handlerEnv('INFO'));
const { at, deliver } = bed;

const TONGLU = 'xinfang@tonglu.petitions.example';
const SENDER = 'wangfang1990@163.example';
const LIGHT = '桐庐县信访局：我住在桐君街道春江花苑，小区南门到7幢之间的四盏路灯已经坏了三个月，晚上一片漆黑，老人孩子出行很危险，上周还有人摔伤。多次向物业反映无人处理，请求督促维修。王芳 联系电话：13588002345';
// A JPEG's leading bytes, then the picture.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(2000, 7)]);
const OTHER_PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(2000, 9)]);

function withPhoto(messageId: string, photo: Buffer): Uint8Array {
  const encoded = (words: string) => `=?utf-8?B?${Buffer.from(words).toString('base64')}?=`;
  const lines = [
    `From: ${encoded('王芳')} <${SENDER}>`,
    `To: <${TONGLU}>`,
    `Subject: ${encoded('反映路灯损坏')}`,
    'Date: Sun, 06 Dec 2026 18:14:28 +0800',
    `Message-ID: <${messageId}@163.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(LIGHT).toString('base64'),
    '--b1',
    'Content-Type: image/jpeg; name="lamp.jpg"',
    'Content-Disposition: attachment; filename="lamp.jpg"',
    'Content-Transfer-Encoding: base64',
    '',
    photo.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

const send = (n: number, photo: Buffer, storedAt: string) =>
  arrive(`raw/${TONGLU}/0123abcdfile${String(n).padStart(28, '0')}`, withPhoto(`file${n}`, photo), storedAt)(`5e3d2c1b-0000-4000-8000-${String(n).padStart(12, '0')}`);

const cases = () => bed.table().all().filter((i) => i.entity === 'case').map((i) => unpacked(i));
const outcomes = () => bed.table().all().filter((i) => i.entity === 'idempotency').map((i) => String(i.outcome)).sort();
const numbersDrawn = () => dynamo.commandCalls(UpdateCommand).filter((c) => String(c.args[0].input.Key!.pk).startsWith('SEQ#')).length;

describe('the same petition with the same photo sent again with a new Message-ID', () => {
  it('is the case it already made: one number, one acknowledgement, no 不予受理', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send(1, PHOTO, '2026-12-06T10:14:30.000Z'))).toEqual({ batchItemFailures: [] });
    at('2026-12-06T10:20:31.000Z');
    expect(await deliver(send(2, PHOTO, '2026-12-06T10:20:30.000Z'))).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    const number = cases()[0]!.caseNumber;
    expect(cases()[0]!.attachments.map((a: { filename: string }) => a.filename)).toEqual(['lamp.jpg']);
    expect(outcomes()).toEqual([`ignored:resent:${number}`, 'registered']);
    expect(outboxOf('notify').filter((m) => m.id.startsWith('ack:'))).toHaveLength(1);
    expect(outboxOf('notify').some((m) => m.id.startsWith('declined:'))).toBe(false);
    expect(numbersDrawn()).toBe(1);
  });

  it('is one case when both copies come at the same moment, in one batch', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send(1, PHOTO, '2026-12-06T10:14:30.000Z'), send(2, PHOTO, '2026-12-06T10:14:30.000Z'))).toEqual({ batchItemFailures: [] });

    expect(cases()).toHaveLength(1);
    expect(outcomes()).toEqual([`ignored:resent:${cases()[0]!.caseNumber}`, 'registered']);
    expect(numbersDrawn()).toBe(1);
  });

  it('with another photo is not ignored: the new file reaches the register', async () => {
    at('2026-12-06T10:14:31.000Z');
    expect(await deliver(send(1, PHOTO, '2026-12-06T10:14:30.000Z'))).toEqual({ batchItemFailures: [] });
    at('2026-12-06T10:20:31.000Z');
    expect(await deliver(send(2, OTHER_PHOTO, '2026-12-06T10:20:30.000Z'))).toEqual({ batchItemFailures: [] });

    expect(outcomes().some((o) => o.startsWith('ignored'))).toBe(false);
  });
});
