import type { DepartmentKind } from '../../domain/department.js';
import { exampleWords, reviewsVocabulary, wordsToForget } from '../../domain/routing-model.js';
import { contentWords, type LearnedRouting, type WordSegmenter } from '../../domain/routing/index.js';
import type { Province } from '../../domain/province.js';
import type { RoutingRequest } from '../notification.js';
import type { CaseRecords } from '../ports.js';
import type { RoutingModels } from './routing-models.js';

/** What the router needs to use and teach the offices' learned models. */
export interface LearnedRoutingDeps {
  models: RoutingModels;
  segmenter: WordSegmenter;
}

export interface LearnDeps extends LearnedRoutingDeps {
  store: Pick<CaseRecords, 'getCaseRecord'>;
  province: Province;
}

export type LearnOutcome = {
  outcome: 'learned' | 'alreadyLearned' | 'notFound' | 'unitGone';
  caseNumber: string;
  department?: string;
  /** Words the department forgot to stay within its vocabulary limit, when this decision was the one to look. */
  forgotten?: number;
};

/** A staff decision on a case from the triage list, as the outbox of that decision hands it to the router. */
export type DecidedRequest = RoutingRequest & { decision: NonNullable<RoutingRequest['decision']> };

/**
 * Learns one staff routing decision: the case's subject and matter, cut into
 * words, count for the department of the lead unit staff chose, in the model
 * of the office whose triage list held the case. Idempotent: the decision's
 * id is learned once (a conditional write), however often it is delivered.
 */
export async function learnFromDecision(deps: LearnDeps, request: DecidedRequest): Promise<LearnOutcome> {
  const { caseNumber, decision } = request;
  const found = await deps.store.getCaseRecord(caseNumber);
  if (!found) return { outcome: 'notFound', caseNumber };
  const unit = deps.province.config.jurisdictions.flatMap((j) => j.units).find((u) => u.id === decision.lead);
  // A unit removed since the decision says nothing about today's departments.
  if (!unit) return { outcome: 'unitGone', caseNumber };
  const text = [found.subject, found.matter].filter((part) => part).join('\n');
  const words = exampleWords(contentWords(deps.segmenter.segment(text).words));
  const learned = await deps.models.learn({
    exampleId: decision.id,
    jurisdiction: decision.office,
    department: unit.department,
    words,
    caseNumber,
    at: decision.at,
  });
  // Looked at again on a redelivery (the choice is by the decision's id), so a review that failed is not skipped.
  const forgotten = reviewsVocabulary(decision.id) ? await keepVocabularyWithinLimit(deps.models, decision.office, unit.department) : 0;
  return { outcome: learned ? 'learned' : 'alreadyLearned', caseNumber, department: unit.department, ...(forgotten > 0 ? { forgotten } : {}) };
}

/** Forgets a department's rarest words once its vocabulary is past the limit (wordsToForget); answers how many. */
export async function keepVocabularyWithinLimit(models: RoutingModels, office: string, department: DepartmentKind): Promise<number> {
  const counts = await models.department(office, department);
  const forget = counts ? wordsToForget(counts.words) : [];
  return forget.length > 0 ? models.forget(office, department, forget, counts!.examples) : 0;
}

/** The office's model with the province's thresholds, for decideRoute. */
export async function learnedRoutingFor(deps: LearnedRoutingDeps & { province: Province }, office: string): Promise<LearnedRouting> {
  const { autoAssignConfidence, minExamples, minExamplesToSuggest } = deps.province.config.defaults.learnedRouting;
  return { model: await deps.models.load(office), autoAssignConfidence, minExamples, minExamplesToSuggest };
}
