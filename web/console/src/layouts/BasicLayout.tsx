import { Button, Layout, Space, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useNames } from '../lib/config';
import { ROLE_LABELS, label } from '../lib/labels';
import { signOutRedirect } from '../lib/oidc';
import { runtimeConfig } from '../lib/runtime-config';
import { clearSession, readSession } from '../lib/session';

const { Header, Content } = Layout;

/** On a phone the links scroll sideways (global.css): the current page's link is scrolled into the navigation's view, the page itself not moved. */
function keepInView(link: HTMLAnchorElement | null): void {
  const nav = link?.parentElement;
  if (!link || !nav) return;
  const over = link.getBoundingClientRect().right - nav.getBoundingClientRect().right;
  if (over > 0) nav.scrollLeft += over;
}

/** The signed-in pages: a header with who is signed in and 切换用户; unauthenticated users go to /login. */
export default function BasicLayout() {
  const session = readSession();
  const { auth } = runtimeConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const names = useNames();
  if (!session) return <Navigate to="/login" replace />;
  const { staff } = session;
  const selected =
    location.pathname === '/register' ? 'register' : location.pathname === '/search' ? 'search' : location.pathname === '/statistics' ? 'statistics' : location.pathname === '/reception' ? 'reception' : location.pathname === '/accompanying' ? 'accompanying' : location.pathname === '/admin' ? 'admin' : 'workbench';
  // 领导接待日: the leaders who receive, and the office that arranges the day and registers its visits.
  const receives = staff.unit === undefined && staff.roles.some((r) => r === 'leader' || r === 'petitionsOffice' || r === 'registrar');
  const navLink = (to: string, key: typeof selected, text: string) => (
    <Link to={to} aria-current={selected === key ? 'page' : undefined} ref={selected === key ? keepInView : undefined} style={{ color: selected === key ? '#fff' : '#bfbfbf' }}>
      {text}
    </Link>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="console-header" style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          信访案件管理系统
        </Typography.Text>
        <nav aria-label="主导航" style={{ flex: 1, display: 'flex', gap: 16, whiteSpace: 'nowrap' }}>
          {navLink('/', 'workbench', '工作台')}
          {navLink('/register', 'register', '登记')}
          {navLink('/search', 'search', '查询')}
          {/* GET /statistics answers whoever may list a jurisdiction's cases (assertMayList): every staff member, a unit's staff for their unit. */}
          {staff.jurisdiction ? navLink('/statistics', 'statistics', '统计') : null}
          {receives ? navLink('/reception', 'reception', '接待日') : null}
          {/* 陪访: a unit's staff read the sessions their unit accompanies (GET /reception-days/accompanied). */}
          {staff.unit !== undefined ? navLink('/accompanying', 'accompanying', '陪访接待') : null}
          {/* 管理: the configuration as loaded and the queues, for administrators only (GET /admin/… answer 403 to anyone else). */}
          {staff.roles.includes('administrator') ? navLink('/admin', 'admin', '管理') : null}
        </nav>
        <Space>
          <Typography.Text className="console-who" style={{ color: '#fff' }} aria-label="当前用户">
            {staff.name}
            {staff.roles.length > 0 ? `（${staff.roles.map((r) => label(ROLE_LABELS, r)).join('、')}，${names.unit(staff.unit) || names.jurisdiction(staff.jurisdiction)}）` : ''}
          </Typography.Text>
          {auth.kind === 'oidc' ? (
            // Signed out at the identity provider too, or its session would sign the same person straight back in.
            <Button onClick={() => void signOutRedirect(auth)}>退出登录</Button>
          ) : (
            <Button
              onClick={() => {
                clearSession();
                navigate('/login');
              }}
            >
              切换用户
            </Button>
          )}
        </Space>
      </Header>
      <Content className="console-content" style={{ padding: 24 }}>
        <Outlet />
      </Content>
    </Layout>
  );
}
