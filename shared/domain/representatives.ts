import { MAX_REPRESENTATIVES, type Case, type CaseEvent, type Petitioner } from './case.js';
import { InvalidTransition, RuleViolation } from './errors.js';
import { recordOnCase } from './messages.js';
import { contactsOf } from './registration.js';

/**
 * 条例 第二十条: the office agrees a collective petition's representatives
 * with the group — 1 to 5 named people, replacing any recorded before (and
 * answering a petition that named more than 5).
 */
export function agreeRepresentatives(c: Case, representatives: readonly Petitioner[], meta: { at: string; actor: string }): { case: Case; event: CaseEvent } {
  if (!c.collective) throw new InvalidTransition('agreeRepresentatives', c.status, 'only a collective petition (集体访) has representatives').inChinese('只有集体访才有代表');
  if (representatives.length < 1 || representatives.length > MAX_REPRESENTATIVES) {
    throw new RuleViolation(`a group agrees 1 to ${MAX_REPRESENTATIVES} representatives (《信访工作条例》第二十条), not ${representatives.length}`, {
      representatives: representatives.length,
      rule: '第二十条',
    }).inChinese(`集体访推选代表 1 至 ${MAX_REPRESENTATIVES} 人（《信访工作条例》第二十条），现为 ${representatives.length} 人`);
  }
  if (representatives.some((r) => r.anonymous || !r.name?.trim())) {
    throw new RuleViolation('a representative is named (第二十条): an anonymous representative cannot speak for the group').inChinese('代表应当署名（第二十条）：匿名的代表不能代表信访群众');
  }
  const recorded = recordOnCase(c, 'noted', { at: meta.at, actor: meta.actor, detail: { representativesAgreed: representatives.length, rule: '第二十条' } });
  const { representativesToAgree: _asked, ...collective } = c.collective;
  return {
    case: { ...recorded.case, collective: { ...collective, headCount: Math.max(collective.headCount, representatives.length), representatives: [...representatives] } },
    event: recorded.event,
  };
}

/**
 * The normalised contacts (contactsOf: lower-case email, national phone) of a
 * collective petition's representatives, each once; none for a case without
 * representatives. They index the case beside the petitioner's own contacts
 * (byContact, a `REPCONTACT#` item each; docs/storage.md), so that the desk's
 * look-up by phone or email (GET /petitioners/cases) finds the case when a
 * representative calls back, and says the number is a representative's.
 *
 * They never make a repeat (重复访) of a representative's later petition: the
 * repeat check (earlierCasesOf) skips them. Representatives read from a
 * letter's text are recorded as written, not agreed with anyone, and a phone
 * number typed into someone else's letter must not decline that person's own
 * petition as a 重复件 and send them a notice naming the group's case. Staff
 * who recognise the same matter link it by hand (关联为重复件).
 *
 * The entries follow the representatives: agreed or replaced (商定代表), a
 * representative no longer one is taken off in the same change; they are
 * items of the case's collection, so retention removes them with the case.
 */
export function representativeContactsOf(c: Pick<Case, 'collective'>): string[] {
  return [...new Set((c.collective?.representatives ?? []).flatMap((r) => (r.anonymous ? [] : contactsOf(r))))];
}
