import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Input, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import type { TableColumnsType, TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { useNames } from '../../lib/config';
import { CATEGORY_LABELS, CHANNEL_LABELS, ROLE_LABELS, STATUS_LABELS, label } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { CLOCK_LABELS, DEPARTMENT_LABELS, LEVEL_LABELS, STEP_LABELS } from './labels';
import type { AdminConfiguration, Configuration as Config, ProvisionalClocks } from './types';

type Jurisdiction = Config['jurisdictions'][number];
type Staff = Config['staff'][number];
type Limit = { days: number; count: 'calendar' | 'working' };

const limitText = (limit: Limit | undefined) => (limit ? `${limit.days} ${limit.count === 'working' ? '个工作日' : '日'}` : '—');

/**
 * 配置: the province configuration as the system loaded it (GET
 * /admin/configuration), read-only, one tab per concern. Changing it is an
 * edit of config/province.yaml and a deployment, never done here.
 */
export function ConfigurationTabs() {
  const query = useQuery({
    queryKey: ['admin-configuration'],
    queryFn: async (): Promise<AdminConfiguration> => (await api.GET('/admin/configuration')).data!,
  });
  if (query.error) return <Alert type="error" showIcon title={errorMessage(query.error)} />;
  if (!query.data) return <Card loading aria-busy="true" />;
  const { configuration, provisional } = query.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        以下为系统当前加载的 {configuration.province.name} 配置（config/province.yaml 与 config/holidays/），只读；修改须编辑配置文件并重新部署。
      </Typography.Paragraph>
      <Tabs
        aria-label="配置项"
        items={[
          { key: 'tree', label: '辖区', children: <JurisdictionTree configuration={configuration} /> },
          { key: 'units', label: '单位', children: <Units configuration={configuration} /> },
          { key: 'staff', label: '人员与角色', children: <StaffTable configuration={configuration} /> },
          { key: 'limits', label: '办理时限', children: <TimeLimits configuration={configuration} /> },
          { key: 'keywords', label: '归口关键词', children: <Keywords configuration={configuration} /> },
          { key: 'escalation', label: '督办链', children: <Escalation configuration={configuration} /> },
          { key: 'calendars', label: '节假日', children: <Calendars configuration={configuration} provisional={provisional} /> },
        ]}
      />
    </Space>
  );
}

function nameOf(configuration: Config, code: string): string {
  return configuration.jurisdictions.find((j) => j.code === code)?.name ?? code;
}

function JurisdictionTree({ configuration }: { configuration: Config }) {
  const names = useNames();
  const treeData = useMemo(() => {
    const node = (j: Jurisdiction): TreeDataNode => ({
      key: j.code,
      title: `${j.name}（${j.code}，${label(LEVEL_LABELS, j.level)}）· ${j.office.name} · ${j.units.length} 个单位`,
      children: configuration.jurisdictions.filter((c) => c.parent === j.code).map(node),
    });
    return configuration.jurisdictions.filter((j) => !j.parent).map(node);
  }, [configuration]);
  const [selected, setSelected] = useState<string>(configuration.province.code);
  const chosen = configuration.jurisdictions.find((j) => j.code === selected);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
      <Card size="small" title="辖区树" style={{ flex: '1 1 360px' }}>
        <Tree
          aria-label="辖区树"
          treeData={treeData}
          defaultExpandAll
          selectedKeys={[selected]}
          onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))}
        />
      </Card>
      {chosen ? (
        <Card size="small" title={chosen.name} style={{ flex: '1 1 320px' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="区划代码">{chosen.code}</Descriptions.Item>
            <Descriptions.Item label="层级">{label(LEVEL_LABELS, chosen.level)}</Descriptions.Item>
            <Descriptions.Item label="上级">{chosen.parent ? nameOf(configuration, chosen.parent) : '—'}</Descriptions.Item>
            <Descriptions.Item label="信访部门">{chosen.office.name}</Descriptions.Item>
            <Descriptions.Item label="主要领导">{chosen.leadership.principal ? names.staff(chosen.leadership.principal) : '未配置'}</Descriptions.Item>
            <Descriptions.Item label="分管信访工作的领导">{chosen.leadership.inChargeOfPetitions ? names.staff(chosen.leadership.inChargeOfPetitions) : '未配置'}</Descriptions.Item>
            <Descriptions.Item label="单位">{chosen.units.length ? chosen.units.map((u) => u.name).join('、') : '无'}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
    </div>
  );
}

function Units({ configuration }: { configuration: Config }) {
  const names = useNames();
  const rows = configuration.jurisdictions.flatMap((j) => j.units.map((u) => ({ ...u, jurisdiction: j.code })));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: '单位', dataIndex: 'name', key: 'name' },
    { title: '辖区', dataIndex: 'jurisdiction', key: 'jurisdiction', render: (code: string) => nameOf(configuration, code) },
    { title: '部门类别', dataIndex: 'department', key: 'department', render: (d: string) => label(DEPARTMENT_LABELS, d) },
    { title: '负责人', dataIndex: 'head', key: 'head', render: (head?: string) => (head ? names.staff(head) : '未配置') },
    { title: '单位编号', dataIndex: 'id', key: 'id', responsive: ['md'] },
  ];
  return <Table aria-label="单位" size="small" rowKey="id" columns={columns} dataSource={rows} pagination={{ pageSize: 20, showSizeChanger: false }} />;
}

function StaffTable({ configuration }: { configuration: Config }) {
  const names = useNames();
  const [filter, setFilter] = useState('');
  const rows = configuration.staff.filter((s) => !filter || s.name.includes(filter) || s.id.includes(filter.toLowerCase()));
  const columns: TableColumnsType<Staff> = [
    { title: '姓名', dataIndex: 'name', key: 'name' },
    { title: '工号', dataIndex: 'id', key: 'id', responsive: ['md'] },
    { title: '辖区', dataIndex: 'jurisdiction', key: 'jurisdiction', render: (code: string) => nameOf(configuration, code) },
    // Outside any unit: a leader of the jurisdiction, else its petitions office (an administrator is neither).
    {
      title: '单位',
      dataIndex: 'unit',
      key: 'unit',
      render: (unit: string | undefined, staff: Staff) =>
        unit ? names.unit(unit) : staff.roles.includes('leader') ? '本级领导' : staff.roles.includes('administrator') && !staff.roles.includes('petitionsOffice') ? '—' : '信访部门',
    },
    { title: '角色', dataIndex: 'roles', key: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{label(ROLE_LABELS, r)}</Tag>) },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search aria-label="按姓名或工号筛选人员" placeholder="按姓名或工号筛选" allowClear style={{ maxWidth: 320 }} onSearch={setFilter} onChange={(e) => setFilter(e.target.value)} />
      <Table aria-label="人员与角色" size="small" rowKey="id" columns={columns} dataSource={rows} pagination={{ pageSize: 20, showSizeChanger: false }} />
    </Space>
  );
}

function TimeLimits({ configuration }: { configuration: Config }) {
  const { defaults, byChannel, byCategory, byJurisdiction, byHandling } = configuration.timeLimits;
  const overrides = [
    ...Object.entries(byChannel).map(([channel, o]) => ({ scope: `渠道：${label(CHANNEL_LABELS, channel)}`, overrides: o })),
    ...Object.entries(byCategory).map(([category, o]) => ({ scope: `类别：${label(CATEGORY_LABELS, category)}`, overrides: o })),
    ...byHandling.map((h) => ({ scope: `辖区：${nameOf(configuration, h.jurisdiction)}（${h.handling === 'selfHandled' ? '自办信访件' : '转办、交办信访件'}）`, overrides: h.overrides })),
    ...byJurisdiction.map((j) => ({ scope: `辖区：${nameOf(configuration, j.jurisdiction)}`, overrides: j.overrides })),
  ];
  const rows = Object.entries(defaults).map(([clock, limit]) => ({ clock, limit }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        aria-label="全省默认时限"
        size="small"
        rowKey="clock"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '时限', dataIndex: 'clock', key: 'clock', render: (c: string) => label(CLOCK_LABELS, c) },
          { title: '全省默认', dataIndex: 'limit', key: 'limit', render: (l: Limit) => limitText(l) },
        ]}
      />
      <Typography.Title level={5}>调整（类别优先于渠道，渠道优先于办理方式（自办、转办交办），办理方式优先于辖区）</Typography.Title>
      {overrides.length === 0 ? (
        <Empty description="没有调整" />
      ) : (
        <Table
          aria-label="时限调整"
          size="small"
          rowKey="scope"
          pagination={false}
          dataSource={overrides}
          columns={[
            { title: '适用范围', dataIndex: 'scope', key: 'scope' },
            {
              title: '调整后的时限',
              dataIndex: 'overrides',
              key: 'overrides',
              render: (o: Record<string, Limit>) => Object.entries(o).map(([clock, l]) => <Tag key={clock}>{`${label(CLOCK_LABELS, clock)} ${limitText(l)}`}</Tag>),
            },
          ]}
        />
      )}
    </Space>
  );
}

function Keywords({ configuration }: { configuration: Config }) {
  const rows = [
    ...configuration.routing.province.map((rule, i) => ({ key: `province-${i}`, scope: '全省', ...rule })),
    ...configuration.routing.byJurisdiction.flatMap((j) => j.rules.map((rule, i) => ({ key: `${j.jurisdiction}-${i}`, scope: nameOf(configuration, j.jurisdiction), ...rule }))),
  ];
  return (
    <Table
      aria-label="归口关键词"
      size="small"
      rowKey="key"
      dataSource={rows}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      columns={[
        { title: '适用范围', dataIndex: 'scope', key: 'scope' },
        { title: '归口部门', dataIndex: 'department', key: 'department', render: (d: string) => label(DEPARTMENT_LABELS, d) },
        { title: '仅限类别', dataIndex: 'category', key: 'category', render: (c?: string) => (c ? label(CATEGORY_LABELS, c) : '—'), responsive: ['md'] },
        { title: '默认归类', dataIndex: 'impliesCategory', key: 'impliesCategory', render: (c?: string) => (c ? label(CATEGORY_LABELS, c) : '—'), responsive: ['md'] },
        { title: '关键词', dataIndex: 'keywords', key: 'keywords', render: (words: string[]) => words.map((w) => <Tag key={w}>{w}</Tag>) },
      ]}
    />
  );
}

function Escalation({ configuration }: { configuration: Config }) {
  const { chain, intervalHours, reminders, byJurisdiction } = configuration.escalation;
  const chainText = (steps: string[]) => steps.map((s) => label(STEP_LABELS, s)).join(' → ');
  const stagesText = (r: { remainingShares: number[]; lastWorkingDay: boolean; hour: number }) =>
    `${r.remainingShares.map((s) => `剩余 ${Math.round(s * 100)}% 时间时`).join('、') || '无'}${r.lastWorkingDay ? `；最后一个工作日 ${String(r.hour).padStart(2, '0')}:00` : ''}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="督办链（全省默认）">{chainText(chain)}</Descriptions.Item>
        <Descriptions.Item label="每一步间隔">{intervalHours} 个工作小时（周末、节假日不计）</Descriptions.Item>
        <Descriptions.Item label="到期前催办">{stagesText(reminders)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>辖区自定</Typography.Title>
      {byJurisdiction.length === 0 ? (
        <Empty description="各辖区均按全省默认" />
      ) : (
        <Table
          aria-label="辖区自定的督办链"
          size="small"
          rowKey="jurisdiction"
          pagination={false}
          dataSource={byJurisdiction}
          columns={[
            { title: '辖区', dataIndex: 'jurisdiction', key: 'jurisdiction', render: (code: string) => nameOf(configuration, code) },
            { title: '督办链', dataIndex: 'chain', key: 'chain', render: (steps?: string[]) => (steps ? chainText(steps) : '按全省默认') },
            { title: '间隔', dataIndex: 'intervalHours', key: 'intervalHours', render: (h?: number) => (h === undefined ? '按全省默认' : `${h} 个工作小时`) },
            {
              title: '到期前催办',
              dataIndex: 'reminders',
              key: 'reminders',
              render: (own?: Partial<typeof reminders>) => (own ? stagesText({ ...reminders, ...own }) : '按全省默认'),
            },
          ]}
        />
      )}
    </Space>
  );
}

function Calendars({ configuration, provisional }: { configuration: Config; provisional: ProvisionalClocks }) {
  const years = configuration.calendars;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label="已配置节假日的年份">{years.length ? years.map((y) => <Tag key={y.year}>{y.year}</Tag>) : '无'}</Descriptions.Item>
        <Descriptions.Item label="等待日历的年份">
          {provisional.waitingFor.length ? provisional.waitingFor.map((y) => <Tag color="orange" key={y}>{y}</Tag>) : '无'}
        </Descriptions.Item>
      </Descriptions>
      <ProvisionalTable provisional={provisional} />
      <Tabs
        aria-label="各年节假日"
        size="small"
        items={years.map((y) => ({
          key: String(y.year),
          label: `${y.year} 年`,
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Table
                aria-label={`${y.year} 年放假安排`}
                size="small"
                rowKey="name"
                pagination={false}
                dataSource={y.holidays}
                columns={[
                  { title: '节日', dataIndex: 'name', key: 'name' },
                  { title: '放假', key: 'range', render: (_: unknown, h: { from: string; to: string }) => (h.from === h.to ? h.from : `${h.from} 至 ${h.to}`) },
                ]}
              />
              <Typography.Text>调休上班：{y.workdays.length ? y.workdays.join('、') : '无'}</Typography.Text>
            </Space>
          ),
        }))}
      />
    </Space>
  );
}

function ProvisionalTable({ provisional }: { provisional: ProvisionalClocks }) {
  const names = useNames();
  return (
    <Card size="small" title="临时计算的时限（等待当年节假日安排）">
      <Typography.Paragraph type="secondary">
        以下在办事项的时限落在尚未配置节假日的年份，暂按只扣除周末计算；添加该年的 config/holidays/&lt;年份&gt;.yaml 后，定时巡检会重新计算并记入事项。
        {provisional.truncated ? `（仅列出最早到期的 ${provisional.read} 件中的结果）` : ''}
      </Typography.Paragraph>
      <Table
        aria-label="临时计算的时限"
        size="small"
        rowKey="caseNumber"
        dataSource={provisional.cases}
        locale={{ emptyText: '没有临时计算的时限' }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: '登记编号', dataIndex: 'caseNumber', key: 'caseNumber', render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link> },
          { title: '辖区', dataIndex: 'jurisdiction', key: 'jurisdiction', render: (code: string) => names.jurisdiction(code), responsive: ['md'] },
          { title: '状态', dataIndex: 'status', key: 'status', render: (s: string) => label(STATUS_LABELS, s), responsive: ['md'] },
          {
            title: '时限',
            dataIndex: 'clocks',
            key: 'clocks',
            render: (clocks: { clock: string; deadline: string }[]) => clocks.map((c) => <div key={c.clock}>{`${label(CLOCK_LABELS, c.clock)}：${formatDateTime(c.deadline)}（约）`}</div>),
          },
        ]}
      />
    </Card>
  );
}
