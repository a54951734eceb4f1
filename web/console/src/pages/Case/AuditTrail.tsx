import { useQuery } from '@tanstack/react-query';
import { Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { AuditEntry, CaseAudit } from '../../api/types';
import { useNames } from '../../lib/config';
import { formatDateTime } from '../../lib/time';
import { ACTIONS } from './actions';

/** The audit entries' actions: `read`, `read:<what>` for a read, the route's tail for an action (audit.ts in the API). */
const READ_LABELS: Record<string, string> = {
  read: '查看事项',
  'read:audit': '查看审计记录',
  'read:decision-letter': '查看处理意见书',
  'read:attachments': '下载附件',
};
/** An action's route tail → the action's name in the console's own list (its label). */
const ACTION_BY_TAIL: Record<string, string> = {
  extension: 'requestExtension',
  'extension/decision': 'decideExtension',
  'review-request': 'requestReview',
  'review-decision': 'decideReview',
  'follow-up': 'recordFollowUp',
  recusals: 'recuse',
};

/** The kind of an entry, for filtering: one per action, every attachment read as one. */
export function auditKind(action: string): string {
  return action.startsWith('read:attachments/') ? 'read:attachments' : action;
}

/** e.g. 受理, 查看事项, 下载附件. */
export function auditKindLabel(kind: string): string {
  const name = ACTION_BY_TAIL[kind] ?? kind;
  return READ_LABELS[kind] ?? ACTIONS.find((a) => a.name === name)?.label ?? kind;
}

function actionLabel(action: string): string {
  const kind = auditKind(action);
  return kind === 'read:attachments' ? `${auditKindLabel(kind)}（${action.slice('read:attachments/'.length)}）` : auditKindLabel(kind);
}

/**
 * 审计记录: who read or did what to the case, and whether it was allowed —
 * offered only when allowedActions lists readAudit. Filtered by staff member
 * and by action, through the column filters or the two pickers above them
 * (the pickers are named and reachable by keyboard).
 */
export function AuditTrail({ caseNumber }: { caseNumber: string }) {
  const names = useNames();
  const [staff, setStaff] = useState<string[]>([]);
  const [kinds, setKinds] = useState<string[]>([]);
  const query = useQuery({
    queryKey: ['case-audit', caseNumber],
    queryFn: async (): Promise<CaseAudit> => {
      const { data } = await api.GET('/cases/{caseNumber}/audit', { params: { path: { caseNumber } } });
      return data as unknown as CaseAudit;
    },
  });
  const entries = useMemo(() => [...(query.data?.entries ?? [])].sort((a, b) => b.at.localeCompare(a.at)), [query.data]);
  const staffChoices = [...new Set(entries.map((e) => e.actor))].map((id) => ({ value: id, label: names.staff(id), text: names.staff(id) }));
  const kindChoices = [...new Set(entries.map((e) => auditKind(e.action)))].map((k) => ({ value: k, label: auditKindLabel(k), text: auditKindLabel(k) }));

  const columns: TableColumnsType<AuditEntry> = [
    { title: '时间', dataIndex: 'at', key: 'at', render: (at: string) => formatDateTime(at) },
    {
      title: '人员',
      dataIndex: 'actor',
      key: 'actor',
      render: (actor: string) => names.staff(actor),
      filters: staffChoices,
      filteredValue: staff,
      onFilter: (value, entry) => entry.actor === value,
    },
    {
      title: '操作',
      dataIndex: 'action',
      key: 'action',
      render: (action: string) => actionLabel(action),
      filters: kindChoices,
      filteredValue: kinds,
      onFilter: (value, entry) => auditKind(entry.action) === value,
    },
    {
      title: '结果',
      dataIndex: 'outcome',
      key: 'outcome',
      render: (outcome: AuditEntry['outcome']) => (outcome === 'allowed' ? <Tag color="green">允许</Tag> : <Tag color="red">拒绝</Tag>),
    },
  ];

  return (
    <Card title="审计记录" role="region" aria-label="审计记录">
      {query.error ? (
        <Typography.Text type="danger">{errorMessage(query.error)}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Form layout="inline" name="audit-filters">
            <Form.Item label="人员" htmlFor="audit-staff">
              <Select id="audit-staff" mode="multiple" allowClear style={{ minWidth: 200 }} placeholder="全部人员" options={staffChoices} value={staff} onChange={setStaff} />
            </Form.Item>
            <Form.Item label="操作" htmlFor="audit-action">
              <Select id="audit-action" mode="multiple" allowClear style={{ minWidth: 200 }} placeholder="全部操作" options={kindChoices} value={kinds} onChange={setKinds} />
            </Form.Item>
          </Form>
          <Table<AuditEntry>
            aria-label="审计记录"
            size="small"
            rowKey={(e) => `${e.at}|${e.actor}|${e.action}|${e.requestId ?? ''}`}
            loading={query.isLoading}
            columns={columns}
            dataSource={entries}
            locale={{ emptyText: '暂无记录', filterConfirm: '确定', filterReset: '重置' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onChange={(_page, filters) => {
              setStaff((filters.actor as string[] | null) ?? []);
              setKinds((filters.action as string[] | null) ?? []);
            }}
          />
        </Space>
      )}
    </Card>
  );
}
