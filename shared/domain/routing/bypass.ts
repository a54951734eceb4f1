import type { Case, Channel } from '../case.js';
import type { JurisdictionTree } from '../jurisdiction.js';

/**
 * 越级信访: a petition brought to a level above the one competent for it.
 * A visit may go to the competent level or the one above it (信访条例 2005
 * 第十六条: 向依法有权处理的本级或者上一级机关提出), so a visit is 越级 from
 * two levels up; a letter, call, email or web petition from one. The county
 * is the first level of petition work: a township's matter brought to its
 * county is not 越级, so a township counts as its county here. Known when
 * the case is handed down to where it belongs (by territory, or by staff
 * assigning or transferring it), counted from the office that received it.
 */
export function bypassOf(tree: JurisdictionTree, c: Pick<Case, 'channel' | 'receivingOffice'>, competent: string): Case['bypass'] {
  if (competent === c.receivingOffice || !tree.isWithin(competent, c.receivingOffice)) return undefined;
  const node = tree.find(competent);
  const counted = node?.level === 'township' ? (tree.parentOf(competent)?.code ?? competent) : competent;
  const levels = tree.ancestors(counted).length - tree.ancestors(c.receivingOffice).length;
  return levels > allowedLevelsAbove(c.channel) ? { levels, competent } : undefined;
}

const allowedLevelsAbove = (channel: Channel) => (channel === 'visit' ? 1 : 0);
