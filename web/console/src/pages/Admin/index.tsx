import { Result, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { readSession } from '../../lib/session';
import { ConfigurationTabs } from './Configuration';
import { Operations } from './Operations';

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
        { key: 'config', label: '配置', children: <ConfigurationTabs /> },
        { key: 'ops', label: '运维', children: <Operations /> },
      ]}
    />
  );
}
