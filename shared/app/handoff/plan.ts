import { officeStaffed, unitStaffed } from '../accusable-units.js';
import type { Case, CaseEvent } from '../../domain/case.js';
import { onField, RuleViolation } from '../../domain/errors.js';
import { applyCommand } from '../../domain/lifecycle.js';
import { approvedByReturn, assertUnitMayReturn, handDownObjectionWindowFor, objectionWindowFor, officeReturnRefusal } from '../../domain/objection.js';
import type { Province } from '../../domain/province.js';
import { bypassOf } from '../../domain/routing/bypass.js';
import { reportBackFrom, withReportBack } from '../../domain/report-back.js';
import { acceptanceClockOnReceipt, handlingClockAfterHandoff, handlingOfficeOf } from '../../domain/clocks.js';
import type { HandoffCommand } from './commands.js';

/**
 * What a handoff does to a case, checked against the configuration: units
 * exist where the command says, a superior office hands work down or across
 * its own subtree only, a report is never handed to the unit it accuses, and
 * the lead has staff in the system to conclude the case.
 * Pure apart from reading the configuration; throws a DomainError to refuse.
 */
export function planHandoff(current: Case, command: HandoffCommand, province: Province, at: string): { case: Case; event: CaseEvent } {
  const planned = plannedHandoff(current, command, province, at);
  // A registered case forwarded (转送) has no handling clock yet.
  return current.status === 'registered' ? planned : withHandlingClock(current, planned, province, at);
}

/**
 * The handling clock for how the case is handled after the handoff (自办, or
 * a unit's: handlingClockAfterHandoff), with what moved it on the event.
 */
function withHandlingClock(before: Case, planned: { case: Case; event: CaseEvent }, province: Province, at: string): { case: Case; event: CaseEvent } {
  const after = planned.case;
  const clock = handlingClockAfterHandoff(before, after, province.timeLimitsFor(handlingOfficeOf(after)), province.calendar, at);
  if (clock.deadlines === after.deadlines) return planned;
  const change = clock.change;
  const detail = !change ? {} : 'kept' in change ? { handlingDeadlineKept: change } : 'overdue' in change ? { handlingDeadlineOverdueKept: change } : { handlingDeadline: change };
  return {
    case: { ...after, deadlines: clock.deadlines, ...(clock.suspensions ? { suspensions: clock.suspensions } : {}) },
    event: { ...planned.event, ...(clock.change ? { detail: { ...planned.event.detail, ...detail } } : {}) },
  };
}

function plannedHandoff(current: Case, command: HandoffCommand, province: Province, at: string): { case: Case; event: CaseEvent } {
  const meta = { at, actor: command.by };
  switch (command.action) {
    case 'assign': {
      const units = checkUnits(current, command, province, command.byJurisdiction);
      assertLeadStaffed(units[0]!, province);
      const held = units[0]!.jurisdiction;
      const next = applyCommand(current, { action: 'assign', lead: command.lead, cooperating: command.cooperating }, meta);
      return withHolder(next, held, command, province, at);
    }
    case 'transfer': {
      onField('toJurisdiction', () => province.requireJurisdiction(command.toJurisdiction));
      const accusedGovernment = current.accusedJurisdictions?.find((government) => province.tree.isWithin(command.toJurisdiction, government));
      if (accusedGovernment) {
        throw new RuleViolation(
          `this report accuses the government of ${province.jurisdiction(accusedGovernment).name}; it is never handed to it or to an office below it (《信访工作条例》第三十条)`,
          { jurisdiction: command.toJurisdiction },
        )
          .inChinese(`该检举控告针对${province.jurisdiction(accusedGovernment).name}政府，不得转送、交办给该地或其下级机关（《信访工作条例》第三十条）`)
          .about('toJurisdiction');
      }
      // Handed to an office's own list, not a unit of it: only an office with someone in the system to take it up.
      if (!command.lead && !officeStaffed(province, command.toJurisdiction)) {
        throw new RuleViolation(
          `${province.jurisdiction(command.toJurisdiction).office.name} has no staff in the system to take up a case: name a unit there with staff to handle it, or keep the case`,
          { jurisdiction: command.toJurisdiction },
        )
          .inChinese(`${province.jurisdiction(command.toJurisdiction).office.name}在系统中没有可以接收事项的工作人员：请指定当地有工作人员的承办单位，或由本机关继续办理`)
          .about('toJurisdiction');
      }
      // Not yet accepted: 转送 to the office whose matter it is, which decides whether to accept it.
      if (current.status === 'registered') return forwarded(current, command, province, at);
      // A unit passing the case on is objecting to it: within its window, as a return is (条例 第二十三条).
      if (province.staff(command.by)?.unit && current.objectionWindow) {
        assertUnitMayReturn(current, at, province.jurisdiction(current.objectionWindow.from).office.name, 'transfer');
      }
      for (const unit of command.lead ? checkUnits(current, { lead: command.lead, cooperating: command.cooperating }, province) : []) {
        if (unit.id === command.lead && unit.jurisdiction !== command.toJurisdiction) {
          throw new RuleViolation(`unit ${unit.id} is not in ${command.toJurisdiction}`, { unit: unit.id })
            .inChinese(`${unit.name}不属于${province.jurisdiction(command.toJurisdiction).name}`)
            .about('lead');
        }
        if (unit.id === command.lead) assertLeadStaffed(unit, province);
      }
      const next = applyCommand(
        current,
        { action: 'transfer', toJurisdiction: command.toJurisdiction, reason: command.reason, ...(command.lead ? { lead: command.lead, cooperating: command.cooperating } : {}) },
        meta,
      );
      return withHolder(next, command.toJurisdiction, command, province, at);
    }
    case 'return': {
      const by = province.staff(command.by);
      // 条例 第二十三条: the unit objects within its window; after it, only the office that handed the case over returns it.
      if (by?.unit && current.objectionWindow) {
        assertUnitMayReturn(current, at, province.jurisdiction(current.objectionWindow.from).office.name);
      }
      // 收回 by an office: the one that handed the case over (shared/domain/objection.ts).
      const refusal = by && !by.unit ? officeReturnRefusal(by, current, province.tree) : undefined;
      if (refusal) throw new RuleViolation(refusal.message, { jurisdiction: current.assignedBy?.jurisdiction ?? current.jurisdiction }).inChinese(refusal.chinese);
      const next = applyCommand(current, { action: 'return', reason: command.reason }, meta);
      // Back to the office that assigned it (退回), which decides anew.
      const back = current.assignedBy?.jurisdiction ?? current.jurisdiction;
      const { objectionWindow: _w, returnRequest: _q, ...held } = next.case;
      // Owed to the offices above the one it is back at, as before that office handed it down.
      const rest = reportBackFrom(held, back, province.tree);
      const late = current.objectionWindow && at >= current.objectionWindow.until ? { afterObjectionWindow: true } : {};
      // The office returning a case whose unit asked it to approves that request (申请退回).
      const approval = approvedByReturn(current, meta);
      return {
        case: { ...ownedWhereWorked(handedOver(rest, back), province), jurisdiction: back, ...(approval.returnRequest ? { returnRequest: approval.returnRequest } : {}) },
        // Returned by the unit (退回), or taken back by the office (收回): the record names who did it — the unit of the
        // staff member who returned it, not whichever unit leads the case when the command is applied.
        event: { ...next.event, detail: { ...next.event.detail, ...(by && !by.unit ? { takenBackBy: `office:${by.jurisdiction}`, from: current.handling?.lead } : { returnedBy: by?.unit ?? current.handling?.lead }), backTo: back, ...late, ...approval.detail } },
      };
    }
  }
}

/**
 * 转送: a registered case that is not this office's goes to the office whose
 * matter it is, still registered, onto its triage list (待分办) with why, for
 * its staff to decide the acceptance — not accepted here and passed on, which
 * would tell the petitioner this office accepted it, and not to its router,
 * which could hand it straight back by the petitioner's address. That office
 * decides within its own acceptance limit from the day it receives the case
 * (收到转送的信访事项之日起), not what is left of the forwarding office's.
 */
function forwarded(current: Case, command: Extract<HandoffCommand, { action: 'transfer' }>, province: Province, at: string): { case: Case; event: CaseEvent } {
  const to = command.toJurisdiction;
  if (command.lead) {
    throw new RuleViolation(`a case not yet accepted goes to the office of ${province.jurisdiction(to).name}, which decides whether to accept it: name no unit (转送)`, { unit: command.lead })
      .inChinese(`尚未受理的事项转送${province.jurisdiction(to).name}的信访部门，由其决定是否受理：请不要指定承办单位`)
      .about('lead');
  }
  if (to === current.jurisdiction) {
    throw new RuleViolation(`the case is with ${province.jurisdiction(to).office.name} already`, { jurisdiction: to }).inChinese(`该事项已在${province.jurisdiction(to).office.name}`).about('toJurisdiction');
  }
  const { triage: _t, objectionWindow: _w, ...rest } = current;
  const triage = { since: at, reasons: [`${province.jurisdiction(current.jurisdiction).office.name}转送：${command.reason}`] };
  // Handed down by a superior office, the result is reported back to it, as for its 交办.
  const superior = province.tree.isWithin(to, current.jurisdiction);
  // And the office below may object within 5 working days that it is not its own (条例 第二十三条), as a unit may.
  const window = superior ? handDownObjectionWindowFor(current, current.jurisdiction, to, at, province.calendar) : undefined;
  const reported = superior ? withReportBack(rest, current.jurisdiction, province.tree) : rest;
  const bypass = reported.bypass ? undefined : bypassOf(province.tree, reported, to);
  const version = current.version + 1;
  const { deadlines, owed } = acceptanceClockOnReceipt(current, at, province.timeLimitsFor(to), province.calendar);
  return {
    case: { ...handedOver(reported, to), ...(bypass ? { bypass } : {}), ...(window ? { objectionWindow: window } : {}), jurisdiction: to, triage, deadlines, version, updatedAt: at },
    event: {
      caseNumber: current.caseNumber,
      seq: version,
      type: 'transferred',
      at,
      actor: command.by,
      from: 'registered',
      to: 'registered',
      reason: command.reason,
      detail: {
        forwarded: true,
        acceptanceDeadline: deadlines.acceptance,
        ...(owed ? { owedByFrom: owed } : {}),
        fromJurisdiction: current.jurisdiction,
        toJurisdiction: to,
        ...(superior ? { reportBackTo: current.jurisdiction } : {}),
        ...(window ? { objectionUntil: window.until } : {}),
        ...(bypass ? { bypass: bypass.levels } : {}),
      },
    },
  };
}

/**
 * 首问责任制 within an office: a unit's staff member owns the case only while their unit works it (lead or
 * cooperating). Handed to another unit, or back to the office, it is theirs no longer — it would stay on their
 * 我承办的 list, which they may no longer open, while the unit now working it has nobody answering for it until
 * someone there claims it.
 */
function ownedWhereWorked<C extends Pick<Case, 'owner' | 'handling'>>(c: C, province: Province): C {
  const unit = c.owner !== undefined ? province.staff(c.owner)?.unit : undefined;
  if (unit === undefined || c.handling?.lead === unit || c.handling?.cooperating.includes(unit)) return c;
  const { owner: _owner, ...rest } = c;
  return rest as C;
}

/** 首问责任制: the staff member who took the case on owns it until it is handed over to another office. */
export function handedOver<C extends Pick<Case, 'owner' | 'jurisdiction'>>(c: C, to: string): C {
  if (c.owner === undefined || c.jurisdiction === to) return c;
  const { owner: _owner, ...rest } = c;
  return rest as C;
}

/** The lead and cooperating units, each checked; a refusal names the field of the unit it is about (`lead`, `cooperating.1`). */
function checkUnits(current: Case, named: { lead: string; cooperating: readonly string[] }, province: Province, within?: string) {
  return [named.lead, ...named.cooperating].map((id, i) => {
    const field = i === 0 ? 'lead' : `cooperating.${i - 1}`;
    const unit = onField(field, () => province.unit(id));
    if (current.accusedUnits?.includes(id)) {
      throw new RuleViolation(`this report accuses ${unit.name}; it is never handed to the unit it accuses`, { unit: id }).inChinese(`该检举控告针对${unit.name}，不得交给被检举控告的单位`).about(field);
    }
    if (within && !province.tree.isWithin(unit.jurisdiction, within)) {
      throw new RuleViolation(`${unit.name} is outside ${province.jurisdiction(within).name}; hand it over with a transfer instead`, { unit: id })
        .inChinese(`${unit.name}不在${province.jurisdiction(within).name}范围内，请改用转送`)
        .about(field);
    }
    return unit;
  });
}

/**
 * 谁承办谁答复: only a unit's own staff conclude and answer the case it leads, so
 * a lead with nobody in the system would hold it unanswered until its limit
 * ran out. A cooperating unit is not checked: it only sends the lead its
 * opinion (协办意见), which the lead may conclude without.
 */
function assertLeadStaffed(unit: { id: string; name: string }, province: Province): void {
  if (unitStaffed(province, unit.id)) return;
  throw new RuleViolation(
    `${unit.name} has no staff in the system (no handler or unit head), so nobody could conclude the case there: choose a lead unit with staff (${unit.name} may cooperate), or keep the case and handle it in the office (自办)`,
    { unit: unit.id },
  )
    .inChinese(`${unit.name}在系统中没有工作人员（承办人或单位负责人），无人能够办结：请选择有工作人员的主办单位（${unit.name}可作为协办单位），或由本机关自办`)
    .about('lead');
}

/** Records who holds the case now, who handed it over, and the report-back duty of a superior's assignment (交办). */
function withHolder(next: { case: Case; event: CaseEvent }, held: string, command: HandoffCommand, province: Province, at: string) {
  const superior = held !== command.byJurisdiction && province.tree.isWithin(held, command.byJurisdiction);
  // A new holding: a new window, and no return request of the unit before.
  const { triage: _t, objectionWindow: _w, returnRequest: _q, ...unheld } = next.case;
  const rest = superior ? withReportBack(unheld, command.byJurisdiction, province.tree) : unheld;
  // The unit now leading gets its 5 working days to object (条例 第二十三条); an office receiving a transfer decides acceptance instead.
  const window = rest.handling ? objectionWindowFor(rest.handling.lead, command.byJurisdiction, at, province.calendar) : undefined;
  // Handed down to where it belongs: brought above that level, it was 越级 (recorded once, as territory's hand-down does).
  const bypass = rest.bypass ? undefined : bypassOf(province.tree, rest, held);
  const c: Case = {
    ...ownedWhereWorked(handedOver(rest, held), province),
    ...(bypass ? { bypass } : {}),
    jurisdiction: held,
    assignedBy: { staffId: command.by, jurisdiction: command.byJurisdiction },
    ...(window ? { objectionWindow: window } : {}),
  };
  return {
    case: c,
    event: {
      ...next.event,
      detail: {
        ...next.event.detail,
        jurisdiction: held,
        ...(superior ? { reportBackTo: command.byJurisdiction } : {}),
        ...(window ? { objectionUntil: window.until } : {}),
        ...(bypass ? { bypass: bypass.levels } : {}),
      },
    },
  };
}
