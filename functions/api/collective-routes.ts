import * as z from 'zod';
import { agreeCaseRepresentatives } from '../../shared/app/agree-representatives.js';
import { staffCaseView } from '../../shared/app/linked-cases.js';
import { MAX_REPRESENTATIVES } from '../../shared/domain/case.js';
import { json } from '../lib/http.js';
import { ACTION_ERRORS, caseAnswer, onCase } from './case-route-docs.js';
import { defineRoute, type ApiRoute } from './route.js';
import { representativeSchema } from './schemas.js';

export const representativesBodySchema = z.strictObject({
  representatives: z
    .array(representativeSchema)
    .min(1, 'name at least one representative')
    .max(MAX_REPRESENTATIVES, `at most ${MAX_REPRESENTATIVES} representatives (《信访工作条例》第二十条)`),
  expectedVersion: z.int().positive().optional(),
});

/** 集体访: the representatives the office agreed with the group (条例 第二十条). */
export const collectiveRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/cases/{caseNumber}/representatives',
    operationId: 'agreeRepresentatives',
    summary: '商定代表: record the representatives agreed with a collective petition’s group (at most 5, 第二十条)',
    description:
      'Replaces the representatives recorded. A petition that named more than 5 has none recorded and `collective.representativesToAgree` set until this is done. The petitions office, a leader or the administrator of the case’s jurisdiction or above.',
    tags: ['Decisions'],
    ...onCase,
    body: { schema: representativesBodySchema },
    responses: [caseAnswer('Recorded.')],
    errors: ACTION_ERRORS,
    handler: async ({ deps, actor, params, body }) => {
      const request = body();
      return json(200, { case: await staffCaseView(deps, actor(), await agreeCaseRepresentatives(deps, params().caseNumber, actor(), request)) });
    },
  }),
];
