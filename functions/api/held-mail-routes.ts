import * as z from 'zod';
import { dismissHeldEmail, HELD_REASONS, registerHeldEmail, type HeldDecisionDeps, type HeldEmail } from '../../shared/app/held-mail.js';
import { replayStoredEmail } from '../../shared/app/operations.js';
import { heldMailTrail, type AuditEntry } from '../../shared/app/ports.js';
import { assertMayRegister, type Actor } from '../../shared/domain/access.js';
import { DomainError, OutOfScope } from '../../shared/domain/errors.js';
import { json, type HttpEvent } from '../lib/http.js';
import { recordDone } from './audit.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './route.js';
import { divisionCodeSchema } from './schemas.js';

/** A held email as staff see it on the list. */
const heldEmailSchema = z.object({
  id: z.string(),
  office: z.string(),
  reason: z.enum(HELD_REASONS).describe('advertising: 疑似广告; noOfficeMailbox: sent to an address that is no office mailbox (any more: 信箱已停用), held for the office it belonged to, else the province office.'),
  signs: z.array(z.string()).describe('What staff judge by: the marketing phrases found (代开发票, 无抵押…), or the address it was sent to (信箱已停用：xinfang-old@…).'),
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
const heldIdSchema = z.string().regex(/^[\dT]{15,24}-[0-9a-f]{16}$/, 'a held email’s id, as the list gives it');
const heldParams = z.object({ office: divisionCodeSchema, id: heldIdSchema });
const listQuery = z.strictObject({ office: divisionCodeSchema, status: z.enum(['waiting', 'decided']).default('waiting'), cursor: heldIdSchema.optional() });
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

/**
 * Every read of the list (it shows senders' addresses and excerpts) and every decision goes on the office's
 * trail (heldMailTrail): who, when, which ids — never the text. A read is answered only once its entry is stored;
 * a decision once made, its entry tried again (recordDone). Outside the caller's scope: `denied`; refused by the rules: `refused`.
 */
async function withTrail<T>(deps: ApiDeps, event: HttpEvent, who: Actor, office: string, action: string, act: () => Promise<{ result: T; detail: string }>, read: boolean): Promise<T> {
  const entry = (outcome: AuditEntry['outcome'], detail: string): AuditEntry => ({
    caseNumber: heldMailTrail(office),
    at: deps.clock.now().toISOString(),
    actor: who.staffId,
    action,
    outcome,
    requestId: event.requestContext.requestId,
    detail,
  });
  let done: { result: T; detail: string };
  try {
    done = await act();
  } catch (error) {
    if (error instanceof OutOfScope) await deps.store.appendAudit(entry('denied', action));
    else if (error instanceof DomainError) await deps.store.appendAudit(entry('refused', error.code));
    throw error;
  }
  if (read) await deps.store.appendAudit(entry('allowed', done.detail));
  else await recordDone(entry('allowed', done.detail), deps.store, undefined);
  return done.result;
}

const WHO = 'The petitions office, registrars and administrators of the office’s jurisdiction or above (403 for others).';

/** 疑似广告: the emails the intake held instead of registering, and the two decisions on them. */
export const heldMailRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/held-mail',
    operationId: 'listHeldMail',
    summary: '暂存邮件 (疑似广告, 信箱已停用): the emails an office’s intake held instead of registering, those waiting oldest first',
    description: `Advertising that passed the mail checks (代开发票, 无抵押贷款, SEO 推广, 加微信领红包…) with no word of a citizen’s own matter is not registered and not answered — nor is mail stored for an address that is no office mailbox (any more: \`reason: noOfficeMailbox\`, on the list of the office it belonged to, else the province office’s) —: it waits here for staff to register it (登记为信访事项) or confirm it is none (确认无效). By default only those that wait (\`held\`, and \`registerRequested\` until the intake has registered it), oldest first; \`status=decided\`: the registered and dismissed ones, newest first (a page may come back short, even empty, with a cursor). \`waiting\`: how many wait in all. Every read is on the office’s trail (who, when, which ids). ${WHO}`,
    tags: ['Cases'],
    query: listQuery,
    describe: {
      office: 'The office (division code) the mail was sent to.',
      status: '`waiting` (the default): those waiting for staff, oldest first; `decided`: registered or dismissed, newest first.',
      cursor: 'From the previous page’s answer, unchanged.',
    },
    responses: [
      {
        status: 200,
        description: `A page of at most ${PAGE} held emails, the next page’s cursor if any, and how many wait.`,
        schema: z.object({ items: z.array(heldEmailSchema), cursor: z.string().optional(), waiting: z.number().int().describe('How many of the office’s held emails wait for staff (the whole list, not this page).') }),
      },
    ],
    errors: [400, 403],
    handler: async ({ event, deps, actor, query }) => {
      const { office, status, cursor } = query();
      const who = actor();
      const answer = await withTrail(
        deps,
        event,
        who,
        office,
        'read:held-mail',
        async () => {
          assertMayRegister(who, office, deps.province.tree);
          const [page, waiting] = await Promise.all([deps.held.list(office, { status, limit: PAGE, ...(cursor ? { cursor } : {}) }), deps.held.waiting(office)]);
          const result = { items: page.items.map(view), ...(page.cursor ? { cursor: page.cursor } : {}), waiting: waiting.count };
          return { result, detail: `${status}${cursor ? ` after ${cursor}` : ''}: ${page.items.map((item) => item.id).join(',') || '—'}` };
        },
        true,
      );
      return json(200, answer, { 'cache-control': 'private, no-store' });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/held-mail/{office}/{id}/register',
    operationId: 'registerHeldMail',
    summary: '登记为信访事项: register a held email as a petition',
    description: `The intake takes it on as any new email from the point the hold was decided — a matter handled below (第十九条) is linked there, a 补充 goes on the sender’s open case, otherwise it is registered, received when it first arrived, acknowledged to its sender, routed — moments after this answers (202, status \`registerRequested\`; it then leaves the waiting list, \`registered\` with its case number). Pressed again, it asks again and registers nothing twice. 409 after 确认无效 (also when both are pressed at once and 确认无效 came first). On the office’s trail. ${WHO}`,
    tags: ['Cases'],
    params: heldParams,
    responses: [{ status: 202, description: 'Handed to the intake to register (or registered already, with its case number).', schema: z.object({ heldEmail: heldEmailSchema }) }],
    errors: [400, 403, 404, 409],
    handler: async ({ event, deps, actor, params }) => {
      const { office, id } = params();
      const who = actor();
      const item = await withTrail(deps, event, who, office, 'register:held-mail', async () => {
        assertMayRegister(who, office, deps.province.tree);
        const result = await registerHeldEmail(decisionDeps(deps), office, id, who.staffId, deps.clock.now().toISOString());
        return { result, detail: `${id}${result.caseNumber ? ` → ${result.caseNumber}` : ''}` };
      }, false);
      return json(202, { heldEmail: view(item) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/held-mail/{office}/{id}/dismiss',
    operationId: 'dismissHeldMail',
    summary: '确认无效: confirm a held email is no petition',
    description: `It leaves the waiting list (shown with \`status=decided\` as 确认无效, who, when); its stored email expires with the other mail no case holds. The same again answers it as it is. 409 once 登记为信访事项 was chosen (also when both are pressed at once and 登记 came first). On the office’s trail. ${WHO}`,
    tags: ['Cases'],
    params: heldParams,
    responses: [{ status: 200, description: 'Confirmed as no petition.', schema: z.object({ heldEmail: heldEmailSchema }) }],
    errors: [400, 403, 404, 409],
    handler: async ({ event, deps, actor, params }) => {
      const { office, id } = params();
      const who = actor();
      const item = await withTrail(deps, event, who, office, 'dismiss:held-mail', async () => {
        assertMayRegister(who, office, deps.province.tree);
        return { result: await dismissHeldEmail(decisionDeps(deps), office, id, who.staffId, deps.clock.now().toISOString()), detail: id };
      }, false);
      return json(200, { heldEmail: view(item) });
    },
  }),
];
