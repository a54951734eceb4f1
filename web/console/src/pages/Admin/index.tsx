import { Result, Spin, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { readSession } from '../../lib/session';

// Each tab is its own chunk, loaded when opened: the page lands within the console's 400 KiB budget.
const ConfigurationTabs = lazy(() => import('./Configuration').then((m) => ({ default: m.ConfigurationTabs })));
const Operations = lazy(() => import('./Operations').then((m) => ({ default: m.Operations })));
const loading = <Spin aria-label="正在加载" style={{ display: 'block', margin: '48px auto' }} />;

const TABS = ['config', 'ops'] as const;

/**
 * 管理, for administrators: 配置 (the province configuration as loaded,
 * read-only) and 运维 (queues, redrive, replay, and their trail). The tab is
 * kept in the address (`?tab=ops`) so a link or a reload lands on it.
 */
export default function AdminPage() {
  const session = readSession();
  const [params, setParams] = useSearchParams();
  if (!session?.staff.roles.includes('administrator')) {
    return <Result status="403" title="仅系统管理员可访问" subTitle="管理页面展示系统配置与运维操作，仅向系统管理员开放。" />;
  }
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'config';
  return (
    <Tabs
      aria-label="管理"
      activeKey={tab}
      onChange={(key) => setParams(key === 'config' ? {} : { tab: key }, { replace: true })}
      items={[
        { key: 'config', label: '配置', children: <Suspense fallback={loading}><ConfigurationTabs /></Suspense> },
        { key: 'ops', label: '运维', children: <Suspense fallback={loading}><Operations /></Suspense> },
      ]}
    />
  );
}
