import { Button, Card, Checkbox, Form, Input, Select, Skeleton, Space, Tabs } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { coveredBy, useProvinceConfig } from '../../lib/config';
import { readSession } from '../../lib/session';
import { Overview } from './Overview';
import { chinaToday, GRANULARITY_LABELS, type Granularity, type Period, type Scope } from './report';

// The date picker (its calendar and locale) follows the page, as on 查询.
const RangePicker = lazy(() => import('antd/es/date-picker').then((m) => ({ default: m.default.RangePicker })));
// 矛盾纠纷排查 is a tab of its own chunk, loaded when opened: the page lands on the figures.
const Unresolved = lazy(() => import('./Unresolved').then((m) => ({ default: m.Unresolved })));

const TABS = ['overview', 'unresolved'] as const;
type Tab = (typeof TABS)[number];
const GRANULARITIES: Granularity[] = ['month', 'quarter', 'year'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's state is its address (?jurisdiction=…&from=…&to=…&granularity=…&sub=…&tab=…): a figure can be sent as a link. */
function readParams(params: URLSearchParams, own: string): { scope: Scope; period: Period; tab: Tab } {
  const today = chinaToday();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const granularity = params.get('granularity') as Granularity | null;
  const tab = params.get('tab') as Tab | null;
  return {
    scope: { jurisdiction: params.get('jurisdiction') || own, includeSubordinates: params.get('sub') !== 'false' },
    period: {
      from: DATE.test(from) ? from : `${today.slice(0, 4)}-01-01`,
      to: DATE.test(to) ? to : today,
      granularity: granularity && GRANULARITIES.includes(granularity) ? granularity : 'month',
    },
    tab: tab && TABS.includes(tab) ? tab : 'overview',
  };
}

interface FilterValues {
  jurisdiction: string;
  includeSubordinates: boolean;
  period: [Dayjs, Dayjs] | null;
  granularity: Granularity;
}

/** 统计: the figures of a jurisdiction the caller may see, for a period, and the monthly 矛盾纠纷排查 list. */
export default function StatisticsPage() {
  const session = readSession();
  const own = session?.staff.jurisdiction ?? '';
  const { data: config } = useProvinceConfig();
  const [params, setParams] = useSearchParams();
  const { scope, period, tab } = readParams(params, own);
  const [form] = Form.useForm<FilterValues>();
  const [periodMissing, setPeriodMissing] = useState(false);

  const apply = (values: FilterValues) => {
    if (!values.period) {
      setPeriodMissing(true);
      return;
    }
    setPeriodMissing(false);
    const next = new URLSearchParams(params);
    next.set('jurisdiction', values.jurisdiction);
    next.set('sub', String(values.includeSubordinates));
    next.set('from', values.period[0].format('YYYY-MM-DD'));
    next.set('to', values.period[1].format('YYYY-MM-DD'));
    next.set('granularity', values.granularity);
    setParams(next);
  };
  const selectTab = (key: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title="统计" size="small">
        <Form<FilterValues>
          form={form}
          layout="inline"
          style={{ rowGap: 12 }}
          initialValues={{
            jurisdiction: scope.jurisdiction,
            includeSubordinates: scope.includeSubordinates,
            period: [dayjs(period.from), dayjs(period.to)],
            granularity: period.granularity,
          }}
          onFinish={apply}
        >
          <Form.Item name="jurisdiction" label="统计范围" rules={[{ required: true, message: '请选择辖区' }]}>
            <Select style={{ width: 200 }} options={coveredBy(config, own)} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="includeSubordinates" valuePropName="checked">
            <Checkbox>含下级辖区</Checkbox>
          </Form.Item>
          <Form.Item
            name="period"
            label="统计期间"
            validateStatus={periodMissing ? 'error' : undefined}
            help={
              periodMissing ? (
                '请选择起止日期'
              ) : tab === 'unresolved' ? (
                // As wide as the picker: on a phone the sentence wraps inside the card instead of running past it.
                <span style={{ display: 'inline-block', maxWidth: 250 }}>矛盾纠纷排查按当前状态列出，不受统计期间限制</span>
              ) : undefined
            }
          >
            <PeriodPicker />
          </Form.Item>
          <Form.Item name="granularity" label="统计周期">
            <Select style={{ width: 110 }} options={GRANULARITIES.map((g) => ({ value: g, label: GRANULARITY_LABELS[g] }))} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              统计
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={selectTab}
        items={[
          { key: 'overview', label: '统计概览', children: tab === 'overview' ? <Overview scope={scope} period={period} /> : null },
          {
            key: 'unresolved',
            label: '矛盾纠纷排查',
            children:
              tab === 'unresolved' ? (
                <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
                  <Unresolved scope={scope} />
                </Suspense>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}

type PickedPeriod = [Dayjs, Dayjs] | null;
/** Fits beside its label on a phone (390 px wide). */
const PICKER_WIDTH = 250;
const MAX_YEARS = 5;

/** Ready-made periods: this month, the last month, this quarter, this year, the last 12 months, last year. */
function presets(): { label: string; value: [Dayjs, Dayjs] }[] {
  const today = dayjs(chinaToday());
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  const lastMonth = today.subtract(1, 'month');
  return [
    { label: '本月', value: [today.startOf('month'), today] },
    { label: '上月', value: [lastMonth.startOf('month'), lastMonth.endOf('month')] },
    { label: '本季度', value: [quarterStart, today] },
    { label: '本年', value: [today.startOf('year'), today] },
    { label: '近12个月', value: [today.subtract(11, 'month').startOf('month'), today] },
    { label: '上年', value: [today.subtract(1, 'year').startOf('year'), today.subtract(1, 'year').endOf('year')] },
  ];
}

function PeriodPicker(props: { id?: string; value?: PickedPeriod; onChange?: (period: PickedPeriod) => void }) {
  return (
    <Suspense fallback={<Input disabled aria-label="统计期间" placeholder="开始日期 → 结束日期" style={{ width: PICKER_WIDTH }} />}>
      <RangePicker
        // The form's label 统计期间 names the start date's input (its id); the end date's is named by its placeholder.
        id={props.id}
        placeholder={['开始日期', '结束日期']}
        allowClear={false}
        style={{ width: PICKER_WIDTH }}
        // The API answers at most 5 years (MAX_PERIOD_YEARS): days further from the first day picked are not offered.
        disabledDate={(day, { from }) => from !== undefined && (day.isAfter(from.add(MAX_YEARS, 'year').subtract(1, 'day')) || day.isBefore(from.subtract(MAX_YEARS, 'year').add(1, 'day')))}
        presets={presets()}
        value={props.value}
        onChange={(dates) => props.onChange?.(dates && dates[0] && dates[1] ? [dates[0], dates[1]] : null)}
      />
    </Suspense>
  );
}
