import './global.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { setUnauthenticatedHandler } from './api/client';
import { loadRuntimeConfig, setRuntimeConfig } from './lib/runtime-config';
import { onSessionChange, readSession } from './lib/session';
import { workListQuery } from './pages/Workbench/queries';
import { workListsOf } from '../../../shared/domain/work-lists.js';
import { routes } from './routes';

dayjs.locale('zh-cn');

// The workbench is where staff land: fetch its code while /config.json is read, not after the first render.
if (window.location.pathname === '/') void import('./pages/Workbench');

const router = createBrowserRouter(routes);
// A 401: the session is gone (the client cleared it); sign in again.
setUnauthenticatedHandler(() => {
  if (router.state.location.pathname !== '/login') void router.navigate('/login');
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error), refetchOnWindowFocus: false } },
});

// Switching staff (切换用户) drops every cached answer: lists, cases and allowed actions are per person.
onSessionChange(() => queryClient.clear());

/**
 * Landing on the workbench, the first page of the person's first list (or the
 * one in the address) is asked for now, while the page's code loads and
 * renders, rather than after: the rows are what staff wait for.
 */
function prefetchLandingList(): void {
  const session = readSession();
  if (window.location.pathname !== '/' || !session) return;
  const offered = workListsOf(session.staff);
  const requested = new URLSearchParams(window.location.search).get('list');
  const list = offered.find((l) => l === requested) ?? offered[0];
  if (list) void queryClient.prefetchInfiniteQuery(workListQuery(list));
}

const root = createRoot(document.getElementById('root')!);

/** /config.json first (how staff sign in, where the API is): one build serves every stage. */
loadRuntimeConfig().then(
  (config) => {
    setRuntimeConfig(config);
    prefetchLandingList();
    root.render(
      <StrictMode>
        <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
          <AntApp>
            <QueryClientProvider client={queryClient}>
              <RouterProvider router={router} />
            </QueryClientProvider>
          </AntApp>
        </ConfigProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    // A deployment without a usable configuration: say so plainly rather than offer a sign-in that cannot work.
    root.render(
      <ConfigProvider locale={zhCN}>
        {/* Typography, not Result: Result's illustrations would weigh on every first load for a page rarely seen. */}
        <div role="alert" style={{ maxWidth: 640, margin: '80px auto', padding: '0 16px' }}>
          <Typography.Title level={3}>信访案件管理系统无法启动</Typography.Title>
          <Typography.Paragraph type="danger">{error instanceof Error ? error.message : String(error)}</Typography.Paragraph>
          <Typography.Paragraph>请联系系统管理员。</Typography.Paragraph>
        </div>
      </ConfigProvider>,
    );
  },
);
