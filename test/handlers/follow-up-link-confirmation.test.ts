import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { keyOf, standInTable } from '../fixtures/stand-in-table.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { caseItem, caseOf } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/domain/case.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import { answerFollowUp, type ClosingDeps } from '../../shared/app/closing/closing.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { fileURLToPath } from 'node:url';

/**
 * 不满意 given by the follow-up email's one-click link is confirmed to the
 * petitioner in writing, as the same answer on the portal is: received, and
 * what follows (handled again, and by whom). Once per answer: the page posted
 * again (a double click, a request retried) finds the round answered and sends
 * nothing more. 满意 needs no answer.
 */
const bed = apiTestBed({ now: '2026-11-30T02:00:00Z' });
const { table, serve } = standInTable(bed.dynamo);
let handler: ApiHandler;
beforeAll(async () => {
  handler = await importApiHandler('ERROR');
});
beforeEach(() => serve());

const TOKEN = 'followup-token-0123456789abcdef';
const caseNumber = STORED_LETTER_CASE.caseNumber;
const { pk: _pk, sk: _sk, entity: _entity, ...letterCase } = STORED_LETTER_CASE;
const REPLIED = {
  ...letterCase,
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  status: 'replied',
  acceptedAt: '2026-10-10T02:00:00.000Z',
  handling: { lead: '330122-housing', cooperating: [] },
  deadlines: { acceptance: '2026-10-25T16:00:00.000Z', handling: '2026-12-09T16:00:00.000Z' },
  reply: { at: '2026-11-20T02:00:00.000Z', by: 'tonglu-housing-handler', letterId: 'decision:x', delivery: 'email', level: 0, reviewRequestBy: '2026-12-20T16:00:00.000Z' },
  result: { facts: '经查属实。', basis: '《物业管理条例》。', decision: '责令物业维修。', outcome: 'supported', concludedAt: '2026-11-19T02:00:00.000Z', concludedBy: 'tonglu-housing-handler', unit: '330122-housing' },
  followUp: { dueAt: '2026-11-27T02:00:00.000Z', round: 1, token: TOKEN, sentAt: '2026-11-27T02:00:00.000Z' },
} as unknown as Case;

async function answer(value: 'satisfied' | 'unsatisfied', comment?: string) {
  const event = httpEvent({
    method: 'POST',
    path: `/public/follow-up/${caseNumber}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: TOKEN, answer: value, ...(comment ? { comment } : {}) }).toString(),
  });
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  const result = await handler(event, lambdaContext);
  return { status: result.statusCode, page: result.body ?? '' };
}

/**
 * Every confirmation of a 不满意 written so far (the outbox items the changes put), to the petitioner: counted as
 * written, not as stored — a second put under the same id would replace the first in the table and go unseen.
 */
const confirmations = () =>
  outboxMessages(
    bed.dynamo
      .commandCalls(TransactWriteCommand)
      .flatMap((call) => call.args[0].input.TransactItems ?? [])
      .flatMap((item) => (item.Put?.Item ? [unpacked(item.Put.Item)] : [])),
  )
    .filter((m) => m.id.startsWith('unsatisfied-received:'))
    .map((m) => ({ id: m.id, body: m.body as NotificationInput }));

const storedCase = () => caseOf(table.get(keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' }))!);

describe('不满意 by the follow-up email’s link is confirmed to the petitioner, once', () => {
  it('writes the same confirmation as the portal: received, handled again by the unit, and by when', async () => {
    table.set(keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' }), caseItem(REPLIED));

    const first = await answer('unsatisfied', '楼顶还在漏水，物业没有维修。');
    expect(first.status).toBe(200);
    expect(storedCase()).toMatchObject({ status: 'inProgress', followUp: { satisfied: false, via: 'link' } });

    const [mail, ...more] = confirmations();
    expect(more).toEqual([]);
    expect(mail!.id).toBe(`unsatisfied-received:${caseNumber}:1`);
    expect(mail!.body).toMatchObject({ kind: 'notice', caseNumber, to: ['zhangwei@qq.example'], autoSubmitted: 'auto-generated' });
    expect(mail!.body.subject).toBe(`【${caseNumber}】您的“不满意”评价已收到 — 桐庐县信访局`);
    expect(mail!.body.text).toContain('本事项已重新交桐庐县住房和城乡建设局办理');

    // The page posted again (a double click, a retried request): the round is answered, nothing more is sent.
    const again = await answer('unsatisfied', '楼顶还在漏水，物业没有维修。');
    expect(again.status).toBe(200);
    expect(again.page).toContain('您的回访意见已记录');
    expect(confirmations()).toHaveLength(1);
  });

  it('sends nothing for 满意', async () => {
    table.set(keyOf({ pk: `CASE#${caseNumber}`, sk: 'CASE' }), caseItem(REPLIED));
    expect((await answer('satisfied')).status).toBe(200);
    expect(storedCase()).toMatchObject({ followUp: { satisfied: true } });
    expect(confirmations()).toEqual([]);
  });
});

describe('不满意 by replying to the follow-up email is confirmed the same way, once though the reply is delivered twice', () => {
  it('writes one confirmation for the reply taken twice (the intake’s queue redelivers it)', async () => {
    const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
    // The case as the store holds it, each change committed onto it; the outbox of every change kept.
    let current: Case = REPLIED;
    const outbox: { id: string; body: unknown }[] = [];
    const store = {
      get: async () => ({ case: current, events: [], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: { case: Case; outbox?: readonly { id: string; body: unknown }[] }) => {
        current = change.case;
        outbox.push(...(change.outbox ?? []));
        return 'committed' as const;
      },
    };
    const deps = { store, province, clock: { now: () => new Date('2026-11-30T02:00:00Z') } } as unknown as ClosingDeps;
    const reply = { satisfied: false, via: 'email' as const, comment: '不满意，楼顶还在漏水。' };

    await answerFollowUp(deps, caseNumber, { system: 'petitioner' }, reply);
    await answerFollowUp(deps, caseNumber, { system: 'petitioner' }, reply);

    expect(current).toMatchObject({ status: 'inProgress', followUp: { satisfied: false, via: 'email' } });
    const mails = outbox.filter((m) => m.id.startsWith('unsatisfied-received:'));
    expect(mails.map((m) => m.id)).toEqual([`unsatisfied-received:${caseNumber}:1`]);
    expect((mails[0]!.body as NotificationInput).to).toEqual(['zhangwei@qq.example']);
  });
});
