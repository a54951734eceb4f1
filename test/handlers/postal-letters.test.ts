import { describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { notificationKey } from '../../shared/adapters/dynamodb/keys.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

// 书面告知 by post: a letter's petitioner gave a postal address and no email.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });

const byPost = { ...STORED_LETTER_CASE, petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道白云小区3幢502' } };
const CASE = '/cases/330122-2026-000007';
const LETTER_ID = 'declined:330122-2026-000007:2';

/** The case after 不予受理, its refusal waiting to be posted. */
const declinedAwaitingPost = {
  ...byPost,
  status: 'declined',
  version: 2,
  postalLetters: [{ id: LETTER_ID, kind: 'declineNotice', subject: '【330122-2026-000007】信访事项不予受理告知 — 桐庐县信访局', at: '2026-11-21T02:00:00.000Z', from: '330122' }],
};

const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('a refusal to a petitioner without email goes on the office’s 待寄送 list', () => {
  it('keeps the letter on the case in the decision’s transaction, indexed for the office, and emails nobody', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [byPost] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `${CASE}/decline`, staffId: 'tonglu-office', body: { reason: '该事项已进入诉讼程序，请依法通过诉讼途径解决。' } });

    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters).toEqual([expect.objectContaining({ id: LETTER_ID, kind: 'declineNotice', from: '330122' })]);
    const items = written()[0]!.map((i) => unpacked(i.Put!.Item!));
    const letter = items.find((i) => i.entity === 'message')!;
    expect(letter).toMatchObject({ id: LETTER_ID, postFrom: '330122', gsi2pk: 'POST#330122', gsi2sk: '2026-11-23T02:00:00.000Z#330122-2026-000007' });
    expect(String(letter.text)).toContain('理由：该事项已进入诉讼程序');
    expect(outboxMessages(items)).toEqual([]);
  });
});

describe('POST /cases/{n}/letters/posted', () => {
  it('records the day it left and takes the letter off the list in one transaction', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingPost] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, postedOn: '2026-11-22' } });

    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters[0]).toMatchObject({ postedOn: '2026-11-22', postedBy: 'tonglu-registrar' });
    const items = written()[0]!;
    expect(items.map((i) => (i.Put ? unpacked(i.Put.Item!).entity : 'update'))).toEqual(['case', 'event', 'update']);
    expect(unpacked(items[1]!.Put!.Item!)).toMatchObject({ type: 'letterPosted', detail: { letterId: LETTER_ID, postedOn: '2026-11-22' } });
    expect(items[2]!.Update).toMatchObject({ UpdateExpression: 'REMOVE gsi2pk, gsi2sk', ConditionExpression: 'attribute_exists(pk)', Key: { pk: 'CASE#330122-2026-000007' } });
    expect(String(items[2]!.Update!.Key!.sk)).toMatch(/^MSG#2026-11-21T02:00:00.000Z#/);
  });

  it('撤销原决定 before the refusal left: the letter is void, off the list in the same transaction, and cannot be posted after', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingPost] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `${CASE}/reconsideration`, staffId: 'tonglu-office', body: { reason: '原不予受理理由不成立：该事项未进入诉讼程序。' } });

    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ status: 'registered', postalLetters: [{ id: LETTER_ID, withdrawnAt: '2026-11-23T02:00:00.000Z' }, { kind: 'decisionWithdrawnNotice' }] });
    const items = written()[0]!;
    expect(items.find((i) => i.Update)!.Update).toMatchObject({ UpdateExpression: 'REMOVE gsi2pk, gsi2sk', Key: { pk: 'CASE#330122-2026-000007' } });
    // The withdrawal is told all the same, by post: on the 待寄送 list in its place.
    expect(items.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!)).find((i) => i.entity === 'message')).toMatchObject({ kind: 'decisionWithdrawnNotice', gsi2pk: 'POST#330122' });

    dynamo.on(QueryCommand).resolves({ Items: [{ ...declinedAwaitingPost, ...response.body.case }] });
    const post = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID } });
    expect(post.status).toBe(409);
    expect(post.body.error.message).toContain('作废');
  });

  it('撤销原决定 voids the emailed refusal still waiting to be sent: a mailer redriven later finds it void', async () => {
    const emailed = { ...STORED_LETTER_CASE, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' }, status: 'declined', version: 2 };
    const events = [
      { pk: 'CASE#330122-2026-000007', sk: 'EVENT#00000001', entity: 'event', caseNumber: '330122-2026-000007', seq: 1, type: 'registered', at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-registrar', to: 'registered' },
      { pk: 'CASE#330122-2026-000007', sk: 'EVENT#00000002', entity: 'event', caseNumber: '330122-2026-000007', seq: 2, type: 'declined', at: '2026-11-21T02:00:00.000Z', actor: 'tonglu-office', from: 'registered', to: 'declined' },
    ];
    dynamo.on(QueryCommand).resolves({ Items: [emailed, ...events] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `${CASE}/reconsideration`, staffId: 'tonglu-office', body: { reason: '原不予受理理由不成立。' } });

    expect(response.status).toBe(200);
    const voided = written()[0]!.filter((i) => i.Update?.Key?.sk === 'NOTE');
    expect(voided).toEqual([
      {
        Update: expect.objectContaining({
          Key: notificationKey('declined:330122-2026-000007:2'),
          UpdateExpression: expect.stringContaining('voidedAt = if_not_exists(voidedAt, :at)'),
        }),
      },
    ]);
    expect(voided[0]!.Update).not.toHaveProperty('ConditionExpression');
  });

  it('refuses a letter posted already (409, saying when and by whom), a day to come and a malformed day (400), before writing', async () => {
    const posted = { ...declinedAwaitingPost, postalLetters: [{ ...declinedAwaitingPost.postalLetters[0], postedOn: '2026-11-22', postedAt: '2026-11-22T03:00:00.000Z', postedBy: 'tonglu-office' }] };
    dynamo.on(QueryCommand).resolves({ Items: [posted] });
    const again = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('marked posted on 2026-11-22 by tonglu-office');

    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingPost] });
    const tomorrow = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, postedOn: '2026-11-24' } });
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.error.issues).toEqual([expect.objectContaining({ path: 'postedOn', message: 'after today (2026-11-23)' })]);

    const malformed = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, postedOn: '22/11/2026' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].path).toBe('body.postedOn');
    expect(written()).toEqual([]);
  });

  it('a case whose letter has not left is not archived (立卷归档 after 书面告知)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingPost] });
    const response = await invoke({ method: 'POST', path: `${CASE}/archive`, staffId: 'tonglu-office' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('不予受理告知书 (declined:330122-2026-000007:2, to post); post them or telephone, and record it first');
    expect(written()).toEqual([]);
  });

  it('a replied case whose decision letter has not left is not closed either (结案 once the petitioner has the answer)', async () => {
    const replied = {
      ...declinedAwaitingPost,
      status: 'replied',
      postalLetters: [{ id: 'reply:330122-2026-000007', kind: 'decisionLetter', subject: '信访事项处理意见书', at: '2026-11-21T02:00:00.000Z', from: '330122' }],
    };
    dynamo.on(QueryCommand).resolves({ Items: [replied] });
    const view = await invoke({ method: 'GET', path: CASE, staffId: 'tonglu-office' });
    expect(view.body.allowedActions).not.toContain('close');
    const response = await invoke({ method: 'POST', path: `${CASE}/close`, staffId: 'tonglu-office' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('(reply:330122-2026-000007, to post); post them or telephone, and record it first');
    expect(written()).toEqual([]);
  });

  it('is not for a unit that does not lead the case', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...declinedAwaitingPost, status: 'assigned', handling: { lead: '330122-housing', cooperating: [] } }] });
    const response = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-hrss-handler', body: { letterId: LETTER_ID } });
    expect(response.status).toBe(404);
    expect(written()).toEqual([]);
  });
});

describe('GET /work-lists/lettersToPost (待寄送)', () => {
  it('reads the office’s letters for post, oldest first, and answers their cases once each', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        { caseNumber: '330122-2026-000007', gsi2pk: 'POST#330122', gsi2sk: '2026-11-21T02:00:00.000Z#330122-2026-000007' },
        { caseNumber: '330122-2026-000007', gsi2pk: 'POST#330122', gsi2sk: '2026-11-22T02:00:00.000Z#330122-2026-000007' },
      ],
    });
    const posted = { id: 'letter-posted', kind: 'acceptanceNotice', subject: '受理告知', at: '2026-11-20T02:00:00.000Z', from: '330122', postedAt: '2026-11-20T05:00:00.000Z', postedOn: '2026-11-20' };
    const cityPosts = { id: 'letter-city', kind: 'notice', subject: '市信访局告知', at: '2026-11-22T02:00:00.000Z', from: '330100' };
    const withOthers = { ...declinedAwaitingPost, postalLetters: [posted, ...declinedAwaitingPost.postalLetters, cityPosts] };
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [withOthers] } });

    const response = await invoke({ method: 'GET', path: '/work-lists/lettersToPost', staffId: 'tonglu-registrar' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(['330122-2026-000007']);
    // Which letter waits here and since when: not the one already posted, nor the one the city posts.
    expect(response.body.items[0].waitingLetters).toEqual([
      { id: LETTER_ID, name: '不予受理告知书', at: '2026-11-21T02:00:00.000Z' },
    ]);
    const query = dynamo.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ IndexName: 'byUnit', ScanIndexForward: true, ExpressionAttributeValues: expect.objectContaining({ ':pk': 'POST#330122' }) });

    const unit = await invoke({ method: 'GET', path: '/work-lists/lettersToPost', staffId: 'tonglu-hrss-handler' });
    expect(unit.status).toBe(403);
  });
});

// 电话告知: the petitioner of a call left only a telephone number.
describe('a petitioner with only a telephone number is told by phone (待电话告知)', () => {
  const byPhone = { ...STORED_LETTER_CASE, channel: 'phone', petitioner: { anonymous: false, name: '王强', phone: '13900001111' } };
  const declinedAwaitingCall = { ...byPhone, status: 'declined', version: 2, postalLetters: [{ ...declinedAwaitingPost.postalLetters[0], channel: 'phone' }] };

  it('the refusal is kept on the case, indexed on the office’s 待电话告知 list, not its 待寄送', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [byPhone] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `${CASE}/decline`, staffId: 'tonglu-office', body: { reason: '该事项已进入诉讼程序，请依法通过诉讼途径解决。' } });

    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters).toEqual([expect.objectContaining({ id: LETTER_ID, channel: 'phone', from: '330122' })]);
    const letter = written()[0]!.map((i) => unpacked(i.Put!.Item!)).find((i) => i.entity === 'message')!;
    expect(letter).toMatchObject({ id: LETTER_ID, byPhone: true, gsi2pk: 'PHONE#330122' });
  });

  it('POST /letters/phoned records the call and takes the letter off the list; a note is required; /letters/posted refuses it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingCall] });
    dynamo.on(TransactWriteCommand).resolves({});

    const noNote = await invoke({ method: 'POST', path: `${CASE}/letters/phoned`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID } });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.issues[0].path).toBe('body.note');
    const posted = await invoke({ method: 'POST', path: `${CASE}/letters/posted`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID } });
    expect(posted.status).toBe(400);
    expect(written()).toEqual([]);

    const response = await invoke({ method: 'POST', path: `${CASE}/letters/phoned`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, note: '已电话告知不予受理及理由，信访人表示将向法院起诉。' } });
    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters[0]).toMatchObject({ toldOn: '2026-11-23', toldBy: 'tonglu-registrar', toldNote: '已电话告知不予受理及理由，信访人表示将向法院起诉。' });
    const items = written()[0]!;
    expect(unpacked(items[1]!.Put!.Item!)).toMatchObject({ type: 'letterPhoned', detail: { letterId: LETTER_ID, toldOn: '2026-11-23' } });
    expect(items[2]!.Update).toMatchObject({ UpdateExpression: 'REMOVE gsi2pk, gsi2sk' });
  });

  it('POST /letters/handed-over (当面送达) records the day and the refusal to sign, takes the letter off the list; a refusal needs a note (400 in Chinese); once only (409)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [declinedAwaitingCall] });
    dynamo.on(TransactWriteCommand).resolves({});

    const bare = await invoke({ method: 'POST', path: `${CASE}/letters/handed-over`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, signature: 'refused' } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.issues[0].path).toBe('body.note');
    expect(JSON.stringify(bare.body.error)).toContain('信访人拒绝签收的，请写明拒签情况和在场人员');
    expect(written()).toEqual([]);

    const note = '信访人来访领取，拒绝签收，接待人员李明、王芳在场见证。';
    const response = await invoke({ method: 'POST', path: `${CASE}/letters/handed-over`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, handedOn: '2026-11-22', signature: 'refused', note } });
    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters[0]).toMatchObject({ handedOn: '2026-11-22', handedBy: 'tonglu-registrar', handedSignature: 'refused', handedNote: note });
    const items = written()[0]!;
    expect(unpacked(items[1]!.Put!.Item!)).toMatchObject({ type: 'letterHandedOver', actor: 'tonglu-registrar', detail: { letterId: LETTER_ID, handedOn: '2026-11-22', signature: 'refused', note } });
    expect(items[2]!.Update).toMatchObject({ UpdateExpression: 'REMOVE gsi2pk, gsi2sk' });

    dynamo.on(QueryCommand).resolves({ Items: [{ ...declinedAwaitingCall, version: 3, postalLetters: response.body.case.postalLetters }] });
    const again = await invoke({ method: 'POST', path: `${CASE}/letters/handed-over`, staffId: 'tonglu-registrar', body: { letterId: LETTER_ID, signature: 'signed' } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body.error)).toContain('当面送达');
  });

  it('GET /work-lists/lettersToPhone reads the office’s partition of letters to tell by phone', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ caseNumber: '330122-2026-000007', gsi2pk: 'PHONE#330122', gsi2sk: '2026-11-21T02:00:00.000Z#330122-2026-000007' }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'xinfang-test-cases': [declinedAwaitingCall] } });

    const response = await invoke({ method: 'GET', path: '/work-lists/lettersToPhone', staffId: 'tonglu-registrar' });

    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual(['330122-2026-000007']);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'byUnit', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'PHONE#330122' }) });
  });
});
