/**
 * Routing benchmark (not a test): the departmental decision on 1,200 labelled
 * petitions of the demo province (test/fixtures/routing/petitions.ts), three
 * quarters to learn from and every fourth held out. For the held-out petitions
 * it prints the triage share (left for staff) and the precision of the
 * automatic assignments (the unit's department is the label):
 *
 *   1. keyword rules matched as substrings (the router before word matching),
 *   2. keyword rules matched as whole words (jieba), nothing learned,
 *   3. after learning: the training petitions pass through the router in
 *      order, and each one it leaves in triage is decided by "staff" (its
 *      label) and learned by its office's model — as in production, an
 *      example is a staff decision, not a routed petition.
 *
 * Then the trade-off of the model's confidence threshold on the same split.
 * Pure computation: no local system, no table.
 *
 *   npm run bench:routing          (tsx scripts/bench-routing.ts)
 *   npx tsx scripts/bench-routing.ts --count 2000 --threshold 0.95
 */
import { parseArgs } from 'node:util';
import { jiebaSegmenter } from '../shared/adapters/segmenter.js';
import { loadProvinceConfig } from '../shared/config/province.js';
import type { DepartmentKind } from '../shared/domain/department.js';
import type { Province } from '../shared/domain/province.js';
import { emptyModel, learnExample, type RoutingModel } from '../shared/domain/routing-model.js';
import { contentWords, decideRoute, keywordVocabulary, routingContextFrom, type RoutingContext, type RoutingDecision } from '../shared/domain/routing/index.js';
import { routingBenchmarkPetitions, splitPetitions, type LabelledPetition } from '../test/fixtures/routing/petitions.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1200' },
    threshold: { type: 'string' },
    'min-examples': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npx tsx scripts/bench-routing.ts [--count 1200] [--threshold <0.5–1>] [--min-examples <n>]');
  process.exit(0);
}

const province = loadProvinceConfig('config/province.yaml');
const learnedConfig = province.config.defaults.learnedRouting;
const threshold = values.threshold ? Number(values.threshold) : learnedConfig.autoAssignConfidence;
const minExamples = values['min-examples'] ? Number(values['min-examples']) : learnedConfig.minExamples;
const minExamplesToSuggest = Math.min(minExamples, learnedConfig.minExamplesToSuggest);
const petitions = routingBenchmarkPetitions(Number(values.count));
const { train, test } = splitPetitions(petitions);
// Which department, not who is in the demo's staff list: every unit is taken as staffed (RoutingContext.unitStaffed).
const { unitStaffed: _everyUnitStaffed, ...base } = routingContextFrom(province.config, province.tree);
const segmenter = jiebaSegmenter(keywordVocabulary(province.config));
const withWords: RoutingContext = { ...base, segmenter };

/** The department a decision hands the case to without staff, if any. */
function assignedDepartment(decision: RoutingDecision, p: Province): DepartmentKind | undefined {
  if (decision.kind === 'assign') return p.unit(decision.lead).department;
  if (decision.kind === 'redirect' && decision.transferTo) return p.unit(decision.transferTo.unit).department;
  return undefined;
}

const route = (petition: LabelledPetition, context: RoutingContext) =>
  decideRoute({ ...(petition.subject ? { subject: petition.subject } : {}), matter: petition.matter, receivingOffice: petition.receivingOffice }, context);

interface Score {
  triage: number;
  assigned: number;
  correct: number;
}

function evaluate(set: readonly LabelledPetition[], contextOf: (p: LabelledPetition) => RoutingContext): Score {
  const score: Score = { triage: 0, assigned: 0, correct: 0 };
  for (const petition of set) {
    const department = assignedDepartment(route(petition, contextOf(petition)), province);
    if (department === undefined) score.triage++;
    else {
      score.assigned++;
      if (department === petition.department) score.correct++;
    }
  }
  return score;
}

/** The training petitions through the router, in order; what it leaves in triage, staff decide and the office's model learns. */
function learn(autoAssignConfidence: number): { models: Map<string, RoutingModel>; examples: number } {
  const models = new Map<string, RoutingModel>();
  let examples = 0;
  for (const petition of train) {
    const model = models.get(petition.receivingOffice) ?? emptyModel(petition.receivingOffice);
    const decision = route(petition, { ...withWords, learned: { model, autoAssignConfidence, minExamples, minExamplesToSuggest } });
    if (assignedDepartment(decision, province) !== undefined) continue;
    const words = contentWords(segmenter.segment([petition.subject, petition.matter].filter(Boolean).join('\n')).words);
    models.set(petition.receivingOffice, learnExample(model, petition.department, words));
    examples++;
  }
  return { models, examples };
}

const learnedContext = (models: Map<string, RoutingModel>, autoAssignConfidence: number) => (p: LabelledPetition): RoutingContext => ({
  ...withWords,
  learned: { model: models.get(p.receivingOffice) ?? emptyModel(p.receivingOffice), autoAssignConfidence, minExamples, minExamplesToSuggest },
});

const percent = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} %`);
const row = (label: string, s: Score) =>
  `| ${label} | ${s.triage} / ${test.length} = ${percent(s.triage, test.length)} | ${s.correct} / ${s.assigned} = ${percent(s.correct, s.assigned)} |`;

const departments = new Set(petitions.map((p) => p.department));
console.log(`routing benchmark: ${petitions.length} petitions (${departments.size} departments, ${new Set(petitions.map((p) => p.receivingOffice)).size} offices); learned from ${train.length}, tested on ${test.length} held out`);
console.log(`model: decides alone at confidence ≥ ${threshold} after ≥ ${minExamples} decisions per office (defaults.learnedRouting)\n`);
console.log('| held-out petitions | triage share | precision of automatic assignments |');
console.log('|---|---|---|');
console.log(row('keyword rules, substrings (before)', evaluate(test, () => base)));
console.log(row('keyword rules, whole words (jieba)', evaluate(test, () => withWords)));
const learned = learn(threshold);
console.log(row(`after learning (${learned.examples} staff decisions)`, evaluate(test, learnedContext(learned.models, threshold))));

console.log('\nconfidence threshold (learned and tested with it):\n');
console.log('| threshold | staff decisions learned | triage share | precision |');
console.log('|---|---|---|---|');
for (const t of [0.6, 0.8, 0.9, 0.95, 0.99]) {
  const run = learn(t);
  const s = evaluate(test, learnedContext(run.models, t));
  console.log(`| ${t} | ${run.examples} | ${percent(s.triage, test.length)} | ${percent(s.correct, s.assigned)} |`);
}
