import type { StaffRole } from './department.js';
import { CaseNotVisible, OutOfScope } from './errors.js';
import type { JurisdictionTree } from './jurisdiction.js';
import { ACTION_LABELS } from './labels.js';

/** The staff member acting, as the authorizer identified them and the configuration describes them. */
export interface Actor {
  staffId: string;
  jurisdiction: string;
  unit?: string;
  roles: readonly StaffRole[];
}

/** What the access rules need to know of a case. */
export interface CaseScope {
  caseNumber: string;
  jurisdiction: string;
  receivingOffice: string;
  handling?: { lead: string; cooperating?: readonly string[] } | undefined;
  accusedUnits?: readonly string[] | undefined;
  /** Places whose government the report accuses: none of their staff, nor below, sees it. */
  accusedJurisdictions?: readonly string[] | undefined;
  recused?: readonly { staffId: string }[] | undefined;
  /** The unit that concluded the case (it keeps seeing the case it answered). */
  result?: { unit?: string | undefined } | undefined;
  /** The levels reviewing the case see it. */
  reviews?: readonly { jurisdiction: string }[] | undefined;
}

/** Roles that may register letters, visits and calls. */
export const REGISTERING_ROLES: readonly StaffRole[] = ['registrar', 'petitionsOffice', 'administrator'];
/** The office: decides what happens to a case in its jurisdictions. */
const OFFICE_ROLES: readonly StaffRole[] = ['petitionsOffice', 'leader', 'administrator'];
/** The handling unit's people: "谁承办谁答复". */
const UNIT_ROLES: readonly StaffRole[] = ['handler', 'unitHead'];
/**
 * The office's people who work a case it handles itself (自办) — its petitions office and its leaders, of the
 * office holding it only: not its desk, not the system's administrators, and not an office above, which would
 * answer in the holder's name (the letter signed by the county, written by the city) and leave the petitioner
 * asking for a 复查 the very office that decided (条例 第三十五条). An office above that would decide takes the case
 * up first (转办至本级, 提级).
 */
const SELF_HANDLING_ROLES: readonly StaffRole[] = ['petitionsOffice', 'leader'];

export type CaseDecision =
  | 'read'
  | 'accept'
  | 'decline'
  | 'redirect'
  | 'assign'
  | 'transfer'
  | 'return'
  | 'start'
  | 'requestReturn'
  | 'objectHandDown'
  | 'decideReturnRequest'
  | 'claim'
  | 'requestExtension'
  | 'decideExtension'
  | 'conclude'
  | 'reply'
  | 'correctConclusion'
  | 'signOffReply'
  | 'registerReview'
  | 'decideReview'
  | 'recordFollowUp'
  | 'close'
  | 'archive'
  | 'recuse'
  | 'markAccused'
  | 'correctAccused'
  | 'readAudit'
  | 'suspendClock'
  | 'agreeRepresentatives'
  | 'postLetter'
  | 'issueQueryCode'
  | 'giveBypassNotice'
  | 'assignLeader'
  | 'recordSettlement'
  | 'respondUrgent'
  | 'giveOpinion'
  | 'objectCooperation'
  | 'decideCooperationObjection'
  | 'withdraw'
  | 'reinstate'
  | 'reconsider'
  | 'correctPetitioner'
  | 'linkRepeat'
  | 'requestMaterial'
  | 'addNote'
  | 'giveInstruction'
  | 'submitLeaderReading'
  | 'markLeaderRead'
  | 'reportImplementation';

/**
 * Who may do what on a case, in one place (docs/domain.md, "Confidentiality
 * and accountability"). Every action also needs the case to be visible to
 * the actor (see assertMayRead).
 * - `office`: these roles, in the case's jurisdiction or above;
 * - `unit`: these roles, in the unit that leads the case;
 * - `cooperating`: these roles, in a unit cooperating on the case (配合单位);
 * - `selfHandled`: when no unit has the case (自办), the office holding it acts as the unit — its own staff in
 *   SELF_HANDLING_ROLES, at the case's jurisdiction, not a level above;
 * - `ownLevel`: the office roles act at the case's own jurisdiction only, not from above;
 * - `receivingOffice`: the office roles also act in the office the petition came to, wherever the case went since.
 */
const POLICY: Readonly<
  Record<
    Exclude<CaseDecision, 'read' | 'claim' | 'decideReview'>,
    { office?: readonly StaffRole[]; unit?: readonly StaffRole[]; cooperating?: readonly StaffRole[]; selfHandled?: boolean; ownLevel?: boolean; receivingOffice?: boolean }
  >
> = {
  accept: { office: OFFICE_ROLES },
  decline: { office: OFFICE_ROLES },
  redirect: { office: OFFICE_ROLES },
  assign: { office: OFFICE_ROLES },
  transfer: { office: OFFICE_ROLES, unit: UNIT_ROLES },
  return: { office: OFFICE_ROLES, unit: UNIT_ROLES },
  // 签收: the lead unit's own people sign for the case handed to them; not the office that handed it, nor a cooperating unit.
  start: { unit: UNIT_ROLES },
  // 第二十三条 past the window: the unit asks, and the office (which may return the case itself) approves or refuses.
  requestReturn: { unit: UNIT_ROLES },
  decideReturnRequest: { office: OFFICE_ROLES },
  // 第二十三条 for an office a case was handed down to: that office itself objects, not one above it (which would object to its own hand-down).
  objectHandDown: { office: OFFICE_ROLES, ownLevel: true },
  // 延期申请 (条例 第三十四条): by whoever handles the case — its lead unit, or the office holding it (for itself or its
  // unit) — never a level above, which would ask in the holder's name.
  requestExtension: { office: OFFICE_ROLES, unit: UNIT_ROLES, ownLevel: true, selfHandled: true },
  // 延期 is approved by a leader of the case's jurisdiction (or above).
  decideExtension: { office: ['leader'] },
  conclude: { unit: UNIT_ROLES, selfHandled: true },
  reply: { unit: UNIT_ROLES, selfHandled: true },
  // 更正办理结果: whoever replies (谁承办谁答复) corrects the result before the letter goes out.
  correctConclusion: { unit: UNIT_ROLES, selfHandled: true },
  // 审核签发: the concluding unit's head, or a leader of the office holding the case — of the office above only when
  // nobody there but the letter's author could (shared/domain/reply-signoff.ts narrows it).
  signOffReply: { office: ['leader'], unit: ['unitHead'] },
  registerReview: { office: REGISTERING_ROLES },
  recordFollowUp: { office: [...OFFICE_ROLES, 'registrar'] },
  close: { office: OFFICE_ROLES },
  archive: { office: ['petitionsOffice', 'administrator'] },
  recuse: { office: OFFICE_ROLES },
  // 检举、控告: the desk or the office records a unit the report accuses, read in the material (第三十条).
  markAccused: { office: [...OFFICE_ROLES, 'registrar'] },
  // Taking one off again lets the accused see the report: the office's decision, not the desk's.
  correctAccused: { office: OFFICE_ROLES },
  readAudit: { office: OFFICE_ROLES },
  // 中止 and its resumption: the office or a leader of the office holding the case, with the reason — the petitioner is
  // told in that office's name, so not a level above (a review's clock: the reviewing office, above).
  suspendClock: { office: OFFICE_ROLES, ownLevel: true },
  // 集体访: the office agrees the representatives with the group (条例 第二十条).
  agreeRepresentatives: { office: OFFICE_ROLES },
  // 寄出: whoever prints and posts a letter to a petitioner without email — the office's desk, or the unit that replied;
  // the office the petition came to, too, for the letters it signs (a 转送告知 after the case left it).
  postLetter: { office: [...OFFICE_ROLES, 'registrar'], unit: UNIT_ROLES, receivingOffice: true },
  // 查询码 at the desk: whoever receives the petitioner in person or on the phone — at the office they came to, too.
  issueQueryCode: { office: [...OFFICE_ROLES, 'registrar'], receivingOffice: true },
  // 越级上访告知单: the desk of the office the visitor came to (checked against the receiving office in the use case).
  giveBypassNotice: { office: [...OFFICE_ROLES, 'registrar'], receivingOffice: true },
  // 领导包案: the office, or a leader (for themself or another), of the case's jurisdiction or above.
  assignLeader: { office: OFFICE_ROLES },
  // 息诉罢访: recorded by whoever follows the petitioner up (as 回访).
  recordSettlement: { office: [...OFFICE_ROLES, 'registrar'], receivingOffice: true },
  // 紧急响应: the leaders the alert went to, or the office, of the office it came to or the case's jurisdiction or above.
  respondUrgent: { office: OFFICE_ROLES, receivingOffice: true },
  // 协办意见: a cooperating unit's people, to the lead.
  giveOpinion: { cooperating: UNIT_ROLES },
  // 协办异议 (第二十三条): the cooperating unit's people object; the office that named it (or above: checked in the use case) decides.
  objectCooperation: { cooperating: UNIT_ROLES },
  decideCooperationObjection: { office: OFFICE_ROLES },
  // 撤回: recorded by whoever receives the petitioner's declaration — the desk or the office, here or where it came in.
  withdraw: { office: [...OFFICE_ROLES, 'registrar'], receivingOffice: true },
  // 恢复办理: the office (or its leaders) that holds the withdrawn case or received it, on the petitioner's objection.
  reinstate: { office: OFFICE_ROLES, receivingOffice: true },
  // 撤销原决定: the office that decided (its jurisdiction's, or above) withdraws a wrong 不予受理 or 告知 decision.
  reconsider: { office: OFFICE_ROLES },
  // 更正信访人信息: the desk and the office (here or where it came in), who keep the register. Not the unit handling it:
  // where letters go is how the petitioner hears of their case, and a unit the matter is about must not be able to
  // redirect them (nor a query code sent to the new address). A unit that hears of a new number tells the desk.
  correctPetitioner: { office: [...OFFICE_ROLES, 'registrar'], receivingOffice: true },
  // 关联为重复件: the office that decides whether to accept the petition — linked, it may be declined at once as a 重复件.
  linkRepeat: { office: OFFICE_ROLES },
  // 请信访人补充材料: whoever works the case — its lead unit's people, or the office handling it itself (自办), as for 办结.
  requestMaterial: { unit: UNIT_ROLES, selfHandled: true },
  // 办理进展、调查核实情况: whoever works the case — the lead unit's people, and the office holding it (its petitions
  // office and leaders); not a level above, whose word on the case is its leaders' 批示.
  addNote: { office: OFFICE_ROLES, unit: UNIT_ROLES, ownLevel: true },
  // 领导批示: a leader of the case's jurisdiction, or of a level above that supervises it.
  giveInstruction: { office: ['leader'] },
  // 呈领导阅批: the petitions office puts the case before a leader (its own level's, or above: checked in leader-reading.ts).
  submitLeaderReading: { office: ['petitionsOffice'] },
  // 已阅: a leader of the case's jurisdiction or above, as for a 批示 (leader-reading.ts checks the case waits on them).
  markLeaderRead: { office: ['leader'] },
  // 落实情况: whoever answered carries out the changed review decision — the unit, or the office holding the case
  // (自办, or for its unit) — not a level above, which is owed the report.
  reportImplementation: { office: OFFICE_ROLES, unit: UNIT_ROLES, ownLevel: true },
};

/** A higher level sees its subordinate levels; nobody sees sideways or upwards. */
export function coversJurisdiction(actor: Actor, jurisdiction: string, tree: JurisdictionTree): boolean {
  return tree.isWithin(jurisdiction, actor.jurisdiction);
}

export function assertMayRegister(actor: Actor, jurisdiction: string, tree: JurisdictionTree): void {
  if (!actor.roles.some((r) => REGISTERING_ROLES.includes(r))) {
    throw new OutOfScope(`staff member ${actor.staffId} may not register petitions (needs one of: ${REGISTERING_ROLES.join(', ')})`).inChinese(
      `您无权登记信访事项（须为登记员、信访部门工作人员或系统管理员）`,
    );
  }
  if (!coversJurisdiction(actor, jurisdiction, tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not register petitions for jurisdiction ${jurisdiction}`).inChinese(`您无权为辖区 ${jurisdiction} 登记信访事项`);
  }
}

const unitsOf = (c: CaseScope): string[] => [...(c.handling ? [c.handling.lead, ...(c.handling.cooperating ?? [])] : []), ...(c.result?.unit ? [c.result.unit] : [])];

/**
 * Whether the case is kept from the staff member whatever their scope
 * (条例 第二十八条、第三十条): a report's accused unit, the staff of a place
 * whose government it accuses (there or below), or someone recused from it.
 * Not being in scope (another county's case) is not this: it is no secret
 * kept from them, only not their work.
 */
export function isKeptFrom(actor: Actor, c: Pick<CaseScope, 'accusedUnits' | 'accusedJurisdictions' | 'recused'>, tree: JurisdictionTree): boolean {
  if (actor.unit !== undefined && c.accusedUnits?.includes(actor.unit)) return true;
  if (c.accusedJurisdictions?.some((place) => tree.isWithin(actor.jurisdiction, place))) return true;
  return c.recused?.some((r) => r.staffId === actor.staffId) ?? false;
}

/**
 * Whether a staff member may see a case at all:
 * - never a report's accused unit (检举、控告材料不得转给被检举、控告的人员和单位), nor the staff of a
 *   place whose government it accuses (there or below), nor recused staff (回避);
 * - a unit's staff: only the cases their unit works (lead or cooperating) or answered;
 * - office staff: the cases of their jurisdiction and the levels below, those their office
 *   received, and those their level reviews.
 */
export function assertMayRead(actor: Actor, c: CaseScope, tree: JurisdictionTree): void {
  // Not "forbidden" but "no such case": whoever may not see a case is not told it exists.
  if (!readsCase(actor, c, tree)) throw new CaseNotVisible(c.caseNumber);
}

/** assertMayRead as a yes or no: the one read rule, for those who decide about someone else (an approver, a leader 呈阅). */
export function readsCase(actor: Actor, c: CaseScope, tree: JurisdictionTree): boolean {
  if (isKeptFrom(actor, c, tree)) return false;
  const inScope =
    coversJurisdiction(actor, c.jurisdiction, tree) ||
    coversJurisdiction(actor, c.receivingOffice, tree) ||
    (c.reviews ?? []).some((r) => coversJurisdiction(actor, r.jurisdiction, tree));
  if (!inScope) return false;
  return actor.unit === undefined || unitsOf(c).includes(actor.unit);
}

/**
 * Administration — the configuration as loaded, the queues, replaying stored
 * mail — is for administrators only; it shows no petitioner's data.
 */
export function assertMayAdminister(actor: Actor, what: string): void {
  if (!actor.roles.includes('administrator')) {
    throw new OutOfScope(`staff member ${actor.staffId} may not ${what}: administrators only`).inChinese(`您无权进行此项管理操作：仅限系统管理员`);
  }
}

export function assertMayList(actor: Actor, jurisdiction: string, tree: JurisdictionTree): void {
  if (!coversJurisdiction(actor, jurisdiction, tree)) {
    throw new OutOfScope(`staff member ${actor.staffId} may not list the cases of jurisdiction ${jurisdiction}`).inChinese(`您无权查看辖区 ${jurisdiction} 的信访事项`);
  }
}

/**
 * Whether the actor may take `decision` on the case. `reviewingJurisdiction`
 * is the level deciding a pending review (复查/复核): only its office and leaders decide it.
 */
export function assertMayDecide(
  actor: Actor,
  decision: CaseDecision,
  c: CaseScope,
  tree: JurisdictionTree,
  reviewingJurisdiction?: string,
): void {
  assertMayRead(actor, c, tree);
  if (decision === 'read') return;
  const refuse = () =>
    new OutOfScope(`staff member ${actor.staffId} may not ${decision} case ${c.caseNumber}`).inChinese(`您无权对信访事项 ${c.caseNumber} 进行“${ACTION_LABELS[decision]}”操作`);
  // 首问责任制: whoever holds the case takes it on — the lead unit's staff while a unit has it; while none has it, the
  // staff of the office holding it (the reviewing office during a review). Not an office above, nor a cooperating
  // unit: the one who claims becomes its 承办人, the first the 督办 chain writes to.
  if (decision === 'claim') {
    // A review is the reviewing office's own work, whichever unit handled the decision under review.
    if (reviewingJurisdiction !== undefined) {
      if (actor.unit === undefined && actor.jurisdiction === reviewingJurisdiction) return;
      throw refuse();
    }
    const lead = c.handling?.lead;
    if (actor.unit !== undefined ? lead === actor.unit : lead === undefined && actor.jurisdiction === c.jurisdiction) return;
    throw refuse();
  }
  // 复查 / 复核 is the act of the level the regulation names, in its name: not of a level above it, which would
  // sign as the reviewing office and take the petitioner's next step (复核) away.
  if (decision === 'decideReview') {
    const level = reviewingJurisdiction ?? c.jurisdiction;
    if (actor.unit === undefined && actor.roles.some((r) => r === 'petitionsOffice' || r === 'leader') && actor.jurisdiction === level) return;
    throw refuse();
  }
  // While a review is decided, its clock is the reviewing office's: only that office stops it (中止), in its own name.
  if (decision === 'suspendClock' && reviewingJurisdiction !== undefined) {
    if (actor.unit === undefined && actor.roles.some((r) => OFFICE_ROLES.includes(r)) && actor.jurisdiction === reviewingJurisdiction) return;
    throw refuse();
  }
  // During a review the reviewing office works the case too, and records its progress and findings.
  if (decision === 'addNote' && reviewingJurisdiction !== undefined && actor.unit === undefined && actor.jurisdiction === reviewingJurisdiction && actor.roles.some((r) => OFFICE_ROLES.includes(r))) return;
  const rule = POLICY[decision];
  const inJurisdiction = rule.ownLevel
    ? actor.jurisdiction === c.jurisdiction
    : coversJurisdiction(actor, c.jurisdiction, tree) || (rule.receivingOffice === true && coversJurisdiction(actor, c.receivingOffice, tree));
  const hasRole = (roles?: readonly StaffRole[]) => roles !== undefined && actor.roles.some((r) => roles.includes(r));
  // Office roles act for the office only when the staff member is not placed in a unit.
  if (actor.unit === undefined && inJurisdiction && hasRole(rule.office)) return;
  if (actor.unit !== undefined && c.handling?.lead === actor.unit && hasRole(rule.unit)) return;
  if (actor.unit !== undefined && c.handling?.cooperating?.includes(actor.unit) && hasRole(rule.cooperating)) return;
  const selfHandling = rule.selfHandled === true && !c.handling && actor.unit === undefined && hasRole(SELF_HANDLING_ROLES);
  if (selfHandling && actor.jurisdiction === c.jurisdiction) return;
  // An office above sees the case, and is told why it may not act on it in the holder's name, and what it may do instead.
  const fromAbove = actor.unit === undefined && actor.jurisdiction !== c.jurisdiction && coversJurisdiction(actor, c.jurisdiction, tree);
  if (fromAbove && (selfHandling || (rule.ownLevel && hasRole(rule.office)))) {
    throw new OutOfScope(`staff member ${actor.staffId} may not ${decision} case ${c.caseNumber}: the office of ${c.jurisdiction} holds it; an office above takes it up (transfer) first`).inChinese(
      `信访事项 ${c.caseNumber} 由辖区 ${c.jurisdiction} 办理，上级机关不能代其“${ACTION_LABELS[decision]}”；如需由本机关办理，请先将该事项转办至本机关（提级办理）`,
    );
  }
  throw refuse();
}

/**
 * What staff may do with a leader reception session (领导接待日). Bookings
 * carry the names and contacts of people who have no case yet, so fewer see
 * them than see the rotation:
 * - `viewSession`: the session, its places and its bookings without names or contacts;
 * - `readBookers`: the bookers' names, phone numbers and email addresses;
 * - `cancelBooking`, `markNoShow` (未到场), `recordReception` (the note, onto a case or as a new 走访 petition);
 * - `adjustSession`: another leader receives, the session moves, or it is not held (调整接待安排).
 * - `setAccompanying`: which units accompany the leader (陪访部门), set by the leader or the office.
 */
export type ReceptionDecision = 'viewSession' | 'readBookers' | 'cancelBooking' | 'markNoShow' | 'recordReception' | 'adjustSession' | 'setAccompanying';

/** What the reception rules need to know of a session. */
export interface ReceptionSessionScope {
  id: string;
  jurisdiction: string;
  /** Staff id of the receiving leader. */
  leader: string;
}

/** The office's desk: the people who arrange a reception day and register its visits. */
const RECEPTION_DESK: readonly StaffRole[] = ['petitionsOffice', 'registrar'];

/**
 * Who may do what with a session, in one place. Always: staff not placed in a
 * unit (a unit has no part in a reception day), in the session's jurisdiction
 * or above. `roles`: any of these roles; `ownLeader`: the session's own leader
 * too (another leader of the jurisdiction sees the session, not who booked it).
 */
const RECEPTION_POLICY: Readonly<Record<ReceptionDecision, { roles: readonly StaffRole[]; ownLeader: boolean; jurisdictionLeaders?: true; ownJurisdictionOnly?: true }>> = {
  viewSession: { roles: [...RECEPTION_DESK, 'leader', 'administrator'], ownLeader: true },
  readBookers: { roles: RECEPTION_DESK, ownLeader: true },
  cancelBooking: { roles: RECEPTION_DESK, ownLeader: true },
  markNoShow: { roles: RECEPTION_DESK, ownLeader: true },
  recordReception: { roles: RECEPTION_DESK, ownLeader: true },
  // The office arranges the day; the jurisdiction's own leaders swap or hand over a session (接访领导自行做好调换安排), not those above.
  adjustSession: { roles: ['petitionsOffice'], ownLeader: true, jurisdictionLeaders: true, ownJurisdictionOnly: true },
  // 陪访部门由接访领导确定: the receiving leader, or the office arranging the day for them.
  setAccompanying: { roles: ['petitionsOffice'], ownLeader: true, ownJurisdictionOnly: true },
};

const RECEPTION_WORDS: Readonly<Record<ReceptionDecision, { english: string; chinese: string }>> = {
  viewSession: { english: 'see', chinese: '查看' },
  readBookers: { english: 'see who booked', chinese: '查看预约人信息' },
  cancelBooking: { english: 'cancel bookings of', chinese: '取消预约' },
  markNoShow: { english: 'mark no-shows at', chinese: '登记未到场' },
  recordReception: { english: 'record receptions at', chinese: '记录接待情况' },
  adjustSession: { english: 'adjust', chinese: '调整接待安排' },
  setAccompanying: { english: 'choose the accompanying units of', chinese: '确定陪访部门' },
};

export const RECEPTION_DECISIONS = Object.keys(RECEPTION_POLICY) as ReceptionDecision[];

export function mayDecideOnSession(actor: Actor, decision: ReceptionDecision, session: ReceptionSessionScope, tree: JurisdictionTree): boolean {
  if (actor.unit !== undefined || !coversJurisdiction(actor, session.jurisdiction, tree)) return false;
  const rule = RECEPTION_POLICY[decision];
  if (rule.ownJurisdictionOnly && actor.jurisdiction !== session.jurisdiction) return false;
  if (rule.ownLeader && actor.staffId === session.leader && actor.roles.includes('leader')) return true;
  if (rule.jurisdictionLeaders && actor.jurisdiction === session.jurisdiction && actor.roles.includes('leader')) return true;
  return actor.roles.some((r) => rule.roles.includes(r));
}

export function assertMayDecideOnSession(actor: Actor, decision: ReceptionDecision, session: ReceptionSessionScope, tree: JurisdictionTree): void {
  if (!mayDecideOnSession(actor, decision, session, tree)) {
    const words = RECEPTION_WORDS[decision];
    throw new OutOfScope(`staff member ${actor.staffId} may not ${words.english} reception session ${session.id}`).inChinese(`您无权对接待场次 ${session.id} ${words.chinese}`);
  }
}
