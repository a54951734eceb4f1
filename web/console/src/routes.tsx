import type { RouteObject } from 'react-router';
import BasicLayout from './layouts/BasicLayout';
import CasePage from './pages/Case';
import LoginPage from './pages/Login';
import RegisterPage from './pages/Register';
import WorkbenchPage from './pages/Workbench';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <BasicLayout />,
    children: [
      { path: '/', element: <WorkbenchPage /> },
      { path: '/cases/:caseNumber', element: <CasePage /> },
      { path: '/register', element: <RegisterPage /> },
    ],
  },
];
