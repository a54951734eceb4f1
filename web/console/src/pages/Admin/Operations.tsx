import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { api, ApiError, errorMessage, issueText, type ApiIssue } from '../../api/client';
import { useNames } from '../../lib/config';
import { formatDateTime } from '../../lib/time';
import { Handover } from './Handover';
import { adminActionLabel, QUEUE_LABELS } from './labels';
import type { AdminAudit, QueueDepth, RedriveResult } from './types';

/** How often the queue table asks SQS again while it is on screen. */
const REFRESH_MS = 5_000;

/**
 * 运维: each queue's depth and its dead-letter queue's, 重新投递 of a DLQ
 * (after a confirmation) and 重放邮件 of one stored email by its key — the
 * same use cases as `npm run redrive` / `npm run replay` —, 包案交接 of a
 * departed leader's cases, and the administration trail they are written to.
 */
export function Operations() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Queues />
      <Replay />
      <Handover />
      <AdminTrail />
    </Space>
  );
}

function redriveText(result: RedriveResult): string {
  const name = QUEUE_LABELS[result.queue] ?? result.queue;
  if (result.outcome === 'empty') return `${name}：死信队列已空，无需重新投递`;
  if (result.outcome === 'running') return `${name}：已有一次重新投递正在进行`;
  return `${name}：已将 ${result.moving ?? 0} 条消息移回队列`;
}

/** A column title such as 待处理 stays on one line on a phone. */
const noWrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

function Queues() {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const queues = useQuery({
    queryKey: ['admin-queues'],
    queryFn: async (): Promise<QueueDepth[]> => (await api.GET('/admin/queues')).data!.queues,
    refetchInterval: REFRESH_MS,
  });
  const redrive = useMutation({
    mutationFn: async (queue: QueueDepth['queue']): Promise<RedriveResult> => (await api.POST('/admin/queues/{queue}/redrive', { params: { path: { queue } } })).data!,
    onSuccess: (result) => {
      void message.success(redriveText(result));
      void client.invalidateQueries({ queryKey: ['admin-queues'] });
      void client.invalidateQueries({ queryKey: ['admin-audit'] });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const confirm = (q: QueueDepth) =>
    modal.confirm({
      title: `重新投递 ${QUEUE_LABELS[q.queue] ?? q.queue} 的死信？`,
      content: `死信队列中的 ${q.deadLetters.waiting} 条消息将移回队列重新处理。请先排除导致失败的原因（见日志）；各处理环节可安全重复处理同一消息。`,
      okText: '重新投递',
      cancelText: '取消',
      onOk: () => redrive.mutateAsync(q.queue).catch(() => undefined),
    });

  const columns: TableColumnsType<QueueDepth> = [
    {
      title: '队列',
      dataIndex: 'queue',
      key: 'queue',
      render: (queue: string, q) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{QUEUE_LABELS[queue] ?? queue}</Typography.Text>
          <Typography.Text type="secondary">
            {q.fifo ? 'FIFO · ' : ''}失败 {q.maxReceiveCount} 次后转入死信队列
          </Typography.Text>
        </Space>
      ),
    },
    { title: '待处理', dataIndex: 'waiting', key: 'waiting', align: 'right', onHeaderCell: noWrap },
    { title: '处理中', dataIndex: 'inFlight', key: 'inFlight', align: 'right', responsive: ['md'], onHeaderCell: noWrap },
    {
      title: '死信',
      key: 'dlq',
      align: 'right',
      onHeaderCell: noWrap,
      render: (_: unknown, q) => (
        <Space size={4}>
          {q.deadLetters.waiting > 0 ? <Tag color="red">{q.deadLetters.waiting}</Tag> : <span>0</span>}
          {q.deadLetters.redriving ? <Tag color="blue">投递中</Tag> : null}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'action',
      render: (_: unknown, q) => (
        <Button
          aria-label={`重新投递 ${QUEUE_LABELS[q.queue] ?? q.queue} 的死信`}
          disabled={q.deadLetters.waiting === 0}
          loading={redrive.isPending && redrive.variables === q.queue}
          onClick={() => confirm(q)}
        >
          重新投递
        </Button>
      ),
    },
  ];
  return (
    <Card
      title="队列"
      size="small"
      extra={
        <Button size="small" onClick={() => void queues.refetch()} loading={queues.isFetching}>
          刷新
        </Button>
      }
    >
      {queues.error ? <Typography.Text type="danger">{errorMessage(queues.error)}</Typography.Text> : null}
      <Table aria-label="队列" size="small" rowKey="queue" pagination={false} loading={queues.isLoading} columns={columns} dataSource={queues.data ?? []} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        数量为 SQS 报告的近似值，每 {REFRESH_MS / 1000} 秒刷新。命令行同样可用：npm run redrive -- &lt;队列&gt;。
      </Typography.Paragraph>
    </Card>
  );
}

/** The API's reasons for refusing a key (shared/app/operations.ts) in its Chinese, or as the console knew to say them; any other problem as the API words it. */
function replayProblem(issue: ApiIssue): string {
  if (issue.messageZh) return issue.messageZh;
  if (issue.message.startsWith('no stored email under this key')) return `存储中没有这个键的邮件（${issue.message.split(' in ').at(-1)}）`;
  if (issue.message.startsWith('is not a raw message key')) return '不是原始邮件的存储键：应以 raw/ 开头';
  if (issue.message.startsWith('names a folder')) return '这是一个目录，不是一封邮件';
  return issueText(issue);
}

function Replay() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ key: string }>();
  const replay = useMutation({
    mutationFn: async (key: string) => (await api.POST('/admin/replay', { body: { key } })).data!,
    onSuccess: (result) => {
      void message.success(`已将 ${result.key} 重新交给邮件受理`);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['admin-audit'] });
    },
    onError: (error) => {
      const issue = error instanceof ApiError ? error.issues.find((i) => i.path === 'body.key') : undefined;
      if (issue) form.setFields([{ name: 'key', errors: [replayProblem(issue)] }]);
      else void message.error(errorMessage(error));
    },
  });
  return (
    <Card title="重放邮件" size="small">
      <Typography.Paragraph type="secondary">
        将已存储的一封原始邮件重新交给邮件受理（例如修复解析问题之后），与 npm run replay 相同；已处理过的邮件不会重复登记。
      </Typography.Paragraph>
      <Form form={form} layout="inline" name="replay" onFinish={({ key }) => replay.mutate(key.trim())} style={{ rowGap: 8 }}>
        <Form.Item
          name="key"
          label="邮件存储键"
          rules={[
            { required: true, message: '请输入邮件的存储键' },
            { pattern: /^\s*raw\//, message: '存储键以 raw/ 开头，如 raw/xinfang@tonglu.petitions.example/…' },
          ]}
          style={{ flex: '1 1 320px' }}
        >
          <Input placeholder="raw/xinfang@tonglu.petitions.example/…" autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={replay.isPending}>
            重放邮件
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

type AdminEntry = AdminAudit['entries'][number];

function AdminTrail() {
  const names = useNames();
  const trail = useQuery({
    queryKey: ['admin-audit'],
    queryFn: async (): Promise<AdminAudit> => (await api.GET('/admin/audit', { params: { query: { limit: 100 } } })).data!,
  });
  const columns: TableColumnsType<AdminEntry> = [
    { title: '时间', dataIndex: 'at', key: 'at', render: (at: string) => formatDateTime(at) },
    { title: '人员', dataIndex: 'actor', key: 'actor', render: (actor: string) => names.staff(actor) },
    {
      title: '操作',
      dataIndex: 'action',
      key: 'action',
      render: (action: string, e) => (
        <Space orientation="vertical" size={0}>
          <span>{adminActionLabel(action)}</span>
          {e.detail ? <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{e.detail}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: '结果', dataIndex: 'outcome', key: 'outcome', render: (o: string) => (o === 'allowed' ? <Tag color="green">允许</Tag> : <Tag color="red">拒绝</Tag>) },
  ];
  return (
    <Card title="管理操作记录" size="small" role="region" aria-label="管理操作记录">
      {trail.error ? <Typography.Text type="danger">{errorMessage(trail.error)}</Typography.Text> : null}
      <Table
        aria-label="管理操作记录"
        size="small"
        rowKey={(e) => `${e.at}|${e.actor}|${e.action}|${e.requestId ?? ''}`}
        loading={trail.isLoading}
        columns={columns}
        dataSource={trail.data?.entries ?? []}
        locale={{ emptyText: '暂无记录' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </Card>
  );
}
