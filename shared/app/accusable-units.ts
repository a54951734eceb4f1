import type { Province } from '../domain/province.js';
import type { Case } from '../domain/case.js';
import { actingJurisdiction } from '../domain/closing.js';
import { withRecusedOwnersRemoved } from '../domain/leader-ownership.js';
import { accusedUnits, handlingChain, matterPlace, nearFor, provinceUnits, unionOfAccused, withAccusedUnits, type RoutingUnit } from '../domain/routing/index.js';
import { routingContextOf } from './routing/context.js';
import { accusedJurisdictions, peopleAccused } from '../domain/routing/accused-government.js';
import type { NotificationInput } from './notification.js';

const unitCache = new WeakMap<Province, readonly (RoutingUnit & { jurisdiction: string })[]>();

/**
 * Every unit of the province, as the router's context lists them (with their
 * staff's names), for accusedUnitsOf: registration, later material and the
 * router match a report against the same units, so they agree on whom it accuses.
 */
export function accusableUnits(province: Province): readonly (RoutingUnit & { jurisdiction: string })[] {
  let found = unitCache.get(province);
  if (!found) unitCache.set(province, (found = provinceUnits(routingContextOf(province))));
  return found;
}

/** Whether a jurisdiction's petitions office has staff in the system to triage a case handed to it (RoutingContext.officeStaffed). */
export function officeStaffed(province: Province, code: string): boolean {
  return routingContextOf(province).officeStaffed?.(code) ?? true;
}

/** Whether a unit has staff in the system to work a case it leads, and conclude it (RoutingContext.unitStaffed). */
export function unitStaffed(province: Province, unit: string): boolean {
  return routingContextOf(province).unitStaffed?.(unit) ?? true;
}

/**
 * The names of the leaders and petitions office of the levels on `chain`
 * (handlingChain: those that would handle the matter), as the router reads
 * them: a namesake elsewhere in the province is someone else.
 */
function officialsOn(province: Province, chain: readonly string[]): (code: string) => readonly string[] {
  const officialsOf = routingContextOf(province).officialsOf;
  return (code) => (officialsOf && chain.includes(code) ? officialsOf(code) : []);
}

/**
 * The case with what later material (a petitioner's email or web message, what
 * was said at a reception day) accuses added: the units it names
 * (withAccusedUnits) and the governments it names with their place below the
 * level holding the case, whose units then count as accused too (第三十条).
 * New material speaks afresh: a unit or place staff cleared before
 * (Case.notAccused) that it accuses is accused again. Never fewer than before;
 * the same object when nothing is new.
 */
export function withAccusedFromMaterial(province: Province, c: Case, added: readonly string[]): Case {
  const units = accusableUnits(province);
  const text = added.filter((part) => part).join('\n');
  const category = c.category ? { category: c.category } : {};
  const place = matterPlace(c, [c.subject, c.matter, text].filter((part) => part).join('\n'), province.tree);
  const near = nearFor(province.tree, place);
  const chain = handlingChain(province.tree, place, c.jurisdiction);
  const newly = accusedUnits({ text, ...category, ...(near ? { near } : {}), peopleScope: chain }, units);
  const known = withAccusedUnits(c, units, added, province.tree);
  const withUnits = newly.some((unit) => !known.accusedUnits?.includes(unit)) ? { ...known, accusedUnits: unionOfAccused(known.accusedUnits, newly) } : known;
  const named = accusedJurisdictions({ text, ...category, officials: officialsOn(province, chain) }, province.tree);
  // A government over the level holding the case now is not recorded here: that would lock its own holder out and
  // leave the case with nobody (moving it up is the office above's decision, which sees it). Those below are kept away.
  const holders = [c.jurisdiction, actingJurisdiction(c)];
  const fresh = named.filter((place) => !c.accusedJurisdictions?.includes(place) && !holders.some((holder) => province.tree.isWithin(holder, place)));
  const under = units.filter((unit) => fresh.some((place) => province.tree.isWithin(unit.jurisdiction, place))).map((unit) => unit.id);
  const withPlaces = withOfficialsRecused(
    province,
    fresh.length ? { ...withUnits, accusedJurisdictions: unionOfAccused(c.accusedJurisdictions, fresh), accusedUnits: unionOfAccused(withUnits.accusedUnits, under) } : withUnits,
    text,
  );
  if (!c.notAccused) return withoutAccusedCooperating(withPlaces);
  const notAccused = { units: c.notAccused.units.filter((unit) => !newly.includes(unit)), places: c.notAccused.places.filter((place) => !fresh.includes(place)) };
  const unchanged = notAccused.units.length === c.notAccused.units.length && notAccused.places.length === c.notAccused.places.length;
  return withoutAccusedCooperating(unchanged ? withPlaces : { ...withPlaces, notAccused });
}

/**
 * A cooperating unit the material accuses cooperates no more (条例第三十条),
 * as when staff record it (markAccusedUnits): it is sent nothing more about
 * the case, and the lead waits for no opinion of it. The lead is handled by
 * handBackIfLeadAccused.
 */
function withoutAccusedCooperating(c: Case): Case {
  const cooperating = c.handling?.cooperating;
  if (!c.handling || !cooperating?.some((unit) => c.accusedUnits?.includes(unit))) return c;
  return { ...c, handling: { ...c.handling, cooperating: cooperating.filter((unit) => !c.accusedUnits?.includes(unit)) } };
}

/** Why the material recused someone, as the case's 回避 record says it. */
export const RECUSED_BY_MATERIAL = '信访人材料检举、控告本人（《信访工作条例》第二十八条、第三十条）';

/**
 * 回避 by the material itself: office staff (leaders, the petitions office)
 * who may read the case — of the levels holding it, of the office it came to,
 * and above them — and whom the material accuses by name (控告方建华…) no
 * longer see it, whoever decides next: the material never goes to the person
 * accused (第三十条). Their level may keep the case until the office above
 * decides whether to take it up (holderAccusedNotice); a unit's staff named
 * make their unit accused instead (withAccusedUnits).
 */
function withOfficialsRecused(province: Province, c: Case, text: string): Case {
  const levels = new Set([c.jurisdiction, actingJurisdiction(c), c.receivingOffice].flatMap((code) => [code, ...province.tree.ancestors(code).map((node) => node.code)]));
  const candidates = province.config.staff.filter((s) => !s.unit && levels.has(s.jurisdiction) && !c.recused?.some((r) => r.staffId === s.id) && s.name.trim().length >= 2);
  if (candidates.length === 0) return c;
  const accused = new Set(peopleAccused({ text, ...(c.category ? { category: c.category } : {}) }, [...new Set(candidates.map((s) => s.name.trim()))]));
  const recused = candidates.filter((s) => accused.has(s.name.trim()));
  if (recused.length === 0) return c;
  const at = c.updatedAt;
  // The claimant or the leader who owns the case (包案), if named, no longer holds it (as recuseStaff does).
  return withRecusedOwnersRemoved({ ...c, recused: [...(c.recused ?? []), ...recused.map((s) => ({ staffId: s.id, reason: RECUSED_BY_MATERIAL, by: 'system', at }))] }).case;
}

/** The staff a change recused (newly on `after`), for the event that records the material. */
export function newlyRecused(before: Case, after: Case): string[] {
  return (after.recused ?? []).filter((r) => !before.recused?.some((b) => b.staffId === r.staffId)).map((r) => r.staffId);
}

/**
 * Later material accusing the government of the level holding the case is not
 * recorded against it (withAccusedFromMaterial): the office above decides
 * whether to take the case up (提级办理). This is the letter that tells it —
 * to the office of the level above the accused place, none when there is no
 * such level or the material accuses no government over the holder.
 */
export function holderAccusedNotice(province: Province, c: Case, added: readonly string[], messageId: string): NotificationInput | undefined {
  const text = added.filter((part) => part).join('\n');
  const matterAt = matterPlace(c, [c.subject, c.matter, text].filter((part) => part).join('\n'), province.tree);
  const chain = handlingChain(province.tree, matterAt, c.jurisdiction);
  const named = accusedJurisdictions({ text, ...(c.category ? { category: c.category } : {}), officials: officialsOn(province, chain) }, province.tree);
  const holders = [c.jurisdiction, actingJurisdiction(c)];
  const accused = named.find((place) => holders.some((holder) => province.tree.isWithin(holder, place)));
  const above = accused ? province.tree.parentOf(accused) : undefined;
  if (!accused || !above) return undefined;
  const office = province.jurisdiction(above.code).office;
  const place = province.jurisdiction(accused).name;
  return {
    id: `holder-accused:${c.caseNumber}:${messageId}`,
    kind: 'notice',
    caseNumber: c.caseNumber,
    to: [office.mailbox],
    fromName: office.name,
    subject: `【请研究是否提级办理】${c.caseNumber} 信访人补充材料举报${place}党委政府或其领导`,
    text:
      `${office.name}：\n\n信访事项 ${c.caseNumber}（${c.subject ?? '无主题'}）现由${province.jurisdiction(c.jurisdiction).office.name}办理。` +
      `信访人新提交的材料举报${place}党委政府或其领导。依照《信访工作条例》第三十条，检举、控告材料不得转给被检举、控告的人员和单位，` +
      `请研究是否将该事项提级办理或另行交办。\n\n查看：${province.config.mail.consoleUrl}/cases/${c.caseNumber}\n\n本邮件由系统自动发送。`,
    autoSubmitted: 'auto-generated',
  };
}
