// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import CasePage from '.';

/** 逾期登记: a letter registered days after it came says so in the case's header and its history. */
function letter(registeredLate?: number) {
  return {
    case: {
      caseNumber: '330122-2026-000042',
      jurisdiction: '330122',
      receivingOffice: '330122',
      channel: 'letter',
      status: 'registered',
      subject: '小区噪音扰民',
      matter: '楼下饭店夜间噪音严重。',
      petitioner: { anonymous: false, name: '王小明', address: '桐庐县城南街道1号' },
      urgent: false,
      receivedAt: '2026-12-04T08:00:00Z',
      registeredAt: '2026-12-07T02:00:00Z',
      ...(registeredLate ? { registeredLate } : {}),
      deadlines: { acceptance: '2026-12-21T16:00:00Z' },
      version: 1,
    },
    events: [{ seq: 1, type: 'registered', at: '2026-12-07T02:00:00Z', actor: 'tonglu-registrar', to: 'registered', detail: { channel: 'letter', jurisdiction: '330122', ...(registeredLate ? { registeredLate } : {}) } }],
    messages: [],
    allowedActions: [],
  };
}

describe('逾期登记', () => {
  signedInEachTest();

  it('shows how many days late the letter was registered, in the header and the history', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: letter(3) }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('逾期登记 3 个工作日')).toBeTruthy();
    expect(await screen.findByText('逾期 3 个工作日登记（应于收到当日登记，非工作日收到的于下一工作日登记）')).toBeTruthy();
  });

  it('says nothing of a letter registered the day it came', async () => {
    mockFetch({ 'GET /cases/330122-2026-000042': () => ({ body: letter() }) });
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    expect(await screen.findByText('办理过程')).toBeTruthy();
    expect(screen.queryByText(/逾期登记/)).toBeNull();
  });
});
