import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { CaseStore, CaseSummary } from '../../shared/app/ports.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import { sendDigests } from '../../shared/app/sweep/digest.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
/** 08:00 on Monday 7 December 2026 in China. */
const NOW = '2026-12-07T00:00:00.000Z';

/** A letter the office has yet to decide on: its clock is the acceptance decision's, not the handling's. */
const awaitingAcceptance: CaseSummary = {
  caseNumber: '330122-2026-000120',
  jurisdiction: '330122',
  status: 'registered',
  channel: 'letter',
  subject: '春江路路灯损坏',
  urgent: false,
  registeredAt: '2026-11-16T01:00:00.000Z',
  receivedAt: '2026-11-16T01:00:00.000Z',
  nextDueAt: '2026-12-01T16:00:00.000Z',
};

describe('the daily digest to an office', () => {
  it('dates itself as every letter does and calls a case past any of its limits overdue, not 未办结 (it may await only the decision to accept)', async () => {
    const sent: NotificationInput[] = [];
    const store = {
      workList: async ({ partition }: { partition: { unit: string } | { office: string } }) => ('office' in partition && partition.office === '330122' ? [awaitingAcceptance] : []),
      workListPage: async () => ({ items: [] }),
    } as unknown as CaseStore;
    const notify = { publish: async (messages: readonly { body: NotificationInput }[]) => void sent.push(...messages.map((m) => m.body)) };
    await sendDigests({ store, province, notify, held: { waiting: async () => ({ count: 0 }) } }, NOW);

    const digest = sent.find((n) => n.to.includes(province.jurisdiction('330122').office.mailbox))!;
    expect(digest.subject).toBe('【每日提醒】桐庐县信访局：逾期1件，3日内到期0件（2026年12月7日）');
    expect(digest.text).toContain('截至2026年12月7日，');
    expect(digest.text).toContain('已超过期限（1件）：\n- 330122-2026-000120  春江路路灯损坏  期限：2026年12月1日');
    expect(digest.text).not.toMatch(/2026-12-07|未办结/);
  });
});
