import * as z from 'zod';

/**
 * The audit trail's filters and answer, shared by a case's trail
 * (GET /cases/{caseNumber}/audit) and the administration trail
 * (GET /admin/audit).
 */

export const AUDIT_LIMIT_MAX = 1000;

export const auditQuerySchema = z.strictObject({
  actor: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a staff id (lower-case letters, digits and hyphens), e.g. tonglu-office')
    .max(64)
    .optional(),
  action: z
    .string()
    .regex(/^[a-z][\w:/.-]*$/i, 'must be an action as the trail writes it, e.g. read, accept, read:attachments or redrive:intake')
    .max(200)
    .optional(),
  outcome: z.enum(['allowed', 'denied', 'refused']).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_LIMIT_MAX).default(AUDIT_LIMIT_MAX),
});

export const AUDIT_QUERY_DESCRIPTIONS = {
  actor: 'Only this staff member’s entries (a staff id).',
  action: 'Only this action (`read`, `accept`, …); an action names those under it too: `read:attachments` matches `read:attachments/2`.',
  outcome: '`allowed`, `denied` (out of scope) or `refused` (the rules or the input refused it): only the entries with this outcome.',
  limit: `At most this many entries, newest first (default and most: ${AUDIT_LIMIT_MAX}).`,
};

export const auditEntrySchema = z.object({
  caseNumber: z.string().describe('The case, or `admin` for the administration trail.'),
  at: z.string().describe('When, an ISO instant.'),
  actor: z.string().describe('The staff id (`unknown` when the token named nobody).'),
  action: z.string().describe('`read`, `read:<what>`, an action’s name (`accept`, `extension/decision`, …), or on the administration trail `redrive:<queue>` and `replay`.'),
  outcome: z.enum(['allowed', 'denied', 'refused']).describe('`allowed`; `denied`: out of the staff member’s scope; `refused`: the rules or the input refused it (the error’s code in `detail`).'),
  requestId: z.string().optional(),
  detail: z.string().optional().describe('What the action concerned where its name does not say it (a replayed email’s key), or why it was refused (the error’s code).'),
});

export const auditAnswerSchema = (what: string) =>
  z.object({
    caseNumber: z.string().describe(what),
    entries: z.array(auditEntrySchema).describe('Newest first.'),
    truncated: z.boolean().describe('More entries match than `limit`: the oldest are left out.'),
  });
