import { focusManager, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { Badge, Card, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { CASE_STATUSES, type CaseStatus } from '../../api/types';
import { CaseTable, type ListedCase } from '../../components/CaseTable';
import { coveredBy, useNames, useProvinceConfig } from '../../lib/config';
import { STATUS_LABELS } from '../../lib/labels';
import { readSession } from '../../lib/session';
import { workListQuery } from './queries';
import { HeldMailList, mayDecideHeldMail, useHeldMail } from './HeldMail';
import { workListsOf, type WorkListId } from '../../../../../shared/domain/work-lists.js';

const PAGE = 50;
/** Further requests for a 含下级 page that came back empty though lower levels remain (as the work lists do). */
const EMPTY_PAGE_RETRIES = 4;


export const WORK_LIST_LABELS: Record<WorkListId, string> = {
  triage: '待分办',
  awaitingAcceptance: '待受理',
  awaitingAssignment: '待交办',
  newlyRegistered: '新登记',
  unitOpen: '本单位在办',
  handledByMe: '我承办的',
  cooperating: '协办事项',
  supervising: '交办督办件',
  unstaffedLead: '无人承办',
  extensionRequests: '待审批延期',
  escalated: '督办',
  urgent: '紧急',
  reviewsAwaiting: '待复查复核',
  overdue: '已逾期',
  dueSoon: '3个工作日内到期',
  lettersToPost: '待寄送',
  lettersToPhone: '待电话告知',
  followUpsDue: '待回访',
  ownedCases: '包案',
  returnRequests: '待批退回',
  awaitingSignOff: '待签发',
  leaderReadings: '待阅批',
};

/** What each list is, for the line under the tabs. */
const WORK_LIST_HINTS: Record<WorkListId, string> = {
  triage: '系统无法自动分办、需人工确定承办单位的事项：紧急事项排在最前，其余期限最近的在前。',
  awaitingAcceptance: '已登记、尚未作出受理决定的事项，期限最近的在前。',
  awaitingAssignment: '已受理、尚未交办承办单位的事项，期限最近的在前。',
  newlyRegistered: '本机关近 7 日登记的事项（含已交下级办理的，“现所在辖区”标明其现在何处），最新的在前。',
  unitOpen: '本单位主办的在办事项，期限最近的在前。',
  handledByMe: '由您认领承办（首问责任）的在办事项，期限最近的在前；在事项页点“认领”即列入此处，答复信访人、由他人认领、交给其他单位或转至其他辖区后移出。',
  cooperating: '其他单位主办、本单位协办的在办事项，按交办协办的先后排列；请配合主办单位办理。',
  supervising: '本机关交办下级、对下级督办或逾期报至本机关的事项，至答复信访人、报送办理结果为止，按交办督办的先后排列；可查看其期限，逾期的请跟踪督办。',
  unstaffedLead: '主办单位在系统中已没有工作人员（经办人、单位负责人均已调离）的在办事项，期限仍在计算、无人能够办结答复：请在事项页“收回”后重新交办或自办，或为该单位补充工作人员。期限最近的在前。',
  extensionRequests: '承办单位申请延期、等待领导审批的事项，期限最近的在前。',
  escalated: '已逾期、督办已升至本级领导的事项，标明升至哪一级、自何时起，逾期最久的在前。',
  urgent: '标为紧急的在办事项，期限最近的在前。紧急事项报告领导后须在规定时限内（默认30分钟）在事项页记录“紧急响应”，逾时未响应的系统将再次报告并报上一级。',
  reviewsAwaiting: '申请复查、复核，由本级作出决定的事项，期限最近的在前。',
  overdue: '已超过办理期限的事项，逾期最久的在前。',
  dueSoon: '3 个工作日内到期的事项（按节假日安排计算），期限最近的在前。',
  lettersToPost: '信访人未留电子邮箱、需打印邮寄书面告知的事项（受理、不予受理、延期告知、处理意见书），最早的在前；在事项页打印，寄出后点“已寄出”。',
  lettersToPhone: '信访人只留了电话（未留电子邮箱和通信地址）、须电话告知的事项（受理、不予受理、延期告知、处理意见书），最早的在前；在事项页“文书”中查看告知内容，告知后点“已电话告知”记录。',
  followUpsDue: '已答复、回访已到期、信访人未留电子邮箱的事项：请电话或书面回访，在事项页“记录回访”，到期最早的在前。',
  returnRequests: '承办单位超过 5 个工作日异议期后申请退回、须经本机关批准的事项，以及协办单位提出不承担配合职责、须经本机关审批的协办异议（《信访工作条例》第二十三条），申请最早的在前：在事项页“审批退回”或“审批协办异议”，同意即退回本机关重新办理（或该单位不再协办），不同意的说明理由。',
  leaderReadings: '信访工作机构呈您阅批的事项（附拟办意见），呈批最早的在前：在事项页作出“领导批示”即为已批示，无需批示的点“已阅”。',
  awaitingSignOff: '已办结、处理意见书须经您审核签发后才能答复信访人的事项，以及本机关已拟制、待您签发的复查（复核）意见书，等待最久的在前：在事项页“预览处理意见书”审阅，无误的点“签发处理意见书”，需要修改的请承办人更正办理结果；复查（复核）意见书在事项页审阅后点“签发复查（复核）意见书”。您本人办结、更正或拟制的不在此列。',
  ownedCases: '由您包案的信访事项（领导包案），按确定包案的先后排列，已办结的也在其中：请牵头督促依法按期办理，推动问题解决和息诉罢访。',
};

const ALL = 'all';
const HELD = 'held-mail';

/** 工作台: the signed-in staff member's work lists (from the API, by role), with counts, and all open cases of a jurisdiction. */
export default function WorkbenchPage() {
  const session = readSession();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  // The API answers which lists and how many; the same rule names them at once, so the open
  // list's first page is asked for, and shown, before the counts (which read every list) are made.
  const guessed = session ? workListsOf(session.staff) : [];
  const requested = params.get('list');
  const opening = requested === ALL || requested === HELD || guessed.some((l) => l === requested) ? requested! : (guessed[0] ?? ALL);
  const ownList = opening !== ALL && opening !== HELD;
  const firstPage = useInfiniteQuery({ ...workListQuery(ownList ? (opening as WorkListId) : 'overdue'), enabled: ownList });
  const lists = useQuery({
    queryKey: ['work-lists'],
    enabled: !ownList || firstPage.isFetched,
    queryFn: async () => (await api.GET('/work-lists')).data!.lists,
  });
  const offered: WorkListId[] = lists.data?.map((l) => l.list) ?? guessed;
  const counts = new Map(lists.data?.map((l) => [l.list, l]));
  const active = requested === ALL || requested === HELD || offered.some((l) => l === requested) ? requested! : (offered[0] ?? ALL);
  const where = session?.staff.unit ? names.unit(session.staff.unit) : names.jurisdiction(session?.staff.jurisdiction ?? '');
  const decidesHeld = session ? mayDecideHeldMail(session.staff) : false;
  // How many held emails wait: on the tab, so they are seen without opening it (the same read as the list's first page).
  const held = useHeldMail(session?.staff.jurisdiction ?? '', 'waiting', decidesHeld);
  const heldWaiting = held.data?.pages[0]?.waiting;

  return (
    <Card title={`工作台 · ${where}`}>
      {lists.error ? <Typography.Text type="danger">{lists.error.message}</Typography.Text> : null}
      <Tabs
        // Every list in sight, wrapping onto a second row rather than behind "…" (global.css).
        className="console-work-tabs"
        activeKey={active}
        onChange={(key) => setParams(key === offered[0] ? {} : { list: key }, { replace: true })}
        destroyOnHidden
        items={[
          ...offered.map((list) => {
            const counted = counts.get(list);
            return {
              key: list,
              label: (
                <Space size={6}>
                  <span>{WORK_LIST_LABELS[list]}</span>
                  {counted ? (
                    <Badge
                      count={counted.capped ? `${counted.count}+` : counted.count}
                      showZero
                      overflowCount={9999}
                      color={list === 'overdue' && counted.count > 0 ? 'red' : list === 'dueSoon' && counted.count > 0 ? 'orange' : '#8c8c8c'}
                      aria-label={`${counted.count} 件`}
                    />
                  ) : null}
                </Space>
              ),
              children: <WorkList list={list} />,
            };
          }),
          { key: ALL, label: '全部在办', children: <AllOpen /> },
          // 暂存邮件 (疑似广告, 信箱已停用): what the intake held back for the office to register or confirm as none.
          ...(session && decidesHeld
            ? [
                {
                  key: HELD,
                  label: (
                    <Space size={6}>
                      <span>暂存邮件</span>
                      {heldWaiting !== undefined ? (
                        <Badge count={heldWaiting} showZero overflowCount={9999} color={heldWaiting > 0 ? 'orange' : '#8c8c8c'} aria-label={`${heldWaiting} 封待甄别`} />
                      ) : null}
                    </Space>
                  ),
                  children: <HeldMailList office={session.staff.jurisdiction} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function WorkList({ list }: { list: WorkListId }) {
  const cases = useInfiniteQuery(workListQuery(list));
  useTriageRereadOnFocus(list);
  const rows: ListedCase[] = cases.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{WORK_LIST_HINTS[list]}</Typography.Paragraph>
      {cases.error ? <Typography.Text type="danger">{cases.error.message}</Typography.Text> : null}
      <CaseTable
        rows={rows}
        caption={WORK_LIST_LABELS[list]}
        {...(list === 'newlyRegistered' ? { jurisdictionColumn: '现所在辖区' } : {})}
        loading={cases.isLoading}
        hasMore={cases.hasNextPage}
        loadingMore={cases.isFetchingNextPage}
        onMore={() => void cases.fetchNextPage()}
      />
    </>
  );
}

/**
 * 待分办 is read again from its first page when the window regains focus. Its
 * urgent cases come first, and a case made urgent after the first page was
 * read is not on the later pages (the server reads those among the others):
 * keeping only the first page and refetching it puts such a case on top.
 */
function useTriageRereadOnFocus(list: WorkListId) {
  const client = useQueryClient();
  useEffect(() => {
    if (list !== 'triage') return;
    const { queryKey } = workListQuery(list);
    return focusManager.subscribe((focused) => {
      if (!focused) return;
      client.setQueryData<InfiniteData<unknown, string | undefined>>(queryKey, (data) =>
        data && data.pages.length > 1 ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
      );
      void client.invalidateQueries({ queryKey, exact: true });
    });
  }, [client, list]);
}

/** Every open case of a jurisdiction the caller covers, newest first, by status. */
function AllOpen() {
  const session = readSession();
  const names = useNames();
  const own = session?.staff.jurisdiction ?? '';
  const [jurisdiction, setJurisdiction] = useState(own);
  const { data: config } = useProvinceConfig();
  // A unit's staff work their unit's cases in its jurisdiction; an office also sees the jurisdictions below it.
  const covered = session?.staff.unit ? [] : coveredBy(config, own);
  const [status, setStatus] = useState<CaseStatus>();
  // 含下级: a higher level sees its subordinate levels — the API lists them after the jurisdiction's own, level by level.
  const [withBelow, setWithBelow] = useState(false);
  const below = covered.filter((j) => j.value !== jurisdiction && config?.jurisdictions.find((c) => c.code === j.value)?.parent === jurisdiction);
  const includeSubordinates = withBelow && below.length > 0;
  const cases = useInfiniteQuery({
    queryKey: ['cases', jurisdiction, status ?? 'open', includeSubordinates ? 'below' : 'own'],
    enabled: Boolean(jurisdiction),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const ask = async (cursor: string | undefined) =>
        (
          await api.GET('/cases', {
            params: { query: { jurisdiction, limit: PAGE, ...(status ? { status } : {}), ...(includeSubordinates ? { includeSubordinates: 'true' as const } : {}), ...(cursor ? { cursor } : {}) } },
          })
        ).data!;
      let page = await ask(pageParam);
      // 含下级 reads a bounded number of jurisdictions a page: one of empty levels comes back empty with a cursor.
      for (let again = 0; again < EMPTY_PAGE_RETRIES && page.items.length === 0 && page.cursor; again++) page = await ask(page.cursor);
      return page;
    },
    getNextPageParam: (last) => last.cursor,
  });
  const rows: ListedCase[] = cases.data?.pages.flatMap((p) => p.items) ?? [];
  const belowNames = `${below.slice(0, 3).map((j) => names.jurisdiction(j.value)).join('、')}${below.length > 3 ? '等' : ''}`;
  const lowerLevels = below.length && !includeSubordinates ? `下级辖区（${belowNames}）的事项不在此列，打开“含下级”或在“辖区”中选择查看` : undefined;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {covered.length > 1 ? <label htmlFor="jurisdiction-filter">辖区</label> : null}
        {covered.length > 1 ? (
          <Select
            id="jurisdiction-filter"
            aria-label="辖区"
            style={{ width: 180 }}
            value={jurisdiction}
            onChange={(v) => setJurisdiction(v)}
            options={covered}
            showSearch={{ optionFilterProp: 'label' }}
          />
        ) : null}
        {below.length ? (
          <Space size={6}>
            <Switch id="include-subordinates" checked={withBelow} onChange={setWithBelow} aria-label="含下级辖区" />
            <label htmlFor="include-subordinates">含下级</label>
          </Space>
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
      {lowerLevels ? <Typography.Paragraph type="secondary">仅列出{names.jurisdiction(jurisdiction)}本级的事项；{lowerLevels}。</Typography.Paragraph> : null}
      {includeSubordinates ? (
        <Typography.Paragraph type="secondary">
          列出{names.jurisdiction(jurisdiction)}本级及下级辖区（{belowNames}）的事项：本级在前，下级逐级列出，各辖区内最新登记的在前。
        </Typography.Paragraph>
      ) : null}
      {cases.error ? <Typography.Text type="danger">{cases.error.message}</Typography.Text> : null}
      <CaseTable
        rows={rows}
        caption="全部在办"
        {...(includeSubordinates ? { jurisdictionColumn: '所在辖区', emptyText: `${names.jurisdiction(jurisdiction)}及下级辖区暂无信访事项` } : {})}
        {...(lowerLevels ? { emptyText: `${names.jurisdiction(jurisdiction)}本级暂无信访事项；${lowerLevels}` } : {})}
        loading={cases.isLoading}
        hasMore={cases.hasNextPage}
        loadingMore={cases.isFetchingNextPage}
        onMore={() => void cases.fetchNextPage()}
      />
    </>
  );
}
