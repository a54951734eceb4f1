import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Grid, Popconfirm, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/time';
import { REGISTERING_ROLES } from '../../../../../shared/domain/access.js';

type HeldEmail = NonNullable<Awaited<ReturnType<typeof readHeld>>>['items'][number];
type HeldStatus = 'waiting' | 'decided';

const STATUS: Record<HeldEmail['status'], { label: string; color: string }> = {
  held: { label: '待处理', color: 'orange' },
  registerRequested: { label: '正在登记', color: 'blue' },
  registered: { label: '已登记', color: 'green' },
  dismissed: { label: '已确认无效', color: 'default' },
};

async function readHeld(office: string, status: HeldStatus, cursor?: string) {
  const { data, error } = await api.GET('/held-mail', { params: { query: { office, status, ...(cursor ? { cursor } : {}) } } });
  if (!data) throw new Error(errorMessage(error));
  return data;
}

/**
 * An office's held emails, a page at a time (the next page by the answer's cursor). The tab label and the
 * list share the waiting ones: one read for both, and a decision refreshes both.
 */
export function useHeldMail(office: string, status: HeldStatus = 'waiting', enabled = true) {
  return useInfiniteQuery({
    queryKey: ['held-mail', office, status],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => readHeld(office, status, pageParam),
    getNextPageParam: (last) => last.cursor,
  });
}

/** Whether the staff member may decide what their office registers (登记员、信访部门、系统管理员), not a unit's staff. */
export function mayDecideHeldMail(staff: { unit?: string; roles: readonly string[] }): boolean {
  return !staff.unit && staff.roles.some((r) => (REGISTERING_ROLES as readonly string[]).includes(r));
}

/**
 * 暂存邮件: mail the intake did not register — 疑似广告 (reads as advertising and as nothing of a
 * citizen's own) or 信箱已停用 (sent to a mailbox since removed, or to none of ours). Staff register it as a petition (acknowledged, received when it came) or confirm it is none.
 */
export function HeldMailList({ office }: { office: string }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<HeldStatus>('waiting');
  const held = useHeldMail(office, status);
  const items = held.data?.pages.flatMap((page) => page.items) ?? [];
  const waiting = held.data?.pages[0]?.waiting;
  const [busy, setBusy] = useState<string>();
  const compact = !Grid.useBreakpoint().md;

  async function decide(item: HeldEmail, decision: 'register' | 'dismiss') {
    setBusy(item.id);
    try {
      const path = { office, id: item.id };
      if (decision === 'register') await api.POST('/held-mail/{office}/{id}/register', { params: { path } });
      else await api.POST('/held-mail/{office}/{id}/dismiss', { params: { path } });
      message.success(decision === 'register' ? `已登记为信访事项，登记编号生成后即向发件人发送受理回执：${item.subject}` : `已确认无效：${item.subject}`);
      await client.invalidateQueries({ queryKey: ['held-mail', office] });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  }

  const content = (item: HeldEmail) => (
    <>
      <Typography.Text strong>{item.subject || '（无主题）'}</Typography.Text>
      <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: '展开' }} style={{ marginBottom: 0 }}>
        {item.excerpt}
      </Typography.Paragraph>
      {/* Mail to a mailbox since removed (信箱已停用) waits here too: the reason is the address, not advertising. */}
      <Typography.Text type="secondary">
        {item.reason === 'noOfficeMailbox' ? '未登记原因' : '判断依据'}：{item.signs.join('、')}
      </Typography.Text>
    </>
  );
  const state = (item: HeldEmail) => (
    <Space orientation="vertical" size={2}>
      <Tag color={STATUS[item.status].color}>{STATUS[item.status].label}</Tag>
      {item.caseNumber ? <Link to={`/cases/${item.caseNumber}`}>{item.caseNumber}</Link> : null}
    </Space>
  );
  const actions = (item: HeldEmail) =>
    // 正在登记 a while: the request may not have reached the intake; asking again registers nothing twice.
    item.status === 'registerRequested' ? (
      <Button size="small" loading={busy === item.id} onClick={() => void decide(item, 'register')} aria-label={`再次提交登记：${item.subject}`}>
        再次提交登记
      </Button>
    ) : item.status === 'held' ? (
      <Space wrap>
        <Button size="small" type="primary" loading={busy === item.id} onClick={() => void decide(item, 'register')} aria-label={`登记为信访事项：${item.subject}`}>
          登记为信访事项
        </Button>
        <Popconfirm title="确认这封邮件不是信访事项？" okText="确认无效" cancelText="取消" onConfirm={() => decide(item, 'dismiss')}>
          <Button size="small" disabled={busy === item.id} aria-label={`确认无效：${item.subject}`}>
            确认无效
          </Button>
        </Popconfirm>
      </Space>
    ) : null;
  const columns: TableColumnsType<HeldEmail> = [
    { title: '收信时间', dataIndex: 'receivedAt', render: (at: string) => formatDateTime(at), width: 150 },
    { title: '发件人', dataIndex: 'from', render: (from?: string) => from ?? '—', width: 200 },
    { title: '主题与内容', key: 'content', render: (_, item) => content(item) },
    { title: '状态', key: 'status', width: 160, render: (_, item) => state(item) },
    { title: '操作', key: 'actions', width: 220, render: (_, item) => actions(item) },
  ];
  // A phone's width: one column, each mail a block, so the page never scrolls sideways.
  const compactColumns: TableColumnsType<HeldEmail> = [
    {
      title: '邮件',
      key: 'mail',
      render: (_, item) => (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
            {formatDateTime(item.receivedAt)} · {item.from ?? '—'}
          </Typography.Text>
          {content(item)}
          {state(item)}
          {actions(item)}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">
        系统判断为广告、推销等，或寄往已停用信箱等非信访邮箱地址，未作为信访事项登记也未回复发件人的邮件，收到最早的在前。请逐一查看：确属信访事项的，点“登记为信访事项”，按原收信时间登记并向发件人发送受理回执；确属广告的，点“确认无效”。处理过的邮件在“已处理”中查看。
      </Typography.Paragraph>
      <Segmented<HeldStatus>
        value={status}
        onChange={setStatus}
        options={[
          { value: 'waiting', label: waiting === undefined ? '待甄别' : `待甄别（${waiting}）` },
          { value: 'decided', label: '已处理' },
        ]}
        style={{ marginBottom: 12 }}
      />
      {held.error ? <Typography.Text type="danger">{held.error.message}</Typography.Text> : null}
      <Table<HeldEmail>
        rowKey="id"
        size="small"
        loading={held.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: status === 'waiting' ? '暂无待甄别的暂存邮件（疑似广告、信箱已停用）' : '暂无已处理的暂存邮件（疑似广告、信箱已停用）' }}
        title={() =>
          status === 'waiting'
            ? `暂存邮件（疑似广告、信箱已停用）· 待甄别${waiting === undefined ? '' : ` ${waiting} 封`}`
            : '暂存邮件（疑似广告、信箱已停用）· 已处理（最新的在前）'
        }
        footer={
          held.hasNextPage
            ? () => (
                <Button onClick={() => void held.fetchNextPage()} loading={held.isFetchingNextPage}>
                  加载更多（已显示 {items.length} 封{status === 'waiting' && waiting !== undefined ? `，共 ${waiting} 封` : ''}）
                </Button>
              )
            : undefined
        }
        columns={compact ? compactColumns : columns}
      />
    </>
  );
}
