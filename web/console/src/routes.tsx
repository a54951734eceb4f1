import { Button, Result } from 'antd';
import { Link, type RouteObject } from 'react-router';
import BasicLayout from './layouts/BasicLayout';

/**
 * What a page shows while its code loads on the first visit (a bookmark, a
 * reload): plain text, not a spinner from Ant Design, so it weighs nothing.
 */
const loading = (
  <div role="status" style={{ padding: 48, textAlign: 'center', color: 'rgba(0, 0, 0, 0.45)' }}>
    正在加载…
  </div>
);

/** Each page is its own chunk, loaded when first visited. */
export const routes: RouteObject[] = [
  { path: '/login', hydrateFallbackElement: loading, lazy: () => import('./pages/Login').then((m) => ({ Component: m.default })) },
  // Back from the identity provider (OIDC sign-in on AWS); outside the layout, which needs a session.
  { path: '/auth/callback', hydrateFallbackElement: loading, lazy: () => import('./pages/AuthCallback').then((m) => ({ Component: m.default })) },
  {
    element: <BasicLayout />,
    hydrateFallbackElement: loading,
    children: [
      { path: '/', lazy: () => import('./pages/Workbench').then((m) => ({ Component: m.default })) },
      { path: '/cases/:caseNumber', lazy: () => import('./pages/Case').then((m) => ({ Component: m.default })) },
      { path: '/register', lazy: () => import('./pages/Register').then((m) => ({ Component: m.default })) },
      { path: '/search', lazy: () => import('./pages/Search').then((m) => ({ Component: m.default })) },
      { path: '/statistics', lazy: () => import('./pages/Statistics').then((m) => ({ Component: m.default })) },
      { path: '/reception', lazy: () => import('./pages/Reception').then((m) => ({ Component: m.default })) },
      { path: '/accompanying', lazy: () => import('./pages/Accompanying').then((m) => ({ Component: m.default })) },
      { path: '/admin', lazy: () => import('./pages/Admin').then((m) => ({ Component: m.default })) },
      // A mistyped or outdated link (an old email, a bookmark) says so and leads back, inside the console.
      {
        path: '*',
        element: (
          <Result
            status="404"
            title="页面不存在"
            subTitle="链接可能有误或已过期。"
            extra={
              <Link to="/">
                <Button type="primary">返回工作台</Button>
              </Link>
            }
          />
        ),
      },
    ],
  },
];
