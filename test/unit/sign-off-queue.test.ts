import { describe, expect, it } from 'vitest';
import { parseProvinceConfig } from '../../shared/config/province.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { concludeCase } from '../../shared/app/closing/closing.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import type { Actor } from '../../shared/domain/access.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { mayApproveWaiting, signOffPost, signOffPostsRead, signOffWaitingOf, type SignOffWaiting } from '../../shared/domain/reply-signoff.js';
import { workListsOf } from '../../shared/domain/work-lists.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 待签发: who has the list, where a waiting letter is kept, who reads it, and the letter to the approvers when it starts to wait. */

function provinceWith(rule: 'unitHead' | 'leader') {
  const raw = structuredClone(readConfigFile(DEMO_CONFIG)) as { jurisdictions: { code: string; replySignOff?: string }[] };
  raw.jurisdictions.find((j) => j.code === '330122')!.replySignOff = rule;
  return parseProvinceConfig(raw, 'test', loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname));
}

const handler: Actor = { staffId: 'tonglu-hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] };
const head: Actor = { staffId: 'tonglu-hrss-head', jurisdiction: '330122', unit: '330122-hrss', roles: ['unitHead'] };
const leader: Actor = { staffId: 'tonglu-leader-petitions', jurisdiction: '330122', roles: ['leader'] };
const cityLeader: Actor = { staffId: 'hz-leader-petitions', jurisdiction: '330100', roles: ['leader'] };

const working: Case = {
  caseNumber: '330122-2026-000321',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  category: 'request',
  subject: '拖欠工资',
  matter: '某公司拖欠工资三个月。',
  petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-02T02:00:00.000Z',
  registeredAt: '2026-11-02T02:00:01.000Z',
  registeredBy: 'system:intake',
  acceptedAt: '2026-11-02T03:00:00.000Z',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2027-01-01T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-11-02T03:00:00.000Z',
};
const RESULT = { facts: '查明欠薪属实。', basis: '《保障农民工工资支付条例》。', decision: '责令限期支付。', outcome: 'supported' as const };

function storeOf(c: Case) {
  let current = c;
  const commits: CaseCommit[] = [];
  return {
    store: {
      get: async () => ({ case: current, events: [] as CaseEvent[], messages: [] }),
      getCaseRecord: async () => current,
      commit: async (change: CaseCommit) => ((current = change.case), commits.push(change), 'committed' as const),
    },
    current: () => current,
    commits,
  };
}

describe('who has 待签发', () => {
  it('unit heads and leaders; not a unit’s handler nor the petitions office', () => {
    expect(workListsOf(head)).toContain('awaitingSignOff');
    expect(workListsOf(leader)).toContain('awaitingSignOff');
    expect(workListsOf(handler)).not.toContain('awaitingSignOff');
    expect(workListsOf({ roles: ['petitionsOffice'] })).not.toContain('awaitingSignOff');
  });
});

describe('办结 where the office requires a sign-off', () => {
  const at = new Date('2026-11-23T02:00:00Z');

  it('puts the letter on the unit’s 待签发 and emails the unit’s head — not the handler who concluded — in the same change', async () => {
    const province = provinceWith('unitHead');
    const s = storeOf(working);
    await concludeCase({ store: s.store, province, clock: { now: () => at } } as never, working.caseNumber, handler, RESULT);
    const [commit] = s.commits;
    expect(commit!.signOffEntry).toEqual({ jurisdiction: '330122', rule: 'unitHead', unit: '330122-hrss', authors: ['tonglu-hrss-handler'], since: at.toISOString(), approvers: ['tonglu-hrss-head'] });
    const mails = (commit!.outbox ?? []).filter((m) => m.id.startsWith('sign-off-request:'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.id).toBe(`sign-off-request:${working.caseNumber}:6`);
    const body = mails[0]!.body as { to: string[]; text: string };
    expect(body.to).toEqual([province.staff('tonglu-hrss-head')!.email]);
    expect(body.text).toContain('《信访事项处理意见书》须经审核签发后才能答复信访人');
    expect(body.text).not.toContain('原签发随之作废');
  });

  it('tells nobody and lists nothing where the office requires none', async () => {
    const raw = structuredClone(readConfigFile(DEMO_CONFIG));
    const province = parseProvinceConfig(raw, 'test', loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname));
    const s = storeOf(working);
    await concludeCase({ store: s.store, province, clock: { now: () => at } } as never, working.caseNumber, handler, RESULT);
    expect(s.commits[0]!.signOffEntry).toBeUndefined();
    expect((s.commits[0]!.outbox ?? []).some((m) => m.id.startsWith('sign-off-request:'))).toBe(false);
  });
});

describe('reading the 待签发 partitions', () => {
  const province = provinceWith('leader');
  const units = (code: string) => province.jurisdiction(code).units.map((u) => u.id);
  const waiting: SignOffWaiting = { jurisdiction: '330122', rule: 'leader', authors: ['tonglu-hrss-handler'], since: '2026-11-23T02:00:00.000Z' };

  it('a unit head reads their unit; a leader their office, its units, and the levels below with too few leaders to be sure of one', () => {
    expect(signOffPostsRead(head, province, province.tree, units)).toEqual([{ unit: '330122-hrss' }]);
    expect(signOffPostsRead(handler, province, province.tree, units)).toEqual([]);
    const countyPosts = signOffPostsRead(leader, province, province.tree, units);
    expect(countyPosts[0]).toEqual({ office: '330122' });
    expect(countyPosts).toContainEqual({ unit: '330122-hrss' });
    // 桐庐 has two leaders: both may have written a letter, so it can fall to the city's.
    expect(signOffPostsRead(cityLeader, province, province.tree, units)).toContainEqual({ office: '330122' });
    expect(signOffPost(waiting)).toEqual({ office: '330122' });
  });

  it('keeps the letter to whom it falls now: the county’s other leader, the city’s only when both county leaders wrote it', () => {
    expect(mayApproveWaiting(leader, waiting, province, province.tree)).toBe(true);
    expect(mayApproveWaiting(cityLeader, waiting, province, province.tree)).toBe(false);
    expect(mayApproveWaiting(head, waiting, province, province.tree)).toBe(false);
    const bothWrote = { ...waiting, authors: province.leadersOf('330122') };
    expect(mayApproveWaiting(leader, bothWrote, province, province.tree)).toBe(false);
    expect(mayApproveWaiting(cityLeader, bothWrote, province, province.tree)).toBe(true);
  });

  it('a case stops waiting once signed off', () => {
    const concluded = { ...working, status: 'concluded' as const, result: { ...RESULT, concludedAt: '2026-11-23T02:00:00.000Z', concludedBy: 'tonglu-hrss-handler', unit: '330122-hrss', signOff: { rule: 'leader' as const } } };
    expect(signOffWaitingOf(concluded)).toMatchObject({ rule: 'leader', authors: ['tonglu-hrss-handler'] });
    expect(signOffWaitingOf({ ...concluded, result: { ...concluded.result, signOff: { rule: 'leader', at: '2026-11-24T01:00:00.000Z', by: 'tonglu-leader-petitions' } } })).toBeUndefined();
  });
});
