import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { caseWithoutHidden, eventsWithoutHidden, hiddenCaseNumbers, mergedRepeatHandles, messagesWithoutHidden } from '../../shared/app/linked-cases.js';
import type { Case, CaseEvent, CaseMessage } from '../../shared/domain/case.js';
import type { Actor } from '../../shared/domain/access.js';

/**
 * Links to other cases as a reader is shown them (shared/app/linked-cases.ts):
 * a case they may not read is named nowhere — not as repeatOf, not in an
 * event, not in what the system wrote, nor in the ids of a repeat merged
 * into the case: those are shown by a handle the file is still read by.
 */
const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));

const OWN = '330122-2026-000020';
const HIDDEN = '330100-2026-000005';
const SHOWN = '330122-2026-000003';

const scope = (caseNumber: string, jurisdiction: string, over: Partial<Case> = {}) => ({ caseNumber, jurisdiction, receivingOffice: jurisdiction, ...over }) as Case;
const records = new Map<string, Case>([
  [HIDDEN, scope(HIDDEN, '330100')],
  [SHOWN, scope(SHOWN, '330122')],
]);
const deps = { store: { getCaseRecord: async (n: string) => records.get(n) }, province };
const countyOffice: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const cityOffice: Actor = { staffId: 'hz-office', jurisdiction: '330100', roles: ['petitionsOffice'] };

describe('linked cases a reader may not read', () => {
  const c = { ...scope(OWN, '330122'), repeatOf: HIDDEN, repeatLinkedBy: 'hz-office', intakeFlags: { repeatSimilarity: 0.9, urgentWords: ['跳楼'] } } as Case;
  const events = [
    { caseNumber: OWN, seq: 2, type: 'repeatLinked', at: '2026-11-20T02:00:00.000Z', actor: 'hz-office', reason: `前案 ${HIDDEN}`, detail: { earlier: HIDDEN } },
    { caseNumber: OWN, seq: 3, type: 'messageReceived', at: '2026-11-20T02:00:00.000Z', actor: 'system:router', detail: { messageId: `repeat:${HIDDEN}`, repeat: HIDDEN, channel: 'visit' } },
    { caseNumber: OWN, seq: 4, type: 'declined', at: '2026-11-20T02:00:00.000Z', actor: 'tonglu-office', reason: `与 ${SHOWN} 为同一事项` },
  ] as CaseEvent[];
  const messages = [
    { caseNumber: OWN, id: `repeat:${HIDDEN}`, direction: 'in', kind: 'repeat', at: '', to: [], subject: '房屋漏水', text: `重复件 ${HIDDEN}（来访）的内容：我在 ${HIDDEN} 也反映过`, messageIds: [], attachments: [{ id: `${HIDDEN}-a1`, key: `attachments/${HIDDEN}/a1-照片.jpg` }] },
    { caseNumber: OWN, id: 'm-in', direction: 'in', at: '', to: [], subject: `关于 ${HIDDEN}`, text: `我写过 ${HIDDEN}`, messageIds: [], attachments: [] },
  ] as unknown as CaseMessage[];

  it('finds the numbers the county may not read, and not those it may', async () => {
    expect(await hiddenCaseNumbers(deps, countyOffice, OWN, [c, events])).toEqual(new Set([HIDDEN]));
    expect(await hiddenCaseNumbers(deps, cityOffice, OWN, [c, events])).toEqual(new Set());
    // A number no case has (removed by retention, mistyped into a reason) is not shown either.
    expect(await hiddenCaseNumbers(deps, cityOffice, OWN, [`见 330100-2026-999999`])).toEqual(new Set(['330100-2026-999999']));
  });

  it('leaves the link out of the case, the 关联为重复件 out of the events, and the number out of what the system wrote', () => {
    const hidden = new Set([HIDDEN]);
    const shown = caseWithoutHidden(c, hidden);
    expect(shown).not.toHaveProperty('repeatOf');
    expect(shown).not.toHaveProperty('repeatLinkedBy');
    expect(shown.intakeFlags).toEqual({ urgentWords: ['跳楼'] });

    const handles = mergedRepeatHandles(events, messages, hidden);
    const trail = eventsWithoutHidden(events, hidden, handles);
    expect(trail.map((e) => e.type)).toEqual(['messageReceived', 'declined']);
    // The material is named by the handle of the event that merged it, not by the repeat's number; the link goes.
    expect(trail[0]!.detail).toEqual({ messageId: 'repeat:merged-3', channel: 'visit' });
    expect(trail[1]!.reason).toBe(`与 ${SHOWN} 为同一事项`);

    const [merged, own] = messagesWithoutHidden(messages, hidden, handles);
    expect(merged!.id).toBe('repeat:merged-3');
    expect(merged!.text).toBe('重复件 另案（来访）的内容：我在 另案 也反映过');
    // The file by its handle, without the storage key that names the repeat.
    expect(merged!.attachments).toEqual([{ id: 'merged-3-a1' }]);
    // The petitioner's own mail, as received.
    expect(own).toEqual(messages[1]);
  });

  it('shows a merged repeat the reader may read by its ids as stored, and one without its event by its place on the case', () => {
    expect(mergedRepeatHandles(events, messages, new Set([SHOWN]))).toEqual(new Map());
    const [merged] = messagesWithoutHidden(messages, new Set([HIDDEN]));
    expect(merged!.id).toBe('repeat:merged-m1');
    expect(merged!.attachments).toEqual([{ id: 'merged-m1-a1' }]);
  });
});
