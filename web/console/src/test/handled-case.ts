/**
 * The case page's answer (GET /cases/{n}) for a case a unit handles (办理中): 桐庐县人社局 leads it, its
 * handling period runs to 30 January 2027. `case` overrides fields of the case; `events` and `allowedActions`
 * replace the view's.
 */
export function handledCaseView(over: { case?: Record<string, unknown>; events?: unknown[]; allowedActions?: string[] } = {}) {
  return {
    case: {
      caseNumber: '330122-2026-000042',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'email',
      status: 'inProgress',
      subject: '拖欠工资',
      matter: '某公司拖欠工资三个月。',
      petitioner: { anonymous: false, name: '王小明', email: 'wxm@example.test' },
      urgent: false,
      handling: { lead: '330122-hrss', cooperating: [] },
      receivedAt: '2026-12-01T02:00:00Z',
      registeredAt: '2026-12-01T02:00:00Z',
      deadlines: { handling: '2027-01-30T16:00:00Z' },
      version: 3,
      ...over.case,
    },
    events: over.events ?? [{ seq: 1, type: 'registered', at: '2026-12-01T02:00:00Z', actor: 'tl-office', to: 'registered' }],
    messages: [],
    allowedActions: over.allowedActions ?? [],
    clock: { clock: 'handling', deadline: '2027-01-30T16:00:00Z', lastDay: '2027-01-30', overdue: false, workingDaysLeft: 35 },
  };
}
