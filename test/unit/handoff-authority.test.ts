import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { applyHandoff, type HandoffDeps } from '../../shared/app/handoff/apply-handoff.js';
import { acceptance } from '../../shared/app/handoff/decisions.js';
import { handoffCommandSchema, type HandoffCommandInput } from '../../shared/app/handoff/commands.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { assertMayDecide, type Actor } from '../../shared/domain/access.js';
import type { Case } from '../../shared/domain/case.js';
import { Province } from '../../shared/domain/province.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * A staff handoff (退回, 转办, 交办) is checked when asked for and applied later
 * by the handoff function — after other handoffs of the case, or days later
 * from the dead-letter queue. It is checked again when applied, against the
 * case as it is then and the staff directory as it is then: a handoff its
 * staff member may no longer decide changes nothing, is recorded as refused
 * and answers so again when delivered again.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const housingHandler: Actor = { staffId: 'tonglu-housing-handler', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] };
const NOW = '2026-12-08T02:00:00.000Z';

function caseLedBy(lead: string): Case {
  const registered = registerPetition(
    { jurisdiction: '330122', channel: 'letter', receivedAt: '2026-12-04T09:00:00+08:00', subject: '拖欠工资', matter: '某厂拖欠工资三个月。', petitioner: { anonymous: false, name: '张伟', phone: '13800001111' } },
    { caseNumber: '330122-2026-000041', at: '2026-12-04T09:10:00+08:00', actor: 'tonglu-registrar', timeLimits: province.timeLimitsFor('330122'), calendar: province.calendar, units: [] },
  ).case;
  const accepted = acceptance(province, registered, office, {}, '2026-12-07T02:00:00.000Z').case;
  const assign = handoffCommandSchema.parse({ id: `cmd-assign-${lead}`, action: 'assign', caseNumber: registered.caseNumber, lead, by: 'tonglu-office', byJurisdiction: '330122' });
  return planHandoff(accepted, assign, province, '2026-12-07T03:00:00.000Z').case;
}

/** A case store holding one case, with idempotency records as the table keeps them (the change's own, or a refusal's). */
function storeHolding(c: Case) {
  let current = c;
  const commits: CaseCommit[] = [];
  const outcomes = new Map<string, string>();
  return {
    commits,
    outcomes,
    current: () => current,
    /** The case changes under the queued command (another handoff, a recusal), as it would between request and delivery. */
    replace: (next: Case) => {
      current = next;
    },
    store: {
      get: async () => ({ case: current, events: [], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => {
        if (change.idempotencyKey && outcomes.has(change.idempotencyKey)) return 'duplicate' as const;
        commits.push(change);
        if (change.idempotencyKey) outcomes.set(change.idempotencyKey, change.outcome ?? 'applied');
        current = change.case;
        return 'committed' as const;
      },
      findIdempotencyRecord: async (key: string) => (outcomes.has(key) ? { outcome: outcomes.get(key)! } : undefined),
      recordOutcome: async (key: string, outcome: string) => {
        outcomes.set(key, outcome);
      },
    } satisfies HandoffDeps['store'],
  };
}

/** Nothing was committed but the refusal itself, once: a `handoffRefused` event leaving the case as it was. */
const onlyRefused = (held: ReturnType<typeof storeHolding>) =>
  held.commits.length === 1 && held.commits[0]!.event.type === 'handoffRefused';

const deps = (held: ReturnType<typeof storeHolding>, directory: Province = province): HandoffDeps => ({ store: held.store, province: directory, clock: { now: () => new Date(NOW) } });
const command = (input: Partial<HandoffCommandInput> & Pick<HandoffCommandInput, 'action'>) =>
  handoffCommandSchema.parse({ id: 'cmd-return', caseNumber: '330122-2026-000041', by: housingHandler.staffId, byJurisdiction: '330122', reason: '不属本单位职责', ...input } as HandoffCommandInput);
const housingReturn = command({ action: 'return' });

describe('a queued staff handoff is checked again when applied', () => {
  it('refuses the housing bureau’s 退回, asked while it led the case, once the office gave the case to 人社局: nothing changes but the refusal on the history, nobody is blamed', async () => {
    expect(() => assertMayDecide(housingHandler, 'return', caseLedBy('330122-housing'), province.tree)).not.toThrow();
    const held = storeHolding(caseLedBy('330122-hrss'));

    const outcome = await applyHandoff(deps(held), housingReturn);

    expect(outcome).toMatchObject({ outcome: 'refused', code: 'NotAuthorised', caseNumber: '330122-2026-000041' });
    expect(outcome.outcome === 'refused' && outcome.reason).toContain('tonglu-housing-handler may no longer return case 330122-2026-000041');
    expect(onlyRefused(held)).toBe(true);
    expect(held.current().handling?.lead).toBe('330122-hrss');
    expect(held.outcomes.get('handoff:cmd-return')).toBe('refused:NotAuthorised');
  });

  it('applies a 退回 still the unit’s to decide as before, recording the unit of the staff member who returned it', async () => {
    const held = storeHolding(caseLedBy('330122-housing'));

    const outcome = await applyHandoff(deps(held), housingReturn);

    expect(outcome).toEqual({ outcome: 'applied', caseNumber: '330122-2026-000041', status: 'accepted' });
    expect(held.current().handling).toBeUndefined();
    expect(held.commits[0]!.event).toMatchObject({ type: 'returned', actor: 'tonglu-housing-handler', detail: expect.objectContaining({ returnedBy: '330122-housing', backTo: '330122' }) });
    // The office is told which unit returned it.
    expect(JSON.stringify(held.commits[0]!.outbox)).toContain('桐庐县住房和城乡建设局');
  });

  it('answers a refused handoff delivered again as refused, without trying it again, even if the case came back to the unit meanwhile', async () => {
    const held = storeHolding(caseLedBy('330122-hrss'));
    const first = await applyHandoff(deps(held), housingReturn);
    held.replace(caseLedBy('330122-housing'));

    const again = await applyHandoff(deps(held), housingReturn);

    expect(first).toMatchObject({ outcome: 'refused', code: 'NotAuthorised' });
    expect(again).toMatchObject({ outcome: 'refused', code: 'NotAuthorised', caseNumber: '330122-2026-000041' });
    expect(onlyRefused(held)).toBe(true);
    expect(held.current().handling?.lead).toBe('330122-housing');
  });

  it('answers an applied handoff delivered again as a duplicate, applying it once', async () => {
    const held = storeHolding(caseLedBy('330122-housing'));
    await applyHandoff(deps(held), housingReturn);

    expect(await applyHandoff(deps(held), housingReturn)).toEqual({ outcome: 'duplicate', caseNumber: '330122-2026-000041' });
    expect(held.commits).toHaveLength(1);
  });

  it('refuses the handoff of a staff member who has left the staff directory since', async () => {
    const without = new Province({ ...province.config, staff: province.config.staff.filter((s) => s.id !== 'tonglu-housing-handler') }, province.calendar);
    const held = storeHolding(caseLedBy('330122-housing'));

    const outcome = await applyHandoff(deps(held, without), housingReturn);

    expect(outcome).toMatchObject({ outcome: 'refused', code: 'NotAuthorised', reason: 'staff member tonglu-housing-handler is no longer in the staff directory' });
    expect(onlyRefused(held)).toBe(true);
  });

  it('refuses the handoff of a staff member recused since, and of a unit the report was found to accuse since (第三十条)', async () => {
    const led = caseLedBy('330122-housing');
    for (const changed of [
      { ...led, recused: [{ staffId: 'tonglu-housing-handler', reason: '亲属关系', by: 'tonglu-office', at: '2026-12-07T05:00:00.000Z' }] },
      { ...led, accusedUnits: ['330122-housing'] },
    ]) {
      const held = storeHolding(changed);
      expect(await applyHandoff(deps(held), housingReturn)).toMatchObject({ outcome: 'refused', code: 'NotAuthorised' });
      expect(onlyRefused(held)).toBe(true);
    }
  });

  it('checks the office’s own handoffs too: an assignment by an office the case has since left is refused', async () => {
    // The case went up to the city office (转办); the county office's queued 交办 is no longer its to make.
    const led = caseLedBy('330122-housing');
    const held = storeHolding({ ...led, jurisdiction: '330100', handling: undefined, assignedBy: undefined });
    const assign = command({ id: 'cmd-assign-late', action: 'assign', lead: '330122-hrss', by: 'tonglu-office' });

    expect(await applyHandoff(deps(held), assign)).toMatchObject({ outcome: 'refused', code: 'NotAuthorised' });
    expect(onlyRefused(held)).toBe(true);
  });

  it('applies the system’s own handoffs (the router’s) as before, without a staff member to check', async () => {
    const registered = caseLedBy('330122-housing');
    const held = storeHolding({ ...registered, handling: undefined, status: 'accepted' });
    const routed = command({ id: 'route:330122-2026-000041', action: 'assign', lead: '330122-hrss', by: 'system:router' });

    expect(await applyHandoff(deps(held), routed)).toMatchObject({ outcome: 'applied', status: 'assigned' });
    expect(held.current().handling?.lead).toBe('330122-hrss');
  });
});

describe('the record of a 退回 names the unit that returned it', () => {
  it('from the staff member’s own unit, not from the unit leading the case when it is planned', () => {
    // planHandoff alone (applyHandoff refuses this command): the event would not blame 人社局 for housing’s return.
    const planned = planHandoff(caseLedBy('330122-hrss'), housingReturn, province, NOW);
    expect(planned.event.detail).toMatchObject({ returnedBy: '330122-housing' });
  });
});
