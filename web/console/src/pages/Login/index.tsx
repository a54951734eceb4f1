import { App, Button, Card, Input, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Directory } from '../../api/types';
import { namesOf } from '../../lib/config';
import { ROLE_LABELS, label } from '../../lib/labels';
import { runtimeConfig } from '../../lib/runtime-config';
import { saveSession, type StaffMember } from '../../lib/session';
import OidcSignIn from './OidcSignIn';

type Staff = Directory['staff'][number];

/** Sign-in as /config.json says: the identity provider (OIDC) on AWS, the staff picker locally. */
export default function LoginPage() {
  const { auth } = runtimeConfig();
  return auth.kind === 'oidc' ? <OidcSignIn settings={auth} /> : <StaffPicker />;
}

/**
 * The local runtime's whole configuration (GET /local/config, never deployed):
 * the picker lists its staff before anyone is signed in, when GET /directory
 * would answer 401. Read as far as the directory goes (names, places, roles).
 */
function useLocalConfig() {
  return useQuery({
    queryKey: ['local-config'],
    staleTime: Infinity,
    queryFn: async (): Promise<Directory> => {
      const response = await fetch('/local/config');
      if (!response.ok) throw new Error(`无法读取配置（${response.status}）`);
      return (await response.json()) as Directory;
    },
  });
}

/** Local sign-in: pick a staff member of the configuration (POST /local/login). */
function StaffPicker() {
  const { data: config, isLoading, error } = useLocalConfig();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pending, setPending] = useState<string>();
  const [filter, setFilter] = useState('');
  const names = namesOf(config);
  const shown = (config?.staff ?? []).filter((s) => {
    const f = filter.trim();
    return !f || s.name.includes(f) || names.jurisdiction(s.jurisdiction).includes(f) || names.unit(s.unit).includes(f);
  });

  async function login(staff: Staff) {
    setPending(staff.id);
    try {
      const response = await fetch('/local/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: staff.id }),
      });
      const body = (await response.json()) as { token?: string; staff?: StaffMember; error?: { message: string } };
      if (!response.ok || !body.token || !body.staff) throw new Error(body.error?.message ?? `登录失败（${response.status}）`);
      saveSession({ token: body.token, staff: body.staff });
      navigate('/', { replace: true });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '登录失败');
    } finally {
      setPending(undefined);
    }
  }

  return (
    <div style={{ maxWidth: 960, margin: '40px auto', padding: '0 16px' }}>
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>信访案件管理系统 · 选择登录人员</Typography.Title>}>
        {error ? <Typography.Text type="danger">{error.message}</Typography.Text> : null}
        <Input
          allowClear
          aria-label="按姓名、辖区或单位筛选"
          placeholder="按姓名、辖区或单位筛选"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ marginBottom: 16, maxWidth: 320 }}
        />
        <Table<Staff>
          rowKey="id"
          loading={isLoading}
          dataSource={shown}
          pagination={false}
          size="middle"
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '角色', dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{label(ROLE_LABELS, r)}</Tag>) },
            { title: '辖区', dataIndex: 'jurisdiction', render: (code: string) => names.jurisdiction(code) },
            { title: '单位', dataIndex: 'unit', render: (unit?: string) => names.unit(unit) || '—' },
            {
              title: '操作',
              key: 'login',
              render: (_, staff) => (
                <Button type="primary" aria-label={`以 ${staff.name} 登录`} loading={pending === staff.id} onClick={() => void login(staff)}>
                  登录
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
