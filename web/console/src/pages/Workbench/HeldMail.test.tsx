// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { saveSession } from '../../lib/session';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import WorkbenchPage from '.';

const HELD = {
  id: '20261207T003000000-0a1b2c3d4e5f6a7b',
  office: '330122',
  reason: 'advertising',
  signs: ['代开各类发票', '联系QQ'],
  receivedAt: '2026-12-07T00:30:00.000Z',
  heldAt: '2026-12-07T00:30:02.000Z',
  subject: '代开发票 增值税 联系QQ',
  from: 'kaipiao@shuiwu-fuwu.example',
  excerpt: '本公司常年代开各类发票，增值税专用发票、普通发票均可。',
  status: 'held',
};

describe('暂存邮件 (疑似广告, 信箱已停用) on the workbench', () => {
  signedInEachTest();

  it('lists what the intake held and registers one as a petition on the office’s word', async () => {
    let registered = false;
    const { calls } = mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
      'GET /held-mail': (request) =>
        new URL(request.url).searchParams.get('status') === 'decided'
          ? { body: { items: registered ? [{ ...HELD, status: 'registered', caseNumber: '330122-2026-000009' }] : [], waiting: 0 } }
          : { body: { items: registered ? [] : [HELD], waiting: registered ? 0 : 1 } },
      [`POST /held-mail/330122/${HELD.id}/register`]: () => {
        registered = true;
        return { status: 202, body: { heldEmail: { ...HELD, status: 'registerRequested' } } };
      },
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=held-mail');
    const row = (await screen.findByText('代开发票 增值税 联系QQ')).closest('tr')!;
    expect(within(row).getByText('判断依据：代开各类发票、联系QQ')).toBeTruthy();
    expect(within(row).getByText('待处理')).toBeTruthy();
    expect(new URL(calls.find((r) => new URL(r.url).pathname === '/api/held-mail')!.url).searchParams.get('office')).toBe('330122');

    expect(screen.getByRole('tab', { name: /暂存邮件/ }).textContent).toContain('1');

    await userEvent.click(within(row).getByRole('button', { name: `登记为信访事项：${HELD.subject}` }));
    // Decided, it leaves what waits (and the count on the tab) and is found under 已处理.
    await waitFor(() => expect(screen.queryByText('代开发票 增值税 联系QQ')).toBeNull());
    expect(screen.getByRole('tab', { name: /暂存邮件/ }).textContent).toContain('0');
    await userEvent.click(screen.getByText('已处理'));
    expect(await screen.findByRole('link', { name: '330122-2026-000009' })).toBeTruthy();
    expect(screen.getByText('已登记')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /确认无效/ })).toBeNull();
  });

  it('says why a letter to a mailbox since removed waits here: the address, not advertising', async () => {
    const stray = { ...HELD, reason: 'noOfficeMailbox', signs: ['信箱已停用：xinfang-old@tonglu.petitions.example'], subject: '反映拖欠工资', from: 'sunli@qq.example' };
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
      'GET /held-mail': () => ({ body: { items: [stray], waiting: 1 } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=held-mail');
    const row = (await screen.findByText('反映拖欠工资')).closest('tr')!;
    expect(within(row).getByText('未登记原因：信箱已停用：xinfang-old@tonglu.petitions.example')).toBeTruthy();
    expect(within(row).getByRole('button', { name: '登记为信访事项：反映拖欠工资' })).toBeTruthy();
    // The tab and the list are named for both reasons mail is held, not for advertising alone.
    expect(screen.getByRole('tab', { name: /暂存邮件/ }).textContent).toContain('1');
    expect(screen.getByText('暂存邮件（疑似广告、信箱已停用）· 待甄别 1 封')).toBeTruthy();
  });

  it('says nothing waits without calling every held email an advertisement', async () => {
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
      'GET /held-mail': () => ({ body: { items: [], waiting: 0 } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=held-mail');
    expect(await screen.findByText('暂无待甄别的暂存邮件（疑似广告、信箱已停用）')).toBeTruthy();
  });

  it('reaches every held email however many wait, oldest first, a page at a time', async () => {
    // 60 waiting: pages of 50 by the cursor, as the API gives them.
    const all = Array.from({ length: 60 }, (_, i) => ({
      ...HELD,
      id: `20261201T${String(i).padStart(6, '0')}000-0a1b2c3d4e5f6a7b`,
      subject: `广告第${i + 1}封`,
    }));
    const { calls } = mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'triage', count: 0 }] } }),
      'GET /work-lists/triage': () => ({ body: { list: 'triage', items: [] } }),
      'GET /held-mail': (request) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const start = cursor ? all.findIndex((item) => item.id === cursor) + 1 : 0;
        const items = all.slice(start, start + 50);
        return { body: { items, waiting: all.length, ...(start + 50 < all.length ? { cursor: items.at(-1)!.id } : {}) } };
      },
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/?list=held-mail');
    expect(await screen.findByText('广告第1封')).toBeTruthy();
    expect(screen.getByRole('tab', { name: /暂存邮件/ }).textContent).toContain('60');
    expect(screen.queryByText('广告第51封')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /加载更多/ }));
    expect(await screen.findByText('广告第60封')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /加载更多/ })).toBeNull();
    const cursors = calls.filter((r) => new URL(r.url).pathname === '/api/held-mail').map((r) => new URL(r.url).searchParams.get('cursor'));
    expect(cursors).toContain(all[49]!.id);
  });

  it('is not offered to a unit’s staff, who do not register petitions', async () => {
    saveSession({ token: 'test-token', staff: { id: 'tonglu-housing-head', name: '俞志明', jurisdiction: '330122', unit: '330122-housing', roles: ['unitHead'] } });
    mockFetch({
      'GET /work-lists': () => ({ body: { lists: [{ list: 'unitOpen', count: 0 }] } }),
      'GET /work-lists/unitOpen': () => ({ body: { list: 'unitOpen', items: [] } }),
    });
    renderRoutes([{ path: '/', element: <WorkbenchPage /> }], '/');
    await waitFor(() => expect(screen.getByRole('tab', { name: /全部在办/ })).toBeTruthy());
    expect(screen.queryByRole('tab', { name: /暂存邮件/ })).toBeNull();
  });
});
