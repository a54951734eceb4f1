import type { Case } from './case.js';
import { RuleViolation } from './errors.js';
import type { JurisdictionNode, JurisdictionTree } from './jurisdiction.js';

export interface AccusedCorrection {
  /** Units recorded as accused that the report does not accuse. */
  units: readonly string[];
  /** Places whose government was recorded as accused and is not. */
  places: readonly string[];
}

export interface AccusedCorrectionFacts {
  tree: JurisdictionTree<JurisdictionNode>;
  /** The jurisdiction of a configured unit. */
  jurisdictionOf: (unit: string) => string;
  /**
   * Units accused in their own right: named by the material's words or
   * recorded by staff. Clearing a place keeps these; its other units were
   * recorded only for being under that government.
   */
  accusedInOwnRight: ReadonlySet<string>;
}

export interface ClearedAccused {
  case: Pick<Case, 'accusedUnits' | 'accusedJurisdictions' | 'notAccused'>;
  unitsRemoved: string[];
  placesRemoved: string[];
}

/**
 * 更正被举报对象: staff find that the report does not accuse a unit or a
 * place's government after all (the detection misread a name, a unit was
 * recorded in error). They come off the case, and so do the units recorded
 * only for being under a cleared place; all go on Case.notAccused so the
 * detection does not record them again from the same words. A unit under a
 * place that stays accused cannot be cleared: its government is accused
 * (第三十条), so the case still may not go to it.
 *
 * Undefined when nothing changes (asked again after it was done); a unit or
 * place neither recorded nor cleared before is refused, named.
 */
export function clearAccused(c: Case, request: AccusedCorrection, facts: AccusedCorrectionFacts): ClearedAccused | undefined {
  const { tree } = facts;
  const recordedUnits = c.accusedUnits ?? [];
  const recordedPlaces = c.accusedJurisdictions ?? [];
  const cleared = c.notAccused ?? { units: [], places: [] };
  for (const unit of request.units) {
    if (!recordedUnits.includes(unit) && !cleared.units.includes(unit)) {
      throw new RuleViolation(`unit ${unit} is not recorded as accused on case ${c.caseNumber}`).inChinese(`信访事项 ${c.caseNumber} 没有将单位 ${unit} 记录为被检举控告单位`);
    }
  }
  for (const place of request.places) {
    if (!recordedPlaces.includes(place) && !cleared.places.includes(place)) {
      throw new RuleViolation(`the government of ${place} is not recorded as accused on case ${c.caseNumber}`).inChinese(`信访事项 ${c.caseNumber} 没有将 ${place} 的政府记录为被检举控告对象`);
    }
  }
  const placesRemoved = recordedPlaces.filter((place) => request.places.includes(place));
  const placesKept = recordedPlaces.filter((place) => !placesRemoved.includes(place));
  const keptOver = (unit: string) => placesKept.find((place) => tree.isWithin(facts.jurisdictionOf(unit), place));
  for (const unit of request.units) {
    const place = keptOver(unit);
    if (place) {
      throw new RuleViolation(`unit ${unit} is under ${place}, whose government stays accused: correct ${place} too, or leave the unit`).inChinese(
        `单位 ${unit} 属于 ${place}，该地政府仍是被检举控告对象：请一并更正 ${place}，或保留该单位`,
      );
    }
  }
  const underRemoved = (unit: string) => placesRemoved.some((place) => tree.isWithin(facts.jurisdictionOf(unit), place));
  const unitsRemoved = recordedUnits.filter(
    (unit) => request.units.includes(unit) || (underRemoved(unit) && !facts.accusedInOwnRight.has(unit) && keptOver(unit) === undefined),
  );
  if (unitsRemoved.length === 0 && placesRemoved.length === 0) return undefined;
  const notAccused = {
    units: [...new Set([...cleared.units, ...request.units])],
    places: [...new Set([...cleared.places, ...placesRemoved])],
  };
  return {
    case: { accusedUnits: recordedUnits.filter((unit) => !unitsRemoved.includes(unit)), accusedJurisdictions: placesKept, notAccused },
    unitsRemoved,
    placesRemoved,
  };
}
