import type { Category } from '../case.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import { isAccusation } from './accused.js';
import { shortFormOf } from './territorial.js';
import { sentences } from './text.js';

/**
 * What follows a place's name when the petitioner means its government, its
 * Party committee or its leaders: 富春江镇政府, 桐庐县人民政府, 桐庐县委,
 * 富春江镇镇长, 城南街道办事处. A department (桐庐县住建局) is a unit, found by
 * accusedUnits.
 */
const GOVERNMENT = /^(?:人民政府|政府|党委|党工委|街道办事处|街道办|办事处|管委会|[省市县区镇乡]委(?![托员])|[省市县区镇乡]委员会|[省市县区镇乡]长|党委书记|书记)/;
/** Before the place, these make it the addressee or the one asked to act, not the accused: 向桐庐县政府举报, 请桐庐县政府督促. */
const ADDRESSEE = /[向给到找致请求望盼由让]$/;
/** After the government, these make it a channel, not the accused: 县长热线, 市长信箱, 政府网站. */
const CHANNEL_AFTER = /^(?:热线|信箱|电话|公开电话|专线|网站|网|平台|接待|办公室电话)/;
/** After a title ending in 长, words that make it no title at all: 杭州市长途汽车站, 小区长期漏水. */
const NOT_A_TITLE = /^[途期达时久年效远度江城沙春]/;
const CHANNEL_WORDS = /举报(?:电话|热线|平台|中心|信箱|箱)/g;

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
export function accusedJurisdictions(input: { text: string; category?: Category }, tree: JurisdictionTree<JurisdictionNode>): string[] {
  const accusing = accusingSentences(input);
  if (accusing.length === 0) return [];
  const places = placeNames(tree);
  const accused = new Set<string>();
  for (const node of tree.all()) {
    const names = [node.name, shortFormOf(node.name)].filter((name): name is string => Boolean(name));
    for (const sentence of accusing) {
      if (names.some((name) => namedAsGovernment(sentence, name, places))) accused.add(node.code);
    }
  }
  return tree.all().filter((node) => accused.has(node.code)).map((node) => node.code);
}

const placeNameCache = new WeakMap<object, string[]>();
/** Every place's name and short form: 长兴县 after 湖州市 is a place, not the mayor. */
function placeNames(tree: JurisdictionTree<JurisdictionNode>): string[] {
  let names = placeNameCache.get(tree);
  if (!names) placeNameCache.set(tree, (names = tree.all().flatMap((node) => [node.name, shortFormOf(node.name)].filter((n): n is string => Boolean(n)))));
  return names;
}

/** Whether the words at `rest` (after a place's name, or a placeless level) name the government, not a channel or another word. */
function governmentAt(rest: string, places: readonly string[]): boolean {
  const found = GOVERNMENT.exec(rest)?.[0];
  if (!found) return false;
  const after = rest.slice(found.length);
  if (CHANNEL_AFTER.test(after)) return false;
  if (found.endsWith('长') && (NOT_A_TITLE.test(after) || places.some((place) => rest.slice(found.length - 1).startsWith(place)))) return false;
  return true;
}

function namedAsGovernment(sentence: string, name: string, places: readonly string[]): boolean {
  for (let at = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + 1)) {
    if (governmentAt(sentence.slice(at + name.length), places) && !ADDRESSEE.test(sentence.slice(0, at))) return true;
  }
  return false;
}

/**
 * A government named without its place (我们镇政府, 县委书记, 街道办): the level
 * it is at. The level's character must stand on its own — 小区、社区、城区、
 * 市区 are no government — so only a pronoun or nothing may come before it.
 */
const PLACELESS: readonly [RegExp, JurisdictionNode['level']][] = [
  [/[镇乡](?=人民政府|政府|党委|委(?![托员])|委员会)|街道(?=办事处|办|党工委)/g, 'township'],
  [/[县区](?=人民政府|政府|党委|委(?![托员])|委员会)/g, 'county'],
  [/市(?=人民政府|政府|党委|委(?![托员])|委员会)/g, 'city'],
];
/**
 * What may come right before a placeless level: nothing, punctuation, a
 * pronoun (我们县, 本镇, 该区), the accusing verb or a particle (举报镇政府,
 * 被县政府, 对市委) — not a character that makes the level part of a word
 * (小区, 社区, 城市, 开发区). 乡镇政府 is a township's.
 */
const BEFORE_PLACELESS = /(?:^|[^\u4e00-\u9fa5]|我们|我|本|该|这个|那个|所在|当地|其|举报|控告|检举|揭发|投诉|反映|对|被|和|与|及|跟|把|将|是|的|了|乡)$/;

function namesPlaceless(sentence: string, pattern: RegExp): boolean {
  for (const match of sentence.matchAll(pattern)) {
    const before = sentence.slice(0, match.index);
    if (!BEFORE_PLACELESS.test(before) || /(?:请|向|给|找|致|求|望|盼|由|让)(?:我们|本|该|当地)?$/.test(before)) continue;
    const rest = sentence.slice(match.index + match[0].length).replace(/^(?:人民政府|政府|党委|委员会|委|办事处|办|党工委)/, '');
    if (CHANNEL_AFTER.test(rest)) continue;
    return true;
  }
  return false;
}

/**
 * The governments a report accuses, for the matter located at `located`: those
 * named with their place (accusedJurisdictions), those already recorded on the
 * case, and one named without its place (我们镇政府强拆) taken as the one of
 * that level over the matter's place.
 */
export function accusedGovernments(
  input: { text: string; category?: Category; known?: readonly string[] | undefined },
  located: string,
  tree: JurisdictionTree<JurisdictionNode>,
): string[] {
  const found = new Set([...(input.known ?? []), ...accusedJurisdictions(input, tree)]);
  const accusing = accusingSentences(input);
  const over = tree.has(located) ? [tree.get(located), ...tree.ancestors(located)] : [];
  for (const [pattern, level] of PLACELESS) {
    if (!accusing.some((s) => namesPlaceless(s, pattern))) continue;
    const government = over.find((node) => node.level === level);
    if (government) found.add(government.code);
  }
  return tree.all().filter((node) => found.has(node.code)).map((node) => node.code);
}

/**
 * The outermost accused government over `code` (the matter's place or the
 * office holding the case), whose level above must handle the matter instead.
 */
export function outermostAccusedOver(code: string, accused: readonly string[] | undefined, tree: JurisdictionTree<JurisdictionNode>): string | undefined {
  const over = (accused ?? []).filter((a) => tree.isWithin(code, a));
  return over.sort((a, b) => tree.ancestors(a).length - tree.ancestors(b).length)[0];
}
