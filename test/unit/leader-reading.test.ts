import { describe, expect, it } from 'vitest';
import { parseProvinceConfig } from '../../shared/config/province.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case } from '../../shared/domain/case.js';
import { leadersReading, markLeaderRead, readingVoidReason, submitForLeaderReading, withInstructionAnswering } from '../../shared/domain/leader-reading.js';
import { workListsOf } from '../../shared/domain/work-lists.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 呈领导阅批, the pure rules: whom a case may be put before, one wait per leader, and how it is answered. */

const province = parseProvinceConfig(readConfigFile(DEMO_CONFIG), 'test', loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname));
const tree = province.tree;
const named = (id: string) => province.staff(id);
const meta = { at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-office' };
const office: Actor = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice'] };
const principal: Actor = { staffId: 'tonglu-leader-principal', jurisdiction: '330122', roles: ['leader'] };

const working: Case = {
  caseNumber: '330122-2026-000057',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'inProgress',
  subject: '化工厂夜间偷排废水',
  matter: '反映城南化工厂夜间向富春江偷排废水。',
  petitioner: { anonymous: false, name: '王建华', phone: '13900002222' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-housing', cooperating: [] },
  receivedAt: '2026-12-01T01:15:00.000Z',
  registeredAt: '2026-12-01T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: {},
  attachments: [],
  version: 4,
  updatedAt: '2026-12-02T01:00:00.000Z',
};
const request = (leader: string, opinion = '拟转县生态环境局牵头核查，请领导阅示。') => ({ leader, opinion });

describe('呈领导阅批', () => {
  it('puts the case before a leader of its county or a level above, one wait per leader', () => {
    const submitted = submitForLeaderReading(working, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)!;
    expect(submitted.reading).toMatchObject({ seq: 5, leader: 'tonglu-leader-principal', status: 'waiting', submittedBy: 'tonglu-office' });
    expect(submitted.event).toMatchObject({ type: 'leaderReadingSubmitted', seq: 5, detail: { leader: 'tonglu-leader-principal' } });
    expect(leadersReading(submitted.case)).toEqual(['tonglu-leader-principal']);
    // The same submission again (a retry) is no change; another proposal to the same leader while it waits is refused.
    expect(submitForLeaderReading(submitted.case, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)).toBeUndefined();
    expect(() => submitForLeaderReading(submitted.case, request('tonglu-leader-principal', '请领导阅示。'), named('tonglu-leader-principal'), tree, meta)).toThrow(expect.objectContaining({ chinese: '该事项已呈该领导阅批，尚待阅批，不能重复呈批' }));
    // The city's leader is above the county: allowed too, alongside.
    const both = submitForLeaderReading(submitted.case, request('hz-leader-petitions'), named('hz-leader-petitions'), tree, meta)!;
    expect(leadersReading(both.case)).toEqual(['tonglu-leader-principal', 'hz-leader-petitions']);
  });

  it('refuses, in Chinese, a unit head, a leader of another county, an empty proposal and an archived case', () => {
    expect(() => submitForLeaderReading(working, request('tonglu-housing-head'), named('tonglu-housing-head'), tree, meta)).toThrow(expect.objectContaining({ chinese: '所选人员不是领导，不能呈其阅批' }));
    expect(() => submitForLeaderReading(working, request('nobody'), undefined, tree, meta)).toThrow(expect.objectContaining({ chinese: '所选人员不是领导，不能呈其阅批' }));
    expect(() => submitForLeaderReading(working, request('chunan-leader-principal'), named('chunan-leader-principal'), tree, meta)).toThrow(expect.objectContaining({ chinese: '所选领导不属于本辖区或上级机关，不能呈其阅批' }));
    expect(() => submitForLeaderReading(working, request('tonglu-leader-principal', '  '), named('tonglu-leader-principal'), tree, meta)).toThrow(expect.objectContaining({ chinese: '请填写拟办意见' }));
    expect(() => submitForLeaderReading({ ...working, status: 'archived' }, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)).toThrow(expect.objectContaining({ chinese: '已归档的信访事项不能再呈领导阅批' }));
  });

  it('is answered by the leader’s 已阅 or their 批示, not another leader’s', () => {
    const waiting = submitForLeaderReading(working, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)!.case;
    expect(() => markLeaderRead(waiting, { staffId: 'tonglu-leader-petitions' }, meta.at)).toThrow(expect.objectContaining({ chinese: '该事项没有呈您阅批、尚待阅批的记录' }));
    const read = markLeaderRead(waiting, principal, '2026-12-07T03:00:00.000Z')!;
    expect(read.case.leaderReadings![0]).toMatchObject({ status: 'read', answeredAt: '2026-12-07T03:00:00.000Z' });
    expect(read.event).toMatchObject({ type: 'leaderReadingAnswered', seq: 6, detail: { submitted: 5, status: 'read' } });
    expect(leadersReading(read.case)).toEqual([]);
    expect(markLeaderRead(read.case, principal, '2026-12-07T05:00:00.000Z')).toBeUndefined();

    expect(withInstructionAnswering(waiting, 'tonglu-leader-petitions', meta.at, 6).answered).toBeUndefined();
    const instructed = withInstructionAnswering(waiting, 'tonglu-leader-principal', '2026-12-07T04:00:00.000Z', 6);
    expect(instructed.answered).toBe(5);
    expect(instructed.case.leaderReadings![0]).toMatchObject({ status: 'instructed', answeredAt: '2026-12-07T04:00:00.000Z', instructionSeq: 6 });
  });

  it('offers 呈领导阅批 to the office and 已阅 only to the leader it waits on; a leader has 待阅批', () => {
    const waiting = submitForLeaderReading(working, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)!.case;
    expect(allowedActions(office, waiting, tree)).toContain('submitLeaderReading');
    expect(allowedActions(office, waiting, tree)).not.toContain('markLeaderRead');
    expect(allowedActions(principal, waiting, tree)).toContain('markLeaderRead');
    expect(allowedActions({ ...principal, staffId: 'tonglu-leader-petitions' }, waiting, tree)).not.toContain('markLeaderRead');
    expect(workListsOf(principal)).toContain('leaderReadings');
    expect(workListsOf(office)).not.toContain('leaderReadings');
  });

  it('no longer waits on a leader who may not read the case, nor once the case ended (已失效, with why)', () => {
    const waiting = submitForLeaderReading(working, request('tonglu-leader-principal'), named('tonglu-leader-principal'), tree, meta)!.case;
    expect(leadersReading(waiting, province)).toEqual(['tonglu-leader-principal']);
    // Transferred to another county: out of the county leader's line.
    const moved = { ...waiting, jurisdiction: '330127', receivingOffice: '330127' };
    expect(leadersReading(moved, province)).toEqual([]);
    expect(readingVoidReason(moved, moved.leaderReadings![0]!, province)).toBe('该领导已回避或无权查阅该事项');
    // A report against the county's government, taken up by the city.
    expect(leadersReading({ ...waiting, jurisdiction: '330100', accusedJurisdictions: ['330122'] }, province)).toEqual([]);
    const declined = { ...waiting, status: 'declined' as const };
    expect(leadersReading(declined, province)).toEqual([]);
    expect(readingVoidReason(declined, declined.leaderReadings![0]!)).toBe('事项不予受理');
  });
});
