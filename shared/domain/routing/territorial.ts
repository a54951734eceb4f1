import type { Channel } from '../case.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import { CHANNEL_CONTENT_WORDS, CHANNEL_RECEIVER_WORDS } from '../labels.js';
import { findTerms } from './text.js';

/** Suffixes of division names; 街道 first so it is stripped whole. */
const NAME_SUFFIXES = ['街道', '省', '市', '县', '区', '镇', '乡'];

/**
 * Short forms that are ordinary words, never taken alone as a place: a 城关镇,
 * 新城街道 or 东方镇 is only recognised by its full name.
 */
const SHORT_FORMS_THAT_ARE_WORDS = new Set([
  '城关', '城区', '新城', '新区', '老城', '中心', '开发', '高新', '东方', '人民', '和平', '胜利',
  '光明', '解放', '建设', '新华', '红旗', '前进', '先锋', '团结', '幸福', '长安', '太平', '永安',
]);

/**
 * Ordinary words that contain a short form. They take part in the segmentation
 * and, being longer, win: 新市民 is not 新市(镇), 分水岭 is not 分水(镇).
 */
const WORDS_CONTAINING_SHORT_FORMS = [
  '新市民', '新市场', '新市区', '新市长', '分水岭', '分水线', '分水口', '长兴趣', '煤山区',
];

/**
 * Towns are often named after the lake or river they lie on (千岛湖镇, 富春江镇),
 * and the water runs through the whole county: 千岛湖水质 is about the lake, not the town.
 */
const WATER_WORDS = ['水质', '水域', '水面', '水源', '水位', '流域', '沿岸', '两岸', '库区', '湖区', '江面', '湖面'];

interface PlaceForm {
  codes: string[];
  /** A short form (桐庐 for 桐庐县), as opposed to the full name. */
  short: boolean;
}

interface PlaceIndex {
  forms: Map<string, PlaceForm>;
  /** Words that, when they win the segmentation, are not places. */
  blockers: Set<string>;
}

const indexes = new WeakMap<object, PlaceIndex>();

/** The short form of a division name (桐庐县 → 桐庐), when what remains has at least 2 characters. */
export function shortFormOf(name: string): string | undefined {
  const suffix = NAME_SUFFIXES.find((s) => name.endsWith(s));
  if (!suffix) return undefined;
  const rest = name.slice(0, -suffix.length);
  return rest.length >= 2 ? rest : undefined;
}

function placeIndex(tree: JurisdictionTree<JurisdictionNode>): PlaceIndex {
  const cached = indexes.get(tree);
  if (cached) return cached;
  const forms = new Map<string, PlaceForm>();
  const add = (form: string, code: string, short: boolean) => {
    const entry = forms.get(form);
    if (!entry) forms.set(form, { codes: [code], short });
    else if (!entry.codes.includes(code)) entry.codes.push(code);
  };
  for (const node of tree.all()) {
    add(node.name, node.code, false);
    const short = shortFormOf(node.name);
    if (short && !SHORT_FORMS_THAT_ARE_WORDS.has(short)) {
      const existing = forms.get(short);
      // Two towns may share a short form (both are then matched); a full name is never shadowed.
      if (!existing || existing.short) add(short, node.code, true);
    }
  }
  const blockers = new Set(WORDS_CONTAINING_SHORT_FORMS);
  for (const [form, entry] of forms) {
    if (entry.short) for (const water of WATER_WORDS) blockers.add(form + water);
  }
  const index = { forms, blockers };
  indexes.set(tree, index);
  return index;
}

/** Words around a place name that make it someone's home or origin, not the matter's place. */
const ORIGIN_BEFORE = /(?:老家|家乡|原籍|籍贯|户籍|户口在|来自|回到?|跑回|逃回|躲回|回了)(?:在|是)?$/;
const ORIGIN_AFTER = /^(?:人|籍|老家|户口|口音)/;

function namesOrigin(source: string, start: number, end: number): boolean {
  return ORIGIN_BEFORE.test(source.slice(Math.max(0, start - 4), start)) || ORIGIN_AFTER.test(source.slice(end, end + 2));
}

interface SourceReading {
  /** Where this source places the matter. */
  code: string;
  /** The place names it matched, as written. */
  matched: string[];
  /** Whether it named places on different branches (so `code` is their common ancestor). */
  conflicting: boolean;
}

/** The place names in one source that lie within `office`; names outside are collected in `ignored`. */
function readSource(
  source: string,
  tree: JurisdictionTree<JurisdictionNode>,
  office: string,
  ignored: Set<string>,
): SourceReading | undefined {
  const index = placeIndex(tree);
  const within: string[] = [];
  const matched: string[] = [];
  for (const hit of findTerms(source, [...index.forms.keys(), ...index.blockers])) {
    const entry = index.forms.get(hit.term);
    if (!entry || index.blockers.has(hit.term)) continue;
    const inside = entry.codes.filter((code) => tree.isWithin(code, office));
    if (inside.length === 0) {
      // The office's own superiors (杭州市 in a 桐庐县 letter) are consistent, not foreign; where a person is from
      // (我是淳安县人, 老家湖州, 跑回湖州老家) is not where the matter is.
      if (!entry.codes.some((code) => tree.isWithin(office, code)) && !namesOrigin(source, hit.start, hit.end)) ignored.add(hit.term);
      continue;
    }
    within.push(...inside);
    if (!matched.includes(hit.term)) matched.push(hit.term);
  }
  if (within.length === 0) return undefined;
  const codes = [...new Set(within)];
  const deepest = codes.reduce((a, b) => (depth(tree, b) > depth(tree, a) ? b : a));
  if (codes.every((code) => tree.isWithin(deepest, code))) return { code: deepest, matched, conflicting: false };
  return { code: commonAncestor(tree, codes), matched, conflicting: true };
}

function depth(tree: JurisdictionTree<JurisdictionNode>, code: string): number {
  return tree.ancestors(code).length;
}

function commonAncestor(tree: JurisdictionTree<JurisdictionNode>, codes: string[]): string {
  const [first, ...rest] = codes;
  if (first === undefined) throw new Error('commonAncestor needs at least one code');
  const chain = [first, ...tree.ancestors(first).map((n) => n.code)];
  const found = chain.find((candidate) => rest.every((code) => tree.isWithin(code, candidate)));
  return found ?? chain[chain.length - 1]!;
}

/** A place as routing reasons name it: 桐庐县（330122）. */
export function placeLabel(tree: JurisdictionTree<JurisdictionNode>, code: string): string {
  return `${tree.get(code).name}（${code}）`;
}

export interface MatterLocation {
  /** Division code of the jurisdiction where the matter arose, at or below the receiving office. */
  jurisdiction: string;
  /** The place names that placed it, as written in the petition. */
  matched: string[];
  reason: string;
  /**
   * Places outside the office's jurisdiction (not its superiors) that the
   * incident address or the matter names: the matter may belong to another
   * office, which is staff's decision (a transfer), not the router's.
   */
  elsewhere?: string[];
}

/**
 * Territorial routing (属地管理): where, at or below the receiving office, the
 * matter arose. Place names are matched in full (富春江镇) and in short form
 * (富春江); within one source the deepest consistent name wins (a township
 * under a named county), and names on different branches settle on their
 * common ancestor. The incident address comes first; the petitioner's
 * address stands in for it only when it names no place; the text may then
 * refine either with a place lying below it. Names outside the office's
 * subtree are ignored (moving a case to another county is a transfer staff
 * decide). Nothing found: the receiving office. The reason calls the words
 * by their channel (来电内容提到…, 来访反映提到…; 来信内容 when none is given).
 */
export function locateMatter(
  input: { address?: string; incidentAddress?: string; text: string; receivingOffice: string; channel?: Channel },
  tree: JurisdictionTree<JurisdictionNode>,
): MatterLocation {
  const office = tree.get(input.receivingOffice).code;
  const content = CHANNEL_CONTENT_WORDS[input.channel ?? 'letter'];
  const receiver = CHANNEL_RECEIVER_WORDS[input.channel ?? 'letter'];
  const ignored = new Set<string>();
  const read = (source: string | undefined, seen = ignored) => (source ? readSource(source, tree, office, seen) : undefined);
  // Where the matter happened, by the incident address or the matter's words; the petitioner's own address does not say.
  const outside = new Set<string>();
  const incident = read(input.incidentAddress, outside);
  const address = incident ? undefined : read(input.address);
  const text = read(input.text, outside);
  for (const name of outside) ignored.add(name);

  const base = incident ? { ...incident, source: '事发地址' } : address ? { ...address, source: '信访人地址' } : undefined;
  const parts: string[] = [];
  let jurisdiction = office;
  const matched: string[] = [];
  const describe = (reading: SourceReading, source: string) =>
    reading.conflicting
      ? `${source}提到${reading.matched.join('、')}，分属不同地方 → 取其共同上级${placeLabel(tree, reading.code)}`
      : `${source}提到${reading.matched.join('、')} → ${placeLabel(tree, reading.code)}`;

  if (base) {
    jurisdiction = base.code;
    matched.push(...base.matched);
    parts.push(describe(base, base.source));
  }
  if (text) {
    if (!base) {
      jurisdiction = text.code;
      matched.push(...text.matched);
      parts.push(describe(text, content));
    } else if (text.code !== jurisdiction && tree.isWithin(text.code, jurisdiction)) {
      jurisdiction = text.code;
      matched.push(...text.matched.filter((m) => !matched.includes(m)));
      parts.push(`${content}进一步细化：${describe(text, '其中')}`);
    } else if (!tree.isWithin(jurisdiction, text.code)) {
      parts.push(`${content}还提到${text.matched.join('、')}，不在其下，仍定为${placeLabel(tree, jurisdiction)}`);
    }
  }
  if (parts.length === 0) parts.push(`未提到${tree.get(office).name}以下的地名 → ${receiver}${placeLabel(tree, office)}`);
  if (ignored.size > 0) {
    parts.push(`未采用${[...ignored].join('、')}（不在${tree.get(office).name}辖区内，是否转送由工作人员决定）`);
  }
  // A place inside the office in the incident address or the words (在桐庐县分水镇打工) settles where the matter is,
  // whatever else they name (我是湖州人); the petitioner's own address does not.
  const elsewhere = incident || text ? [] : [...outside];
  return { jurisdiction, matched, reason: `${parts.join('；')}。`, ...(elsewhere.length ? { elsewhere } : {}) };
}
