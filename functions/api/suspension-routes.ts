import * as z from 'zod';
import { staffCaseView } from '../../shared/app/linked-cases.js';
import { resumeCaseClock, suspendCaseClock } from '../../shared/app/suspend-clock.js';
import { json } from '../lib/http.js';
import { ACTION_ERRORS, caseAnswer, onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';

const reason = z.string().trim().min(1, 'a reason is required').max(2_000);
const expectedVersion = z.int().positive().optional();

export const suspendBodySchema = z.strictObject({
  ground: z
    .string()
    .regex(/^[a-z][a-zA-Z]{1,39}$/, 'must be a ground id: hearing (听证), appraisal (鉴定) or one the province configures')
    .describe('`hearing` (听证), `appraisal` (鉴定), or a ground in `defaults.suspensionGrounds`.'),
  reason,
  expectedVersion,
});
export const resumeBodySchema = z.strictObject({ reason, expectedVersion });

/**
 * 中止 and its resumption (条例 第三十六条: time spent on a hearing is not
 * counted): take effect at once, like the other decisions.
 */
export const suspensionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/suspend',
    operationId: 'suspendClock',
    summary: '中止: stop the running clock for a hearing, an appraisal or another configured ground',
    description:
      'The handling, review or re-review clock stands still: the sweep sends no reminder or escalation and the case is not overdue. Needs the petitions office, a leader or the administrator of the office holding the case (its jurisdiction; for a review, the reviewing office) — not a level above, which is refused (403) and takes the case up first; refused (422) when the clock is already suspended, the ground unknown or the deadline past.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: suspendBodySchema },
    responses: [caseAnswer('Suspended.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const request = body();
      return json(200, { case: await staffCaseView(deps, actor(), await suspendCaseClock(deps, params().caseNumber, actor(), request)) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/resume',
    operationId: 'resumeClock',
    summary: '恢复计时: resume a suspended clock',
    description:
      'The deadline moves by the days the clock stood still — calendar days (then past a rest day) or working days, as its limit counts — and the 5 working days to object to a handoff with it. The same people as suspend.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: resumeBodySchema },
    responses: [caseAnswer('Resumed.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const request = body();
      return json(200, { case: await staffCaseView(deps, actor(), await resumeCaseClock(deps, params().caseNumber, actor(), request)) });
    },
  }),
];
