import type { Category } from '../case.js';
import type { DepartmentKind } from '../department.js';
import type { JurisdictionNode, JurisdictionTree } from '../jurisdiction.js';
import type { RoutingModel } from '../routing-model.js';
export type { RoutingSuggestion } from '../routing-model.js';
import type { WordSegmenter } from './words.js';

/**
 * A routing rule as configured (defaults.routingRules, jurisdictions[].routingRules).
 * Declared here, structurally, so the domain does not depend on the config layer;
 * the validated config's RoutingRule is assignable to it.
 */
export interface RoutingRule {
  department: DepartmentKind;
  /** Words or phrases in the petition that point to this department. */
  keywords: readonly string[];
  /**
   * The category of matter the rule is about: the rule is skipped for a case of
   * another category, and suggests this category for a case that has none.
   */
  category?: Category;
  /**
   * The category (求决, 投诉…) a case routed to this department by these
   * keywords is classed as when nobody has classed it and neither its rule's
   * `category` nor its words (投诉, 请求…, categoryFromWords) say one: what the
   * subject implies, so the statistics' 问题类别 is not 未分类 for most of
   * what the router accepts. Unlike `category`, it filters nothing.
   */
  impliesCategory?: Category;
}

/** A handling unit (承办单位) as routing sees it. */
export interface RoutingUnit {
  id: string;
  name: string;
  department: DepartmentKind;
  /** The names of the unit's staff: a report naming one of them accuses the unit (第三十条). */
  people?: readonly string[];
}

/** What decideRoute needs to know about the province, as plain data and look-ups. */
export interface RoutingContext {
  tree: JurisdictionTree<JurisdictionNode>;
  /** The units configured in one jurisdiction (not its subordinates). */
  unitsOf: (code: string) => readonly RoutingUnit[];
  /** The rules that apply to matters in one jurisdiction. */
  rulesFor: (code: string) => readonly RoutingRule[];
  /**
   * The names of a jurisdiction's own officials in the system — its leaders and
   * petitions office, staff in no unit: a report naming one of them accuses that
   * level, which then does not handle it (第三十条).
   */
  officialsOf?: (code: string) => readonly string[];
  /**
   * Whether a jurisdiction's petitions office has staff in the system to triage
   * a case (its petitions office or leaders): a case is handed down only to a
   * level that can handle it. Every office is, when the configuration names no staff at all.
   */
  officeStaffed?: (code: string) => boolean;
  /**
   * Whether a unit has staff in the system who work its cases (a handler or its
   * head): only such a unit can conclude and answer a case (谁承办谁答复), so
   * only such a unit leads one. Every unit is, when the configuration names no staff at all.
   */
  unitStaffed?: (unit: string) => boolean;
  /** Keywords match whole words when given (the router's jieba); substrings otherwise. */
  segmenter?: WordSegmenter;
  /** The office's learned model, consulted when the keyword rules are not confident. */
  learned?: LearnedRouting;
}

export interface LearnedRouting {
  model: RoutingModel;
  /** The model assigns alone at or above this posterior (defaults.learnedRouting.autoAssignConfidence)… */
  autoAssignConfidence: number;
  /** …once it has learned from at least this many staff decisions. */
  minExamples: number;
  /** Below this many staff decisions it does not suggest either (defaults.learnedRouting.minExamplesToSuggest). */
  minExamplesToSuggest: number;
}
