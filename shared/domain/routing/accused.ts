import type { Category } from '../case.js';
import type { DepartmentKind } from '../department.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import { locateMatter, shortFormOf } from './territorial.js';
import { findTerms, sentences } from './text.js';
import type { RoutingUnit } from './types.js';

/**
 * How people name a department of each kind without its full title: the stem
 * goes before the unit's own institutional suffix (局, 厅, 委, 办, 队), so
 * 住建 gives 住建局 for 桐庐县住房和城乡建设局 and 住建厅 for the province's 厅.
 */
export const DEPARTMENT_STEMS: Readonly<Record<DepartmentKind, readonly string[]>> = {
  petitionsOffice: ['信访'],
  housing: ['住建', '住房和城乡建设', '建设', '房管'],
  naturalResources: ['自然资源', '自然资源和规划', '规划和自然资源', '国土', '国土资源', '规划', '资规'],
  humanResourcesSocialSecurity: ['人社', '人力资源和社会保障', '人力社保', '劳动', '劳动保障', '社保'],
  ecologyEnvironment: ['生态环境', '环保', '环境保护'],
  health: ['卫健', '卫生健康', '卫生', '卫计'],
  publicSecurity: ['公安'],
  marketRegulation: ['市场监管', '市场监督管理', '市监', '工商'],
  education: ['教育', '教体'],
  civilAffairs: ['民政'],
  transport: ['交通', '交通运输'],
  agricultureRural: ['农业农村', '农业', '农'],
  emergencyManagement: ['应急管理', '应急', '安监'],
  waterResources: ['水利'],
  urbanManagement: ['城管', '城市管理', '综合执法', '综合行政执法', '行政执法', '执法'],
  justice: ['司法'],
  finance: ['财政'],
  other: [],
};

/** Names that stand for the department without any suffix. */
const BARE_NAMES: Partial<Record<DepartmentKind, readonly string[]>> = { urbanManagement: ['城管'] };

/** Institutional suffixes, longest first; a 分局 is also called a 局. */
const SUFFIXES: readonly [string, readonly string[]][] = [
  ['委员会', ['委员会', '委']],
  ['办公室', ['办公室', '办']],
  ['分局', ['分局', '局']],
  ['局', ['局']],
  ['厅', ['厅']],
  ['委', ['委']],
  ['队', ['队']],
  ['中心', ['中心']],
];

const ACCUSATION = /举报|控告|检举|揭发/;
/**
 * A complaint about a unit's own conduct (投诉, 不作为, 推诿…): like a report, it must not go to the unit it is
 * about (条例 第三十条: 控告). Unlike a report it is often about a company or a neighbour, so a unit counts only
 * where the words fall on it: the conduct right after it in its clause (县环保局不作为, 住建局和国土局互相推诿),
 * or 投诉 right before it (投诉县环保局). 希望环保局尽快处理 is a request to the unit, not a complaint about it.
 */
export const CONDUCT = /不作为|乱作为|慢作为|假作为|懒作为|懒政|推诿|推脱|推三阻四|踢皮球|不管不问|不闻不问|置之不理|渎职|失职|刁难|敷衍塞责|吃拿卡要|拖着不办|压案不办/;
/** The conduct after a unit in the same clause: 县环保局不作为, 县环保局对此长期不管不问. */
const CONDUCT_AFTER = new RegExp(`^[^，。；！？,;!?：:\\n]{0,15}?(?:${CONDUCT.source})`);
/** 投诉 right before a unit names what is complained about: 投诉县环保局, 投诉了桐庐县住建局. */
const OBJECT_OF_COMPLAINT = /投诉(?:了|过)?(?:[：:])?$/;

/** Channels, not accusations: 举报电话 names where to report. */
export const CHANNEL_WORDS = /举报(?:电话|热线|平台|中心|信箱|箱)/g;
/** Before a unit, these make it the addressee of the report, not the accused: 向桐庐县公安局举报. */
const ADDRESSEE = /[向给到找致]$/;
/**
 * A unit asked to deal with the matter — a request before it (请, 希望, 要求; not
 * 申请 or 邀请) and a verb of handling after it: 请桐庐县人社局查处, 希望环保局
 * 帮忙解决. Asked to undo its own wrong (要求桐庐县住建局退还违规收取的费用) it
 * stays accused.
 */
const REQUEST_BEFORE = /(?:(?<![申邀聘提])请|希望|恳请|要求|责成|督促|交由|由)$/;
const HANDLING_AFTER = /^(?:来|去|过来)?(?:依法|尽快|及时|立即|严肃|认真|彻底|出面|帮忙|帮助)?(?:处理|解决|查处|调查|核查|核实|查明|协调|过问|督办|处置|整治|查办|介入|查一查|查一下|查查|查|管一管|管管|管)/;
/**
 * An accusation whose object is not named in its own sentence — 我要举报他,
 * 举报上述人员, a subject line that says only 举报 — points back at what the
 * other sentences name.
 */
const BARE_ACCUSATION =
  /(?:举报|控告|检举|揭发)(?:(?:他们|她们|他|她|其|此人|这个人|这些人|该人|该单位|上述[\u4e00-\u9fa5]{0,6}?|以上[\u4e00-\u9fa5]{0,6}?|此事|这件事|这种行为|此类行为)(?:[，,、：:]|$)|[：:]?\s*$)/;
/** Right before a name, it is what the report accuses: 举报住建局, 控告了县人社局. */
const OBJECT_OF_ACCUSATION = /(?:举报|控告|检举|揭发)(?:了|过)?(?:[：:])?$/;
/** A level before a short name without its place: 县住建局, 市环保局, 本县住建局 — not the 市 of 夜市城管 or 超市. */
const LEVEL_BEFORE = /(?:(?<![夜超菜集门都城股上黑早街])市|县|(?<![节反自])省)$/;
const LEVEL_OF: Readonly<Record<string, string>> = { 省: 'province', 市: 'city', 县: 'county' };
/** A leading division name in a unit's name: 桐庐县, 杭州市, 富春江镇. */
const LEADING_PLACE = /^[\u4e00-\u9fa5]{2,3}?(?:街道|省|市|县|区|镇|乡)/;

/** Whether the text is a report or accusation (检举、控告、举报), not counting 举报电话 and the like. */
export function isAccusation(text: string): boolean {
  return ACCUSATION.test(text.replace(CHANNEL_WORDS, ''));
}

interface UnitNames {
  id: string;
  /** The unit's jurisdiction, when the caller gave it. */
  jurisdiction?: string;
  full: string;
  /** Names that need the place before them, if any, to be this unit's. */
  partial: string[];
  /** The places in the name: 桐庐县 and 桐庐; for a branch (杭州市生态环境局桐庐分局) also 桐庐. */
  places: string[];
}

function namesOf(unit: { id: string; name: string; department: DepartmentKind; jurisdiction?: string }): UnitNames {
  const places: string[] = [];
  let rest = unit.name;
  for (let i = 0; i < 2; i++) {
    const place = LEADING_PLACE.exec(rest)?.[0];
    if (!place || rest.length - place.length < 3) break;
    places.push(place);
    const short = shortFormOf(place);
    if (short) places.push(short);
    rest = rest.slice(place.length);
  }
  const branch = /局([\u4e00-\u9fa5]{2,3})分局$/.exec(unit.name)?.[1];
  if (branch) places.push(branch);

  const partial = new Set<string>();
  if (rest !== unit.name && rest.length >= 4) partial.add(rest);
  const suffixes = SUFFIXES.find(([suffix]) => unit.name.endsWith(suffix))?.[1] ?? [];
  for (const stem of DEPARTMENT_STEMS[unit.department]) for (const suffix of suffixes) partial.add(stem + suffix);
  for (const bare of BARE_NAMES[unit.department] ?? []) partial.add(bare);
  partial.delete(unit.name);
  return { id: unit.id, full: unit.name, partial: [...partial], places, ...(unit.jurisdiction ? { jurisdiction: unit.jurisdiction } : {}) };
}

/**
 * The units a report (检举、控告、举报) accuses, so that it is never routed to,
 * shown to or copied to them. A unit is accused when it is named in a sentence
 * with 举报/控告/检举/揭发 (which includes a "被举报单位：…" line) — by its
 * full name, by its name without the place (住房和城乡建设局), or by the usual
 * short name of its kind (住建局, 环保局, 卫健委). A short name preceded by the
 * unit's own place counts; preceded by another unit's place (湖州市住建局) it
 * does not; without a place it refers back to a unit of that name already
 * named with its place, else to the one of the office written to or the
 * nearest level above it (nearestOf). A unit named as the addressee of the
 * report or of a request (向…举报, 请…查处) is not accused. An accusation that
 * does not name its object (我要举报他) reaches back to the units the other
 * sentences name. For a case of category 'report' with no such words, every
 * unit named anywhere counts. A complaint about a unit's conduct (县环保局不作为,
 * 投诉县住建局) accuses the unit it falls on (CONDUCT). The list errs on the side of more units: a unit
 * wrongly left out of a report's handling costs a triage, the other way round
 * costs the petitioner's safety.
 */
export function accusedUnits(input: AccusedUnitsInput, units: readonly (RoutingUnit & { jurisdiction?: string })[]): string[] {
  const text = input.text.replace(CHANNEL_WORDS, (m) => '＿'.repeat(m.length));
  const all = sentences(text);
  let accusing = all.filter((s) => ACCUSATION.test(s));
  if (accusing.length === 0 && input.category === 'report') {
    accusing = all;
  } else if (accusing.some((s) => BARE_ACCUSATION.test(s))) {
    // 桐庐县住建局工作人员收受好处。我要举报他。 The accused is named in another sentence.
    accusing = all;
  }
  // Sentences that complain of a unit's conduct without accusing: only the units the words fall on count.
  const complaining = new Set(all.filter((s) => !accusing.includes(s) && (CONDUCT.test(s) || /投诉/.test(s))));
  if (accusing.length === 0 && complaining.size === 0) return [];
  const named = units.map(namesOf);
  const places = new Set(named.flatMap((n) => n.places));
  const terms = new Set([...places, ...named.flatMap((n) => [n.full, ...n.partial])]);
  const accused = new Set<string>();
  /** Short names written without a place: 住建局 may be any 住建局, unless one was named with its place. */
  const placeless: { term: string; level?: string; object: boolean }[] = [];
  /** Names the report writes to or asks to act (向县人社局反映过): a later 人社局 is that one again, not an accused. */
  const addressed = new Set<string>();
  for (const sentence of [...accusing, ...complaining]) {
    const complaint = complaining.has(sentence);
    // Segment the sentence over all names and places, so 住房和城乡建设局 is one name
    // (not also 建设局) and the place right before a short name is known.
    const hits = findTerms(sentence, terms);
    hits.forEach((hit, i) => {
      const previous = hits[i - 1];
      const place = previous && previous.end === hit.start && places.has(previous.term) ? previous : undefined;
      const level = place ? undefined : LEVEL_BEFORE.exec(sentence.slice(0, hit.start))?.[0];
      const start = place ? place.start : hit.start - (level?.length ?? 0);
      const before = sentence.slice(0, start).replace(/[本我该]$/, '');
      if (ADDRESSEE.test(before) || (REQUEST_BEFORE.test(before) && HANDLING_AFTER.test(sentence.slice(hit.end)))) {
        addressed.add(hit.term);
        return;
      }
      if (complaint && !CONDUCT_AFTER.test(sentence.slice(hit.end)) && !OBJECT_OF_COMPLAINT.test(before)) return;
      if (!place && !named.some((unit) => unit.full === hit.term)) {
        placeless.push({ term: hit.term, ...(level ? { level: LEVEL_OF[level]! } : {}), object: complaint || OBJECT_OF_ACCUSATION.test(before) });
        return;
      }
      for (const unit of named) {
        if (unit.full === hit.term || (place && unit.partial.includes(hit.term) && unit.places.includes(place.term))) accused.add(unit.id);
      }
    });
  }
  // A report naming one of a unit's staff (举报住建局科员王某某… by name) accuses the unit: the material never goes to them.
  for (const unit of units) {
    if (input.peopleScope && (unit.jurisdiction === undefined || !input.peopleScope.includes(unit.jurisdiction))) continue;
    if (unit.people?.some((person) => accusing.some((sentence) => namesPersonAccused(sentence, person)))) accused.add(unit.id);
  }
  // "举报桐庐县住建局……住建局不闻不问": the second 住建局 is the first one again; so is 人社局 after 向县人社局反映过.
  for (const { term, level, object } of placeless) {
    const candidates = named.filter((unit) => unit.partial.includes(term));
    if (candidates.some((unit) => accused.has(unit.id))) continue;
    // Written to before, but the object of the accusation itself now (向住建局反映过，现举报住建局不作为): accused.
    if (!object && (addressed.has(term) || candidates.some((unit) => addressed.has(unit.full)))) continue;
    for (const unit of nearestOf(candidates, input.near, level)) accused.add(unit.id);
  }
  return units.filter((u) => accused.has(u.id)).map((u) => u.id);
}

/**
 * What a short name without its place stands for: the unit so called of the
 * place `near` starts from (where the matter is, else the office written to),
 * else of the nearest level above (住建局 in a letter to 桐庐县 is 桐庐县's, not
 * 湖州市's); with a level before it (县住建局), the one of that level over it.
 * Without `near`, or with no such unit on its chain, every unit so called.
 */
function nearestOf(candidates: readonly UnitNames[], near: AccusedUnitsInput['near'], level: string | undefined): readonly UnitNames[] {
  if (!near || candidates.some((unit) => unit.jurisdiction === undefined)) return candidates;
  const chain = level ? near.filter((node) => node.level === level) : near;
  for (const node of chain) {
    const here = candidates.filter((unit) => unit.jurisdiction === node.code);
    if (here.length) return here;
  }
  return candidates;
}

/**
 * Whether a sentence that accuses names `person` other than as the one written
 * to, asked to act, thanked or quoted (向副县长方建华反映过, 请方建华同志过问,
 * 方建华副县长已批示…, 感谢方建华的关心), or as the writer (我叫…, 举报人：…):
 * 控告副县长方建华包庇违建, 袁建军压案不办. A two-character name stands whole
 * only where the words around it end it — an accusing verb, a title or a
 * mark before it (举报孙伟…, 科员孙伟…), a particle, title or wrong after it
 * (王明等人, 王明收受) — not inside a longer name (王明亮).
 */
export function namesPersonAccused(sentence: string, person: string): boolean {
  for (let at = sentence.indexOf(person); at >= 0; at = sentence.indexOf(person, at + 1)) {
    const rawBefore = sentence.slice(0, at);
    const before = rawBefore.replace(TITLE_BEFORE, '');
    const after = sentence.slice(at + person.length).replace(TITLE_AFTER, '');
    if (person.length === 2 && /^[\u4e00-\u9fa5]/.test(after) && !AFTER_A_NAME.test(after) && !OBJECT_BEFORE.test(rawBefore)) continue;
    if (WRITER_BEFORE.test(before)) continue;
    // The letter's salutation (方建华县长：…, 尊敬的方建华同志：…) writes to the person.
    if (SALUTATION_BEFORE.test(before) && /^\s*[：:]/.test(after)) continue;
    if (ADDRESSEE.test(before) || (REQUEST_BEFORE.test(before) && (HANDLING_AFTER.test(after) || ATTENTION_AFTER.test(after)))) continue;
    if (THANKS_BEFORE.test(before) || NOT_ACCUSING_AFTER.test(after)) continue;
    return true;
  }
  return false;
}

/** A title right before or after a name: 副县长方建华, 方建华同志, 方建华副县长. */
const TITLES = '(?:常务)?副?(?:[省市县区镇乡]长|[省市县区镇乡]委书记|书记|主任|局长|科长|所长|队长|站长|处长|股长|厅长)|科员|干部|工作人员|同志';
const TITLE_BEFORE = new RegExp(`(?:${TITLES})$`);
const TITLE_AFTER = new RegExp(`^(?:${TITLES})`);
/** Right before a two-character name, what makes it a name on its own: the accusing verb, a title, a mark (举报孙伟, 科员孙伟, 、孙伟). */
const OBJECT_BEFORE = new RegExp(`(?:举报|控告|检举|揭发|了|[、，,：:]|${TITLES}|[长员记任理计师])$`);
/** Right before a name, words that make it the writer's own: 我叫, 我是, 本人, 举报人：. */
const WRITER_BEFORE = /(?:我叫|我是|我名叫|本人(?:是|叫)?|署名|落款|联系人|信访人|反映人|举报人|控告人|检举人|实名举报人|姓名)[：:\s]*$/;
/** After a request, an attention asked for, not an act: 恳请方建华书记关注. */
const ATTENTION_AFTER = /^(?:关注|重视|过目|看看|关心|了解)/;
/** Before a name in a salutation: nothing, or 尊敬的 with the person's place or office. */
const SALUTATION_BEFORE = /^\s*(?:尊敬的[^，,。；;：:]{0,12})?$/;
/** Thanked, not accused: 感谢方建华. */
const THANKS_BEFORE = /(?:感谢|谢谢|感激|多亏|幸亏)(?:了)?$/;
/** After a name, what quotes or thanks them rather than accuses: 方建华已批示, 方建华的关心. */
const NOT_ACCUSING_AFTER = /^(?:已?(?:批示|指示|作出批示|亲自过问|过问)|的(?:关心|帮助|支持|批示|指示)|(?:关心|帮助|支持)(?:了)?[我下])/;

/** What may follow a two-character name in a report: a particle, a title or a wrong done (王明等人, 王明科长, 王明收受). */
const AFTER_A_NAME = /^(?:等|的|在|和|与|及|是|曾|多次|一直|长期|利用|伙同|收|索|受|包|压|违|不|强|滥|打|威|拒|贪|挪|侵|私|指使|干预|插手|对|把|将|被|给|为|向|从|吃|刁|勒|串|骗|逼|辱|同志|局长|科长|主任|书记|所长|队长|站长|经理|副|镇长|县长|乡长|区长|市长)/;

export interface AccusedUnitsInput {
  text: string;
  category?: Category;
  /**
   * Where the matter is (matterPlace: at or below the office holding the
   * case) and the levels above it, nearest first (`nearFor`): a short name
   * without its place stands for the unit of the nearest level that has one.
   */
  near?: readonly { code: string; level: string }[];
  /**
   * The jurisdictions whose units' staff a name is matched against (handlingChain):
   * those that would handle the matter. A namesake elsewhere in the province is
   * someone else; undefined, every unit's.
   */
  peopleScope?: readonly string[];
}

/**
 * The levels that would handle a matter at `place` held by `holder`: the place
 * and the levels above it up to the holder, and the holder — whose staff a
 * report's names are read against (namesPersonAccused).
 */
export function handlingChain(tree: JurisdictionTree<JurisdictionNode>, place: string | undefined, holder: string | undefined): string[] {
  const chain = new Set<string>();
  if (holder !== undefined && tree.has(holder)) chain.add(holder);
  if (place !== undefined && tree.has(place)) {
    for (const node of [tree.get(place), ...tree.ancestors(place)]) {
      if (holder === undefined || !tree.has(holder) || tree.isWithin(node.code, holder)) chain.add(node.code);
    }
  }
  return [...chain];
}

/**
 * Where a short name without its place is read: where the matter is, at or
 * below the office holding the case (a 桐庐 petitioner's 举报住建局 written to
 * 杭州市 is 桐庐县's 住建局), else that office.
 */
export function matterPlace(c: AccusingMaterial, text: string, tree: JurisdictionTree<JurisdictionNode>): string | undefined {
  if (c.jurisdiction === undefined || !tree.has(c.jurisdiction)) return c.jurisdiction;
  const address = c.petitioner?.address;
  return locateMatter({ text, ...(address ? { address } : {}), ...(c.incidentAddress ? { incidentAddress: c.incidentAddress } : {}), receivingOffice: c.jurisdiction }, tree).jurisdiction;
}

/** The jurisdiction and the levels above it, nearest first, for AccusedUnitsInput.near. */
export function nearFor(tree: JurisdictionTree<JurisdictionNode>, code: string | undefined): AccusedUnitsInput['near'] {
  if (code === undefined || !tree.has(code)) return undefined;
  return [tree.get(code), ...tree.ancestors(code)].map((node) => ({ code: node.code, level: node.level }));
}

/** What of a case can name the units it accuses, and those it already accuses. A Case fits. */
export interface AccusingMaterial {
  subject?: string | undefined;
  matter: string;
  category?: Category | undefined;
  attachments?: readonly { filename: string }[] | undefined;
  refusedAttachments?: readonly { filename: string }[] | undefined;
  accusedUnits?: readonly string[] | undefined;
  /** The jurisdiction holding the case, and where the petitioner and the matter are: a short name without its place is read as the unit there (nearestOf). */
  jurisdiction?: string | undefined;
  petitioner?: { address?: string | undefined } | undefined;
  incidentAddress?: string | undefined;
  /** What staff found the report does not accuse (Case.notAccused): the detection leaves those out. */
  notAccused?: { units: readonly string[]; places: readonly string[] } | undefined;
}

/**
 * The units a case accuses, from its subject, matter and attachment names and
 * any material `added` to it (a petitioner's later message): the units it
 * already accuses plus those this text accuses. Never fewer: nothing takes a
 * unit off automatically (《信访工作条例》第三十条: 检举、控告材料不得转给被检举、控告的人员和单位).
 * Registration, material added later and the router all use this, so they agree.
 */
export function accusedUnitsOf(
  c: AccusingMaterial,
  units: readonly (RoutingUnit & { jurisdiction?: string })[],
  added: readonly string[] = [],
  tree?: JurisdictionTree<JurisdictionNode>,
): string[] {
  const names = [...(c.attachments ?? []), ...(c.refusedAttachments ?? [])].map((a) => a.filename);
  const text = [c.subject, c.matter, ...names, ...added].filter((part) => part).join('\n');
  const place = tree ? matterPlace(c, text, tree) : undefined;
  const near = tree ? nearFor(tree, place) : undefined;
  const peopleScope = tree ? handlingChain(tree, place, c.jurisdiction) : undefined;
  const found = accusedUnits({ text, ...(c.category ? { category: c.category } : {}), ...(near ? { near } : {}), ...(peopleScope ? { peopleScope } : {}) }, units).filter(
    (unit) => !c.notAccused?.units.includes(unit),
  );
  return unionOfAccused(c.accusedUnits, found);
}

/** The case with accusedUnitsOf recorded on it; the same object when nothing is new. */
export function withAccusedUnits<C extends AccusingMaterial>(
  c: C,
  units: readonly (RoutingUnit & { jurisdiction?: string })[],
  added: readonly string[] = [],
  tree?: JurisdictionTree<JurisdictionNode>,
): C {
  const accused = accusedUnitsOf(c, units, added, tree);
  return accused.length === (c.accusedUnits?.length ?? 0) ? c : { ...c, accusedUnits: accused };
}

/** Both sets of accused units, the known ones first: a later finding adds, never replaces. */
export function unionOfAccused(known: readonly string[] | undefined, found: readonly string[] | undefined): string[] {
  return [...new Set([...(known ?? []), ...(found ?? [])])];
}

/** The units a report must be kept away from, and why. */
export interface ReportExclusion {
  excludes(unit: string): boolean;
  /** Why a unit is excluded, for the decision's reasons. */
  why(unit: string): string;
}

/**
 * Keeps a report away from the units it accuses and from units of the same
 * kind below them: a township's construction office does not investigate the
 * county's 住建局 either. `units` are all the province's units with their
 * jurisdictions, so that 湖州市住建局 is recognised as 湖州's.
 */
export function reportExclusion(
  input: { text: string; category?: Category; accused?: readonly string[] | undefined; notAccused?: readonly string[] | undefined; near?: string; complaint?: boolean },
  units: readonly { id: string; name: string; department: DepartmentKind; jurisdiction: string }[],
  tree: JurisdictionTree<JurisdictionNode>,
): ReportExclusion {
  // The units the case already accuses (found at registration, in later material) count as well as the text's, bar those staff cleared.
  const near = nearFor(tree, input.near);
  const found = accusedUnits({ text: input.text, ...(input.category ? { category: input.category } : {}), ...(near ? { near } : {}) }, units);
  const accusedIds = new Set(unionOfAccused(input.accused, found.filter((unit) => !input.notAccused?.includes(unit))));
  const accused = units.filter((unit) => accusedIds.has(unit.id));
  const above = (unit: string) => {
    const candidate = units.find((u) => u.id === unit);
    if (!candidate) return [];
    return accused.filter((a) => a.department === candidate.department && tree.isWithin(candidate.jurisdiction, a.jurisdiction));
  };
  const nameOf = (unit: string) => units.find((u) => u.id === unit)?.name ?? unit;
  // Staff read the reason: a complaint of a unit's own conduct (不作为, 推诿) is a 投诉, not a 举报.
  const word = input.category === 'complaint' || (!input.category && input.complaint) ? '投诉' : '举报';
  return {
    excludes: (unit) => above(unit).length > 0,
    why: (unit) =>
      accusedIds.has(unit)
        ? `${word}涉及${nameOf(unit)}（${unit}）`
        : `${nameOf(unit)}（${unit}）在被${word}的${above(unit)
            .map((a) => a.name)
            .join('、')}之下`,
  };
}
