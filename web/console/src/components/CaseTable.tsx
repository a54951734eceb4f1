import { Button, Grid, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { paths } from '../api/schema';
import { useNames } from '../lib/config';
import { CHANNEL_LABELS, STATUS_LABELS, label } from '../lib/labels';
import { suggestionWords } from '../lib/suggestion';
import { chinaDate, clockTag, daysBetween, formatDate, formatDateTime, formatLastDay } from '../lib/time';
import { ESCALATION_STEP_LABELS } from '../../../../shared/domain/chase.js';

/** Long tags wrap inside their cell instead of pushing the table past a phone's width. */
const WRAP = { whiteSpace: 'normal' as const, maxWidth: '100%' };
/** How a superior office stands to a case it is owed the result of (交办件 / 督办件 / 复查后责令重新办理). */
const SUPERIOR_RELATION_WORDS = { assigned: '交办', supervised: '督办', reviewRedo: '复查重办', reviewImplementation: '复查（复核）待落实' } as const;

/** A case as the listings answer it: its summary and the running clock of its next deadline. */
export type ListedCase = paths['/work-lists/{list}']['get']['responses'][200]['content']['application/json']['items'][number];

/** What a phone shows of a listing: which case, what about (with, on the desk's letter lists, which letter waits), how long is left. */
const PHONE_COLUMNS = new Set(['caseNumber', 'subject', 'clock']);

/** 待寄送 / 待电话告知: each letter waiting, the day it was written and how many days it has waited, so the oldest go first. */
function waitingLetters(c: ListedCase, today: string) {
  return (
    <Space size={2} orientation="vertical">
      {(c.waitingLetters ?? []).map((letter) => {
        const days = daysBetween(chinaDate(letter.at), today);
        return (
          <span key={letter.id}>
            {letter.name}
            <Typography.Text type={days >= 3 ? 'danger' : 'secondary'}>
              （{formatDate(letter.at)}起{days > 0 ? `，已等${days}日` : ''}）
            </Typography.Text>
          </span>
        );
      })}
    </Space>
  );
}

function flags(c: ListedCase, jurisdictionName: (code: string) => string, unitName: (id?: string) => string, extra?: (c: ListedCase) => ReactNode) {
  return (
    <>
      {extra?.(c)}
      {c.triage ? <Tag color="purple">待分办</Tag> : null}
      {c.returnedBy ? <Tag color="orange">{`${jurisdictionName(c.returnedBy)}退回`}</Tag> : null}
      {/* 待签发: since when the letter has waited for the caller's approval (concluded, or corrected last). */}
      {c.signOff ? <Tag color="orange">{`${formatDate(c.signOff.since)}起待签发${c.signOff.review ? (c.signOff.review === 1 ? '（复查意见书）' : '（复核意见书）') : ''}`}</Tag> : null}
      {c.suggestion ? (
        // The learned model's suggestion and the words behind it: staff see why, and decide.
        <Tag color="cyan" style={WRAP}>
          建议：{unitName(c.suggestion.unit)}（{suggestionWords(c.suggestion)}）
        </Tag>
      ) : null}
      {c.urgent ? <Tag color="red">紧急</Tag> : null}
      {c.collective ? <Tag color="gold">{c.collective.headCount ? `集体访 · ${c.collective.headCount}人` : '集体访'}</Tag> : null}
      {(c.superiors ?? []).map((s) => (
        // 交办件 / 督办件: the level handling it sees who above is owed the result; a superior's own list, which of the two it is.
        <Tag key={s.office} color={s.relation === 'supervised' ? 'orange' : s.relation === 'reviewRedo' || s.relation === 'reviewImplementation' ? 'magenta' : 'gold'} style={WRAP}>
          {jurisdictionName(s.office)}{SUPERIOR_RELATION_WORDS[s.relation]}
        </Tag>
      ))}
      {c.escalation ? (
        // How far up the chain (督办) and since when: a leader reads both at a glance.
        <Tag color="volcano" style={WRAP}>
          督办至{ESCALATION_STEP_LABELS[c.escalation.step]}（{formatDate(c.escalation.since)}起）
        </Tag>
      ) : null}
      {c.review ? (
        <Tag color="geekblue">
          {c.review.level === 1 ? '复查' : '复核'}（{jurisdictionName(c.review.jurisdiction)}决定）
        </Tag>
      ) : null}
    </>
  );
}

/**
 * 收到时间: the statutory clocks run from receipt, so that is the day a clerk
 * reads; the registration day follows in grey where it differs (a letter
 * registered the day after it came), and both times are in the tooltip.
 */
function receivedCell(c: ListedCase) {
  // A listing answered by an older API carries only the registration.
  const received = c.receivedAt || c.registeredAt;
  const registeredLater = chinaDate(c.registeredAt) !== chinaDate(received);
  return (
    <Tooltip title={`收到：${formatDateTime(received)}；登记：${formatDateTime(c.registeredAt)}`}>
      <Space size={0} orientation="vertical">
        <span>{formatDate(received)}</span>
        {registeredLater ? <Typography.Text type="secondary">{`登记：${formatDate(c.registeredAt)}`}</Typography.Text> : null}
      </Space>
    </Tooltip>
  );
}

/** The table every listing shows: number (a link to the case), subject, status, channel, lead unit, day received (and registered), clock, flags. */
export function CaseTable(props: {
  rows: ListedCase[];
  loading: boolean;
  caption: string;
  hasMore?: boolean;
  loadingMore?: boolean;
  onMore?: () => void;
  emptyText?: string;
  /** Flags of the listing's own, before the case's (查询 by contact: that the number is a representative's). */
  flags?: (c: ListedCase) => ReactNode;
  /** A column saying where each case is held now (新登记: cases this office registered, handed down since; 含下级). */
  jurisdictionColumn?: string;
}) {
  const names = useNames();
  const compact = !Grid.useBreakpoint().md;
  const today = chinaDate(new Date().toISOString());
  const letters = props.rows.some((c) => c.waitingLetters?.length);
  const columns: TableColumnsType<ListedCase> = [
    { title: '登记编号', key: 'caseNumber', dataIndex: 'caseNumber', render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link> },
    {
      title: '主题',
      key: 'subject',
      dataIndex: 'subject',
      // On a phone the flags column is left out, so 紧急 and 待分办 follow the subject — and so does where the case is
      // held, when the listing has a column for it (新登记, 含下级): on a phone that column is left out too.
      render: (s: string | undefined, c) =>
        compact ? (
          <Space size={4} wrap>
            <span>{s ?? '（无主题）'}</span>
            {props.jurisdictionColumn ? <Tag aria-label={`${props.jurisdictionColumn}：${names.jurisdiction(c.jurisdiction)}`}>{names.jurisdiction(c.jurisdiction)}</Tag> : null}
            {flags(c, names.jurisdiction, names.unit, props.flags)}
            {c.waitingLetters?.length ? waitingLetters(c, today) : null}
          </Space>
        ) : (
          (s ?? '（无主题）')
        ),
    },
    ...(letters ? [{ title: '待办文书', key: 'waitingLetters', render: (_: unknown, c: ListedCase) => waitingLetters(c, today) }] : []),
    { title: '状态', key: 'status', dataIndex: 'status', render: (s: string) => label(STATUS_LABELS, s) },
    { title: '渠道', key: 'channel', dataIndex: 'channel', render: (c: string) => label(CHANNEL_LABELS, c) },
    ...(props.jurisdictionColumn ? [{ title: props.jurisdictionColumn, key: 'jurisdiction', render: (_: unknown, c: ListedCase) => names.jurisdiction(c.jurisdiction) }] : []),
    { title: '主办单位', key: 'lead', dataIndex: 'lead', render: (lead?: string) => names.unit(lead) || '—' },
    { title: '收到时间', key: 'receivedAt', render: (_: unknown, c: ListedCase) => receivedCell(c) },
    {
      // The deadline of the clock now running — 受理告知 for a case not yet accepted, 办结 or 答复 after —, so not '办理期限'.
      title: '当前期限',
      key: 'clock',
      render: (_, c) => {
        if (!c.clock) return c.suspended ? <Tag color="blue">计时中止</Tag> : '—';
        const tag = clockTag(c.clock);
        return (
          <Space size={4} orientation="vertical">
            <span>{formatLastDay(c.clock.deadline)}</span>
            <Tag color={tag.colour}>{tag.text}</Tag>
          </Space>
        );
      },
    },
    {
      title: '标记',
      key: 'flags',
      render: (_, c) => <Space size={4} wrap>{flags(c, names.jurisdiction, names.unit, props.flags)}</Space>,
    },
  ];
  return (
    <>
      <Table<ListedCase>
        rowKey="caseNumber"
        aria-label={props.caption}
        loading={props.loading}
        dataSource={props.rows}
        pagination={false}
        size="middle"
        scroll={compact ? undefined : { x: 960 }}
        locale={{ emptyText: props.emptyText ?? '暂无信访事项' }}
        columns={columns.filter((column) => !compact || PHONE_COLUMNS.has(String(column.key)))}
      />
      {props.hasMore ? (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={props.onMore} loading={props.loadingMore}>
            加载更多
          </Button>
        </div>
      ) : null}
    </>
  );
}
