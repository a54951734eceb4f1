import type { RouteObject } from 'react-router';
import BasicLayout from './layouts/BasicLayout';

/** Each page is its own chunk, loaded when first visited. */
export const routes: RouteObject[] = [
  { path: '/login', lazy: () => import('./pages/Login').then((m) => ({ Component: m.default })) },
  // Back from the identity provider (OIDC sign-in on AWS); outside the layout, which needs a session.
  { path: '/auth/callback', lazy: () => import('./pages/AuthCallback').then((m) => ({ Component: m.default })) },
  {
    element: <BasicLayout />,
    children: [
      { path: '/', lazy: () => import('./pages/Workbench').then((m) => ({ Component: m.default })) },
      { path: '/cases/:caseNumber', lazy: () => import('./pages/Case').then((m) => ({ Component: m.default })) },
      { path: '/register', lazy: () => import('./pages/Register').then((m) => ({ Component: m.default })) },
      { path: '/search', lazy: () => import('./pages/Search').then((m) => ({ Component: m.default })) },
      { path: '/statistics', lazy: () => import('./pages/Statistics').then((m) => ({ Component: m.default })) },
      { path: '/reception', lazy: () => import('./pages/Reception').then((m) => ({ Component: m.default })) },
      { path: '/admin', lazy: () => import('./pages/Admin').then((m) => ({ Component: m.default })) },
    ],
  },
];
