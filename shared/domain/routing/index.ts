export type { LearnedRouting, RoutingContext, RoutingRule, RoutingSuggestion, RoutingUnit } from './types.js';
export { contentWords, findWords, type SegmentedText, type WordSegmenter } from './words.js';
export { locateMatter, shortFormOf, type MatterLocation } from './territorial.js';
export {
  chooseDepartments,
  unitFor,
  CLEAR_LEAD_RATIO,
  MAX_HITS_PER_KEYWORD,
  MIN_COOPERATING_SCORE,
  MIN_LEAD_SCORE,
  SUBJECT_WEIGHT,
  type DepartmentChoice,
  type DepartmentScore,
} from './departmental.js';
export {
  legalChannelOf,
  legalRouteOf,
  legalRouteWithheld,
  LEGAL_ROUTE_NOTICES,
  type LegalChannelFinding,
  type LegalRoute,
  type LegalRouteFinding,
  type LegalStage,
} from './legal-route.js';
export { otherBodyFor, type OtherBody } from './other-body.js';
export {
  accusedUnits,
  accusedUnitsOf,
  handlingChain,
  isAccusation,
  matterPlace,
  nearFor,
  reportExclusion,
  unionOfAccused,
  withAccusedUnits,
  DEPARTMENT_STEMS,
  type AccusingMaterial,
  type ReportExclusion,
} from './accused.js';
export { keywordVocabulary, provinceUnits, routingContextFrom, type RoutingConfig } from './context.js';
export { decideRoute, type RoutingDecision, type RoutingInput } from './decide.js';
