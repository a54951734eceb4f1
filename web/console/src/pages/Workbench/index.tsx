import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { CASE_STATUSES, type CasePage, type CaseStatus, type CaseSummary } from '../../api/types';
import { coveredBy, useNames, useProvinceConfig } from '../../lib/config';
import { CHANNEL_LABELS, STATUS_LABELS, label } from '../../lib/labels';
import { readSession } from '../../lib/session';
import { clockLabel, formatDate, formatLastDay } from '../../lib/time';

const PAGE = 50;

/** 工作台: the cases of the signed-in staff member's jurisdiction, newest first. */
export default function WorkbenchPage() {
  const session = readSession();
  const own = session?.staff.jurisdiction ?? '';
  const [jurisdiction, setJurisdiction] = useState(own);
  const names = useNames();
  const { data: config } = useProvinceConfig();
  // A unit's staff work their unit's cases in its jurisdiction; an office also sees the jurisdictions below it.
  const covered = session?.staff.unit ? [] : coveredBy(config, own);
  const [status, setStatus] = useState<CaseStatus>();

  const cases = useInfiniteQuery({
    queryKey: ['cases', jurisdiction, status ?? 'open'],
    enabled: Boolean(jurisdiction),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<CasePage> => {
      const { data } = await api.GET('/cases', {
        params: { query: { jurisdiction, limit: PAGE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
      });
      return data as unknown as CasePage;
    },
    getNextPageParam: (last) => last.cursor,
  });
  const rows = cases.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      title={`工作台 · ${names.jurisdiction(jurisdiction)}`}
      extra={
        <Space>
          {covered.length > 1 ? (
            <Select
              aria-label="辖区"
              style={{ width: 180 }}
              value={jurisdiction}
              onChange={(v) => setJurisdiction(v)}
              options={covered}
              showSearch={{ optionFilterProp: 'label' }}
            />
          ) : null}
          <label htmlFor="status-filter">状态</label>
          <Select<CaseStatus>
            id="status-filter"
            aria-label="按状态筛选"
            allowClear
            placeholder="所有未结状态"
            style={{ width: 180 }}
            value={status}
            onChange={(v) => setStatus(v)}
            options={CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
        </Space>
      }
    >
      {cases.error ? <Typography.Text type="danger">{cases.error.message}</Typography.Text> : null}
      <Table<CaseSummary>
        rowKey="caseNumber"
        loading={cases.isLoading}
        dataSource={rows}
        pagination={false}
        size="middle"
        locale={{ emptyText: '暂无信访事项' }}
        columns={[
          { title: '登记编号', dataIndex: 'caseNumber', render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link> },
          { title: '主题', dataIndex: 'subject', render: (s?: string) => s ?? '（无主题）' },
          { title: '状态', dataIndex: 'status', render: (s: string) => label(STATUS_LABELS, s) },
          { title: '渠道', dataIndex: 'channel', render: (c: string) => label(CHANNEL_LABELS, c) },
          { title: '主办单位', dataIndex: 'lead', render: (lead?: string) => names.unit(lead) || '—' },
          { title: '登记时间', dataIndex: 'registeredAt', render: (at: string) => formatDate(at) },
          {
            title: '办理期限',
            dataIndex: 'nextDueAt',
            render: (due?: string) => {
              if (!due) return '—';
              const clock = clockLabel(due);
              return (
                <Space size={4} orientation="vertical">
                  <span>{formatLastDay(due)}</span>
                  <Tag color={clock.colour}>{clock.text}</Tag>
                </Space>
              );
            },
          },
          {
            title: '标记',
            key: 'flags',
            render: (_, c) => (
              <Space size={4}>
                {c.triage ? <Tag color="purple">待分办</Tag> : null}
                {c.urgent ? <Tag color="red">紧急</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      {cases.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
            加载更多
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
