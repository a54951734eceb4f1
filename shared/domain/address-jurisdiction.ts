import type { JurisdictionNode, JurisdictionTree } from './jurisdiction.js';

/**
 * 按地址查找受理机构: the office a citizen should write to, from the place
 * they name ("桐庐县城南街道迎春路8号", "杭州桐庐县…"). A jurisdiction matches
 * when its name, or its name without the level word (桐庐县 → 桐庐), occurs in
 * the address; the deepest match wins, and where two of the same depth match
 * (two townships of one name in different counties) the one whose higher
 * levels the address also names. Undecided, or nothing named: no answer, and
 * the citizen picks from the list — a guess would send a petition to the
 * wrong office.
 */
export function jurisdictionForAddress<N extends JurisdictionNode>(tree: JurisdictionTree<N>, address: string): N | undefined {
  const text = address.replace(/\s+/g, '');
  if (text.length < 2) return undefined;
  const matched = tree.all().filter((node) => namesOf(node.name).some((name) => text.includes(name)));
  if (matched.length === 0) return undefined;
  const matchedCodes = new Set(matched.map((node) => node.code));
  const depth = (node: N) => tree.ancestors(node.code).length;
  // A match counts for less when the address names another branch above it (杭州市…桐庐 is fine; 宁波市…城南街道 of 桐庐县 is not).
  const consistent = matched.filter((node) => !tree.ancestors(node.code).some((above) => conflictsWith(tree, above, matchedCodes)));
  const candidates = consistent.length > 0 ? consistent : matched;
  const deepest = Math.max(...candidates.map(depth));
  const atDeepest = candidates.filter((node) => depth(node) === deepest);
  if (atDeepest.length === 1) return atDeepest[0];
  const support = (node: N) => tree.ancestors(node.code).filter((above) => matchedCodes.has(above.code)).length;
  const best = Math.max(...atDeepest.map(support));
  const chosen = atDeepest.filter((node) => support(node) === best);
  return chosen.length === 1 ? chosen[0] : undefined;
}

/** The address names a sibling of `above` (another city when `above` is a city), and not `above` itself. */
function conflictsWith<N extends JurisdictionNode>(tree: JurisdictionTree<N>, above: N, matched: ReadonlySet<string>): boolean {
  if (matched.has(above.code) || above.parent === undefined) return false;
  return tree.children(above.parent).some((sibling) => sibling.code !== above.code && matched.has(sibling.code));
}

/** Level words, longest first, so 自治县 is taken off before 县. */
const LEVEL_WORDS = ['自治州', '自治县', '街道', '省', '市', '县', '区', '镇', '乡'];

function namesOf(name: string): string[] {
  const word = LEVEL_WORDS.find((w) => name.endsWith(w));
  const short = word ? name.slice(0, -word.length) : undefined;
  // A short name of one character (e.g. 沙县 → 沙) would match far too much.
  return short && short.length >= 2 ? [name, short] : [name];
}

/**
 * 直辖市 (北京、上海、天津、重庆): their districts and counties stand directly
 * under them, with no prefecture city between — 北京市朝阳区 is as complete as
 * 杭州市桐庐县.
 */
export const MUNICIPALITIES = ['北京', '上海', '天津', '重庆'] as const;

const HAN = '[\\u4e00-\\u9fa5]';
/** A character of a place's name, not of a street's (上海路小区 is no district of 上海). */
const PLACE = `(?![路街巷弄道])${HAN}`;
/** From the start (中国 and a province or region may come first): a municipality and one of its districts or counties. */
const MUNICIPALITY_THEN_DISTRICT = new RegExp(`^(?:中国)?(?:${MUNICIPALITIES.join('|')})市?${PLACE}{1,6}?[区县]`);
/** From the start: a city (or 州, 地区, 盟) and a county-level place under it (区, 县, 县级市, 旗). */
const CITY_THEN_COUNTY = new RegExp(`^(?:中国)?(?:${HAN}{2,7}?(?:省|自治区))?${HAN}{2,8}?(?:市|自治州|州|地区|盟)${PLACE}{1,8}?(?:区|县|市|旗)`);

/**
 * Whether an address names its place down to the county level (区、县、县级市、旗),
 * so a citizen whose address the office list does not cover is not asked to
 * add what they already wrote. A municipality's district counts (北京市朝阳区).
 */
export function namesCountyLevel(address: string): boolean {
  const text = address.replace(/\s+/g, '');
  return MUNICIPALITY_THEN_DISTRICT.test(text) || CITY_THEN_COUNTY.test(text);
}
