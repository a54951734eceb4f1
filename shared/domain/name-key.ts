import type { Case, Petitioner } from './case.js';

/**
 * A petitioner's name as compared and looked up: trimmed, full-width forms
 * folded to half-width (NFKC), without spaces (王 秀英 with an ideographic
 * space is 王秀英), Latin letters lower-case (ＷＡＮＧ is wang); empty when
 * none. The same key decides "the same name" for 关联为重复件
 * (samePetitioner) and indexes a case for the desk's look-up by name
 * (查询 by 信访人姓名), so a name that links a repeat also finds it.
 */
export const nameKey = (name: string | undefined): string => (name ?? '').normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

/** The petitioner's name key, if the case is indexed by it: an anonymous petition, or one with no name (未留姓名), has none. */
export function petitionerNameKeyOf(c: { petitioner: Petitioner }): string | undefined {
  if (c.petitioner.anonymous) return undefined;
  return nameKey(c.petitioner.name) || undefined;
}

/** A collective petition's representatives' name keys (集体访, 第二十条), each once; anonymous or unnamed ones have none. */
export function representativeNameKeysOf(c: Pick<Case, 'collective'>): string[] {
  return [...new Set((c.collective?.representatives ?? []).flatMap((r) => (r.anonymous ? [] : [nameKey(r.name)]).filter(Boolean)))];
}

/**
 * The name key of whoever wrote, came or called for the petitioner (代为反映人), if named: a caller who says
 * 我上个月替我父亲写过信，我叫王小明 finds the case by their own name. None on an anonymous petition.
 */
export function writerNameKeyOf(c: { petitioner: Petitioner }): string | undefined {
  if (c.petitioner.anonymous) return undefined;
  return nameKey(c.petitioner.writtenBy?.name) || undefined;
}
