import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Grid, Row, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { STATUS_LABELS } from '../../lib/labels';
import { formatDateTime, formatLastDay } from '../../lib/time';
import { downloadUnresolvedCsv } from './download';
import { LoadError } from './LoadError';
import { chinaToday, UNRESOLVED_REASON_LABELS, type Count, type Scope, type UnresolvedItem, type UnresolvedReport } from './report';

/** `2026年1月` from `2026-01`, as the CSV writes it. */
const monthName = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** 矛盾纠纷排查: the open cases past their deadline, reopened after an unsatisfied follow-up or under review — this month's, or a past month's as filed at its end (or rebuilt where none was filed). */
export function Unresolved({ scope }: { scope: Scope }) {
  // A past month's list as filed at its end (or rebuilt, the API says how far); the current month when none is chosen.
  const [month, setMonth] = useState<string>();
  const query = { jurisdiction: scope.jurisdiction, includeSubordinates: scope.includeSubordinates ? ('true' as const) : ('false' as const), ...(month ? { month } : {}) };
  const report = useQuery({
    queryKey: ['unresolved', query],
    queryFn: async () => (await api.GET('/statistics/unresolved', { params: { query } })).data as UnresolvedReport,
  });
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const screens = Grid.useBreakpoint();
  const download = async () => {
    setDownloading(true);
    try {
      await downloadUnresolvedCsv(query);
    } catch (error) {
      void message.error(`导出失败：${errorMessage(error)}`);
    } finally {
      setDownloading(false);
    }
  };

  if (report.error) return <LoadError error={report.error} />;
  if (!report.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const r = report.data;
  const t = r.totals;
  const wide = screens.md !== false;
  const columns: TableColumnsType<UnresolvedItem> = [
    { title: '登记编号', dataIndex: 'caseNumber', render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link> },
    ...(wide
      ? [
          { title: '辖区', key: 'jurisdiction', render: (_: unknown, i: UnresolvedItem) => i.jurisdiction.name },
          { title: '承办单位', key: 'unit', render: (_: unknown, i: UnresolvedItem) => i.unit.name },
        ]
      : []),
    { title: '事由', dataIndex: 'subject', render: (s?: string) => s ?? '（无）' },
    {
      title: '排查原因',
      key: 'reasons',
      render: (_, i) => (
        <Space size={4} wrap>
          {i.reasons.map((reason) => (
            <Tag key={reason} color={reason === 'overdue' ? 'red' : 'orange'}>
              {reason === 'overdue' && i.daysOverdue ? `已逾期 ${i.daysOverdue} 天` : UNRESOLVED_REASON_LABELS[reason]}
            </Tag>
          ))}
          {i.newThisMonth ? <Tag color="blue">本月新增</Tag> : null}
        </Space>
      ),
    },
    ...(wide
      ? [
          { title: '办理期限', dataIndex: 'dueAt', render: (d?: string) => formatLastDay(d) || '—' },
          { title: '收到时间', dataIndex: 'receivedAt', render: (d: string) => formatDateTime(d) },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, i: UnresolvedItem) => (
              <Space size={4} wrap>
                {STATUS_LABELS[i.status]}
                {i.repeat ? <Tag>重复</Tag> : null}
                {i.collective ? <Tag>集体访</Tag> : null}
                {i.extended ? <Tag>已延期</Tag> : null}
                {i.reviewLevel > 0 ? <Tag>{i.reviewLevel === 2 ? '复核' : '复查'}</Tag> : null}
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {r.jurisdiction.name}
          {r.includeSubordinates ? '（含下级）' : ''}，{monthName(r.month)}排查，截至 {formatDateTime(r.asOf)}：在办事项中超过办理期限的、回访不满意后重新办理的，和复查、复核中的
        </Typography.Text>
        <Space wrap>
          <DatePicker
            picker="month"
            aria-label="排查月份"
            placeholder="本月"
            value={month ? dayjs(`${month}-01`) : null}
            // The current month is Beijing's (the API's), whatever the browser's time zone: on 1 December there, November is past.
            disabledDate={(d) => d.format('YYYY-MM') > chinaToday().slice(0, 7)}
            onChange={(d) => setMonth(d && d.format('YYYY-MM') !== chinaToday().slice(0, 7) ? d.format('YYYY-MM') : undefined)}
          />
          <Button onClick={() => void download()} loading={downloading}>
            导出排查清单（CSV）
          </Button>
        </Space>
      </Space>
      {r.basis === 'filed' && r.filedAt ? (
        <Alert
          type="info"
          showIcon
          title={`${monthName(r.month)}的排查清单已于 ${formatDateTime(r.filedAt)} 存档：按月末情况列出，此后化解的事项仍在清单上，状态、承办单位和期限为存档时的。`}
        />
      ) : r.basis === 'rebuilt' ? (
        <Alert
          type="warning"
          showIcon
          title={`${monthName(r.month)}没有存档的排查清单，按各事项现在的记录重建：月末以后已化解（办结答复、复查复核已决定、结案）的事项不再列出，状态、承办单位和期限为现在的。`}
        />
      ) : null}
      {r.scope === 'unit' && r.unit ? <Alert type="info" showIcon title={`仅列出本单位（${r.unit.name}）承办的事项`} /> : null}
      <section aria-label="排查总数">
        <Row gutter={[12, 12]}>
          {[
            { title: '纳入排查', value: t.cases },
            { title: '超期未办结', value: t.overdue, danger: t.overdue > 0 },
            { title: '回访不满意重新办理', value: t.unsatisfied },
            { title: '复查、复核中', value: t.underReview },
            { title: '本月新增', value: t.newThisMonth },
          ].map((f) => (
            <Col key={f.title} xs={12} md={6}>
              <Card size="small">
                <Statistic title={f.title} value={f.value} suffix="件" styles={f.danger ? { content: { color: '#cf1322' } } : undefined} />
              </Card>
            </Col>
          ))}
        </Row>
      </section>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <CountTable title="按辖区" keyHeader="辖区" rows={r.byJurisdiction} />
        </Col>
        <Col xs={24} md={12}>
          <CountTable title="按承办单位" keyHeader="承办单位" rows={r.byUnit} />
        </Col>
      </Row>
      <Card size="small" title={<span role="heading" aria-level={2}>排查清单</span>}>
        <Table<UnresolvedItem>
          aria-label="排查清单"
          size="small"
          rowKey="caseNumber"
          dataSource={r.items}
          columns={columns}
          pagination={r.items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: '没有超期或回访不满意的在办事项' }}
        />
      </Card>
    </Space>
  );
}

/** The list's count by jurisdiction or unit: only those with a case (the rest have none). */
function CountTable({ title, keyHeader, rows }: { title: string; keyHeader: string; rows: Count[] }) {
  const listed = rows.filter((row) => row.count > 0);
  return (
    <Card size="small" title={<span role="heading" aria-level={2}>{title}</span>}>
      <Table<Count>
        aria-label={`${title}（表格）`}
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={listed}
        locale={{ emptyText: '均为 0 件' }}
        columns={[
          { title: keyHeader, dataIndex: 'label' },
          { title: '件数', dataIndex: 'count', align: 'right' },
        ]}
      />
    </Card>
  );
}
