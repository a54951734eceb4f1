import { describe, expect, it } from 'vitest';
import { actOnHeldEmail } from '../../shared/app/intake/hold-advertising.js';
import { heldOutcome, type HeldEmail, type HeldMailStore } from '../../shared/app/held-mail.js';
import type { IntakeDeps, IntakeOutcome } from '../../shared/app/intake/intake-deps.js';
import type { AuditEntry } from '../../shared/app/ports.js';
import type { ParsedEmail } from '../../shared/domain/mail/parsed-email.js';

/** A held email staff asked to register (登记为信访事项), in a store that records what it is moved to. */
function heldStore() {
  const item: HeldEmail = {
    id: '20261207003000-ab12',
    office: '330122',
    reason: 'advertising',
    signs: ['代开各类发票'],
    rawKey: 'raw/xinfang@tonglu.petitions.example/ad1',
    receivedAt: '2026-12-07T00:30:00.000Z',
    heldAt: '2026-12-07T00:30:02.000Z',
    idempotencyKey: 'msg:<ad@example>',
    subject: '代开发票',
    excerpt: '代开各类发票',
    status: 'registerRequested',
    decidedBy: 'tl-office',
    decidedAt: '2026-12-07T02:00:00.000Z',
  };
  const store: Pick<HeldMailStore, 'get' | 'decide'> = {
    get: async () => ({ ...item }),
    decide: async (_office, _id, from, change) => {
      if (item.status !== from) return false;
      Object.assign(item, change);
      return true;
    },
  };
  const audit: { entry: AuditEntry; entryId?: string }[] = [];
  const appendAudit = async (entry: AuditEntry, entryId?: string) => {
    if (!audit.some((a) => entryId && a.entryId === entryId)) audit.push({ entry, ...(entryId ? { entryId } : {}) });
  };
  return { item, audit, deps: { held: store, store: { appendAudit } } as unknown as IntakeDeps };
}

const email = { subject: '代开发票', text: '代开各类发票' } as ParsedEmail;

describe('a held email released for registration', () => {
  it.each<[string, IntakeOutcome]>([
    ['a resend of a case of the day, taken now', { outcome: 'ignored', reason: 'the same text as case 330122-2026-000001, registered within the day' }],
    // A replay after the resend was recorded but before the held item was closed.
    ['a resend of a case of the day, met again', { outcome: 'duplicate', first: 'ignored:resent:330122-2026-000001' }],
    ['a resend of what went on a case below (第十九条) within the day', { outcome: 'ignored', reason: 'the same text as case 330122-2026-000001, added to it within the day' }],
    ['a new case', { outcome: 'duplicate', first: 'registered', caseNumber: '330122-2026-000001' }],
  ])('%s: the held item is marked registered with that case', async (_, taken) => {
    const { item, audit, deps } = heldStore();
    await actOnHeldEmail(deps, heldOutcome(item.office, item.id), email, item.rawKey, async () => taken);
    expect(item).toMatchObject({ status: 'registered', caseNumber: '330122-2026-000001' });
    // Who chose 登记为信访事项, and when, is on the trail of the case it went on.
    expect(audit.map((a) => a.entry)).toEqual([
      { caseNumber: '330122-2026-000001', at: '2026-12-07T02:00:00.000Z', actor: 'tl-office', action: 'register:held-mail', outcome: 'allowed', detail: `330122/${item.id}` },
    ]);
  });

  it('an outcome naming no case leaves it waiting for the intake to finish', async () => {
    const { item, audit, deps } = heldStore();
    await actOnHeldEmail(deps, heldOutcome(item.office, item.id), email, item.rawKey, async () => ({ outcome: 'duplicate', first: 'ignored:autoReply' }));
    expect(item.status).toBe('registerRequested');
    expect(audit).toEqual([]);
  });
});
