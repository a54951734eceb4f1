import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { CaseStore, CaseSummary } from '../../shared/app/ports.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import { sendDigests } from '../../shared/app/sweep/digest.js';

/** No office has held emails (疑似广告) waiting. */
const NONE_HELD = { waiting: async () => ({ count: 0 }) };

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const NOW = '2026-11-23T00:00:00.000Z';

const summary = (caseNumber: string, subject: string, extra: Partial<CaseSummary> = {}): CaseSummary => ({
  caseNumber,
  jurisdiction: '330122',
  status: 'assigned',
  channel: 'letter',
  subject,
  urgent: false,
  registeredAt: '2026-11-01T01:00:00.000Z',
  receivedAt: '2026-11-01T01:00:00.000Z',
  lead: '330122-housing',
  nextDueAt: '2026-11-22T16:00:00.000Z',
  ...extra,
});

/** Work lists as the index answers them: by the lead unit (or the office before a unit has the case). */
function digestsOf(lists: Record<string, CaseSummary[]>) {
  const sent: NotificationInput[] = [];
  const store = {
    workList: async ({ partition }: { partition: { unit: string } | { office: string } }) => lists['unit' in partition ? partition.unit : `office:${partition.office}`] ?? [],
    // 无人承办: the demo's education bureau has nobody, and no cases either.
    workListPage: async () => ({ items: [] }),
  } as unknown as CaseStore;
  const notify = { publish: async (messages: readonly { body: NotificationInput }[]) => void sent.push(...messages.map((m) => m.body)) };
  return sendDigests({ store, province, notify, held: NONE_HELD }, NOW).then(() => sent);
}

describe('daily digests and the units a report accuses (条例第三十条)', () => {
  it('leave out of a unit’s digest a case that has come to accuse it, and keep the rest', async () => {
    const sent = await digestsOf({
      '330122-housing': [
        summary('330122-2026-000101', '城南小区楼顶漏水'),
        // Assigned to the bureau, then the petitioner's later letter accused it.
        summary('330122-2026-000102', '举报住建局危房补助弄虚作假', { accusedUnits: ['330122-housing'] }),
      ],
    });
    const housing = sent.filter((n) => n.to.includes('housing@tonglu.petitions.example'));
    expect(housing).toHaveLength(1);
    expect(housing[0]!.text).toContain('330122-2026-000101');
    expect(housing[0]!.text).not.toContain('330122-2026-000102');
    expect(housing[0]!.text).not.toContain('危房');
    // The link opens the console's 已逾期 list, a page that exists.
    expect(housing[0]!.text).toContain(`工作清单：${province.config.mail.consoleUrl}/?list=overdue`);
  });

  it('send a unit no digest at all when its only case accuses it', async () => {
    const sent = await digestsOf({ '330122-housing': [summary('330122-2026-000102', '举报住建局', { accusedUnits: ['330122-housing'] })] });
    expect(sent.filter((n) => n.to.includes('housing@tonglu.petitions.example'))).toEqual([]);
  });

  it('still list the case to the office', async () => {
    const sent = await digestsOf({ 'office:330122': [summary('330122-2026-000102', '举报住建局', { accusedUnits: ['330122-housing'], lead: undefined })] });
    const office = sent.filter((n) => n.to.includes(province.jurisdiction('330122').office.mailbox));
    expect(office).toHaveLength(1);
    expect(office[0]!.text).toContain('330122-2026-000102');
  });
});
