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
