// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { actionOf } from '../../../../../functions/api/audit.js';
import { isPublic } from '../../../../../functions/api/route.js';
import { API_ROUTES } from '../../../../../functions/api/routes.js';
import { CASE_TRAIL_ACTIONS } from '../../../../../shared/app/ports.js';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { AuditTrail, auditKind, auditKindLabel, knownKindLabel } from './AuditTrail';

/** Every action a case's trail can hold: each staff route on a case (as audit.ts names it), and those written beyond them. */
const SERVER_ACTIONS = [
  ...API_ROUTES.filter((route) => route.path.includes('{caseNumber}') && !isPublic(route.path)).map((route) => actionOf(route, {})),
  ...Object.values(CASE_TRAIL_ACTIONS),
];

describe('the audit trail’s names', () => {
  it('names in Chinese every action the server can write on a case’s trail', () => {
    expect(SERVER_ACTIONS).toContain('read:found-by-contact');
    expect(SERVER_ACTIONS).toContain('urgent-response');
    const unnamed = SERVER_ACTIONS.map(auditKind).filter((kind) => knownKindLabel(kind) === undefined);
    expect(unnamed).toEqual([]);
    for (const kind of SERVER_ACTIONS.map(auditKind)) expect(auditKindLabel(kind)).not.toMatch(/[a-z]/i);
  });

  it('names an action it does not know readably, never as the bare code', () => {
    expect(auditKindLabel('read:something-new')).toBe('查看（something-new）');
    expect(auditKindLabel('something-new')).toBe('其他操作（something-new）');
  });
});

describe('the audit trail', () => {
  signedInEachTest();

  it('shows a 查询 by contact and a 紧急响应 by name, in the rows and the 操作 filter', async () => {
    const entries = [
      { at: '2026-12-07T06:05:00Z', actor: 'tl-office', action: 'urgent-response', outcome: 'allowed' },
      { at: '2026-12-07T06:00:00Z', actor: 'tl-office', action: 'read:found-by-contact', outcome: 'allowed' },
    ];
    mockFetch({ 'GET /cases/330122-2026-000042/audit': () => ({ body: { entries } }) });
    renderRoutes([{ path: '/', element: <AuditTrail caseNumber="330122-2026-000042" /> }], '/');

    const audit = await screen.findByRole('region', { name: '审计记录' });
    await waitFor(() => expect(within(audit).getAllByRole('row')).toHaveLength(3));
    expect(within(audit).getByText('按联系方式查询到本事项')).toBeTruthy();
    expect(within(audit).getByText('紧急响应')).toBeTruthy();
    expect(within(audit).queryByText(/found-by-contact|urgent-response/)).toBeNull();

    // The 操作 filter offers them by the same names.
    const action = within(audit).getByLabelText('操作');
    await userEvent.setup().click(action);
    const popup = document.getElementById(action.getAttribute('aria-controls')!)!.parentElement!;
    await waitFor(() => expect([...popup.querySelectorAll('[title]')].map((o) => o.getAttribute('title'))).toEqual(['紧急响应', '按联系方式查询到本事项']));
  });
});
