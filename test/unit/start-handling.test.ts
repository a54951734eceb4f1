import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { conclude } from '../../shared/domain/closing.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import type { Actor } from '../../shared/domain/access.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import type { Case, CaseEvent } from '../../shared/domain/case.js';
import { IdempotencyKeyReused, InvalidTransition, OutOfScope } from '../../shared/domain/errors.js';
import { isAllowed } from '../../shared/domain/lifecycle.js';
import { publicCaseView } from '../../shared/domain/public-view.js';
import { assertUnitMayReturn, objectionOpen } from '../../shared/domain/objection.js';
import { assertMayStart, repeatedStart, startHandling } from '../../shared/domain/start-handling.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const actor = (staffId: string): Actor => {
  const s = province.staff(staffId)!;
  return { staffId, jurisdiction: s.jurisdiction, roles: s.roles, ...(s.unit ? { unit: s.unit } : {}) };
};
const unitName = (unit: string) => province.unit(unit).name;

// Handed to 桐庐县人社局 (with 住建局 cooperating) on Monday 7 December 2026; its 5 working days to object run to 14 December.
const assigned: Case = {
  caseNumber: '330122-2026-000310',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'letter',
  status: 'assigned',
  matter: '反映华丰针织拖欠工资三个月。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' },
  urgent: false,
  reviewLevel: 0,
  handling: { lead: '330122-hrss', cooperating: ['330122-housing'] },
  assignedBy: { staffId: 'tonglu-office', jurisdiction: '330122' },
  objectionWindow: { unit: '330122-hrss', from: '330122', receivedAt: '2026-12-07T02:00:00.000Z', until: '2026-12-14T16:00:00.000Z' },
  receivedAt: '2026-12-01T01:15:00.000Z',
  registeredAt: '2026-12-01T01:20:00.000Z',
  registeredBy: 'tonglu-registrar',
  deadlines: { handling: '2027-01-30T16:00:00.000Z' },
  attachments: [],
  version: 4,
  updatedAt: '2026-12-07T02:00:00.000Z',
};
const handedOver: CaseEvent = { caseNumber: assigned.caseNumber, seq: 4, type: 'assigned', at: '2026-12-07T02:00:00.000Z', actor: 'tonglu-office', from: 'accepted', to: 'assigned' };
const AT = '2026-12-08T01:30:00.000Z';

describe('签收: the lead unit signs for a case handed to it', () => {
  it('moves it from 已交办 to 办理中 with a started event naming who, when, the unit and the note', () => {
    const { case: next, event } = startHandling(assigned, [handedOver], { note: '已安排专人调查核实' }, { at: AT, actor: 'tonglu-hrss-handler' });
    expect(next).toMatchObject({ status: 'inProgress', version: 5, updatedAt: AT, handling: assigned.handling, deadlines: assigned.deadlines });
    expect(event).toMatchObject({ seq: 5, type: 'started', at: AT, actor: 'tonglu-hrss-handler', from: 'assigned', to: 'inProgress', detail: { unit: '330122-hrss', note: '已安排专人调查核实' } });
  });

  it('leaves the unit its 5 working days to object (条例第二十三条), and its conclusion, after it', () => {
    const { case: next } = startHandling(assigned, [handedOver], {}, { at: AT, actor: 'tonglu-hrss-handler' });
    expect(next.objectionWindow).toEqual(assigned.objectionWindow);
    expect(objectionOpen(next, AT)).toBe(true);
    expect(() => assertUnitMayReturn(next, AT, '桐庐县信访局')).not.toThrow();
    expect(isAllowed('return', next.status)).toBe(true);
    expect(isAllowed('conclude', next.status)).toBe(true);
    const offered = allowedActions(actor('tonglu-hrss-handler'), next, province.tree);
    expect(offered).toEqual(expect.arrayContaining(['return', 'conclude', 'requestExtension']));
    expect(offered).not.toContain('start');
  });

  it('is no gate: the unit concludes a case it signed for, or one it never did (the conclusion starts it)', () => {
    const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
    const ctx = { at: '2026-12-20T02:00:00.000Z', actor: 'tonglu-hrss-handler', settings: { base: DEFAULT_TIME_LIMITS }, calendar, followUpAfterDays: 7, parentOf: () => '330100' };
    const result = { facts: '经查，该公司拖欠工资属实。', basis: '《保障农民工工资支付条例》第十五条。', decision: '已责令该公司足额支付。', outcome: 'supported' as const };
    const { case: signed } = startHandling(assigned, [handedOver], {}, { at: AT, actor: 'tonglu-hrss-handler' });
    expect(conclude(signed, result, ctx).event).toMatchObject({ type: 'concluded', from: 'inProgress', to: 'concluded' });
    expect(conclude(assigned, result, ctx).event).toMatchObject({ type: 'concluded', from: 'assigned', to: 'concluded' });
  });

  it('is signed once a round: again it is refused, naming who signed and when', () => {
    const { case: next, event } = startHandling(assigned, [handedOver], {}, { at: AT, actor: 'tonglu-hrss-handler' });
    const again = () => startHandling(next, [handedOver, event], {}, { at: '2026-12-08T02:00:00.000Z', actor: 'tonglu-hrss-head' }, (id) => province.staff(id)?.name ?? id);
    expect(again).toThrow(InvalidTransition);
    expect(again).toThrow(expect.objectContaining({ chinese: '信访事项 330122-2026-000310 已由李倩于2026年12月8日 09:30签收，正在办理中，无需再次签收' }));
  });

  it('is refused outside 已交办 in the lifecycle’s words', () => {
    const concluded: Case = { ...assigned, status: 'concluded' };
    expect(() => startHandling(concluded, [], {}, { at: AT, actor: 'tonglu-hrss-handler' })).toThrow(expect.objectContaining({ chinese: '该信访事项当前状态为“已办结”，不能签收' }));
  });

  it('answers the same Idempotency-Key with the event it recorded, and refuses it for another note', () => {
    const { event } = startHandling(assigned, [handedOver], { note: '收到', requestKey: 'key-0001-abcd' }, { at: AT, actor: 'tonglu-hrss-handler' });
    expect(repeatedStart([handedOver, event], { note: '收到', requestKey: 'key-0001-abcd' })).toBe(event);
    expect(repeatedStart([handedOver, event], { note: '收到', requestKey: 'key-0002-abcd' })).toBeUndefined();
    expect(repeatedStart([handedOver, event], { note: '收到' })).toBeUndefined();
    expect(() => repeatedStart([handedOver, event], { note: '另一说明', requestKey: 'key-0001-abcd' })).toThrow(IdempotencyKeyReused);
  });
});

describe('who signs for it', () => {
  it('is offered to the lead unit’s handler and head while the case is 已交办, to nobody else', () => {
    expect(allowedActions(actor('tonglu-hrss-handler'), assigned, province.tree)).toContain('start');
    expect(allowedActions(actor('tonglu-hrss-head'), assigned, province.tree)).toContain('start');
    for (const other of ['tonglu-office', 'tonglu-leader-petitions', 'tonglu-housing-handler', 'hz-hrss-head']) {
      expect(allowedActions(actor(other), assigned, province.tree)).not.toContain('start');
    }
    expect(allowedActions(actor('tonglu-hrss-handler'), { ...assigned, status: 'inProgress' }, province.tree)).not.toContain('start');
  });

  it('tells the office and a cooperating unit precisely who signs (403)', () => {
    expect(() => assertMayStart(actor('tonglu-office'), assigned, unitName)).toThrow(OutOfScope);
    expect(() => assertMayStart(actor('tonglu-office'), assigned, unitName)).toThrow(
      expect.objectContaining({ chinese: '信访事项 330122-2026-000310 已交桐庐县人力资源和社会保障局办理，由该单位的承办人或单位负责人签收，信访部门不代为签收' }),
    );
    expect(() => assertMayStart(actor('tonglu-housing-handler'), assigned, unitName)).toThrow(
      expect.objectContaining({ chinese: '贵单位是信访事项 330122-2026-000310 的协办单位，由主办单位桐庐县人力资源和社会保障局签收并开始办理；协办单位可提出协办意见' }),
    );
    expect(() => assertMayStart(actor('tonglu-hrss-handler'), assigned, unitName)).not.toThrow();
  });

  it('has nothing to sign for a case the office handles itself (自办): 409, and it is not offered', () => {
    const selfHandled: Case = { ...assigned, status: 'accepted', handling: undefined, objectionWindow: undefined };
    expect(() => assertMayStart(actor('tonglu-office'), selfHandled, unitName)).toThrow(InvalidTransition);
    expect(() => assertMayStart(actor('tonglu-office'), selfHandled, unitName)).toThrow(expect.objectContaining({ chinese: '信访事项 330122-2026-000310 未交办承办单位，由信访部门自办，无需签收，可直接办理、办结' }));
    expect(allowedActions(actor('tonglu-office'), selfHandled, province.tree)).not.toContain('start');
  });
});

describe('what the petitioner reads', () => {
  it('the case being handled, and the step it took — not the unit’s own note', () => {
    const { case: next, event } = startHandling(assigned, [handedOver], { note: '已安排李倩调查核实' }, { at: AT, actor: 'tonglu-hrss-handler' });
    const view = publicCaseView(next, [handedOver, event], { office: '桐庐县信访局', unit: '桐庐县人力资源和社会保障局' }, undefined);
    expect(view.status).toBe('承办单位正在办理');
    expect(view.steps.map((s) => s.text)).toEqual(['交承办单位办理', '承办单位签收，开始办理']);
    expect(JSON.stringify(view)).not.toContain('李倩');
  });
});
