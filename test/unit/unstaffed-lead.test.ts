import { describe, expect, it } from 'vitest';
import type { NotificationInput } from '../../shared/app/notification.js';
import type { CasePage, CaseStore, CaseSummary, WorkListQuery } from '../../shared/app/ports.js';
import { sendDigests } from '../../shared/app/sweep/digest.js';
import { workListCounts, workListPage, type WorkListDeps } from '../../shared/app/work-lists.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Actor } from '../../shared/domain/access.js';
import { Province } from '../../shared/domain/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** No office has held emails (疑似广告) waiting. */
const NONE_HELD = { waiting: async () => ({ count: 0 }) };

/**
 * 无人承办: the housing bureau's last two people leave (the staff list no
 * longer names anyone in 330122-housing) while it leads open cases. Nobody
 * can conclude or answer them there, so the office that handed them over
 * has them on a list and is told every day until they are taken back.
 */
const demo = loadProvinceConfig(DEMO_CONFIG);
const province = new Province({ ...demo.config, staff: (demo.config.staff ?? []).filter((s) => s.unit !== '330122-housing') }, demo.calendar);
const NOW = '2026-12-07T02:00:00.000Z';
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };

const summary = (caseNumber: string, lead: string, subject: string): CaseSummary => ({
  caseNumber,
  jurisdiction: '330122',
  status: 'inProgress',
  channel: 'email',
  subject,
  urgent: false,
  registeredAt: '2026-11-20T01:00:00.000Z',
  receivedAt: '2026-11-20T01:00:00.000Z',
  lead,
  nextDueAt: '2027-01-19T16:00:00.000Z',
});

/** The byUnit index: each unit's open cases. */
function storeOf(byUnit: Record<string, CaseSummary[]>) {
  const asked: WorkListQuery[] = [];
  const store = {
    workListPage: async (query: WorkListQuery): Promise<CasePage> => {
      asked.push(query);
      return { items: query.partitions.flatMap((p) => ('unit' in p ? (byUnit[p.unit] ?? []) : [])) };
    },
    workList: async () => [],
    // Every other list (新登记, 待寄送…) is empty here.
    listByJurisdiction: async (): Promise<CasePage> => ({ items: [] }),
    lettersToPostPage: async (): Promise<CasePage> => ({ items: [] }),
    lettersToPhonePage: async (): Promise<CasePage> => ({ items: [] }),
    followUpsDuePage: async (): Promise<CasePage> => ({ items: [] }),
    returnRequestsPage: async (): Promise<CasePage> => ({ items: [] }),
    signOffPage: async (): Promise<CasePage> => ({ items: [] }),
    leaderReadingsPage: async (): Promise<CasePage> => ({ items: [] }),
    supervisingPage: async (): Promise<CasePage> => ({ items: [] }),
    registeredPage: async (): Promise<CasePage> => ({ items: [] }),
    handledPage: async (): Promise<CasePage> => ({ items: [] }),
  };
  return { store, asked };
}

const deps = (store: ReturnType<typeof storeOf>['store'], p: Province = province): WorkListDeps => ({
  store: store as unknown as WorkListDeps['store'],
  province: p,
  clock: { now: () => new Date(NOW) },
});

describe('无人承办: the cases of a unit nobody works for any more', () => {
  it('are on the office’s list, from the units without staff only', async () => {
    const { store, asked } = storeOf({ '330122-housing': [summary('330122-2026-000201', '330122-housing', '城南小区楼顶漏水')] });
    const page = await workListPage(deps(store), office, 'unstaffedLead', { limit: 50 });
    expect(page.items.map((c) => c.caseNumber)).toEqual(['330122-2026-000201']);
    const units = asked[0]!.partitions.map((p) => ('unit' in p ? p.unit : p.office));
    expect(units).toContain('330122-housing');
    // The human-resources bureau still has its handler and head.
    expect(units).not.toContain('330122-hrss');
  });

  it('are counted for the office while there are any, and the list is not offered when there are none', async () => {
    const held = await workListCounts(deps(storeOf({ '330122-housing': [summary('330122-2026-000201', '330122-housing', '漏水')] }).store), office);
    expect(held).toContainEqual({ list: 'unstaffedLead', count: 1 });
    const none = await workListCounts(deps(storeOf({}).store), office);
    expect(none.map((c) => c.list)).not.toContain('unstaffedLead');
    expect(none.map((c) => c.list)).toContain('supervising');
  });

  it('are not a unit’s list', async () => {
    const handler: Actor = { staffId: 'hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler'] };
    await expect(workListPage(deps(storeOf({}).store), handler, 'unstaffedLead', { limit: 50 })).rejects.toThrow(/not one of the work lists/);
  });

  it('are told to the office in the daily run, once a day, naming the unit and each case', async () => {
    const sent: NotificationInput[] = [];
    const ids: string[] = [];
    const notify = { publish: async (messages: readonly { id: string; body: NotificationInput }[]) => void messages.forEach((m) => (ids.push(m.id), sent.push(m.body))) };
    const { store } = storeOf({ '330122-housing': [summary('330122-2026-000201', '330122-housing', '城南小区楼顶漏水'), summary('330122-2026-000202', '330122-housing', '物业费纠纷')] });
    const report = await sendDigests({ store: store as unknown as CaseStore, province, notify, held: NONE_HELD }, NOW);
    const notice = sent.find((n) => n.subject.startsWith('【无人承办】'));
    expect(notice?.to).toEqual([province.jurisdiction('330122').office.mailbox]);
    expect(notice?.subject).toContain('桐庐县住房和城乡建设局');
    expect(notice?.subject).toContain('2件');
    // Dated as every letter is; the id keeps its ISO day.
    expect(notice?.subject).toMatch(/（2026年12月7日）$/);
    expect(notice?.text).toMatch(/^截至2026年12月7日，/m);
    expect(notice?.text).toContain('330122-2026-000201  城南小区楼顶漏水');
    expect(notice?.text).toContain('330122-2026-000202');
    expect(notice?.text).toContain('/?list=unstaffedLead');
    expect(ids).toContain('unstaffed:office:330122:2026-12-07');
    expect(report.unstaffed).toBe(2);
  });

  it('tell nobody while every unit with cases has staff', async () => {
    const sent: NotificationInput[] = [];
    const notify = { publish: async (messages: readonly { body: NotificationInput }[]) => void sent.push(...messages.map((m) => m.body)) };
    const { store } = storeOf({ '330122-housing': [summary('330122-2026-000201', '330122-housing', '漏水')] });
    await sendDigests({ store: store as unknown as CaseStore, province: demo, notify, held: NONE_HELD }, NOW);
    expect(sent.filter((n) => n.subject.startsWith('【无人承办】'))).toEqual([]);
  });
});
