import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useNames } from '../lib/config';
import { ROLE_LABELS, label } from '../lib/labels';
import { clearSession, readSession } from '../lib/session';

const { Header, Content } = Layout;

/** The signed-in pages: a header with who is signed in and 切换用户; unauthenticated users go to /login. */
export default function BasicLayout() {
  const session = readSession();
  const navigate = useNavigate();
  const location = useLocation();
  const names = useNames();
  if (!session) return <Navigate to="/login" replace />;
  const { staff } = session;
  const selected = location.pathname === '/register' ? 'register' : 'workbench';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          信访案件管理系统
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          aria-label="主导航"
          items={[
            { key: 'workbench', label: <Link to="/">工作台</Link> },
            { key: 'register', label: <Link to="/register">登记</Link> },
          ]}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} aria-label="当前用户">
            {staff.name}（{staff.roles.map((r) => label(ROLE_LABELS, r)).join('、')}，{names.unit(staff.unit) || names.jurisdiction(staff.jurisdiction)}）
          </Typography.Text>
          <Button
            onClick={() => {
              clearSession();
              navigate('/login');
            }}
          >
            切换用户
          </Button>
        </Space>
      </Header>
      <Content style={{ padding: 24 }}>
        <Outlet />
      </Content>
    </Layout>
  );
}
