import { describe, expect, it } from 'vitest';
import { commitCaseChange } from '../../shared/app/change-case.js';
import type { CaseCommit, CaseWithEvents } from '../../shared/app/ports.js';
import type { Case } from '../../shared/domain/case.js';
import { handedOnFrom } from '../../shared/domain/ledger.js';
import { applyCommand } from '../../shared/domain/lifecycle.js';

/**
 * 交办转送: a case held by another jurisdiction than the office that received
 * it has an entry under that office, which its statistics read — a case sent
 * sideways to a sibling county (转送) or up the tree is not held in the
 * receiving office's subtree, so its partitions never show it. The change
 * that moves the case moves the entry, in the same transaction.
 */

const received: Case = {
  caseNumber: '330122-2026-000077',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'accepted',
  matter: '反映邻县民宿噪音问题。',
  petitioner: { anonymous: false, name: '李娜' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-09-01T01:00:00.000Z',
  registeredAt: '2026-09-01T01:05:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: {},
  attachments: [],
  version: 3,
  updatedAt: '2026-09-01T02:00:00.000Z',
};

/** commitCaseChange over a store holding `c`, deciding `command`: what it hands the store to commit. */
async function committed(c: Case, decide: (c: Case, at: string) => ReturnType<typeof applyCommand>): Promise<CaseCommit> {
  const commits: CaseCommit[] = [];
  const found: CaseWithEvents = { case: c, events: [], messages: [] };
  await commitCaseChange(
    {
      store: { get: async () => found, getCaseRecord: async () => c, commit: async (change) => (commits.push(change), 'committed') },
      clock: { now: () => new Date('2026-09-02T02:00:00.000Z') },
    },
    c.caseNumber,
    (f, at) => decide(f.case, at),
  );
  return commits[0]!;
}

const transferTo = (to: string) => (c: Case, at: string) => applyCommand(c, { action: 'transfer', toJurisdiction: to, reason: '属淳安县管辖' }, { at, actor: 'tonglu-office' });

describe('the 交办转送 entry', () => {
  it('names the receiving office and the holder while they differ', () => {
    expect(handedOnFrom(received)).toBeUndefined();
    expect(handedOnFrom({ ...received, jurisdiction: '330127' })).toEqual({ office: '330122', holder: '330127' });
  });

  it('is put by the change that sends the case sideways to a sibling county', async () => {
    expect((await committed(received, transferTo('330127'))).handedOnEntry).toEqual({ office: '330122', holder: '330127' });
  });

  it('is put again, naming the new holder, when the case moves on', async () => {
    const atChunan = { ...received, jurisdiction: '330127' };
    expect((await committed(atChunan, transferTo('330100'))).handedOnEntry).toEqual({ office: '330122', holder: '330100' });
  });

  it('is removed when the case comes back to the office that received it', async () => {
    const atChunan = { ...received, jurisdiction: '330127' };
    expect((await committed(atChunan, transferTo('330122'))).handedOnEntry).toBe('remove');
  });

  it('is left as it is by a change that does not move the case', async () => {
    const atChunan = { ...received, jurisdiction: '330127' };
    const assign = (c: Case, at: string) => applyCommand(c, { action: 'assign', lead: '330127-housing' }, { at, actor: 'chunan-office' });
    expect((await committed(atChunan, assign)).handedOnEntry).toBeUndefined();
    expect((await committed(received, assign)).handedOnEntry).toBeUndefined();
  });
});
