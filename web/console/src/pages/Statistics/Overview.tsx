import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Skeleton, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState, type ReactNode } from 'react';
import { api, errorMessage } from '../../api/client';
import { formatDateTime, formatDay } from '../../lib/time';
import { Chart } from './Chart';
import { downloadStatisticsCsv } from './download';
import { LoadError } from './LoadError';
import { barOption, hotTopicsOption, pieOption, trendOption } from './options';
import { describeCounts, GRANULARITY_LABELS, percent, RATE_LABELS, share, type Count, type Period, type Scope, type StatisticsReport } from './report';

type HotTopic = StatisticsReport['hotTopics']['terms'][number];

export function statisticsQuery(scope: Scope, period: Period) {
  return {
    jurisdiction: scope.jurisdiction,
    from: period.from,
    to: period.to,
    granularity: period.granularity,
    includeSubordinates: scope.includeSubordinates ? ('true' as const) : ('false' as const),
  };
}

/** 统计概览: the figures of GET /statistics, each chart with its table. */
export function Overview({ scope, period }: { scope: Scope; period: Period }) {
  const query = statisticsQuery(scope, period);
  const report = useQuery({
    queryKey: ['statistics', query],
    // JSON (the CSV is the same route with format=csv).
    queryFn: async () => (await api.GET('/statistics', { params: { query } })).data as StatisticsReport,
  });
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      await downloadStatisticsCsv(query);
    } catch (error) {
      void message.error(`导出失败：${errorMessage(error)}`);
    } finally {
      setDownloading(false);
    }
  };

  if (report.error) return <LoadError error={report.error} />;
  if (!report.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const r = report.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          {r.jurisdiction.name}
          {r.includeSubordinates ? '（含下级）' : ''}，{formatDay(r.period.from)}至{formatDay(r.period.to)}，{GRANULARITY_LABELS[r.period.granularity]}；统计时点 {formatDateTime(r.asOf)}
        </Typography.Text>
        <Button onClick={() => void download()} loading={downloading}>
          导出统计表（CSV）
        </Button>
      </Space>
      {r.scope === 'unit' && r.unit ? <Alert type="info" showIcon title={`仅统计本单位（${r.unit.name}）承办的事项`} /> : null}
      <Typography.Text type="secondary">以下总量、比率和分布统计本期登记的事项，按其截至统计时点的办理状态计；“本期办理情况”按各环节发生的日期统计本期所做的工作。</Typography.Text>
      <Totals report={r} />
      <Rates report={r} />
      <Activity report={r} />
      <Charts report={r} />
    </Space>
  );
}

function Figure({ title, value, suffix, note, danger }: { title: string; value: ReactNode; suffix?: string; note?: string; danger?: boolean }) {
  return (
    <Col xs={12} sm={8} lg={4}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic title={title} value={value as string} suffix={suffix} styles={danger ? { content: { color: '#cf1322' } } : undefined} />
        {note ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        ) : null}
      </Card>
    </Col>
  );
}

function Totals({ report }: { report: StatisticsReport }) {
  const t = report.totals;
  return (
    <section aria-label="总量">
      <Row gutter={[12, 12]}>
        <Figure title="登记总量" value={t.received} suffix="件" />
        {t.handedOn > 0 && <Figure title="其中交办转送" value={t.handedOn} suffix="件" note="本级登记、由其他辖区办理：不计入受理、办结和比率" />}
        {t.transferredIn > 0 && <Figure title="其中转来" value={t.transferredIn} suffix="件" note="其他辖区登记、交办转送本级办理：计入受理、办结和比率" />}
        <Figure title="受理" value={t.accepted} suffix="件" />
        <Figure title="办结" value={t.concluded} suffix="件" />
        <Figure title="在办" value={t.open} suffix="件" />
        <Figure title="结案" value={t.closed} suffix="件" />
        <Figure title="当前逾期" value={t.overdue} suffix="件" danger={t.overdue > 0} note="统计期间登记、现已超过期限仍在办" />
        <Figure title="集体访 / 重复信访" value={`${t.collective} / ${t.repeat}`} suffix="件" />
        <Figure title="集体访人次" value={t.collectivePersons} suffix="人次" />
        <Figure title="来访批次 / 人次" value={`${t.visits} / ${t.visitPersons}`} />
        <Figure title="申请复查 / 复核" value={`${t.reviewsRequested} / ${t.reReviewsRequested}`} suffix="件" note="不服处理意见申请复查的，其中又申请复核的" />
        <Figure title="越级信访" value={t.bypass} suffix="件" note="走访越过本级和上一级、其他渠道越过有权处理层级提出" />
        <Figure title="领导包案 / 已息诉罢访" value={`${t.leaderOwned} / ${t.leaderOwnedSettled}`} suffix="件" />
      </Row>
    </section>
  );
}

function Rates({ report }: { report: StatisticsReport }) {
  const days = report.averageHandlingDays;
  return (
    <section aria-label="比率">
      <Row gutter={[12, 12]}>
        {(Object.keys(RATE_LABELS) as (keyof StatisticsReport['rates'])[]).map((key) => {
          const rate = report.rates[key];
          return <Figure key={key} title={RATE_LABELS[key].label} value={percent(rate)} note={`${RATE_LABELS[key].of}：${rate.numerator} / ${rate.denominator}`} />;
        })}
        <Figure title="平均办理时长" value={days.days === null ? '—' : days.days} suffix={days.days === null ? undefined : '天'} note={`受理至办结，计 ${days.cases} 件`} />
      </Row>
    </section>
  );
}

/** 本期办理情况: what was done in the period (by the date of each step), the cases received before it included. */
function Activity({ report }: { report: StatisticsReport }) {
  const a = report.activity;
  const days = a.averageHandlingDays;
  return (
    <section aria-label="本期办理情况">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        本期办理情况
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginLeft: 8 }}>
          按受理、办结、结案日期统计，含统计期前 {a.lookBackDays} 天内登记的事项
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Figure title="本期受理" value={a.accepted} suffix="件" />
        <Figure title="本期办结" value={a.concluded} suffix="件" note={`其中统计期前登记 ${a.concludedFromEarlier} 件`} />
        <Figure title="本期按期办结率" value={percent(a.onTime)} note={`按期办结 / 本期办结：${a.onTime.numerator} / ${a.onTime.denominator}`} />
        <Figure title="本期办结平均办理时长" value={days.days === null ? '—' : days.days} suffix={days.days === null ? undefined : '天'} note={`受理至办结，计 ${days.cases} 件`} />
        <Figure title="本期结案" value={a.closed} suffix="件" />
      </Row>
    </section>
  );
}

function Charts({ report }: { report: StatisticsReport }) {
  const options = useMemo(() => {
    const nonZero = (rows: readonly Count[]) => rows.filter((row) => row.count > 0);
    return {
      period: trendOption(report.byPeriod),
      channel: pieOption(report.byChannel),
      category: barOption(report.byCategory),
      status: barOption(nonZero(report.byStatus), { horizontal: true, colour: '#13c2c2' }),
      jurisdiction: barOption(nonZero(report.byJurisdiction), { horizontal: true, colour: '#722ed1' }),
      unit: barOption(nonZero(report.byUnit), { horizontal: true, colour: '#fa8c16' }),
      hot: hotTopicsOption(report.hotTopics),
    };
  }, [report]);
  const hot = report.hotTopics;
  return (
    <Row gutter={[16, 16]}>
      <CountsChart title={`登记量（${GRANULARITY_LABELS[report.period.granularity]}）`} rows={report.byPeriod} option={options.period} keyHeader="期间" />
      <CountsChart title="来源渠道" rows={report.byChannel} option={options.channel} keyHeader="渠道" />
      <CountsChart title="问题类别" rows={report.byCategory} option={options.category} keyHeader="类别" />
      <CountsChart title="办理状态" rows={report.byStatus} option={options.status} keyHeader="状态" />
      <CountsChart title="辖区" rows={report.byJurisdiction} option={options.jurisdiction} keyHeader="辖区" />
      <CountsChart title="承办单位" rows={report.byUnit} option={options.unit} keyHeader="承办单位" />
      <ChartCard
        title={`热点（${hot.month}，与 ${hot.previousMonth} 比较）`}
        option={hot.terms.length > 0 ? options.hot : undefined}
        description={
          hot.terms.length === 0
            ? `热点：${hot.month} 尚无两件以上事项共同提及的词语`
            : `热点：${hot.terms.map((t) => `${t.term} 当月 ${t.thisMonth} 件、上月 ${t.lastMonth} 件`).join('，')}`
        }
        table={
          <Table<HotTopic>
            aria-label="热点（表格）"
            size="small"
            rowKey="term"
            pagination={false}
            dataSource={hot.terms}
            locale={{ emptyText: `${hot.month} 尚无两件以上事项共同提及的词语` }}
            columns={[
              { title: '词语', dataIndex: 'term' },
              { title: '当月', dataIndex: 'thisMonth', align: 'right' },
              { title: '上月', dataIndex: 'lastMonth', align: 'right' },
              { title: '变化', dataIndex: 'change', align: 'right', render: (n: number) => (n > 0 ? `+${n}` : String(n)) },
            ]}
          />
        }
      />
    </Row>
  );
}

function CountsChart({ title, rows, option, keyHeader }: { title: string; rows: Count[]; option: EChartsCoreOption; keyHeader: string }) {
  const columns: TableColumnsType<Count> = [
    { title: keyHeader, dataIndex: 'label' },
    { title: '件数', dataIndex: 'count', align: 'right' },
    { title: '占比', key: 'share', align: 'right', render: (_, row) => share(row.count, rows) },
  ];
  const empty = rows.every((row) => row.count === 0);
  return (
    <ChartCard
      title={title}
      option={empty ? undefined : option}
      description={describeCounts(title, rows)}
      table={
        <Table<Count>
          aria-label={`${title}（表格）`}
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          columns={columns}
          scroll={rows.length > 8 ? { y: 236 } : undefined}
        />
      }
    />
  );
}

/** A chart and its table, side by side on a wide screen, one under the other on a phone. */
function ChartCard({ title, option, description, table }: { title: string; option: EChartsCoreOption | undefined; description: string; table: ReactNode }) {
  return (
    <Col xs={24} xl={12}>
      <Card size="small" title={<span role="heading" aria-level={2}>{title}</span>} style={{ height: '100%' }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={13}>
            {option ? (
              <Chart option={option} description={description} />
            ) : (
              <Typography.Text type="secondary" role="img" aria-label={description}>
                本期间没有数据
              </Typography.Text>
            )}
          </Col>
          <Col xs={24} md={11}>
            {table}
          </Col>
        </Row>
      </Card>
    </Col>
  );
}
