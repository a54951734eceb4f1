import type { Case } from '../../domain/case.js';
import { changeCase, type ChangeDeps } from '../change-case.js';
import type { OutboxMessage } from '../outbox.js';
import { handedOver } from '../handoff/plan.js';
import type { CaseCommit } from '../ports.js';
import type { Province } from '../../domain/province.js';
import { bypassOf } from '../../domain/routing/bypass.js';
import { withReportBack } from '../../domain/report-back.js';
import { acceptanceClockOnReceipt } from '../../domain/clocks.js';
import { handDownObjectionWindowFor } from '../../domain/objection.js';

export const HAND_DOWN_ACTOR = 'system:router';

/**
 * 属地管理、分级负责: a registered petition whose place is clearly below the
 * office that received it goes to the petitions office of the level below
 * (转办, with the reasons), still registered, for that office to triage and
 * assign — routed again there. That office decides acceptance within its own
 * limit from its receipt (条例 第二十三条, 自收到之日起; acceptanceClockOnReceipt);
 * what the office above owed (第二十二条) and whether it handed the case down
 * in time stay on the event. The office above keeps sight of it
 * (it sees its subordinates' cases), and gets the result reported back when
 * it asks for that (`reportBackOnHandDown`). Safe to repeat: a case already
 * handed down, decided or in a triage list is left alone.
 */
export function handDownCase(deps: ChangeDeps, caseNumber: string, to: string, reasons: string[]): Promise<Case> {
  return changeCase(deps, caseNumber, { system: HAND_DOWN_ACTOR }, 'transfer', ({ case: current }, at) => handingDown(deps.province, current, to, reasons, at));
}

/** The change handDownCase stores, with the request to route the case again where it now is; none for a case already handed down or decided. */
export function handingDown(province: Province, current: Case, to: string, reasons: string[], at: string, up = false): CaseCommit | undefined {
  const caseNumber = current.caseNumber;
  if (current.status !== 'registered' || current.triage || current.jurisdiction === to) return undefined;
  const from = current.jurisdiction;
  // Up, away from an office the report accuses (第三十条): that office is owed no result, nor shown one.
  const reportBack = !up && province.jurisdiction(from).reportBackOnHandDown;
  const version = current.version + 1;
  const bypass = bypassOf(province.tree, current, to);
  const { deadlines, owed } = acceptanceClockOnReceipt(current, at, province.timeLimitsFor(to), province.calendar);
  // The office below may object within 5 working days that the matter is not its own (条例 第二十三条); not one the case went up to.
  const window = up ? undefined : handDownObjectionWindowFor(current, from, to, at, province.calendar);
  const { objectionWindow: _w, ...held } = current;
  const next: Case = {
    ...handedOver(reportBack ? withReportBack(held, from, province.tree) : held, to),
    jurisdiction: to,
    ...(bypass ? { bypass } : {}),
    ...(window ? { objectionWindow: window } : {}),
    deadlines,
    version,
    updatedAt: at,
  };
  // Routed again where it now is: the office below triages it, or hands it further down.
  const reroute: OutboxMessage = { queue: 'routing', id: `route:${caseNumber}:handedDown:${to}`, body: { caseNumber, reason: 'handedDown' } };
  return {
    case: next,
    event: {
      caseNumber,
      seq: version,
      type: 'transferred',
      at,
      actor: HAND_DOWN_ACTOR,
      from: 'registered',
      to: 'registered',
      reason: up ? `检举、控告材料不得转给被检举、控告的单位：转${province.jurisdiction(to).office.name}办理` : `属地管理、分级负责：转${province.jurisdiction(to).office.name}分办`,
      detail: {
        ...(up ? { awayFromAccused: true } : { territoryFirst: true }),
        fromJurisdiction: from,
        toJurisdiction: to,
        reasons,
        acceptanceDeadline: deadlines.acceptance,
        ...(window ? { objectionUntil: window.until } : {}),
        // What the office passing it on owed (第二十二条) and whether it handed the case down in time.
        ...(owed ? { owedByFrom: owed } : {}),
        ...(reportBack ? { reportBackTo: from } : {}),
        ...(bypass ? { bypass: bypass.levels } : {}),
      },
    },
    outbox: [reroute],
  };
}
