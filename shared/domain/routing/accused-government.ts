import type { Category } from '../case.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import { CHANNEL_WORDS, handlingChain, isAccusation, namesPersonAccused } from './accused.js';
import { shortFormOf } from './territorial.js';
import { sentences } from './text.js';

/**
 * What follows a place's name when the petitioner means its government, its
 * Party committee or its leaders: 富春江镇政府, 桐庐县人民政府, 桐庐县委,
 * 富春江镇镇长, 桐庐县副县长, 城南街道办事处 — or its petitions office
 * (桐庐县信访局), which cannot handle a report against itself. A department
 * (桐庐县住建局) is a unit, found by accusedUnits.
 */
const GOVERNMENT =
  /^(?:人民政府|政府|党委|党工委|街道办事处|街道办|办事处|管委会|[省市县区镇乡]委(?![托员])|[省市县区镇乡]委员会|(?:常务)?副?[省市县区镇乡]长|[省市县区镇乡]委(?:副)?书记|党委(?:副)?书记|副?书记|信访局|信访办公室|信访办)/;
/** Before the government, these make it the addressee, the one asked to act or the rule's author, not the accused: 向桐庐县政府举报, 请桐庐县政府督促, 根据省政府规定. */
const ADDRESSEE = /(?:[向给到找致请求望盼由让经]|根据|按照|依据|依照)(?:我们|我|本|该|当地|所在)?$/;
/** The same before a list: 向市信访局和桐庐县政府反映. */
const ADDRESSED_LIST = /(?:[向给找致请由]|要求|希望|根据|按照|依据)[^，,；;：:]*?[和与及、或]$/;
/** Right before the government, the accusing verb: 举报富春江镇政府, 控告了我们县委, 对镇政府的举报. */
const ACCUSING_VERB_BEFORE = /(?:举报|控告|检举|揭发|告|对)(?:了|的)?(?:我们|我|本|该|当地|所在|乡)?$/;
/** After the government, in its clause, a wrong it is said to do: 镇政府强拆, 县长违规干预. */
const WRONGDOING =
  /违法|违规|违纪|强拆|强征|强行|非法|不作为|乱作为|截留|挪用|侵占|侵吞|贪污|受贿|索贿|腐败|打压|打击报复|报复|威胁|恐吓|殴打|打人|克扣|滥用|包庇|纵容|失职|渎职|弄虚作假|造假|乱收费|乱罚款|暴力|欺压|隐瞒|徇私|拒不|干预|插手|串通|勾结|私分|吃拿卡要|收受|贿赂/;
/** Right after the government, a place: 政府门口, 政府大院 — where, not who. */
const LOCATION_AFTER = /^(?:的)?(?:门口|门前|前面|旁边|附近|对面|大院|大楼|楼下|楼上|院内|院子|广场|周边|一带|所在地|里面|内)/;
/** After the government, these make it a channel or a source, not the accused: 县长热线, 市长信箱, 政府网站, 县政府已经答复. */
const CHANNEL_AFTER = /^(?:热线|信箱|电话|公开电话|专线|网站|官网|网|平台|接待|办公室电话|规定|文件|通知|答复|回复|已经答复|已答复|公告)/;
/** After a title ending in 长, words that make it no title at all: 杭州市长途汽车站, 小区长期漏水. */
const NOT_A_TITLE = /^[途期达时久年效远度江城沙春]/;

/** The sentences of a text that accuse (检举、控告、举报), or all of them for a case of category 'report'. */
function accusingSentences(input: { text: string; category?: Category }): string[] {
  const all = sentences(input.text.replace(CHANNEL_WORDS, (m) => '＿'.repeat(m.length)));
  const accusing = all.filter((s) => isAccusation(s));
  return accusing.length > 0 || input.category !== 'report' ? accusing : all;
}

/**
 * The jurisdictions whose government a report (检举、控告、举报) accuses — named
 * with its place in a sentence that accuses, or anywhere in a case of category
 * 'report'. 《信访工作条例》第三十条: the material never goes to the accused, so
 * neither that level nor any office or unit below it handles the case; the level
 * above does. A government written to or asked to act (向…举报, 请…解决) or
 * named as a channel (县长热线) is not accused.
 */
export function accusedJurisdictions(
  input: { text: string; category?: Category; notAccused?: readonly string[] | undefined; officials?: ((code: string) => readonly string[]) | undefined },
  tree: JurisdictionTree<JurisdictionNode>,
): string[] {
  const accusing = accusingSentences(input);
  if (accusing.length === 0) return [];
  const places = placeNames(tree);
  const accused = new Set<string>();
  for (const node of tree.all()) {
    if (input.notAccused?.includes(node.code)) continue;
    const names = [node.name, shortFormOf(node.name)].filter((name): name is string => Boolean(name));
    for (const sentence of accusing) {
      if (names.some((name) => namedAsGovernment(sentence, name, places))) accused.add(node.code);
    }
    // One of its leaders or petitions office named (控告方建华…): that level does not handle it, whatever title the letter gives.
    const officials = input.officials?.(node.code) ?? [];
    if (officials.some((person) => accusing.some((sentence) => namesPersonAccused(sentence, person)))) accused.add(node.code);
  }
  return kept(tree, accused);
}

/**
 * Of `people` (staff names), those a report accuses by name in a sentence that
 * accuses (namesPersonAccused: not when written to, thanked or quoted).
 */
export function peopleAccused(input: { text: string; category?: Category }, people: readonly string[]): string[] {
  const accusing = accusingSentences(input);
  return people.filter((person) => accusing.some((sentence) => namesPersonAccused(sentence, person)));
}

/**
 * The accused places that can be kept away from: the province's own level
 * has no level above it in this system to take the matter, so its offices
 * keep it (its accused departments are still kept away as units).
 */
function kept(tree: JurisdictionTree<JurisdictionNode>, accused: ReadonlySet<string>): string[] {
  return tree
    .all()
    .filter((node) => accused.has(node.code) && tree.parentOf(node.code) !== undefined)
    .map((node) => node.code);
}

const placeNameCache = new WeakMap<object, string[]>();
/** Every place's name and short form: 长兴县 after 湖州市 is a place, not the mayor. */
function placeNames(tree: JurisdictionTree<JurisdictionNode>): string[] {
  let names = placeNameCache.get(tree);
  if (!names) placeNameCache.set(tree, (names = tree.all().flatMap((node) => [node.name, shortFormOf(node.name)].filter((n): n is string => Boolean(n)))));
  return names;
}

/** The words at `rest` (after a place's name) that name its government — not a channel or another word — if any. */
function governmentWords(rest: string, places: readonly string[]): string | undefined {
  const found = GOVERNMENT.exec(rest)?.[0];
  if (!found) return undefined;
  const after = rest.slice(found.length);
  if (found.endsWith('长') && (NOT_A_TITLE.test(after) || places.some((place) => rest.slice(found.length - 1).startsWith(place)))) return undefined;
  return found;
}


function namedAsGovernment(sentence: string, name: string, places: readonly string[]): boolean {
  for (let at = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + 1)) {
    const rest = sentence.slice(at + name.length);
    const words = governmentWords(rest, places);
    if (words !== undefined && accusedAt(sentence, at, at + name.length + words.length)) return true;
  }
  return false;
}

/** Whether the government mentioned at [start, end) is what the sentence accuses, not where, whom to, or by whose rule. */
function accusedAt(sentence: string, start: number, end: number): boolean {
  const clauseStart = Math.max(...[...'，,；;：:'].map((mark) => sentence.lastIndexOf(mark, start - 1))) + 1;
  const before = sentence.slice(clauseStart, start);
  const after = sentence.slice(end);
  if (CHANNEL_AFTER.test(after) || LOCATION_AFTER.test(after)) return false;
  if (ADDRESSEE.test(before) || ADDRESSED_LIST.test(before)) return false;
  // The object of the accusation (举报富春江镇政府, 控告我们县委), or the subject of a wrong in its clause (镇政府强拆我家房屋).
  if (ACCUSING_VERB_BEFORE.test(before)) return true;
  return WRONGDOING.test(after.split(/[，,。；;！!？?]/)[0] ?? '');
}


/**
 * A government named without its place (我们镇政府, 县委书记, 街道办): the level
 * it is at. The level's character must stand on its own — 小区、社区、城区、
 * 市区 are no government — so only a pronoun or nothing may come before it.
 */
// A level's leader by title (我县副县长, 分管信访的副县长, 镇长) accuses that level as a name does — not 长期, 长远….
const LEADER = '长(?![期久年达远效度大足])';
const PLACELESS: readonly [RegExp, JurisdictionNode['level']][] = [
  [new RegExp(`[镇乡](?=人民政府|政府|党委|委(?![托员])|委员会|${LEADER})|街道(?=办事处|办|党工委|主任)`, 'g'), 'township'],
  [new RegExp(`[县区](?=人民政府|政府|党委|委(?![托员])|委员会|${LEADER})`, 'g'), 'county'],
  [new RegExp(`市(?=人民政府|政府|党委|委(?![托员])|委员会|${LEADER})`, 'g'), 'city'],
];
/**
 * What may come right before a placeless level: nothing, punctuation, a
 * pronoun (我们县, 本镇, 该区), the accusing verb or a particle (举报镇政府,
 * 被县政府, 对市委) — not a character that makes the level part of a word
 * (小区, 社区, 城市, 开发区). 乡镇政府 is a township's.
 */
const BEFORE_PLACELESS = /(?:^|[^\u4e00-\u9fa5]|我们|我|本|该|这个|那个|所在|当地|其|举报|控告|检举|揭发|投诉|反映|对|被|和|与|及|跟|把|将|是|的|了|乡|副)$/;

function namesPlaceless(sentence: string, pattern: RegExp): boolean {
  for (const match of sentence.matchAll(pattern)) {
    if (!BEFORE_PLACELESS.test(sentence.slice(0, match.index))) continue;
    const words = /^(?:人民政府|政府|党委|委员会|委|办事处|办|党工委|主任|长)/.exec(sentence.slice(match.index + match[0].length))?.[0] ?? '';
    if (accusedAt(sentence, match.index, match.index + match[0].length + words.length)) return true;
  }
  return false;
}

/**
 * The governments a report accuses, for the matter located at `located`: those
 * named with their place (accusedJurisdictions), those already recorded on the
 * case, and one named without its place (我们镇政府强拆) taken as the one of
 * that level over the matter's place — never one staff found not accused.
 */
export function accusedGovernments(
  input: {
    text: string;
    category?: Category;
    known?: readonly string[] | undefined;
    notAccused?: readonly string[] | undefined;
    officials?: ((code: string) => readonly string[]) | undefined;
    /** The office holding the case: officials are matched by name on the levels from the matter's place up to it (handlingChain). */
    holder?: string | undefined;
  },
  located: string,
  tree: JurisdictionTree<JurisdictionNode>,
): string[] {
  const { officials } = input;
  const chain = officials ? handlingChain(tree, located, input.holder ?? located) : [];
  const scoped = officials ? (code: string) => (chain.includes(code) ? officials(code) : []) : undefined;
  const found = new Set([...(input.known ?? []), ...accusedJurisdictions({ ...input, officials: scoped }, tree)]);
  const accusing = accusingSentences(input);
  const over = tree.has(located) ? [tree.get(located), ...tree.ancestors(located)] : [];
  for (const [pattern, level] of PLACELESS) {
    if (!accusing.some((s) => namesPlaceless(s, pattern))) continue;
    const government = over.find((node) => node.level === level);
    if (government && !input.notAccused?.includes(government.code)) found.add(government.code);
  }
  return kept(tree, found);
}

/**
 * The outermost accused government over `code` (the matter's place or the
 * office holding the case), whose level above must handle the matter instead.
 */
export function outermostAccusedOver(code: string, accused: readonly string[] | undefined, tree: JurisdictionTree<JurisdictionNode>): string | undefined {
  const over = (accused ?? []).filter((a) => tree.isWithin(code, a));
  return over.sort((a, b) => tree.ancestors(a).length - tree.ancestors(b).length)[0];
}
