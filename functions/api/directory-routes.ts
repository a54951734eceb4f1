import * as z from 'zod';
import { callerEntry, directoryOf } from '../../shared/app/directory.js';
import { STAFF_ROLES } from '../../shared/domain/department.js';
import { json } from '../lib/http.js';
import { defineRoute, type ApiRoute } from './route.js';
import { divisionCodeSchema } from './schemas.js';

const staffEntrySchema = z.object({
  id: z.string().describe('The staff id (on AWS, the Cognito username).'),
  name: z.string(),
  jurisdiction: divisionCodeSchema,
  unit: z.string().optional().describe('The unit the staff member works in; absent for the petitions office itself.'),
  roles: z.array(z.enum(STAFF_ROLES)),
  leaderPost: z.enum(['principal', 'inChargeOfPetitions']).optional().describe('A leader’s post at their level, where the configuration names them: the principal leader (主要负责同志) or the one in charge of petitions work (分管信访工作的负责同志).'),
});

const directorySchema = z.object({
  jurisdictions: z
    .array(
      z.object({
        code: divisionCodeSchema,
        name: z.string(),
        parent: divisionCodeSchema.optional().describe('Absent for the province.'),
        office: z.object({ name: z.string().describe('The petitions office, e.g. 桐庐县信访局.') }),
        units: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            aliases: z.array(z.string()).describe('What staff call its kind of department for short (住建, 人社, 市监…) that its name does not contain: to find it by.'),
            unstaffed: z
              .literal(true)
              .optional()
              .describe('Nobody in the system works there (no handler, no unit head): it cannot lead a case — 分办, 交办 and 转办 naming it as lead are refused with 422 — but may cooperate.'),
          }),
        ),
        extension: z
          .object({ maxDays: z.int().min(1).max(30), requestLeadWorkingDays: z.int().min(0) })
          .describe('Its extension rules (延期): at most `maxDays` days, asked for at least `requestLeadWorkingDays` working days before the handling deadline (defaults.extension, and the jurisdiction’s own).'),
      }),
    )
    .describe('The jurisdiction tree, each with its parent, in the configuration’s order.'),
  staff: z.array(staffEntrySchema),
  suspensionGrounds: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe('The grounds a clock may be suspended on (中止): hearing (听证), appraisal (鉴定) and those in `defaults.suspensionGrounds`, with their names.'),
});

/**
 * Who is who: what the console needs to show names for the codes and ids a
 * case carries, on AWS as locally. Config data, the same for every caller, so
 * a browser may keep it five minutes; the caller's own entry is never kept (a
 * browser shared by two staff members must not show one the other's roles).
 */
export const directoryRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/directory',
    operationId: 'getDirectory',
    summary: 'The province’s jurisdictions, their offices and units, and its staff, by name',
    description:
      'From the province configuration: each jurisdiction with its parent, its petitions office’s name and its units, and each staff member with their jurisdiction, unit and roles, and the grounds a clock may be suspended on. Any signed-in staff member may read it. No contact data: no mailboxes, email addresses or phone numbers. Answered with `Cache-Control: private, max-age=300`.',
    tags: ['Directory'],
    responses: [{ status: 200, description: 'The directory.', schema: directorySchema }],
    errors: [403],
    handler: async ({ deps, actor }) => {
      actor(); // only for staff: 401 without a token, 403 for one naming nobody configured
      return json(200, directoryOf(deps.province), { 'cache-control': 'private, max-age=300' });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    summary: 'The caller, as the configuration describes them',
    description:
      'The staff member the token names: id, name, jurisdiction, unit and roles — what the access rules decide by. A console signed in by OIDC takes the signed-in person from here rather than from the token’s claims. A token naming no configured staff member is refused with 403. Never cached (`Cache-Control: private, no-store`).',
    tags: ['Directory'],
    responses: [{ status: 200, description: 'The caller’s entry in the directory.', schema: staffEntrySchema }],
    errors: [403],
    handler: async ({ deps, actor }) => json(200, callerEntry(deps.province, actor()), { 'cache-control': 'private, no-store' }),
  }),
];
