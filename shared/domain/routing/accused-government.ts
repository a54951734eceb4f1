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
const GOVERNMENT = /^(?:人民政府|政府|党委|党工委|街道办事处|街道办|办事处|管委会|[省市县区镇乡]委|[省市县区镇乡]长|党委书记|书记)/;
/** Before the place, these make it the addressee or the one asked to act, not the accused: 向桐庐县政府举报, 请桐庐县政府督促. */
const ADDRESSEE = /[向给到找致请求望盼由]$/;
const CHANNEL_WORDS = /举报(?:电话|热线|平台|中心|信箱|箱)/g;

/**
 * The jurisdictions whose government a report (检举、控告、举报) accuses — named
 * with its place in a sentence that accuses, or anywhere in a case of category
 * 'report'. 《信访工作条例》第三十条: the material never goes to the accused, so
 * neither that level nor any office or unit below it handles the case; the level
 * above does. Like accusedUnits, it errs on the side of more.
 */
export function accusedJurisdictions(input: { text: string; category?: Category }, tree: JurisdictionTree<JurisdictionNode>): string[] {
  const text = input.text.replace(CHANNEL_WORDS, (m) => '＿'.repeat(m.length));
  const all = sentences(text);
  let accusing = all.filter((s) => isAccusation(s));
  if (accusing.length === 0) {
    if (input.category !== 'report') return [];
    accusing = all;
  }
  const accused = new Set<string>();
  for (const node of tree.all()) {
    const names = [node.name, shortFormOf(node.name)].filter((name): name is string => Boolean(name));
    for (const sentence of accusing) {
      if (names.some((name) => namedAsGovernment(sentence, name))) accused.add(node.code);
    }
  }
  return tree.all().filter((node) => accused.has(node.code)).map((node) => node.code);
}

function namedAsGovernment(sentence: string, name: string): boolean {
  for (let at = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + 1)) {
    if (GOVERNMENT.test(sentence.slice(at + name.length)) && !ADDRESSEE.test(sentence.slice(0, at))) return true;
  }
  return false;
}


/** A government named without its place (镇政府, 县委, 街道办): the level it is at. */
const PLACELESS: readonly [RegExp, JurisdictionNode['level']][] = [
  [/(?:镇|乡)(?:人民政府|政府|党委|长)|街道(?:办事处|办|党工委)|(?<![\u4e00-\u9fa5])(?:镇|乡)委/, 'township'],
  [/(?:县|区)(?:人民政府|政府|委|长)/, 'county'],
  [/市(?:人民政府|政府|委|长)/, 'city'],
];

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
  const text = input.text.replace(CHANNEL_WORDS, (m) => '＿'.repeat(m.length));
  const all = sentences(text);
  const accusing = all.some((s) => isAccusation(s)) ? all.filter((s) => isAccusation(s)) : input.category === 'report' ? all : [];
  const over = tree.has(located) ? [tree.get(located), ...tree.ancestors(located)] : [];
  for (const [pattern, level] of PLACELESS) {
    if (!accusing.some((s) => pattern.test(s))) continue;
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
