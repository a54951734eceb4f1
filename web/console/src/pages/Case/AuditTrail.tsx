import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
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
  // 审核签发: the letter as 答复 would send it, read over before it goes.
  'read:decision-letter/draft': '预览处理意见书',
  'read:attachments': '下载附件',
  'read:originals': '下载原邮件',
  // A 查询 by phone number or email address that found the case (shared/app/read-cases.ts).
  'read:found-by-contact': '按联系方式查询到本事项',
  // A 查询 by the petitioner's (or a representative's) name that found the case.
  'read:found-by-name': '按姓名查询到本事项',
  'read:handoffs': '查看移交办理结果',
  // The case opened on the portal with its query code (shared/app/citizen-portal.ts).
  'read:portal': '凭查询码网上查询',
};
/** Actions taken outside the case's action list (the 信访人 card's), by their route's tail. */
const OTHER_LABELS: Record<string, string> = {
  'query-code': '发放查询码',
  'letters/posted': '记录寄出',
  'letters/received': '登记签收',
  'letters/phoned': '记录电话告知',
  // One route for 办理记录 and 领导批示 (the note's kind is in the case history, not the trail).
  notes: '添加办理记录或领导批示',
  'letters/handed-over': '记录当面送达',
  'decision-letter/sign-off': '签发处理意见书',
  // A reception day's note put on the case (shared/app/reception.ts).
  'reception-note': '记录接待情况',
  // Registered at the desk (POST /cases): the first entry of the case's trail.
  register: '登记',
  // 登记为信访事项 on an email the intake held (疑似广告, 信箱已停用), written by the intake on the case it went on.
  'register:held-mail': '将暂存邮件登记为信访事项',
};
/** An action's route tail → the action's name in the console's own list (its label). */
const ACTION_BY_TAIL: Record<string, string> = {
  extension: 'requestExtension',
  'extension/decision': 'decideExtension',
  'return-request': 'requestReturn',
  'return-request/refusal': 'decideReturnRequest',
  'hand-down-objection': 'objectHandDown',
  'cooperation-objection': 'objectCooperation',
  'cooperation-objection/decision': 'decideCooperationObjection',
  'bypass-notice': 'giveBypassNotice',
  'review-request': 'requestReview',
  'review-decision': 'decideReview',
  'review-decision/sign-off': 'signOffReviewDecision',
  'follow-up': 'recordFollowUp',
  recusals: 'recuse',
  'accused-units': 'markAccused',
  'accused-corrections': 'correctAccused',
  'cooperation-opinion': 'giveOpinion',
  withdrawal: 'withdraw',
  reinstatement: 'reinstate',
  reconsideration: 'reconsider',
  'urgent-response': 'respondUrgent',
  settlement: 'recordSettlement',
  'implementation-report': 'reportImplementation',
  petitioner: 'correctPetitioner',
  'conclusion-correction': 'correctConclusion',
  leader: 'assignLeader',
  'repeat-of': 'linkRepeat',
  'material-request': 'requestMaterial',
  representatives: 'agreeRepresentatives',
  'leader-reading': 'submitLeaderReading',
  'leader-reading/read': 'markLeaderRead',
};

/** The kind of an entry, for filtering: one per action, every attachment read as one, every original email too. */
export function auditKind(action: string): string {
  if (action.startsWith('read:attachments/')) return 'read:attachments';
  if (action.startsWith('read:originals/')) return 'read:originals';
  // The console asking what became of a 交办 it queued (GET …/handoffs/{commandId}): one kind, whichever command.
  return action.startsWith('read:handoffs/') ? 'read:handoffs' : action;
}

/** The console's name of a kind of entry, e.g. 受理, 查看事项, 下载附件; undefined for one it does not know. */
export function knownKindLabel(kind: string): string | undefined {
  const name = ACTION_BY_TAIL[kind] ?? kind;
  // One API action may be offered under two names (转送 before acceptance, 转办 after): the trail names both.
  const labels = [...new Set(ACTIONS.filter((a) => a.name === name).map((a) => a.label))];
  return READ_LABELS[kind] ?? OTHER_LABELS[kind] ?? (labels.length ? labels.join('/') : undefined);
}

/**
 * An entry's kind as staff read it. One the console has no name for yet (an
 * API newer than the console) still says whether it was a read, with its code
 * for whoever asks IT: 查看（…）or 其他操作（…）, never the bare code.
 */
export function auditKindLabel(kind: string): string {
  return knownKindLabel(kind) ?? (kind.startsWith('read:') ? `查看（${kind.slice('read:'.length)}）` : `其他操作（${kind}）`);
}

function actionLabel(action: string): string {
  const kind = auditKind(action);
  return kind === 'read:attachments' ? `${auditKindLabel(kind)}（${action.slice('read:attachments/'.length)}）` : auditKindLabel(kind);
}

type Filters = { actor?: string; action?: string; outcome?: AuditEntry['outcome'] };

const OUTCOME_CHOICES = [
  { value: 'allowed', label: '允许' },
  { value: 'denied', label: '拒绝' },
  { value: 'refused', label: '未办成' },
];

/** Why an attempt was refused, by the API's error code. */
const REFUSAL_WORDS: Record<string, string> = {
  InvalidInput: '填写有误',
  RuleViolation: '不符合规定',
  InvalidTransition: '事项当前状态不允许',
  VersionConflict: '事项已被他人修改',
  IdempotencyKeyReused: '重复提交',
  TooManyRequests: '操作过于频繁',
};

function outcomeTag(entry: AuditEntry) {
  if (entry.outcome === 'allowed') return <Tag color="green">允许</Tag>;
  if (entry.outcome === 'denied') return <Tag color="red">拒绝</Tag>;
  return (
    <Tag color="orange" style={{ whiteSpace: 'normal' }}>
      未办成{entry.detail ? `（${REFUSAL_WORDS[entry.detail] ?? entry.detail}）` : ''}
    </Tag>
  );
}

/**
 * 审计记录: who read or did what to the case, and whether it was allowed —
 * offered only when allowedActions lists readAudit. Filtered by staff member,
 * action and outcome through three named pickers (reachable by keyboard); the
 * API does the filtering (GET …/audit?actor=&action=&outcome=), so a long
 * trail is filtered whole, not only its newest 1000 entries. The pickers offer
 * the people and actions of the unfiltered trail.
 */
export function AuditTrail({ caseNumber }: { caseNumber: string }) {
  const names = useNames();
  const [filters, setFilters] = useState<Filters>({});
  const read = (query: Filters) => async (): Promise<CaseAudit> => {
    const { data } = await api.GET('/cases/{caseNumber}/audit', { params: { path: { caseNumber }, query } });
    return data as unknown as CaseAudit;
  };
  const whole = useQuery({ queryKey: ['case-audit', caseNumber, {}], queryFn: read({}) });
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const shown = useQuery({ queryKey: ['case-audit', caseNumber, filters], queryFn: read(filters), enabled: filtered, placeholderData: keepPreviousData });
  const current = filtered ? shown : whole;
  const entries = current.data?.entries ?? [];
  const everyone = whole.data?.entries ?? [];
  const staffChoices = [...new Set([...everyone.map((e) => e.actor), ...(filters.actor ? [filters.actor] : [])])].map((id) => ({ value: id, label: names.staff(id) }));
  const kindChoices = [...new Set([...everyone.map((e) => auditKind(e.action)), ...(filters.action ? [filters.action] : [])])].map((k) => ({ value: k, label: auditKindLabel(k) }));
  const set = (key: keyof Filters) => (value: string | undefined) => setFilters((f) => ({ ...f, [key]: value ?? undefined }));

  const columns: TableColumnsType<AuditEntry> = [
    { title: '时间', dataIndex: 'at', key: 'at', render: (at: string) => formatDateTime(at) },
    { title: '人员', dataIndex: 'actor', key: 'actor', render: (actor: string) => names.staff(actor) },
    { title: '操作', dataIndex: 'action', key: 'action', render: (action: string) => actionLabel(action) },
    {
      title: '结果',
      dataIndex: 'outcome',
      key: 'outcome',
      render: (_: AuditEntry['outcome'], entry: AuditEntry) => outcomeTag(entry),
    },
  ];

  const error = whole.error ?? shown.error;
  return (
    <Card title="审计记录" role="region" aria-label="审计记录">
      {error ? (
        <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Form layout="inline" name="audit-filters">
            <Form.Item label="人员" htmlFor="audit-staff">
              <Select id="audit-staff" allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 180 }} placeholder="全部人员" options={staffChoices} value={filters.actor} onChange={set('actor')} />
            </Form.Item>
            <Form.Item label="操作" htmlFor="audit-action">
              <Select id="audit-action" allowClear style={{ minWidth: 180 }} placeholder="全部操作" options={kindChoices} value={filters.action} onChange={set('action')} />
            </Form.Item>
            <Form.Item label="结果" htmlFor="audit-outcome">
              <Select id="audit-outcome" allowClear style={{ minWidth: 120 }} placeholder="全部结果" options={OUTCOME_CHOICES} value={filters.outcome} onChange={set('outcome')} />
            </Form.Item>
          </Form>
          <Table<AuditEntry>
            aria-label="审计记录"
            size="small"
            rowKey={(e) => `${e.at}|${e.actor}|${e.action}|${e.requestId ?? ''}`}
            loading={current.isFetching}
            columns={columns}
            dataSource={entries}
            locale={{ emptyText: filtered ? '没有符合条件的记录' : '暂无记录' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          />
          {current.data?.truncated ? <Typography.Text type="secondary">仅显示最近 {entries.length} 条记录。</Typography.Text> : null}
        </Space>
      )}
    </Card>
  );
}
