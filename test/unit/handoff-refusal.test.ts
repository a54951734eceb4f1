import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { applyHandoff, type HandoffDeps } from '../../shared/app/handoff/apply-handoff.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import { handoffCommandSchema, type HandoffCommandInput } from '../../shared/app/handoff/commands.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * A handoff answered 202 and then refused by the handoff function (three
 * 交办 sent at once: the first applies, the case is no longer 已受理 for the
 * other two) leaves a trace on the case: a `handoffRefused` event — which
 * handoff, asked by whom and when, its command id and the reason in Chinese —
 * written with the command's idempotency record, so exactly once however
 * often the command is delivered. Nothing else about the case changes.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const NUMBER = '330122-2026-000041';
const NOW = '2026-12-08T02:00:00.000Z';
const ASKED = '2026-12-08T01:59:58.000Z';

function accepted(): Case {
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '拖欠工资', matter: '某厂拖欠工资三个月。', petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } },
    { caseNumber: NUMBER, at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  return acceptance(province, registered, { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] }, {}, '2026-12-07T02:00:00.000Z').case;
}

/** A store holding one case (or none), keeping the idempotency records as the table does: the change's own, or a refusal's alone. */
function storeHolding(c: Case | undefined) {
  let current = c;
  const commits: CaseCommit[] = [];
  const events: CaseEvent[] = [];
  const records = new Map<string, { outcome: string; caseNumber?: string }>();
  const store = {
    get: async () => (current ? { case: current, events: [...events], messages: [] } : undefined),
    getCaseRecord: async () => current,
    commit: async (change: CaseCommit) => {
      if (change.idempotencyKey && records.has(change.idempotencyKey)) return 'duplicate' as const;
      commits.push(change);
      events.push(...(change.precededBy ?? []), change.event);
      if (change.idempotencyKey) records.set(change.idempotencyKey, { outcome: change.outcome ?? change.event.type, caseNumber: change.case.caseNumber });
      current = change.case;
      return 'committed' as const;
    },
    findIdempotencyRecord: async (key: string) => records.get(key),
    recordOutcome: async (key: string, outcome: string) => {
      if (!records.has(key)) records.set(key, { outcome });
    },
  } satisfies HandoffDeps['store'];
  return { store, commits, events, records, current: () => current };
}

const deps = (held: ReturnType<typeof storeHolding>): HandoffDeps => ({ store: held.store, province, clock: { now: () => new Date(NOW) } });
const assign = (lead: string, input: Partial<HandoffCommandInput> = {}) =>
  handoffCommandSchema.parse({ id: `cmd-${lead}`, action: 'assign', caseNumber: NUMBER, lead, by: 'tonglu-office', byJurisdiction: '330122', requestedAt: ASKED, ...input } as HandoffCommandInput);

describe('a refused handoff is kept on the case', () => {
  it('three 交办 at once: housing is applied, 人社局 and 市场监管局 each leave one handoffRefused event saying why in Chinese; nothing else changes', async () => {
    const held = storeHolding(accepted());
    const outcomes = [];
    for (const lead of ['330122-housing', '330122-hrss', '330122-market']) outcomes.push(await applyHandoff(deps(held), assign(lead)));

    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'refused', 'refused']);
    const afterHousing = held.commits[0]!.case;
    expect(afterHousing.handling?.lead).toBe('330122-housing');
    const refusals = held.events.filter((e) => e.type === 'handoffRefused');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatchObject({
      caseNumber: NUMBER,
      seq: afterHousing.version + 1,
      type: 'handoffRefused',
      at: NOW,
      actor: 'tonglu-office',
      reason: expect.stringMatching(/[\u4e00-\u9fff]/),
      detail: { commandId: 'cmd-330122-hrss', action: 'assign', word: '交办', byJurisdiction: '330122', requestedAt: ASKED, lead: '330122-hrss', code: expect.any(String) },
    });
    expect(refusals[1]!.detail).toMatchObject({ commandId: 'cmd-330122-market', lead: '330122-market' });
    // No status, handling, deadline, clock or date of last change moved: only the version counts up, for the event's seq.
    const { version: _v1, ...before } = afterHousing;
    const { version: v2, ...after } = held.current()!;
    expect(after).toEqual(before);
    expect(v2).toBe(afterHousing.version + 2);
    // Each refusal's idempotency record is written in its event's transaction, on the case.
    expect(held.commits.slice(1).map((c) => [c.idempotencyKey, c.outcome])).toEqual([
      ['handoff:cmd-330122-hrss', `refused:${refusals[0]!.detail!.code as string}`],
      ['handoff:cmd-330122-market', `refused:${refusals[1]!.detail!.code as string}`],
    ]);
    // No letters, no queue messages for a refusal.
    expect(held.commits.slice(1).every((c) => (c.outbox ?? []).length === 0)).toBe(true);
  });

  it('says a lifecycle refusal in the DomainError’s own Chinese', async () => {
    const held = storeHolding(accepted());
    await applyHandoff(deps(held), assign('330122-housing'));
    const refused = await applyHandoff(deps(held), assign('330122-hrss'));

    const event = held.events.find((e) => e.type === 'handoffRefused')!;
    expect(refused).toMatchObject({ outcome: 'refused', code: event.detail!.code });
    expect(event.reason).toMatch(/交办/);
    expect(event.reason).not.toMatch(/[a-z]{4,}/i);
  });

  it('says a NotAuthorised refusal in a Chinese sentence of its own', async () => {
    const held = storeHolding(accepted());
    const gone = assign('330122-housing', { id: 'cmd-gone', by: 'nobody-any-more' });

    expect(await applyHandoff(deps(held), gone)).toMatchObject({ outcome: 'refused', code: 'NotAuthorised' });
    expect(held.events).toEqual([expect.objectContaining({ type: 'handoffRefused', actor: 'nobody-any-more', reason: '提交人已不在本系统的工作人员名录中，不能再交办该事项' })]);
  });

  it('is written once when the refused command is delivered twice, one after the other or at the same time', async () => {
    const held = storeHolding(accepted());
    await applyHandoff(deps(held), assign('330122-housing'));
    const late = assign('330122-hrss');

    const first = await applyHandoff(deps(held), late);
    const again = await applyHandoff(deps(held), late);
    expect(first.outcome).toBe('refused');
    expect(again.outcome).toBe('refused');
    expect(held.events.filter((e) => e.type === 'handoffRefused')).toHaveLength(1);

    // Two deliveries racing: both find no record, both are refused; the second's transaction finds the first's record.
    const racing = assign('330122-market');
    const both = await Promise.all([applyHandoff(deps(held), racing), applyHandoff(deps(held), racing)]);
    expect(both.map((o) => o.outcome)).toEqual(['refused', 'refused']);
    expect(held.events.filter((e) => e.type === 'handoffRefused' && e.detail?.commandId === racing.id)).toHaveLength(1);
  });

  it('leaves no refusal when a second delivery, not yet seeing the first’s record, finds the case already changed by it', async () => {
    const held = storeHolding(accepted());
    const housing = assign('330122-housing');
    expect((await applyHandoff(deps(held), housing)).outcome).toBe('applied');
    // The redelivery's first look finds no record (it raced the first); planned on the case as it is now, it is refused —
    // but the refusal's transaction finds the applied record: a duplicate, not a refusal.
    const stale = { ...held.store, findIdempotencyRecord: async (key: string) => (stale.looked++ === 0 ? undefined : held.store.findIdempotencyRecord(key)), looked: 0 };

    expect(await applyHandoff({ ...deps(held), store: stale }, housing)).toEqual({ outcome: 'duplicate', caseNumber: NUMBER });
    expect(held.events.map((e) => e.type)).toEqual(['assigned']);
  });

  it('leaves no refusal for a handoff applied, delivered once or twice', async () => {
    const held = storeHolding(accepted());
    const housing = assign('330122-housing');
    expect((await applyHandoff(deps(held), housing)).outcome).toBe('applied');
    expect((await applyHandoff(deps(held), housing)).outcome).toBe('duplicate');

    expect(held.events.map((e) => e.type)).toEqual(['assigned']);
    expect(held.records.get('handoff:cmd-330122-housing')).toEqual({ outcome: 'applied', caseNumber: NUMBER });
  });

  it('records the refusal alone for a case that no longer exists, and for one archived (kept as filed)', async () => {
    const none = storeHolding(undefined);
    expect(await applyHandoff(deps(none), assign('330122-housing'))).toMatchObject({ outcome: 'refused', code: 'CaseNotFound' });
    expect(none.commits).toEqual([]);
    expect(none.records.get('handoff:cmd-330122-housing')).toEqual({ outcome: 'refused:CaseNotFound' });

    const archived = storeHolding({ ...accepted(), status: 'archived' });
    const refused = await applyHandoff(deps(archived), assign('330122-housing'));
    expect(refused.outcome).toBe('refused');
    expect(archived.commits).toEqual([]);
    expect(archived.records.get('handoff:cmd-330122-housing')?.outcome).toMatch(/^refused:/);
  });

  it('names a 转送 of a case not yet accepted as such, and a command queued before it carried its time without one', async () => {
    const held = storeHolding(accepted());
    await applyHandoff(deps(held), assign('330122-housing'));
    const back = handoffCommandSchema.parse({ id: 'cmd-old-return', action: 'return', caseNumber: NUMBER, by: 'tonglu-hrss-handler', byJurisdiction: '330122', reason: '不属本单位职责' });

    expect((await applyHandoff(deps(held), back)).outcome).toBe('refused');
    const event = held.events.find((e) => e.detail?.commandId === 'cmd-old-return')!;
    expect(event.detail).toMatchObject({ action: 'return', word: '退回' });
    expect(event.detail).not.toHaveProperty('requestedAt');
  });
});
