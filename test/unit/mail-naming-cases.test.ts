import { describe, expect, it } from 'vitest';
import { commitCaseChange } from '../../shared/app/change-case.js';
import type { NotificationInput } from '../../shared/app/notification.js';
import { letters } from '../../shared/app/outbox.js';
import type { CaseCommit } from '../../shared/app/ports.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/**
 * Every change's mail leaves by commitCaseChange, which keeps it from naming
 * a case its recipient may not see (shared/app/mail-naming-cases.ts): a note
 * staff typed naming the city's case reaches 桐庐县's bureau as 另案, the city
 * office as written; the petitioner's letter names their own case, never one
 * that is not theirs.
 */
const province = loadProvinceConfig(DEMO_CONFIG);
const OWN = '330122-2026-000040';
const CITY = '330100-2026-000091';
const REPORT = '330100-2026-000092';

const scope = (caseNumber: string, jurisdiction: string, over: Partial<Case> = {}) =>
  ({ caseNumber, jurisdiction, receivingOffice: jurisdiction, status: 'accepted', petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' }, attachments: [], version: 3, ...over }) as Case;
const records = new Map<string, Case>([
  [OWN, scope(OWN, '330122', { handling: { lead: '330122-housing', cooperating: [] } })],
  [CITY, scope(CITY, '330100')],
  [REPORT, scope(REPORT, '330100', { petitioner: { anonymous: false, name: '李敏', phone: '13900002222' } as Case['petitioner'] })],
]);

const notice = (id: string, to: string[], text: string): NotificationInput => ({ id, kind: 'notice', caseNumber: OWN, to, fromName: '桐庐县信访局', subject: `【转办】${OWN}`, text, autoSubmitted: 'auto-generated' });

async function committed(outbox: NotificationInput[]): Promise<CaseCommit> {
  const commits: CaseCommit[] = [];
  const store = {
    get: async (n: string) => (records.has(n) ? { case: records.get(n)!, events: [], messages: [] } : undefined),
    getCaseRecord: async (n: string) => records.get(n),
    commit: async (change: CaseCommit) => (commits.push(change), 'committed' as const),
  };
  const event = { caseNumber: OWN, seq: 4, type: 'note', at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-office' } as unknown as CaseEvent;
  await commitCaseChange({ store, clock: { now: () => new Date('2026-12-07T02:00:00Z') }, province }, OWN, ({ case: c }) => ({ case: { ...c, version: 4 }, event, outbox: letters(...outbox) }));
  return commits[0]!;
}

describe('the mail a change causes', () => {
  it('names the city’s case to the city office, and 另案 to 桐庐县’s bureau, which may not read it', async () => {
    const note = `与 ${CITY} 为同一事项，请一并办理。`;
    const change = await committed([notice('to-unit', [province.mailboxOf('330122', '330122-housing')], note), notice('to-city', [province.mailboxOf('330100')], note)]);
    const [unit, city] = change.outbox!.map((o) => o.body as NotificationInput);
    expect(unit!.text).toBe('与 另案 为同一事项，请一并办理。');
    expect(city!.text).toBe(note);
  });

  it('names their own case to the petitioner, and not a report by someone else', async () => {
    const change = await committed([notice('to-petitioner', ['zhangwei@163.example'], `您反映的问题与 ${CITY} 为同一事项；${REPORT} 另行处理。`)]);
    expect((change.outbox![0]!.body as NotificationInput).text).toBe(`您反映的问题与 ${CITY} 为同一事项；另案 另行处理。`);
  });
});
