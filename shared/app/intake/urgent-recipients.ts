import type { Case } from '../../domain/case.js';
import type { Province } from '../../domain/province.js';
import { accusedGovernments, outermostAccusedOver, peopleAccused } from '../../domain/routing/accused-government.js';
import { unionOfAccused } from '../../domain/routing/index.js';
import { mayReadCase } from '../may-read.js';
import { routingContextOf } from '../routing/context.js';

/** Who hears of an urgent matter, and why there when not the receiving office's own leaders. */
export interface UrgentRecipients {
  /** The level whose leaders are told (and whose office signs the alert). */
  level: string;
  /** Their addresses: leaders who may read the case and whom it does not accuse by name, then the offices' mailboxes. */
  to: string[];
  /** The leaders told, as a letter says it: 桐庐县领导. */
  leadersOf: string;
  /** Why the alert went past the receiving office's own leaders, in a sentence for the letter; '' when it did not. */
  why: string;
}

/**
 * 条例 第二十五条: an urgent matter is reported at once — to the receiving
 * office's leaders, unless the report accuses that level's government or its
 * leaders (第三十条: then to the level above the accused place, which will
 * hold the case, and nobody of the accused level), or that level has no
 * leader to tell (a township office without leaders in the system: then the
 * next level up with one). Leaders the matter accuses by name are never
 * told. Decided from the matter itself, at registration, before the router
 * has recorded anything: the alert cannot wait for it.
 */
export function urgentRecipients(province: Province, c: Case): UrgentRecipients {
  const { tree } = province;
  const text = [c.subject, c.matter].filter((part) => part).join('\n');
  const category = c.category ? { category: c.category } : {};
  // Officials are matched by name on every level up to the province: the alert may climb to any of them.
  const root = [tree.get(c.jurisdiction), ...tree.ancestors(c.jurisdiction)].find((node) => !tree.parentOf(node.code))?.code ?? c.jurisdiction;
  const governments = accusedGovernments(
    { text, ...category, known: c.accusedJurisdictions, notAccused: c.notAccused?.places, officials: routingContextOf(province).officialsOf, holder: root },
    c.jurisdiction,
    tree,
  );
  // The case as it will stand once the router has recorded what it accuses: its leaders may not read it.
  const asHeld: Case = governments.length ? { ...c, accusedJurisdictions: unionOfAccused(c.accusedJurisdictions, governments) } : c;
  const accusedOver = outermostAccusedOver(c.receivingOffice, governments, tree);
  const start = (accusedOver && tree.parentOf(accusedOver)?.code) || c.receivingOffice;
  const mayRead = mayReadCase(province, asHeld);
  const leadersAt = (code: string) => {
    const leadership = province.jurisdiction(code).leadership;
    const staff = [leadership.inChargeOfPetitions, leadership.principal]
      .filter((id): id is string => Boolean(id))
      .map((id) => province.staff(id))
      .filter((s): s is NonNullable<typeof s> => s !== undefined && mayRead({ who: s.id }));
    const named = new Set(peopleAccused({ text, ...category }, staff.map((s) => s.name.trim())));
    return [...new Set(staff.filter((s) => !named.has(s.name.trim())).map((s) => s.email))];
  };
  // Up from the level that holds it to the first with a leader to tell.
  let level = start;
  let leaders = leadersAt(level);
  for (let parent = tree.parentOf(level); leaders.length === 0 && parent; parent = tree.parentOf(level)) {
    level = parent.code;
    leaders = leadersAt(level);
  }
  if (leaders.length === 0) level = start;
  // The offices that must act: the one that received it (unless accused) and the one whose leaders are told.
  const offices = [c.receivingOffice, start, level].filter((code) => !governments.some((place) => tree.isWithin(code, place)));
  const mailboxes = [...new Set(offices)].map((code) => province.jurisdiction(code).office.mailbox);
  const name = (code: string) => tree.get(code).name;
  const configuredLeaders = (code: string) => Boolean(province.jurisdiction(code).leadership.inChargeOfPetitions || province.jurisdiction(code).leadership.principal);
  const why = accusedOver
    ? `反映事项涉及${name(accusedOver)}党委政府或其领导，依照《信访工作条例》第三十条径报${name(level)}，不报${name(accusedOver)}。`
    : level !== c.receivingOffice
      ? `${name(c.receivingOffice)}${configuredLeaders(c.receivingOffice) ? '领导须回避或不宜报告' : '未设可报告的领导'}，径报${name(level)}领导。`
      : '';
  return { level, to: [...new Set([...leaders, ...mailboxes])], leadersOf: leaders.length ? `${name(level)}领导` : `${name(level)}信访部门`, why };
}
