import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type Case, type CaseEventType, type CaseStatus } from '../../shared/domain/case.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import {
  applyCommand,
  CASE_ACTIONS,
  isAllowed,
  TRANSITIONS,
  type CaseAction,
  type CaseCommand,
  type TransitionMeta,
} from '../../shared/domain/lifecycle.js';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const AT = '2026-12-01T02:30:00.000Z';
const ACTOR = 'staff-tl-007';
const META: TransitionMeta = { at: AT, actor: ACTOR };

/** A case held by 桐庐县 (330122), handled by its housing bureau with natural resources cooperating. */
function sampleCase(status: CaseStatus, overrides: Partial<Case> = {}): Case {
  return {
    caseNumber: '330122-2026-000042',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'email',
    category: 'complaint',
    status,
    subject: '小区加装电梯纠纷',
    matter: '我所在的小区加装电梯，一楼住户反对，协调三个月无果。',
    petitioner: { anonymous: false, name: '张三', email: 'zhangsan@example.com', phone: '13800001111' },
    incidentAddress: '桐庐县富春江镇某小区',
    urgent: false,
    handling: { lead: 'tl-housing', cooperating: ['tl-natural-resources'] },
    reviewLevel: 0,
    owner: 'staff-tl-001',
    receivedAt: '2026-11-23T02:00:00.000Z',
    registeredAt: '2026-11-23T02:05:00.000Z',
    registeredBy: 'staff-tl-001',
    deadlines: { acceptance: '2026-12-08T16:00:00.000Z' },
    attachments: [
      { id: 'att-1', filename: '照片.jpg', contentType: 'image/jpeg', size: 123456, key: 'mail/330122/att-1' },
    ],
    version: 7,
    updatedAt: '2026-11-30T01:00:00.000Z',
    ...overrides,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Calls applyCommand on a frozen copy and checks that neither the case nor the command was changed. */
function applyFrozen(current: Case, command: CaseCommand, meta: TransitionMeta = META) {
  const caseCopy = structuredClone(current);
  const commandCopy = structuredClone(command);
  const frozenCase = deepFreeze(structuredClone(current));
  const frozenCommand = deepFreeze(structuredClone(command));
  let result: ReturnType<typeof applyCommand> | undefined;
  let error: unknown;
  try {
    result = applyCommand(frozenCase, frozenCommand, meta);
  } catch (e) {
    error = e;
  }
  expect(frozenCase).toStrictEqual(caseCopy);
  expect(frozenCommand).toStrictEqual(commandCopy);
  return { result, error };
}

function expectError(error: unknown, type: typeof InvalidTransition | typeof RuleViolation, code: string): void {
  expect(error).toBeInstanceOf(type);
  expect((error as { code: string }).code).toBe(code);
}

// ---------------------------------------------------------------------------
// The expected lifecycle, written out by hand from docs/domain.md ("Lifecycle")
// ---------------------------------------------------------------------------

interface Sample {
  name: string;
  command: CaseCommand;
  /** Statuses from which the action is allowed, and the status each lands in. */
  expectedTo: Partial<Record<CaseStatus, CaseStatus>>;
  event: CaseEventType;
  reason?: string;
  detail?: Record<string, unknown>;
  /** Fields of the case this command changes (besides status, version, updatedAt). */
  changes: Partial<Case>;
  /** Fields of the case the sample case needs for the command's guards to pass. */
  given?: Partial<Case>;
}

const SAMPLES: Record<CaseAction, Sample[]> = {
  accept: [
    {
      name: 'accept (with category)',
      command: { action: 'accept', category: 'request' },
      expectedTo: { registered: 'accepted' },
      event: 'accepted',
      detail: { category: 'request' },
      changes: { category: 'request' },
    },
    {
      name: 'accept (no category)',
      command: { action: 'accept' },
      expectedTo: { registered: 'accepted' },
      event: 'accepted',
      changes: {},
    },
  ],
  decline: [
    {
      name: 'decline',
      command: { action: 'decline', reason: '该事项已进入诉讼程序，请通过法律途径解决' },
      expectedTo: { registered: 'declined' },
      event: 'declined',
      reason: '该事项已进入诉讼程序，请通过法律途径解决',
      changes: {},
    },
  ],
  redirect: [
    {
      name: 'redirect',
      command: { action: 'redirect', reason: '不属于本机关职权范围', toBody: '桐庐县人民法院' },
      expectedTo: { registered: 'redirected' },
      event: 'redirected',
      reason: '不属于本机关职权范围',
      detail: { toBody: '桐庐县人民法院' },
      changes: {},
    },
  ],
  assign: [
    {
      name: 'assign',
      command: { action: 'assign', lead: 'tl-labour', cooperating: ['tl-market', 'tl-justice'] },
      expectedTo: { accepted: 'assigned' },
      event: 'assigned',
      detail: { lead: 'tl-labour', cooperating: ['tl-market', 'tl-justice'] },
      changes: { handlingSince: AT, handling: { lead: 'tl-labour', cooperating: ['tl-market', 'tl-justice'] } },
    },
    {
      name: 'assign (no cooperating units)',
      command: { action: 'assign', lead: 'tl-labour' },
      expectedTo: { accepted: 'assigned' },
      event: 'assigned',
      detail: { lead: 'tl-labour' },
      changes: { handlingSince: AT, handling: { lead: 'tl-labour', cooperating: [] } },
    },
  ],
  transfer: [
    {
      name: 'transfer to a unit',
      command: {
        action: 'transfer',
        toJurisdiction: '330521',
        lead: 'dq-housing',
        cooperating: ['dq-civil-affairs'],
        reason: '事发地在德清县',
      },
      expectedTo: { accepted: 'assigned', assigned: 'assigned', inProgress: 'assigned' },
      event: 'transferred',
      reason: '事发地在德清县',
      detail: { toJurisdiction: '330521', lead: 'dq-housing', cooperating: ['dq-civil-affairs'] },
      changes: { handlingSince: AT, jurisdiction: '330521', handling: { lead: 'dq-housing', cooperating: ['dq-civil-affairs'] } },
    },
    {
      name: 'transfer to an office (no lead)',
      command: { action: 'transfer', toJurisdiction: '330500', reason: '由湖州市信访局统筹办理' },
      expectedTo: { accepted: 'accepted', assigned: 'accepted', inProgress: 'accepted' },
      event: 'transferred',
      reason: '由湖州市信访局统筹办理',
      detail: { toJurisdiction: '330500' },
      changes: { handlingSince: AT, jurisdiction: '330500', handling: undefined },
    },
  ],
  return: [
    {
      name: 'return',
      command: { action: 'return', reason: '不属于本单位职责' },
      expectedTo: { assigned: 'accepted', inProgress: 'accepted' },
      event: 'returned',
      reason: '不属于本单位职责',
      changes: { handling: undefined },
    },
  ],
  start: [
    {
      name: 'start',
      command: { action: 'start' },
      expectedTo: { assigned: 'inProgress' },
      event: 'started',
      changes: {},
    },
  ],
  conclude: [
    {
      name: 'conclude',
      command: { action: 'conclude', summary: '经协调，双方达成加装电梯补偿协议' },
      expectedTo: { inProgress: 'concluded' },
      event: 'concluded',
      detail: { summary: '经协调，双方达成加装电梯补偿协议' },
      changes: {},
    },
  ],
  reply: [
    {
      name: 'reply',
      command: { action: 'reply' },
      expectedTo: { concluded: 'replied' },
      event: 'replied',
      changes: {},
    },
  ],
  requestReview: [
    {
      name: 'requestReview',
      command: { action: 'requestReview', reason: '对处理意见不服' },
      expectedTo: { replied: 'underReview', closed: 'underReview' },
      event: 'reviewRequested',
      reason: '对处理意见不服',
      changes: {},
      given: { reviewLevel: 0 },
    },
  ],
  decideReview: [
    {
      name: 'decideReview',
      command: { action: 'decideReview', summary: '维持原处理意见' },
      expectedTo: { underReview: 'replied' },
      event: 'reviewDecided',
      detail: { summary: '维持原处理意见' },
      changes: { reviewLevel: 1 },
      given: { reviewLevel: 0 },
    },
  ],
  requestReReview: [
    {
      name: 'requestReReview',
      command: { action: 'requestReReview', reason: '对复查意见不服' },
      expectedTo: { replied: 'underReReview', closed: 'underReReview' },
      event: 'reReviewRequested',
      reason: '对复查意见不服',
      changes: {},
      given: { reviewLevel: 1 },
    },
  ],
  decideReReview: [
    {
      name: 'decideReReview',
      command: { action: 'decideReReview', summary: '复核维持' },
      expectedTo: { underReReview: 'replied' },
      event: 'reReviewDecided',
      detail: { summary: '复核维持' },
      changes: { reviewLevel: 2 },
      given: { reviewLevel: 1 },
    },
  ],
  reopen: [
    {
      name: 'reopen',
      command: { action: 'reopen', reason: '回访不满意' },
      expectedTo: { replied: 'inProgress', closed: 'inProgress' },
      event: 'reopened',
      reason: '回访不满意',
      changes: { handlingSince: AT },
    },
  ],
  close: [
    {
      name: 'close',
      command: { action: 'close' },
      expectedTo: { replied: 'closed' },
      event: 'closed',
      changes: {},
    },
  ],
  archive: [
    {
      name: 'archive',
      command: { action: 'archive' },
      expectedTo: { closed: 'archived', declined: 'archived', redirected: 'archived', withdrawn: 'archived' },
      event: 'archived',
      changes: {},
    },
  ],
  withdraw: [
    {
      name: 'withdraw (撤回, before the answer)',
      command: { action: 'withdraw', reason: '信访人书面申请撤回：问题已与单位协商解决' },
      expectedTo: { registered: 'withdrawn', accepted: 'withdrawn', assigned: 'withdrawn', inProgress: 'withdrawn', concluded: 'withdrawn' },
      event: 'withdrawn',
      reason: '信访人书面申请撤回：问题已与单位协商解决',
      changes: {},
    },
  ],
};

// ---------------------------------------------------------------------------

describe('lifecycle table', () => {
  it('has exactly the seventeen actions of the domain', () => {
    expect([...CASE_ACTIONS].sort()).toEqual(
      [
        'accept',
        'archive',
        'assign',
        'close',
        'conclude',
        'decideReReview',
        'decideReview',
        'decline',
        'redirect',
        'reopen',
        'reply',
        'requestReReview',
        'requestReview',
        'return',
        'start',
        'transfer',
        'withdraw',
      ].sort(),
    );
  });

  it('has thirteen statuses', () => {
    expect(CASE_STATUSES).toHaveLength(13);
  });

  // The hand-written table must say the same as the code's table, in both directions.
  it.each(Object.keys(SAMPLES) as CaseAction[])('%s is allowed from exactly the hand-written statuses', (action) => {
    const expectedFrom = Object.keys(SAMPLES[action][0]!.expectedTo).sort();
    expect([...TRANSITIONS[action].from].sort()).toEqual(expectedFrom);
    for (const status of CASE_STATUSES) {
      expect(isAllowed(action, status), `${action} from ${status}`).toBe(expectedFrom.includes(status));
    }
  });
});

describe('every action × every status', () => {
  const rows = CASE_ACTIONS.flatMap((action) =>
    SAMPLES[action].flatMap((sample) => CASE_STATUSES.map((status) => ({ action, sample, status }))),
  );
  const allowed = rows.filter((r) => TRANSITIONS[r.action].from.includes(r.status));
  const refused = rows.filter((r) => !TRANSITIONS[r.action].from.includes(r.status));

  it('covers every combination', () => {
    // 17 actions, with 2 samples for accept, assign and transfer: 20 samples × 13 statuses.
    expect(rows).toHaveLength(20 * 13);
    expect(allowed.length + refused.length).toBe(260);
  });

  it.each(allowed.map((r) => [r.sample.name, r.status, r.sample] as const))(
    '%s from %s succeeds',
    (_name, status, sample) => {
      const expectedTo = sample.expectedTo[status];
      expect(expectedTo, `hand table has ${sample.name} from ${status}`).toBeDefined();
      const current = sampleCase(status, sample.given);
      const { result, error } = applyFrozen(current, sample.command);
      expect(error).toBeUndefined();
      const { case: next, event } = result!;

      // The case: target status, version + 1, updatedAt, the command's changes, nothing else.
      expect(next).toEqual({ ...current, ...sample.changes, status: expectedTo, version: 8, updatedAt: AT });
      expect(next.status).toBe(expectedTo);
      expect(next.version).toBe(8);
      expect(next.updatedAt).toBe(AT);
      expect(next).not.toBe(current);
      // Who received it never changes, whatever happens to the case.
      expect(next.receivingOffice).toBe('330122');
      expect(next.caseNumber).toBe('330122-2026-000042');
      expect(next.registeredAt).toBe('2026-11-23T02:05:00.000Z');

      // The event: who, when, what, why.
      const expectedEvent: Record<string, unknown> = {
        caseNumber: '330122-2026-000042',
        seq: 8,
        type: sample.event,
        at: AT,
        actor: ACTOR,
        from: status,
        to: expectedTo,
      };
      if (sample.reason !== undefined) expectedEvent.reason = sample.reason;
      if (sample.detail !== undefined) expectedEvent.detail = sample.detail;
      expect(event).toStrictEqual(expectedEvent);
      if (event.detail) {
        expect(event.detail).not.toHaveProperty('action');
        expect(event.detail).not.toHaveProperty('reason');
      }
    },
  );

  it.each(refused.map((r) => [r.sample.name, r.status, r.sample, r.action] as const))(
    '%s from %s is refused with InvalidTransition',
    (_name, status, sample, action) => {
      expect(sample.expectedTo[status], `hand table forbids ${sample.name} from ${status}`).toBeUndefined();
      const current = sampleCase(status, sample.given);
      const { result, error } = applyFrozen(current, sample.command);
      expect(result).toBeUndefined();
      expectError(error, InvalidTransition, 'InvalidTransition');
      const err = error as InvalidTransition;
      expect(err.action).toBe(action);
      expect(err.from).toBe(status);
      expect(err.details).toEqual({ action, from: status });
    },
  );
});

describe('transfer', () => {
  it('to a unit of another county: the new county holds it, the unit handles it, the receiving office stays', () => {
    const { result } = applyFrozen(
      sampleCase('inProgress'),
      { action: 'transfer', toJurisdiction: '330521', lead: 'dq-housing', reason: '事发地在德清县' },
    );
    expect(result!.case.status).toBe('assigned');
    expect(result!.case.jurisdiction).toBe('330521');
    expect(result!.case.receivingOffice).toBe('330122');
    expect(result!.case.handling).toEqual({ lead: 'dq-housing', cooperating: [] });
  });

  it('to an office: no handling unit until that office assigns one', () => {
    const { result } = applyFrozen(sampleCase('assigned'), {
      action: 'transfer',
      toJurisdiction: '330500',
      reason: '由湖州市信访局统筹办理',
    });
    expect(result!.case.status).toBe('accepted');
    expect(result!.case.jurisdiction).toBe('330500');
    expect(result!.case.handling).toBeUndefined();
  });

  it('refuses a lead unit that is also listed as cooperating (as assign does)', () => {
    const { result, error } = applyFrozen(sampleCase('accepted'), {
      action: 'transfer',
      toJurisdiction: '330521',
      lead: 'dq-housing',
      cooperating: ['dq-housing'],
      reason: '事发地在德清县',
    });
    expect(result).toBeUndefined();
    expectError(error, RuleViolation, 'RuleViolation');
  });

  // Two clicks, or two staff sending the same 转办 at once: the second would hand the case to the unit that already has it,
  // opening its 5 working days to object (条例 第二十三条) anew and telling it a second time.
  it.each(['assigned', 'inProgress'] as const)('refuses handing a %s case to the unit, cooperating units and place it is already with', (status) => {
    const { result, error } = applyFrozen(sampleCase(status), {
      action: 'transfer',
      toJurisdiction: '330122',
      lead: 'tl-housing',
      cooperating: ['tl-natural-resources'],
      reason: '属于住建部门职责',
    });
    expect(result).toBeUndefined();
    expectError(error, InvalidTransition, 'InvalidTransition');
    expect((error as InvalidTransition).chinese).toBe(`该信访事项当前状态为“${status === 'assigned' ? '已交办' : '办理中'}”，已由该主办单位办理（协办单位相同），无需再转办`);
  });

  it('still changes the cooperating units of the unit that leads it', () => {
    const { result } = applyFrozen(sampleCase('inProgress'), { action: 'transfer', toJurisdiction: '330122', lead: 'tl-housing', cooperating: [], reason: '无需自然资源部门协办' });
    expect(result!.case.handling).toEqual({ lead: 'tl-housing', cooperating: [] });
  });
});

describe('return', () => {
  it.each(['assigned', 'inProgress'] as const)('from %s goes back to the office as accepted with no handling unit', (status) => {
    const { result } = applyFrozen(sampleCase(status), { action: 'return', reason: '不属于本单位职责' });
    expect(result!.case.status).toBe('accepted');
    expect(result!.case.handling).toBeUndefined();
    expect(result!.case.jurisdiction).toBe('330122');
  });
});

describe('guards', () => {
  const reasonCommands: { status: CaseStatus; given?: Partial<Case>; make: (reason: string) => CaseCommand }[] = [
    { status: 'registered', make: (reason) => ({ action: 'decline', reason }) },
    { status: 'registered', make: (reason) => ({ action: 'redirect', reason, toBody: '桐庐县人民法院' }) },
    { status: 'accepted', make: (reason) => ({ action: 'transfer', toJurisdiction: '330521', reason }) },
    { status: 'inProgress', make: (reason) => ({ action: 'transfer', toJurisdiction: '330521', lead: 'dq-housing', reason }) },
    { status: 'assigned', make: (reason) => ({ action: 'return', reason }) },
    { status: 'replied', given: { reviewLevel: 0 }, make: (reason) => ({ action: 'requestReview', reason }) },
    { status: 'closed', given: { reviewLevel: 1 }, make: (reason) => ({ action: 'requestReReview', reason }) },
    { status: 'closed', make: (reason) => ({ action: 'reopen', reason }) },
  ];
  // Includes the full-width space (U+3000) a Chinese input method types.
  const blanks = ['', ' ', '   ', '\t', '\n', '\u3000', ' \t\n\u3000'];

  it.each(reasonCommands.flatMap((c) => blanks.map((blank) => [c.make(blank).action, JSON.stringify(blank), c] as const)))(
    '%s with reason %s is a RuleViolation',
    (_action, blank, c) => {
      const { result, error } = applyFrozen(sampleCase(c.status, c.given), c.make(JSON.parse(blank) as string));
      expect(result).toBeUndefined();
      expectError(error, RuleViolation, 'RuleViolation');
    },
  );

  it.each(reasonCommands.map((c) => [c.make('x').action, c] as const))('%s with a real reason passes the guard', (_action, c) => {
    const { error } = applyFrozen(sampleCase(c.status, c.given), c.make('事由'));
    expect(error).toBeUndefined();
  });

  it('assign with the lead also cooperating is a RuleViolation', () => {
    const { result, error } = applyFrozen(sampleCase('accepted'), {
      action: 'assign',
      lead: 'tl-housing',
      cooperating: ['tl-natural-resources', 'tl-housing'],
    });
    expect(result).toBeUndefined();
    expectError(error, RuleViolation, 'RuleViolation');
  });

  it.each(['', '   '])('assign with a blank lead %j is a RuleViolation', (lead) => {
    const { error } = applyFrozen(sampleCase('accepted'), { action: 'assign', lead });
    expectError(error, RuleViolation, 'RuleViolation');
  });

  it.each(['replied', 'closed'] as const)('requestReview from %s when already reviewed (level 1) is InvalidTransition', (status) => {
    const { result, error } = applyFrozen(sampleCase(status, { reviewLevel: 1 }), {
      action: 'requestReview',
      reason: '仍不服',
    });
    expect(result).toBeUndefined();
    expectError(error, InvalidTransition, 'InvalidTransition');
    expect((error as Error).message).toMatch(/re-review/);
  });

  it.each(['replied', 'closed'] as const)('requestReReview from %s before any review is InvalidTransition: review first', (status) => {
    const { result, error } = applyFrozen(sampleCase(status, { reviewLevel: 0 }), {
      action: 'requestReReview',
      reason: '不服',
    });
    expect(result).toBeUndefined();
    expectError(error, InvalidTransition, 'InvalidTransition');
    expect((error as Error).message).toMatch(/needs a review first/);
  });

  describe('after re-review (reviewLevel 2) the matter is final', () => {
    const finalCommands: CaseCommand[] = [
      { action: 'requestReview', reason: '仍不服' },
      { action: 'requestReReview', reason: '仍不服' },
      { action: 'reopen', reason: '回访不满意' },
    ];
    it.each(
      (['replied', 'closed'] as const).flatMap((status) => finalCommands.map((command) => [command.action, status, command] as const)),
    )('%s from %s is refused as final', (_action, status, command) => {
      const { result, error } = applyFrozen(sampleCase(status, { reviewLevel: 2 }), command);
      expect(result).toBeUndefined();
      expectError(error, InvalidTransition, 'InvalidTransition');
      expect((error as Error).message).toMatch(/final/);
    });

    it('can still be closed and archived', () => {
      const closed = applyFrozen(sampleCase('replied', { reviewLevel: 2 }), { action: 'close' }).result!.case;
      expect(closed.status).toBe('closed');
      expect(closed.reviewLevel).toBe(2);
      const archived = applyFrozen(closed, { action: 'archive' }).result!.case;
      expect(archived.status).toBe('archived');
    });
  });

  it.each(['replied', 'closed'] as const)('reopen from %s without a handling unit reopens it for the office that handled it itself (自办)', (status) => {
    const { result, error } = applyFrozen(sampleCase(status, { handling: undefined }), { action: 'reopen', reason: '回访不满意' });
    expect(error).toBeUndefined();
    expect(result!.case).toMatchObject({ status: 'inProgress' });
    expect(result!.case.handling).toBeUndefined();
  });

  it('reopen after a review (level 1) is still allowed and keeps the handling unit and review level', () => {
    const { result } = applyFrozen(sampleCase('closed', { reviewLevel: 1 }), { action: 'reopen', reason: '回访不满意' });
    expect(result!.case.status).toBe('inProgress');
    expect(result!.case.reviewLevel).toBe(1);
    expect(result!.case.handling).toEqual({ lead: 'tl-housing', cooperating: ['tl-natural-resources'] });
  });

  it('a status check comes before the reason check: a blank reason on a forbidden action is InvalidTransition', () => {
    const { error } = applyFrozen(sampleCase('archived'), { action: 'reopen', reason: '' });
    expectError(error, InvalidTransition, 'InvalidTransition');
  });
});

describe('decideReview', () => {
  it('returns the case to replied with reviewLevel 1', () => {
    const { result } = applyFrozen(sampleCase('underReview', { reviewLevel: 0 }), { action: 'decideReview', summary: '维持' });
    expect(result!.case.status).toBe('replied');
    expect(result!.case.reviewLevel).toBe(1);
  });
});

describe('a full happy path', () => {
  it('registered → … → archived, reviewLevel 0 → 1 → 2, one event per step with seq = version', () => {
    const steps: { command: CaseCommand; status: CaseStatus; reviewLevel: 0 | 1 | 2; event: CaseEventType }[] = [
      { command: { action: 'accept', category: 'complaint' }, status: 'accepted', reviewLevel: 0, event: 'accepted' },
      { command: { action: 'assign', lead: 'tl-housing' }, status: 'assigned', reviewLevel: 0, event: 'assigned' },
      { command: { action: 'start' }, status: 'inProgress', reviewLevel: 0, event: 'started' },
      { command: { action: 'conclude', summary: '已协调解决' }, status: 'concluded', reviewLevel: 0, event: 'concluded' },
      { command: { action: 'reply' }, status: 'replied', reviewLevel: 0, event: 'replied' },
      { command: { action: 'requestReview', reason: '不服' }, status: 'underReview', reviewLevel: 0, event: 'reviewRequested' },
      { command: { action: 'decideReview', summary: '维持' }, status: 'replied', reviewLevel: 1, event: 'reviewDecided' },
      { command: { action: 'requestReReview', reason: '仍不服' }, status: 'underReReview', reviewLevel: 1, event: 'reReviewRequested' },
      { command: { action: 'decideReReview', summary: '复核维持' }, status: 'replied', reviewLevel: 2, event: 'reReviewDecided' },
      { command: { action: 'close' }, status: 'closed', reviewLevel: 2, event: 'closed' },
      { command: { action: 'archive' }, status: 'archived', reviewLevel: 2, event: 'archived' },
    ];
    let current = sampleCase('registered', { version: 1, handling: undefined, category: undefined, reviewLevel: 0 });
    const seen: { seq: number; type: CaseEventType; from?: CaseStatus; to?: CaseStatus }[] = [];
    steps.forEach((step, i) => {
      const at = `2026-12-${String(i + 1).padStart(2, '0')}T01:00:00.000Z`;
      const { result, error } = applyFrozen(current, step.command, { at, actor: ACTOR });
      expect(error, step.command.action).toBeUndefined();
      current = result!.case;
      expect(current.status).toBe(step.status);
      expect(current.reviewLevel).toBe(step.reviewLevel);
      expect(current.updatedAt).toBe(at);
      seen.push({ seq: result!.event.seq, type: result!.event.type, from: result!.event.from, to: result!.event.to });
    });
    expect(current.version).toBe(12);
    expect(current.handling).toEqual({ lead: 'tl-housing', cooperating: [] });
    expect(current.category).toBe('complaint');
    expect(seen).toEqual([
      { seq: 2, type: 'accepted', from: 'registered', to: 'accepted' },
      { seq: 3, type: 'assigned', from: 'accepted', to: 'assigned' },
      { seq: 4, type: 'started', from: 'assigned', to: 'inProgress' },
      { seq: 5, type: 'concluded', from: 'inProgress', to: 'concluded' },
      { seq: 6, type: 'replied', from: 'concluded', to: 'replied' },
      { seq: 7, type: 'reviewRequested', from: 'replied', to: 'underReview' },
      { seq: 8, type: 'reviewDecided', from: 'underReview', to: 'replied' },
      { seq: 9, type: 'reReviewRequested', from: 'replied', to: 'underReReview' },
      { seq: 10, type: 'reReviewDecided', from: 'underReReview', to: 'replied' },
      { seq: 11, type: 'closed', from: 'replied', to: 'closed' },
      { seq: 12, type: 'archived', from: 'closed', to: 'archived' },
    ]);
    // An archived case accepts nothing more.
    for (const action of CASE_ACTIONS) {
      const { error } = applyFrozen(current, SAMPLES[action][0]!.command);
      expectError(error, InvalidTransition, 'InvalidTransition');
    }
  });

  it('an unsatisfied follow-up reopens a closed case for the same unit, which concludes and replies again', () => {
    let current = sampleCase('closed');
    for (const [command, status] of [
      [{ action: 'reopen', reason: '回访不满意' }, 'inProgress'],
      [{ action: 'conclude', summary: '再次协调' }, 'concluded'],
      [{ action: 'reply' }, 'replied'],
      [{ action: 'close' }, 'closed'],
    ] as const) {
      current = applyFrozen(current, command).result!.case;
      expect(current.status).toBe(status);
      expect(current.handling).toEqual({ lead: 'tl-housing', cooperating: ['tl-natural-resources'] });
    }
    expect(current.version).toBe(11);
  });
});

describe('transfer names its units properly', () => {
  it('refuses a blank lead unit, as assign does', () => {
    const accepted = sampleCase('accepted');
    expect(() =>
      applyCommand(accepted, { action: 'transfer', toJurisdiction: '330521', lead: '   ', reason: '属德清县管辖' }, { at: '2026-11-23T02:00:00.000Z', actor: 'x' }),
    ).toThrow(RuleViolation);
  });
});
