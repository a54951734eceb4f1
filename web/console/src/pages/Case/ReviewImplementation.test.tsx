// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CONFIG, mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { handledCaseView } from '../../test/handled-case';
import CasePage from '.';

/** 按复查意见落实: the case page says the day the 落实情况 is owed the reviewing office, and the unit reports it. */
const ORDERED = { review: 1, orderedBy: '330100', orderedAt: '2026-11-23T02:00:00Z', dueAt: '2027-01-22T16:00:00.000Z', unit: '330122-hrss' };

function revisedCase(implementation: Record<string, unknown>, allowedActions: string[]) {
  return handledCaseView({ case: { status: 'replied', reviewLevel: 1, implementation }, allowedActions });
}

describe('报送落实情况', () => {
  signedInEachTest();

  it('shows the day it is owed, sends the report, and then shows who reported what', async () => {
    let reported = false;
    const { calls } = mockFetch({
      // The city office that decided the 复查.
      'GET /directory': () => ({ body: { ...CONFIG, jurisdictions: [...CONFIG.jurisdictions, { code: '330100', name: '杭州市', office: { name: '杭州市信访局' }, units: [] }] } }),
      'GET /cases/330122-2026-000042': () => ({
        body: reported
          ? revisedCase({ ...ORDERED, reportedAt: '2026-12-02T02:00:00Z', reportedBy: 'tl-office', report: '已补发欠薪，信访人已签收。' }, [])
          : revisedCase(ORDERED, ['reportImplementation']),
      }),
      'POST /cases/330122-2026-000042/implementation-report': () => ((reported = true), { body: revisedCase(ORDERED, []) }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    expect(await screen.findByText(/按复查意见落实，应于2027年1月22日前将落实情况报送杭州市信访局（尚未报送）/)).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: '报送落实情况' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/落实情况/), '已补发欠薪，信访人已签收。');
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toMatchObject({ report: '已补发欠薪，信访人已签收。' });
    expect(await screen.findByText(/报送杭州市信访局：已补发欠薪，信访人已签收。/)).toBeTruthy();
  });
});
