import * as z from 'zod';
import { dismissHeldEmail, registerHeldEmail, type HeldDecisionDeps, type HeldEmail } from '../../shared/app/held-mail.js';
import { replayStoredEmail } from '../../shared/app/operations.js';
import { assertMayRegister } from '../../shared/domain/access.js';
import { json } from '../lib/http.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';
import { divisionCodeSchema } from './schemas.js';

/** A held email as staff see it on the list. */
const heldEmailSchema = z.object({
  id: z.string(),
  office: z.string(),
  reason: z.literal('advertising').describe('疑似广告.'),
  signs: z.array(z.string()).describe('The marketing phrases found (代开发票, 无抵押…).'),
  receivedAt: z.string().describe('When the email arrived; a registration keeps it as the time received.'),
  heldAt: z.string(),
  subject: z.string(),
  from: z.string().optional(),
  excerpt: z.string().describe('The opening of the text (at most 300 characters).'),
  status: z.enum(['held', 'registerRequested', 'registered', 'dismissed']).describe('held: waits for staff; registerRequested: 登记为信访事项 chosen, the intake registers it in moments; registered (with caseNumber); dismissed: 确认无效.'),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  caseNumber: z.string().optional(),
});
const heldParams = z.object({ office: divisionCodeSchema, id: z.string().regex(/^[\dT]{15,24}-[0-9a-f]{16}$/, 'a held email’s id, as the list gives it') });
const listQuery = z.strictObject({ office: divisionCodeSchema, cursor: z.string().max(64).optional() });
const PAGE = 50;

/** What staff see of a held email: everything but the keys the intake keeps (raw mail, idempotency). */
function view(item: HeldEmail): z.infer<typeof heldEmailSchema> {
  const { rawKey: _raw, idempotencyKey: _key, ...shown } = item;
  return shown;
}

function decisionDeps(deps: ApiDeps): HeldDecisionDeps {
  return {
    held: deps.held,
    replay: async (rawKey) => {
      await replayStoredEmail(deps.operations, rawKey, deps.clock.now());
    },
    expire: (rawKey) => deps.mail.expireByAge(rawKey),
  };
}

const WHO = 'The petitions office, registrars and administrators of the office’s jurisdiction or above (403 for others).';

/** 疑似广告: the emails the intake held instead of registering, and the two decisions on them. */
export const heldMailRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/held-mail',
    operationId: 'listHeldMail',
    summary: '疑似广告: the emails an office’s intake held instead of registering, newest first',
    description: `Advertising that passed the mail checks (代开发票, 无抵押贷款, SEO 推广, 加微信领红包…) with no word of a citizen’s own matter is not registered and not answered: it waits here for staff to register it (登记为信访事项) or confirm it is none (确认无效). Decided ones stay on the list with the decision. ${WHO}`,
    tags: ['Cases'],
    query: listQuery,
    describe: { office: 'The office (division code) the mail was sent to.', cursor: 'From the previous page’s answer, unchanged.' },
    responses: [{ status: 200, description: `A page of at most ${PAGE} held emails and the next page’s cursor, if any.`, schema: z.object({ items: z.array(heldEmailSchema), cursor: z.string().optional() }) }],
    errors: [400, 403],
    handler: async ({ deps, actor, query }) => {
      const { office, cursor } = query();
      assertMayRegister(actor(), office, deps.province.tree);
      const page = await deps.held.list(office, PAGE, cursor);
      return json(200, { items: page.items.map(view), ...(page.cursor ? { cursor: page.cursor } : {}) }, { 'cache-control': 'private, no-store' });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/held-mail/{office}/{id}/register',
    operationId: 'registerHeldMail',
    summary: '登记为信访事项: register a held email as a petition',
    description: `The intake registers it as any petition — received when it first arrived, acknowledged to its sender, routed — moments after this answers (202, status \`registerRequested\`; the list then shows \`registered\` with its case number). Pressed again, it asks again and registers nothing twice. 409 after 确认无效. ${WHO}`,
    tags: ['Cases'],
    params: heldParams,
    responses: [{ status: 202, description: 'Handed to the intake to register (or registered already, with its case number).', schema: z.object({ heldEmail: heldEmailSchema }) }],
    errors: [400, 403, 404, 409],
    handler: async ({ deps, actor, params }) => {
      const { office, id } = params();
      const who = actor();
      assertMayRegister(who, office, deps.province.tree);
      const item = await registerHeldEmail(decisionDeps(deps), office, id, who.staffId, deps.clock.now().toISOString());
      return json(202, { heldEmail: view(item) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/held-mail/{office}/{id}/dismiss',
    operationId: 'dismissHeldMail',
    summary: '确认无效: confirm a held email is no petition',
    description: `It stays on the list as 确认无效 (who, when); its stored email expires with the other mail no case holds. The same again answers it as it is. 409 once 登记为信访事项 was chosen. ${WHO}`,
    tags: ['Cases'],
    params: heldParams,
    responses: [{ status: 200, description: 'Confirmed as no petition.', schema: z.object({ heldEmail: heldEmailSchema }) }],
    errors: [400, 403, 404, 409],
    handler: async ({ deps, actor, params }) => {
      const { office, id } = params();
      const who = actor();
      assertMayRegister(who, office, deps.province.tree);
      const item = await dismissHeldEmail(decisionDeps(deps), office, id, who.staffId, deps.clock.now().toISOString());
      return json(200, { heldEmail: view(item) });
    },
  }),
];
