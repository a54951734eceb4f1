import { z } from 'zod';
import { CASE_STATUSES } from '../../shared/domain/case.js';
import type { ApiResponse, ErrorStatus } from './route.js';
import { caseNumberParamSchema } from './schemas.js';

/**
 * What the routes on one case have in common: the case number in the path,
 * the answers (the case as it now stands, or an accepted handoff) and the
 * refusals of an action.
 */

/** Spread into a route on /cases/{caseNumber}…: its path parameter, parsed and described. */
export const onCase = {
  params: caseNumberParamSchema,
  describe: { caseNumber: 'The case number (登记编号), e.g. 330122-2026-000042.' },
};

/** The refusals of an action on a case: bad input, out of scope, unknown, stale or disallowed, against a rule. */
export const ACTION_ERRORS: ErrorStatus[] = [400, 403, 404, 409, 422];

// The handlers build these answers by hand (json(…)); the schemas only describe them.
const caseEnvelopeSchema = z.object({
  case: z
    .looseObject({ caseNumber: z.string(), status: z.enum(CASE_STATUSES), version: z.int().positive() })
    .describe('The case as it now stands (further fields: jurisdiction, channel, matter, petitioner, handling, deadlines, …).'),
});
const handoffAcceptedSchema = z.object({
  commandId: z.uuid().describe('The handoff command; the case shows the handoff moments later.'),
  caseNumber: z.string(),
  action: z.enum(['assign', 'transfer', 'return']),
});

/** 200 `{ case }`: the case as it now stands. */
export const caseAnswer = (description: string, extra: Partial<ApiResponse> = {}): ApiResponse => ({
  status: 200,
  description,
  schema: caseEnvelopeSchema,
  ...extra,
});

/** 202 `{ commandId, caseNumber, action }`: checked, and queued for the handoff function. */
export const handoffAnswer = (description: string): ApiResponse => ({
  status: 202,
  description,
  schema: handoffAcceptedSchema,
  location: 'The case, /cases/{caseNumber}.',
});
