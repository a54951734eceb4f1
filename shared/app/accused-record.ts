import type { Actor } from '../domain/access.js';
import { clearAccused } from '../domain/accused-correction.js';
import type { Case, CaseEvent } from '../domain/case.js';
import type { Province } from '../domain/province.js';
import { withoutLapsedExtensionRequest } from '../domain/lifecycle.js';
import type { NotificationInput } from './notification.js';
import { letters } from './outbox.js';
import { InvalidTransition, RuleViolation } from '../domain/errors.js';
import { accusedUnitsOf, unionOfAccused } from '../domain/routing/accused.js';
import { accusableUnits, newlyRecused, withAccusedFromMaterial } from './accusable-units.js';
import { ARCHIVED_AS_FILED, changeCase, type ChangeDeps } from './change-case.js';
import type { CaseWithEvents } from './ports.js';

/**
 * 检举、控告 (条例第三十条): staff record units the report accuses that its
 * words did not name (read in an attachment, said at the desk). An accused
 * cooperating unit is taken off the case; a case whose lead unit is accused
 * goes back to its office's 待交办 (accepted, no unit), and the office is told
 * to hand it to another — the unit no longer sees it. A unit cleared before
 * (correctAccused) counts as accused again.
 */
export async function markAccusedUnits(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { units: readonly string[]; reason: string }) {
  // An unknown unit is a mistake to correct, not a name to keep (UnknownUnit names it).
  for (const unit of request.units) deps.province.unit(unit);
  if (request.reason.trim() === '') throw new RuleViolation('recording an accused unit needs where it was read (the reason)').inChinese('记录被检举控告单位需要说明依据（在材料何处看到）');
  return changeCase(deps, caseNumber, actor, 'markAccused', ({ case: c }, at) => {
    const added = request.units.filter((unit, i) => !c.accusedUnits?.includes(unit) && request.units.indexOf(unit) === i);
    if (added.length === 0) return undefined;
    const version = c.version + 1;
    const handling = c.handling ? { ...c.handling, cooperating: c.handling.cooperating.filter((unit) => !added.includes(unit)) } : undefined;
    const leadAccused = c.handling !== undefined && added.includes(c.handling.lead);
    const notAccused = c.notAccused ? { ...c.notAccused, units: c.notAccused.units.filter((unit) => !added.includes(unit)) } : undefined;
    const recorded: Case = { ...c, accusedUnits: unionOfAccused(c.accusedUnits, added), ...(handling ? { handling } : {}), ...(notAccused ? { notAccused } : {}), version, updatedAt: at };
    const event = noted(c.caseNumber, version, at, actor, request.reason, { accusedUnitsAdded: added, ...(leadAccused ? { leadAccused: c.handling!.lead } : {}) });
    // The unit working it is the accused: the case goes back to its office's 待交办, which is told to hand it to another.
    if (leadAccused && (c.status === 'assigned' || c.status === 'inProgress')) {
      const { handling: _h, objectionWindow: _w, returnRequest: _q, ...unheld } = recorded;
      const { case: back, lapsed } = withoutLapsedExtensionRequest(c, { ...unheld, status: 'accepted' });
      return {
        case: back,
        event: { ...event, from: c.status, to: 'accepted', ...(lapsed ? { detail: { ...event.detail, extensionRequestLapsed: lapsed } } : {}) },
        outbox: letters(reassignNotice(deps.province, c, c.handling!.lead, version)),
      };
    }
    return { case: recorded, event };
  });
}

/**
 * Material added to a case (a petitioner's email or web message, a repeat's
 * words, a note) that makes its lead unit accused takes the case from that
 * unit, as recording it does (markAccusedUnits): back to the office's 待交办
 * with 【请重新交办】 — not left with a unit that may no longer open it, on
 * none of the office's lists. `c` is the case with the material's accused
 * added; the change is one more event, after the material's own.
 */
export function handBackIfLeadAccused(province: Province, c: Case, at: string, actor: string): { case: Case; event: CaseEvent; notice: NotificationInput } | undefined {
  const lead = c.handling?.lead;
  if (!lead || !c.accusedUnits?.includes(lead) || (c.status !== 'assigned' && c.status !== 'inProgress')) return undefined;
  const version = c.version + 1;
  const { handling: _h, objectionWindow: _w, returnRequest: _q, ...held } = c;
  const { case: unheld, lapsed } = withoutLapsedExtensionRequest(c, { ...held, status: 'accepted' });
  const event: CaseEvent = {
    caseNumber: c.caseNumber,
    seq: version,
    type: 'noted',
    at,
    actor,
    reason: `信访人材料举报承办单位${province.unit(lead).name}（《信访工作条例》第三十条）`,
    detail: { leadAccused: lead, ...(lapsed ? { extensionRequestLapsed: lapsed } : {}) },
    from: c.status,
    to: 'accepted',
  };
  return { case: { ...unheld, version, updatedAt: at }, event, notice: reassignNotice(province, c, lead, version) };
}

/**
 * Material recorded on a case (its `messageReceived` change) with what it
 * accuses added (withAccusedFromMaterial) and, when that is the lead unit,
 * the case handed back (handBackIfLeadAccused) as one more event. `notice`
 * is the 【请重新交办】 to send with it, if any.
 */
export function withMaterialAccusations(
  province: Province,
  recorded: { case: Case; event: CaseEvent },
  words: readonly string[],
  at: string,
  actor: string,
): { case: Case; event: CaseEvent; precededBy?: CaseEvent[]; notice?: NotificationInput } {
  const accused = withAccusedFromMaterial(province, recorded.case, words);
  const recused = newlyRecused(recorded.case, accused);
  // A cooperating unit the material accuses came off the case: the event says so (nothing changes without a trace).
  const cooperatingAccused = (recorded.case.handling?.cooperating ?? []).filter((unit) => !accused.handling?.cooperating.includes(unit));
  const detail = { ...(recused.length ? { recused } : {}), ...(cooperatingAccused.length ? { cooperatingAccused } : {}) };
  const event = Object.keys(detail).length ? { ...recorded.event, detail: { ...recorded.event.detail, ...detail } } : recorded.event;
  const handedBack = handBackIfLeadAccused(province, accused, at, actor);
  if (!handedBack) return { case: accused, event };
  return { case: handedBack.case, event: handedBack.event, precededBy: [event], notice: handedBack.notice };
}

/** To the office holding a case whose lead unit was found to be accused — never to that unit. */
function reassignNotice(province: Province, c: Case, lead: string, version: number): NotificationInput {
  const office = province.jurisdiction(c.jurisdiction).office;
  const unit = province.unit(lead).name;
  const word = c.category === 'complaint' ? '投诉' : '举报';
  return {
    id: `reassign:${c.caseNumber}:${version}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [office.mailbox],
    fromName: office.name,
    subject: `【请重新交办】${c.caseNumber} 原承办单位为被${word}单位`,
    text:
      `信访事项 ${c.caseNumber}（主题：${c.subject ?? '无主题'}）原由${unit}承办。经记录，该事项${word}涉及${unit}。` +
      `依照《信访工作条例》第三十条，${word === '投诉' ? '投诉材料不得转给被投诉的单位' : '检举、控告材料不得转给被检举、控告的单位'}，该单位已不能查看本事项，事项已退回待交办。请重新确定承办单位：\n\n` +
      `${province.config.mail.consoleUrl}/cases/${c.caseNumber}\n\n本邮件由系统自动发送。`,
    autoSubmitted: 'auto-generated',
  };
}

/**
 * 更正被举报对象: the office (not the desk: it gives the accused sight of the
 * report again) takes off the case units and places' governments recorded as
 * accused that the report does not accuse, saying why (clearAccused). The
 * case stays where it is; whoever holds it may then hand it to them.
 */
export async function correctAccused(deps: ChangeDeps, caseNumber: string, actor: Actor, request: { units: readonly string[]; places: readonly string[]; reason: string; expectedVersion?: number | undefined }) {
  for (const unit of request.units) deps.province.unit(unit);
  for (const place of request.places) deps.province.jurisdiction(place);
  if (request.units.length + request.places.length === 0) {
    throw new RuleViolation('a correction names at least one unit or place recorded as accused').inChinese('更正时至少要指出一个已记录为被检举控告的单位或地方');
  }
  if (request.reason.trim() === '') throw new RuleViolation('a correction of the accused needs its reason').inChinese('更正被检举控告对象需要说明理由');
  return changeCase(
    deps,
    caseNumber,
    actor,
    'correctAccused',
    (found, at) => {
      const c = found.case;
      if (c.status === 'archived') throw new InvalidTransition('correctAccused', c.status, 'an archived case is kept as it was filed').inChinese(ARCHIVED_AS_FILED);
      const result = clearAccused(c, request, {
        tree: deps.province.tree,
        jurisdictionOf: (unit) => deps.province.unit(unit).jurisdiction,
        accusedInOwnRight: accusedInOwnRight(deps, found),
      });
      if (!result) return undefined;
      const version = c.version + 1;
      return {
        case: { ...c, ...result.case, version, updatedAt: at },
        event: noted(c.caseNumber, version, at, actor, request.reason, { accusedUnitsRemoved: result.unitsRemoved, accusedPlacesRemoved: result.placesRemoved }),
      };
    },
    request.expectedVersion,
  );
}

/**
 * Units accused in their own right: named by the words of the case and of the
 * material added since (the petitioner's messages, reception notes), or
 * recorded by staff at registration or later.
 */
function accusedInOwnRight(deps: ChangeDeps, found: CaseWithEvents): Set<string> {
  const c = found.case;
  const recorded = found.events.flatMap((e) => listed(e, e.type === 'registered' ? 'accusedUnits' : 'accusedUnitsAdded'));
  const material = [
    ...found.messages.filter((m) => m.direction === 'in').flatMap((m) => [m.subject, m.text, ...m.attachments.map((a) => a.filename)]),
    ...found.events.flatMap((e) => (typeof e.detail?.note === 'string' ? [e.detail.note] : [])),
  ];
  const named = accusedUnitsOf({ ...c, accusedUnits: [] }, accusableUnits(deps.province), material, deps.province.tree);
  return new Set([...recorded, ...named]);
}

/** The step on the case's history, with the staff member's reason. */
function noted(caseNumber: string, seq: number, at: string, actor: Actor, reason: string, detail: Record<string, unknown>): CaseEvent {
  return { caseNumber, seq, type: 'noted', at, actor: actor.staffId, reason, detail };
}

function listed(e: CaseEvent, key: string): string[] {
  const value = e.detail?.[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
