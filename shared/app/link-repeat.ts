import { assertMayDecide, type Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { CaseNotFound, InvalidTransition, VersionConflict } from '../domain/errors.js';
import { linkedBefore, linkRepeat, refuseLoop } from '../domain/repeat-link.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import { mayRead } from './may-read.js';
import type { CaseCommit } from './ports.js';
import { repeatChain } from './repeat-chain.js';
import { planLinkedRepeat, takeLinkedRepeat } from './routing/route-case.js';

export interface RepeatLinkRequest {
  /** The number of the earlier case on the same matter by the same petitioner. */
  earlier: string;
  /** Why staff judge it the same petitioner and the same matter (e.g. 同一信访人张伟、同一住址，反映的仍是楼顶漏水). */
  note: string;
  expectedVersion?: number | undefined;
}

/**
 * 关联为重复件 (shared/domain/repeat-link.ts): staff link a case not yet
 * decided to the earlier case it repeats, and from then on it is treated as
 * the router treats a repeat it found itself — in the same change, by the
 * router's own plan (planLinkedRepeat): where the matter stands declines it
 * as a 重复件 with the same letter (its material merged into the open case by
 * the same `repeatReceived` request), or puts it on the triage list saying
 * why; when nothing stands in the way it stays where it is, linked, for the
 * routing rules or for staff on the triage list.
 *
 * The earlier case must be one the caller may read — any other is answered
 * as one that does not exist (404 at `earlier`) — and of the same petitioner
 * (samePetitioner; 400 at `earlier`). The plan is made on the case as first
 * read: if the case has changed by the time the change is stored, the link
 * is refused as a version conflict (409), expectedVersion given or not. The
 * same request again answers the case as it is: no second event, no second
 * letter.
 */
export async function linkCaseAsRepeat(deps: ChangeDeps, caseNumber: string, actor: Actor, request: RepeatLinkRequest): Promise<Case> {
  const found = await deps.store.get(caseNumber);
  if (!found) throw new CaseNotFound(caseNumber);
  // Who may act on this case is checked first: a caller outside its scope learns nothing of the earlier case either.
  assertMayDecide(actor, 'linkRepeat', found.case, deps.province.tree);
  // The earlier case is checked before anything is said of the link: the same request again must not tell a caller
  // who may not read it that this case is linked to it.
  const earlier = await deps.store.getCaseRecord(request.earlier);
  if (!earlier || !mayRead(actor, earlier, deps.province.tree)) throw new CaseNotFound(request.earlier).about('earlier');
  if (linkedBefore(found.case, found.events, request.earlier)) return found.case;
  // Linked already, to a case this caller may not read (a report against its office, a case moved away): refused
  // without naming it — the case view hides that link from them too (linked-cases.ts).
  if (found.case.repeatOf !== undefined && found.case.repeatOf !== request.earlier) {
    const linked = await deps.store.getCaseRecord(found.case.repeatOf);
    if (!linked || !mayRead(actor, linked, deps.province.tree)) {
      throw new InvalidTransition('linkRepeat', found.case.status, 'the case is already linked as a repeat of another case').inChinese('本件已关联为其他事项的重复件，不能再关联其他前案');
    }
  }
  // Refused on the two cases alone, before the earlier case's chain is read: a case already decided or linked;
  // itself, a later case or another petitioner's as the earlier case.
  const probe = linkRepeat(found.case, earlier, request, { at: deps.clock.now().toISOString(), actor: actor.staffId });
  // Then a chain that would lead back to this case, which needs that read.
  refuseLoop(found.case, await repeatChain(deps.store, earlier));
  // The router's plan for the case as read here: applied only to that very version of it.
  const route = await planLinkedRepeat(deps, probe.case);
  const planned = found.case.version;
  return changeCase(
    deps,
    caseNumber,
    actor,
    'linkRepeat',
    ({ case: current, events }, at): CaseCommit | undefined => {
      // The same request, stored meanwhile by a concurrent delivery.
      if (linkedBefore(current, events, earlier.caseNumber)) return undefined;
      // Changed since the plan was made (an accused unit recorded, say: a report is never declined as a 重复件): the
      // plan may not hold, so staff see the conflict (409) and link it again on the case as it now is.
      if (current.version !== planned) throw new VersionConflict(caseNumber, planned);
      const linked = linkRepeat(current, earlier, request, { at, actor: actor.staffId });
      const routed = route ? takeLinkedRepeat(deps.province, route, linked.case, at, actor) : undefined;
      if (routed) return { ...routed, precededBy: [linked.event, ...(routed.precededBy ?? [])] };
      const triage = linked.case.triage;
      if (route?.kind !== 'triage' || !triage) return linked;
      // Already on the triage list: why it is a repeat to judge goes first among its reasons.
      return {
        case: { ...linked.case, triage: { ...triage, reasons: [...route.reasons, ...triage.reasons.filter((reason) => !route.reasons.includes(reason))] } },
        event: { ...linked.event, detail: { ...linked.event.detail, reasons: route.reasons } },
      };
    },
    request.expectedVersion,
  );
}
