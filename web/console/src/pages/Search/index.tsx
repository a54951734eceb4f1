import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Grid, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { CASE_STATUSES, type CaseStatus } from '../../api/types';
import { CaseTable, type ListedCase } from '../../components/CaseTable';
import { coveredBy, useProvinceConfig } from '../../lib/config';
import { STATUS_LABELS } from '../../lib/labels';
import { readSession } from '../../lib/session';
import { downloadLedger } from './ledger';

// The date picker (its calendar and locale) follows the page: the number and contact searches need not wait for it.
const RangePicker = lazy(() => import('antd/es/date-picker').then((m) => ({ default: m.default.RangePicker })));

const CASE_NUMBER = /^(\d{6}|\d{9})-\d{4}-\d{6,}$/;
const PAGE = 50;
const OPEN = 'open';
const ANY = 'any';

/** A person as the case records them (no contact): how staff tell namesakes apart. */
type PersonHint = { name?: string; address?: string; workUnit?: string };

/** 代为反映人 as a name look-up answers them: what the petitioner is to them, and their name. */
type WriterHint = { relation: string; entrusted?: true; name?: string };

/** A case found by a contact or a name, and as whose: the petitioner's, a collective petition's representative's, the writer's (by name), or several. */
type FoundCase = ListedCase & { matchedAs: ('petitioner' | 'representative' | 'writer')[]; petitioner?: PersonHint; representatives?: PersonHint[]; writer?: WriterHint };

/**
 * What the one box holds, as a clerk types it: an email address (an @), a
 * telephone number (digits, with +, -, spaces or brackets), or else a name.
 */
export function searchKind(value: string): 'contact' | 'name' {
  const v = value.trim();
  return v.includes('@') || /^[\d\s+\-()（）]+$/u.test(v) ? 'contact' : 'name';
}

/** 王秀英（住址：…；工作单位：…）: enough to tell two people of one name apart, never their number. */
function describePerson(p: PersonHint): string {
  const details = [p.address ? `住址：${p.address}` : '', p.workUnit ? `工作单位：${p.workUnit}` : ''].filter(Boolean).join('；');
  return `${p.name ?? '未留姓名'}${details ? `（${details}）` : ''}`;
}

type Listing = { jurisdiction: string; status: CaseStatus | typeof OPEN | typeof ANY; from?: string; to?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The listing the URL asks for (?jurisdiction=&status=&from=&to=), as the
 * workbench keeps ?list=: Back from a case, and a reload, show the same
 * results. Undefined before a search; a status or day it does not know is left out.
 */
function listingOf(params: URLSearchParams): Listing | undefined {
  const jurisdiction = params.get('jurisdiction');
  if (!jurisdiction) return undefined;
  const status = params.get('status');
  const from = params.get('from');
  const to = params.get('to');
  return {
    jurisdiction,
    status: status === ANY || (CASE_STATUSES as readonly string[]).includes(status ?? '') ? (status as Listing['status']) : OPEN,
    ...(from && to && DAY.test(from) && DAY.test(to) ? { from, to } : {}),
  };
}

function paramsOf(listing: Listing): URLSearchParams {
  return new URLSearchParams({ jurisdiction: listing.jurisdiction, status: listing.status, ...(listing.from && listing.to ? { from: listing.from, to: listing.to } : {}) });
}

/**
 * The contact or name searched for, kept in the page's history entry (location.state),
 * not its URL: a name, a phone number or an email address is personal data, and a URL
 * is kept in the browser's history and sent to the server on reload. The
 * entry's state survives Back and a reload all the same.
 */
type SearchState = { contact?: string; by?: string } | null;

/** Back within this time shows the results already read, without a second read written to each case's audit trail. */
const CONTACT_RESULTS_KEPT_MS = 5 * 60_000;

/**
 * On a phone the search forms stack, each field the screen's width: a row of
 * labelled fields is wider than 390 px. `width` is the field's width on a
 * wider screen.
 */
function useStacked(): { layout: 'inline' | 'vertical'; width: (wide: number) => number | string } {
  const stacked = !Grid.useBreakpoint().md;
  return { layout: stacked ? 'vertical' : 'inline', width: (wide) => (stacked ? '100%' : wide) };
}

/** 查询: by case number (opens it), by a petitioner's name, phone or email, and by jurisdiction, status and day of registration. */
export default function SearchPage() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ByNumber />
      <ByContact />
      <ByJurisdiction />
    </Space>
  );
}

function ByNumber() {
  const navigate = useNavigate();
  const [form] = Form.useForm<{ caseNumber: string }>();
  const { layout, width } = useStacked();
  return (
    <Card title="按登记编号查询" size="small">
      <Form form={form} layout={layout} onFinish={({ caseNumber }) => navigate(`/cases/${caseNumber.trim()}`)}>
        <Form.Item
          name="caseNumber"
          label="登记编号"
          // Checked when the field is left (and on 打开), not at every keystroke of a half-typed number.
          validateTrigger="onBlur"
          rules={[
            { required: true, message: '请输入登记编号' },
            { validator: async (_, v?: string) => (!v || CASE_NUMBER.test(v.trim()) ? undefined : Promise.reject(new Error('登记编号格式如 330122-2026-000042'))) },
          ]}
        >
          <Input placeholder="330122-2026-000042" style={{ width: width(240) }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            打开
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function ByContact() {
  const { layout, width } = useStacked();
  const location = useLocation();
  const navigate = useNavigate();
  const me = readSession()?.staff.id;
  const state = location.state as SearchState;
  // Only the staff member who searched sees the number again: after 切换用户, Back in the same tab shows nothing of it.
  const contact = state?.by === me ? state?.contact : undefined;
  // A new entry, as a new search is: Back returns to the search before it. The URL (another card's listing) stays.
  const setContact = (value: string) => navigate({ search: location.search }, { state: { ...(state ?? {}), contact: value, by: me } });
  const kind = contact ? searchKind(contact) : undefined;
  const found = useQuery({
    queryKey: ['by-contact', contact],
    enabled: Boolean(contact),
    staleTime: CONTACT_RESULTS_KEPT_MS,
    queryFn: async (): Promise<{ items: FoundCase[]; more?: boolean }> =>
      kind === 'name'
        ? (await api.POST('/petitioners/cases/by-name', { body: { name: contact! } })).data!
        : (await api.POST('/petitioners/cases/by-contact', { body: { contact: contact! } })).data!,
  });
  // A collective petition found by a representative's number or name says so: the person is one of the group's representatives, not its petitioner.
  const asRepresentative = new Set((found.data?.items ?? []).filter((c) => c.matchedAs.includes('representative')).map((c) => c.caseNumber));
  return (
    <Card title="按信访人姓名或联系方式查询" size="small">
      <Typography.Paragraph type="secondary">
        输入姓名，或电话号码、电子邮箱：含 @ 或只有数字的按联系方式查，其余按姓名查。姓名中的空格、全角字母和大小写不影响查询；号码写法不同（如 +86、区号、空格）视为同一个；集体访代表的姓名、号码或邮箱也能查到该集体访；代为反映人（代写、代访、代为来电的人）的姓名、号码或邮箱也能查到其代为反映的事项。同名的人多，请按住址、工作单位和事项区分。每次查询均记入所查事项的审计记录。
      </Typography.Paragraph>
      <Form key={contact ?? ''} layout={layout} initialValues={{ contact }} onFinish={({ contact: value }: { contact: string }) => setContact(value.trim())}>
        <Form.Item name="contact" label="姓名、联系电话或电子邮箱" rules={[{ required: true, whitespace: true, message: '请输入信访人姓名、联系电话或电子邮箱' }]}>
          <Input style={{ width: width(260) }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={found.isFetching}>
            查询
          </Button>
        </Form.Item>
      </Form>
      {found.error ? <Typography.Text type="danger">{found.error.message}</Typography.Text> : null}
      {found.data?.more ? (
        // A common name: the newest 100 are shown; the clerk narrows by contact, or by jurisdiction and day below.
        <Typography.Paragraph type="warning">同名事项较多，结果可能不全，以下为最新登记的事项。请改用联系电话或电子邮箱查询，或在下方按辖区和登记日期查询。</Typography.Paragraph>
      ) : null}
      {contact ? (
        <CaseTable
          rows={found.data?.items ?? []}
          caption={kind === 'name' ? `姓名为“${contact}”的信访人的事项` : '该信访人的事项'}
          loading={found.isLoading}
          emptyText="未找到您可查看的事项"
          flags={(c) => <Who found={c as FoundCase} kind={kind!} asRepresentative={asRepresentative.has(c.caseNumber)} />}
        />
      ) : null}
    </Card>
  );
}

/** Whose contact or name found the case, and, by name, who the case records: namesakes told apart before opening one. */
function Who({ found, kind, asRepresentative }: { found: FoundCase; kind: 'contact' | 'name'; asRepresentative: boolean }) {
  const representatives = found.representatives ?? [];
  return (
    <>
      {asRepresentative ? <Tag color="gold">{kind === 'name' ? '集体访代表的姓名' : '集体访代表的联系方式'}</Tag> : null}
      {/* 我替我父亲写过信，我叫王小明: the name found is the writer's, not the petitioner's. */}
      {kind === 'name' && found.writer ? <Tag color="purple">{`代为反映人 ${found.writer.name ?? '未留姓名'}`}</Tag> : null}
      {/* The number of whoever called for a petitioner who left their own: the case is that petitioner's, told at theirs. */}
      {kind === 'contact' && found.matchedAs.includes('writer') ? <Tag color="purple">代为反映人的联系方式</Tag> : null}
      {kind === 'name' && found.petitioner ? <Typography.Text type="secondary">信访人 {describePerson(found.petitioner)}</Typography.Text> : null}
      {kind === 'name' && representatives.length ? <Typography.Text type="secondary">代表 {representatives.map(describePerson).join('、')}</Typography.Text> : null}
    </>
  );
}

function ByJurisdiction() {
  const session = readSession();
  const own = session?.staff.jurisdiction ?? '';
  const { data: config } = useProvinceConfig();
  const covered = coveredBy(config, own);
  const { layout, width } = useStacked();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const listing = listingOf(params);
  const cases = useInfiniteQuery({
    queryKey: ['search', listing],
    enabled: Boolean(listing),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const l = listing!;
      const query = {
        jurisdiction: l.jurisdiction,
        limit: PAGE,
        ...(l.status === OPEN ? {} : { status: l.status }),
        ...(l.from ? { registeredFrom: l.from } : {}),
        ...(l.to ? { registeredTo: l.to } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      };
      return (await api.GET('/cases', { params: { query } })).data!;
    },
    getNextPageParam: (last) => last.cursor,
  });
  const rows: ListedCase[] = cases.data?.pages.flatMap((p) => p.items) ?? [];
  // Into the URL (a new history entry), with the contact search's state kept.
  const onFinish = (v: { jurisdiction: string; status: Listing['status']; period?: [Dayjs, Dayjs] | null }) =>
    setParams(
      paramsOf({
        jurisdiction: v.jurisdiction,
        status: v.status,
        ...(v.period ? { from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD') } : {}),
      }),
      { state: location.state as SearchState },
    );
  const shown = listing
    ? { jurisdiction: listing.jurisdiction, status: listing.status, ...(listing.from && listing.to ? { period: [dayjs(listing.from), dayjs(listing.to)] } : {}) }
    : { jurisdiction: own, status: OPEN };
  const [form] = Form.useForm<{ jurisdiction: string; status: Listing['status'] }>();
  return (
    <Card title="按辖区、状态和登记日期查询" size="small">
      {/* Remounted with each listing the URL names (Back to an earlier search): the fields show the search shown. */}
      <Form key={params.toString()} form={form} layout={layout} initialValues={shown} onFinish={onFinish} style={{ rowGap: 12 }}>
        <Form.Item name="jurisdiction" label="辖区" rules={[{ required: true, message: '请选择辖区' }]}>
          <Select style={{ width: width(200) }} options={covered} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select
            style={{ width: width(160) }}
            options={[{ value: OPEN, label: '所有未结状态' }, { value: ANY, label: '全部（含已结案、已归档）' }, ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
          />
        </Form.Item>
        <Form.Item name="period" label="登记日期">
          <PeriodPicker width={width(280)} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={cases.isFetching && !cases.isFetchingNextPage}>
            查询
          </Button>
        </Form.Item>
      </Form>
      {/* The fields as they stand on the page, searched or not: what the clerk sees is what the file holds. */}
      <LedgerExport
        filters={() => {
          const jurisdiction: string = form.getFieldValue('jurisdiction') ?? own;
          const status: Listing['status'] = form.getFieldValue('status') ?? OPEN;
          // A ledger is the register of all cases: the list's default (every open one) does not narrow it; a status picked does.
          const picked = status !== OPEN || form.isFieldTouched('status');
          const name = config?.jurisdictions.find((j) => j.code === jurisdiction)?.name ?? jurisdiction;
          return { jurisdiction, name, status: picked ? status : ANY };
        }}
        width={width(280)}
      />
      {cases.error ? <Typography.Text type="danger">{cases.error.message}</Typography.Text> : null}
      {listing ? (
        <div style={{ marginTop: 16 }}>
          <CaseTable
            rows={rows}
            caption="查询结果"
            loading={cases.isLoading}
            hasMore={cases.hasNextPage}
            loadingMore={cases.isFetchingNextPage}
            onMore={() => void cases.fetchNextPage()}
            emptyText="没有符合条件的事项"
          />
        </div>
      ) : null}
    </Card>
  );
}

type Period = [Dayjs, Dayjs] | null;

/** The day-of-registration range; Form.Item gives it value and onChange, which it hands to the picker once loaded. */
function PeriodPicker(props: { id?: string; value?: Period; onChange?: (period: Period) => void; width: number | string }) {
  return (
    <Suspense fallback={<Input disabled aria-label="登记日期" placeholder="开始日期 → 结束日期" style={{ width: props.width }} />}>
      <RangePicker id={props.id} aria-label="登记日期" style={{ width: props.width }} value={props.value} onChange={(dates) => props.onChange?.(dates && dates[0] && dates[1] ? [dates[0], dates[1]] : null)} />
    </Suspense>
  );
}

/** The ledger's filters as taken when the officer asks for it. */
type LedgerFilters = { jurisdiction: string; name: string; status: Listing['status'] };

/** 2026年12月1日 */
const longDay = (d: Dayjs) => d.format('YYYY年M月D日');

/** What the file will hold, said before it is made: the jurisdiction, the days received and the statuses. */
function ledgerSummary(f: LedgerFilters, period: [Dayjs, Dayjs]): string {
  const statuses = f.status === ANY ? '全部状态（含已结案、已归档）' : f.status === OPEN ? '所有未结状态' : `状态为“${STATUS_LABELS[f.status]}”`;
  return `将导出${f.name}${longDay(period[0])}至${longDay(period[1])}收到的${statuses}的事项。`;
}

/**
 * 导出台账: the register of all cases of the jurisdiction chosen above,
 * received in the days chosen here (this month unless changed), every status
 * unless the officer picked one above; as the API's CSV file, after a
 * confirmation that says what it holds; a refusal (more than a year, too many
 * cases, out of scope) in its Chinese.
 */
function LedgerExport({ filters, width }: { filters: () => LedgerFilters; width: number | string }) {
  const { message } = App.useApp();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [exporting, setExporting] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  // Taken when the confirmation opens, so what it says is what is exported.
  const [asked, setAsked] = useState<LedgerFilters>();
  const exportLedger = async (f: LedgerFilters) => {
    setAsked(undefined);
    setExporting(true);
    setRefusal(undefined);
    try {
      await downloadLedger({ jurisdiction: f.jurisdiction, status: f.status, from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') });
      void message.success('台账已导出');
    } catch (error) {
      setRefusal(`导出失败：${errorMessage(error)}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <div style={{ marginTop: 12 }}>
      <Space wrap>
        <Typography.Text>收到日期</Typography.Text>
        <Suspense fallback={<Input disabled aria-label="台账收到日期" style={{ width }} />}>
          <RangePicker aria-label="台账收到日期" allowClear={false} style={{ width }} value={period} onChange={(dates) => (dates && dates[0] && dates[1] ? setPeriod([dates[0], dates[1]]) : undefined)} />
        </Suspense>
        <Popconfirm
          open={asked !== undefined}
          onOpenChange={(open) => setAsked(open ? filters() : undefined)}
          title="导出信访台账"
          description={asked ? ledgerSummary(asked, period) : null}
          okText="导出"
          cancelText="取消"
          onConfirm={() => (asked ? void exportLedger(asked) : undefined)}
        >
          <Button loading={exporting}>导出台账</Button>
        </Popconfirm>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        导出上方所选辖区在所选收到日期内您有权查看的全部事项（含已结案、已归档）；如在上方选择了状态，则只导出该状态的事项。每件一行（CSV，可用 Excel 打开）；一次最长一年、最多 5000 件。台账含信访人姓名和联系电话，请妥善保管；每次导出均记入审计记录。
      </Typography.Paragraph>
      {refusal ? (
        <Typography.Text type="danger" role="alert">
          {refusal}
        </Typography.Text>
      ) : null}
    </div>
  );
}
