import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LeaderReadings } from './LeaderReadings';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Tooltip, Typography, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';
import { cloneElement, lazy, Suspense, useEffect, useRef, useState, type ReactElement } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError, errorMessage, issueText } from '../../api/client';
import type { CaseRecord, CaseView, Directory, Petitioner } from '../../api/types';
import type { paths } from '../../api/schema';
import { DayPicker } from '../../components/DayPicker';
import { futureDayRule, pastDayRule } from '../../lib/day-rule';
import { coveredBy, leaderLabel, placeLabel, UNSTAFFED_REASON, unitChoice, unitGroups, useNames, useProvinceConfig, type UnitChoice } from '../../lib/config';
import { CATEGORY_LABELS, CHANNEL_LABELS, OUTCOME_LABELS, REVIEW_OUTCOME_LABELS, STATUS_LABELS, SUSPENSION_GROUND_LABELS, label } from '../../lib/labels';
import { chinaDate, clockTag, formatDateTime, formatDay, formatLastDay } from '../../lib/time';
import { suggestionWords } from '../../lib/suggestion';
import { readSession } from '../../lib/session';
import { ACTIONS, materialToldWords, waitingCooperationObjection, type ActionDef, type ActionField } from './actions';
import type { DeadlineClock } from '../../../../../shared/domain/deadline-explanation.js';
import { currentOpinions, opinionsMissing } from '../../../../../shared/domain/cooperation.js';
import { pendingCooperationObjections } from '../../../../../shared/domain/cooperation-objection.js';
import { WITHDRAWAL_HOW_WORDS } from '../../../../../shared/domain/withdrawal.js';
import { CASE_NOTE_KIND_LABELS, leaderInstructions, progressTellingRefusal } from '../../../../../shared/domain/case-note.js';
import { outcomesFor } from '../../../../../shared/domain/outcome.js';
import { Correspondence } from './Correspondence';
import { DeadlineBasis } from './DeadlineBasis';
import { DecisionLetters } from './Letters';
import { LetterPreviewButton } from './LetterPreview';
import { QueryCodeButton } from './QueryCode';

// The audit trail (a filterable table) comes after the case itself: reading the case need not wait for it.
const AuditTrail = lazy(() => import('./AuditTrail').then((m) => ({ default: m.AuditTrail })));
// The history's timeline (Ant Design's Steps beneath it) follows the case in a chunk of its own: the page lands sooner.
const CaseHistory = lazy(() => import('./History').then((m) => ({ default: m.CaseHistory })));

const GENDER_LABELS: Record<string, string> = { male: '男', female: '女', unspecified: '未说明' };
const DEADLINE_LABELS: Record<string, string> = {
  acceptance: '受理告知期限',
  handling: '办理期限',
  reply: '答复期限',
  reviewDecision: '复查期限',
  reReviewDecision: '复核期限',
};

/** While the matter is handled, only the clocks of handling run; those after it start again with the new answer. */
const HANDLING_STATUSES: ReadonlySet<string> = new Set(['assigned', 'inProgress']);
const AFTER_HANDLING_CLOCKS: ReadonlySet<string> = new Set(['reply', 'reviewDecision', 'reReviewDecision']);

/**
 * The case's short details, two to a row (one on a phone): the last fills its
 * row, so the long ones after it (信访事项, 办理结果…) each start a row of their
 * own rather than beside an odd one out, and every row adds up to the columns.
 */
function lastFillsRow(items: readonly (ReactElement<{ span?: 'filled' }> | null | undefined)[]): ReactElement[] {
  const shown = items.filter((item): item is ReactElement<{ span?: 'filled' }> => Boolean(item));
  return shown.map((item, i) => (i === shown.length - 1 ? cloneElement(item, { span: 'filled' }) : item));
}

/** A case: its summary, petitioner, timeline and messages, and the actions the caller may take now. */
export default function CasePage() {
  const { caseNumber = '' } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const names = useNames();
  const { data: config } = useProvinceConfig();
  const [open, setOpen] = useState<ActionDef>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const dialogBody = useRef<HTMLDivElement>(null);

  // Just registered here (Register's navigation state, kept on reload): the router decides where the case goes in the
  // next seconds, so it is read again meanwhile; one it takes out of the registrar's sight is said so, not 未找到.
  const registeredAt = (useLocation().state as { registeredAt?: unknown } | null)?.registeredAt;
  const registeredHere = typeof registeredAt === 'number';
  const query = useQuery({
    queryKey: ['case', caseNumber],
    queryFn: async (): Promise<CaseView> => {
      const { data } = await api.GET('/cases/{caseNumber}', { params: { path: { caseNumber } } });
      return data as unknown as CaseView;
    },
    refetchInterval: (q) => (registeredHere && !q.state.error && Date.now() - registeredAt < ROUTING_WINDOW_MS && !routed(q.state.data) ? ROUTING_POLL_MS : false),
  });

  // An action taken here that may have sent the case out of the caller's sight (转送 to another jurisdiction, 交办 to
  // a unit): when the next read no longer finds it, the page goes back to the workbench saying where it went, not to
  // a red 未找到. A handoff is queued (202), so that read may be the delayed one.
  const movedBy = useRef<{ at: number; words: string }>(undefined);
  // One Idempotency-Key per opening of an action's form: submitting it again (a lost answer, a double click) acts once.
  const formKey = useRef<string>(crypto.randomUUID());
  const gone = movedBy.current !== undefined && Date.now() - movedBy.current.at < MOVED_WITHIN_MS && outOfSight(query.error);
  useEffect(() => {
    if (!gone || !movedBy.current) return;
    message.success(movedBy.current.words, 6);
    movedBy.current = undefined;
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
    // Replaced: Back from the workbench does not lead to a case no longer theirs.
    void navigate('/', { replace: true });
  }, [gone, message, navigate, queryClient]);

  if (query.isLoading || gone) return <Card loading title={caseNumber} />;
  if (registeredHere && outOfSight(query.error)) {
    // Only a report against the registrar's own level (or one above it) is kept from the office that registered it:
    // nothing more is said of where it is than that (条例 第三十条).
    return (
      <Card title={caseNumber}>
        <Alert type="info" showIcon title={`已登记 ${caseNumber}`} description={ARTICLE_30_WORDS} />
        <Space style={{ marginTop: 16 }}>
          <Link to="/">返回工作台</Link>
          <Link to="/register">继续登记</Link>
        </Space>
      </Card>
    );
  }
  if (query.error || !query.data) {
    return (
      <Card title={caseNumber}>
        <Typography.Text type="danger">{errorMessage(query.error)}</Typography.Text>
      </Card>
    );
  }
  const view = query.data;
  const c = view.case;
  // The petitioner wrote since the withdrawal that it was not theirs (撤回存疑): the office verifies it, then 恢复办理.
  const disputed = c.withdrawal
    ? view.events.filter((e) => e.type === 'messageReceived' && typeof e.detail?.withdrawalDisputed === 'string' && e.at >= c.withdrawal!.at).at(-1)
    : undefined;
  // A report is never handed to the unit it accuses (条例第三十条): those units are not offered.
  const accused = new Set(c.accusedUnits ?? []);
  // A report against a local government: that level and everything below it are not offered either.
  const accusedPlaces = new Set((c.accusedJurisdictions ?? []).flatMap((code) => coveredBy(config, code).map((j) => j.value)));
  const me = readSession()?.staff;
  const myLevels = new Set(me ? coveredBy(config, me.jurisdiction).map((j) => j.value) : []);
  // 退回: the unit that just sent the case back (the case's last handoff is its 退回) is marked 刚退回 and put last in
  // every unit picker, so a clerk does not hand it straight back by mistake; it may still be chosen.
  const lastHandoff = view.events.filter((e) => e.type === 'assigned' || e.type === 'transferred' || e.type === 'returned').at(-1);
  const justReturned = lastHandoff?.type === 'returned' && typeof lastHandoff.detail?.returnedBy === 'string' ? lastHandoff.detail.returnedBy : undefined;
  const choices: Choices = {
    caseJurisdiction: c.jurisdiction,
    // A review request cannot have come before the answer it disputes.
    ...(c.reply ? { earliestDay: chinaDate(c.reply.at) } : {}),
    unitsOf: (code) => returnedLast((config?.jurisdictions.find((j) => j.code === code)?.units ?? []).filter((u) => !accused.has(u.id)).map(unitChoice), justReturned),
    // The case's own jurisdiction stays in the tree, not offered: taken out, its townships sat one level too deep under
    // the city, as if the city's own (an accused place goes with everything below it, so leaves no such gap).
    jurisdictions: jurisdictionTree(config)
      .filter((j) => !accusedPlaces.has(j.value))
      .map((j) => (j.value === c.jurisdiction ? { ...j, label: `${j.label}（本辖区）`, disabled: true } : j)),
    staff: (config?.staff ?? []).map((s) => ({ value: s.id, label: `${s.name}（${names.unit(s.unit) || names.jurisdiction(s.jurisdiction)}）` })),
    accusableUnits: unitGroups(config, c.jurisdiction, accused),
    accusedRecorded: [
      ...(c.accusedJurisdictions ?? []).map((code) => ({ value: `place:${code}`, label: `${names.jurisdiction(code)}党委政府` })),
      ...(c.accusedUnits ?? []).map((unit) => ({ value: `unit:${unit}`, label: names.unit(unit) })),
    ],
    cooperationObjections: pendingCooperationObjections(c).map((o) => ({ value: o.unit, label: `${names.unit(o.unit)}：${o.reason}` })),
    representatives: (c.collective?.representatives ?? []).flatMap((r) => (r.name ? [{ value: r.name, label: r.phone ? `${r.name}（${r.phone}）` : r.name }] : [])),
    extensionMaxDays: config?.jurisdictions.find((j) => j.code === c.jurisdiction)?.extension.maxDays ?? 30,
    outcomes: outcomesFor(c.category).map((o) => ({ value: o, label: label(OUTCOME_LABELS, o) })),
    grounds: (config?.suspensionGrounds ?? Object.entries(SUSPENSION_GROUND_LABELS).map(([id, name]) => ({ id, name }))).map((g) => ({ value: g.id, label: g.name })),
    // A level's leaders are put in charge by that level or one above it (or themselves): a county's office offers its own.
    leaders: leadersOver(config, c.jurisdiction)
      .filter((s) => s.id !== c.leaderOwnership?.leader && !c.recused?.some((r) => r.staffId === s.id))
      .filter((s) => s.id === me?.id || myLevels.has(s.jurisdiction))
      .map((s) => ({ value: s.id, label: leaderLabel(s, names.jurisdiction) })),
  };
  // While a unit's return request waits, the office's 退回 is its approval: offered once, as 审批退回.
  const offered = ACTIONS.filter(
    (a) => view.allowedActions.includes(a.name) && (a.when?.(c) ?? true) && !(a.name === 'return' && view.allowedActions.includes('decideReturnRequest')),
  );
  const pendingDraft = c.reviews?.find((r) => !r.decidedAt)?.draft;
  const correcting = offered.find((a) => a.name === 'correctConclusion');
  const replying = offered.find((a) => a.name === 'reply');
  const suggestion = c.triage?.suggestion;
  // A suggestion is not filled in for a unit that cannot lead (nobody there in the system).
  const suggestedLead = suggestion && choices.unitsOf(c.jurisdiction).some((u) => u.value === suggestion.unit && !u.unstaffed) ? suggestion.unit : undefined;

  // The audit trail too: the action just taken is its newest entry.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['case', caseNumber] }),
      queryClient.invalidateQueries({ queryKey: ['cases'] }),
      queryClient.invalidateQueries({ queryKey: ['case-audit', caseNumber] }),
    ]);

  async function run(action: ActionDef, values: Record<string, unknown>): Promise<boolean> {
    setBusy(true);
    try {
      const answered = await action.run(c, values, formKey.current);
      // Recused from the case: it is no longer theirs to see; back to the workbench, not to a page that now says 未找到.
      if (action.name === 'recuseSelf') {
        message.success('已回避：您将不再查看和办理该事项');
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        void navigate('/');
        return true;
      }
      movedBy.current = { at: Date.now(), words: whereItWent(action, values, c, names) };
      // A handoff (交办, 转办, 退回, 分办) is queued (202): applied — or refused — moments later, by the handoff function.
      const queued = queuedHandoff(answered);
      if (queued) {
        const key = `handoff:${queued.commandId ?? caseNumber}`;
        message.open({ key, type: 'loading', content: `${action.label}：已提交，正在处理`, duration: queued.commandId ? 0 : 3 });
        await refresh();
        void followHandoff(action.label, key, queued.commandId);
        return true;
      }
      message.success(action.done?.(c, values) ?? `${action.label}：已完成`, action.done ? 6 : undefined);
      await refresh();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VersionConflict') {
        message.warning('该事项已被他人更新，已刷新');
        await refresh();
        return true;
      }
      // No answer in time (API Gateway's 503 or 504 once the function runs past its timeout, a dropped connection): on
      // AWS the function goes on, so the change may well have been made. Staff are told so, not shown an English
      // "Service Unavailable", and the case is read again now and once more shortly, so they see whether it took effect
      // before trying again; the dialog closes by itself once the case no longer offers the action.
      if (answerUnknown(error)) {
        message.warning(`${action.label}：服务器未能及时答复，操作可能已经生效。已刷新页面，请核对后再决定是否重试`, 8);
        // Closed once the case read again no longer offers the action (it took effect, or the case moved on meanwhile).
        const stillOffered = async () => {
          await refresh();
          return queryClient.getQueryData<CaseView>(['case', caseNumber])?.allowedActions.includes(action.name) ?? true;
        };
        if (!(await stillOffered())) return true;
        void (async () => {
          for (const wait of UNKNOWN_ANSWER_RECHECKS_MS) {
            await new Promise((resolve) => setTimeout(resolve, wait));
            if (!(await stillOffered())) {
              setOpen((current) => (current === action ? undefined : current));
              return;
            }
          }
        })();
        return false;
      }
      message.error(refusalMessage(error, action, form));
      // Refused by the lifecycle: the case may have moved on since it was shown (its actions with it), and the reason says what stands in the way.
      if (error instanceof ApiError && error.code === 'InvalidTransition') await refresh();
      return false;
    } finally {
      setBusy(false);
    }
  }

  /**
   * After a 202: asks the API what became of the handoff for a few seconds, and says it in place of 已提交 —
   * 已完成 once applied, the reason once refused (the case's history then shows the refusal too) — refreshing the case.
   */
  async function followHandoff(label: string, key: string, commandId: string | undefined) {
    if (!commandId) {
      setTimeout(() => void refresh(), HANDOFF_CHECK_MS * 2);
      return;
    }
    for (let check = 0; check < HANDOFF_CHECKS; check++) {
      await new Promise((resolve) => setTimeout(resolve, HANDOFF_CHECK_MS));
      let outcome: HandoffOutcome | undefined;
      try {
        const { data } = await api.GET('/cases/{caseNumber}/handoffs/{commandId}', { params: { path: { caseNumber, commandId } } });
        outcome = data;
      } catch {
        // The case went out of sight (转办 elsewhere: the page goes back to the workbench saying where), or no answer:
        // the case as it reads now tells the rest.
        message.destroy(key);
        await refresh();
        return;
      }
      if (outcome?.status === 'applied') {
        message.open({ key, type: 'success', content: `${label}：已完成` });
        await refresh();
        return;
      }
      if (outcome?.status === 'refused') {
        message.open({ key, type: 'error', content: `${label}未执行：${outcome.reason ?? '该事项已有变化'}`, duration: 10 });
        await refresh();
        return;
      }
    }
    message.open({ key, type: 'info', content: `${label}：仍在处理中，稍后刷新即可在办理过程中看到结果`, duration: 6 });
    await refresh();
  }

  function start(action: ActionDef) {
    formKey.current = crypto.randomUUID();
    setOpen(action);
  }

  async function submit() {
    if (!open) return;
    let values: Record<string, unknown> = {};
    try {
      if (open.fields) values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      // The form shows what is missing next to each field; nothing to send yet.
      return;
    }
    const submitted = open;
    // The page refreshes before this resolves: close this dialog, never one opened since.
    if (await run(submitted, values)) setOpen((current) => (current === submitted ? undefined : current));
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>信访事项 {c.caseNumber}</span>
            <Tag color="blue">{label(STATUS_LABELS, c.status)}</Tag>
            {c.urgent ? <Tag color="red">紧急</Tag> : null}
            {c.triage ? <Tag color="purple">待分办</Tag> : null}
            {/* 收到当日登记: a letter registered days after it came says so where the case is read. */}
            {c.registeredLate ? <Tag color="orange">逾期登记 {c.registeredLate} 个工作日</Tag> : null}
            {c.triage?.returnedBy ? <Tag color="orange">下级退回</Tag> : null}
            {c.collective ? <Tag color="gold">集体访</Tag> : null}
            {disputed ? <Tag color="red">撤回存疑</Tag> : null}
            {c.repeatOf ? <Tag color="cyan">重复信访</Tag> : null}
            {c.accusedUnits?.length ? <Tag color="volcano">涉及举报</Tag> : null}
          </Space>
        }
      >
        {/* A row of their own under the title, wrapping: an office may have a dozen, and the number and status must show. */}
        <Space wrap role="group" aria-label="可执行的操作" style={{ marginBottom: 16 }}>
          {offered.length === 0 && !view.archiveWaits ? <Typography.Text type="secondary">当前无可执行的操作</Typography.Text> : null}
          {/* 审核签发: read the letter over before 答复 — from the preview, correct the result or reply. */}
          {view.allowedActions.includes('reply') && c.status === 'concluded' ? (
            <LetterPreviewButton
              caseNumber={c.caseNumber}
              names={names}
              disabled={busy}
              canCorrect={correcting !== undefined}
              onCorrect={() => correcting && start(correcting)}
              onReply={(version) => (replying ? run(replying, { expectedVersion: version }) : Promise.resolve(false))}
            />
          ) : null}
          {offered.map((action) => (
            // Held while a change and its refresh are in flight: the buttons then are the case's before it.
            <Button key={action.name} danger={action.danger} disabled={busy} onClick={() => start(action)}>
              {action.label}
            </Button>
          ))}
          {/* 待签发的复查（复核）意见书: what the leader approves, read before 签发. */}
          {pendingDraft ? (
            <Alert
              type="warning"
              showIcon
              title={`复查（复核）意见书待签发（${label(REVIEW_OUTCOME_LABELS, pendingDraft.outcome)}）`}
              description={`查明事实：${pendingDraft.facts}；依据：${pendingDraft.basis}；意见：${pendingDraft.decision}`}
            />
          ) : null}
          {/* 归档 held back by the petitioner's review window: shown, with why, rather than missing. */}
          {view.archiveWaits && !offered.some((a) => a.name === 'archive') ? (
            <Tooltip title={view.archiveWaits.reason}>
              <Button disabled aria-describedby="archive-waits">
                归档
              </Button>
            </Tooltip>
          ) : null}
          {view.archiveWaits ? (
            <Typography.Text id="archive-waits" type="secondary">
              {view.archiveWaits.reason}
            </Typography.Text>
          ) : null}
        </Space>
        {/* 领导批示: whoever handles the case reads the leaders' word before anything else on it. */}
        {leaderInstructions(c).length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="领导批示"
            description={leaderInstructions(c).map((n) => (
              <div key={n.seq}>
                <Typography.Text strong>{names.staff(n.by)}</Typography.Text>（{formatDateTime(n.at)}）：<span style={{ whiteSpace: 'pre-wrap' }}>{n.text}</span>
              </div>
            ))}
          />
        ) : null}
        <LeaderReadings readings={c.leaderReadings ?? []} voided={view.leaderReadingsVoid ?? []} />
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          {lastFillsRow([
            <Descriptions.Item key="登记编号" label="登记编号">{c.caseNumber}</Descriptions.Item>,
            <Descriptions.Item key="状态" label="状态">{label(STATUS_LABELS, c.status)}</Descriptions.Item>,
            <Descriptions.Item key="主题" label="主题">{c.subject ?? '（无主题）'}</Descriptions.Item>,
            <Descriptions.Item key="渠道" label="渠道">{label(CHANNEL_LABELS, c.channel)}</Descriptions.Item>,
            <Descriptions.Item key="类别" label="类别">{c.category ? label(CATEGORY_LABELS, c.category) : '未分类'}</Descriptions.Item>,
            <Descriptions.Item key="辖区" label="辖区">{names.jurisdiction(c.jurisdiction)}</Descriptions.Item>,
            // Where it came in and was registered: 受理 (acceptance) is the holding office's decision, which may be another's.
            <Descriptions.Item key="登记机关" label="登记机关">{names.office(c.receivingOffice)}</Descriptions.Item>,
            <Descriptions.Item key="收到时间" label="收到时间">{formatDateTime(c.receivedAt)}</Descriptions.Item>,
            <Descriptions.Item key="主办单位" label="主办单位">{c.handling ? names.unit(c.handling.lead) : '—'}</Descriptions.Item>,
            <Descriptions.Item key="协办单位" label="协办单位">{c.handling?.cooperating.length ? c.handling.cooperating.map(names.unit).join('、') : '—'}</Descriptions.Item>,
            // 首问责任制: who claimed it (认领), until it is handed to another office.
            c.owner ? (
              <Descriptions.Item key="承办人" label="承办人（首问）">
                {names.staff(c.owner)}
              </Descriptions.Item>
            ) : null,
            ...Object.entries(c.deadlines)
              .filter(([key, at]) => key in DEADLINE_LABELS && typeof at === 'string')
              // Handled (again): a 答复/复查/复核 deadline of a round before (a case reopened before the API dropped them) does not run.
              .filter(([key]) => !(HANDLING_STATUSES.has(c.status) && AFTER_HANDLING_CLOCKS.has(key)))
              .map(([key, at]) => {
                // Only the clock the case's status runs counts down; the others are kept as dates.
                const clock = view.clock?.clock === key ? clockTag(view.clock) : undefined;
                return (
                  <Descriptions.Item key={key} label={DEADLINE_LABELS[key]}>
                    {formatLastDay(at as string)} {clock ? <Tag color={clock.colour}>{clock.text}</Tag> : null}
                    {!clock && clockEnded(c, key) ? <Tag style={{ marginLeft: 8 }}>{clockEnded(c, key)}</Tag> : null}
                    <DeadlineBasis explained={view.deadlines?.[key as DeadlineClock]} ground={names.ground} />
                  </Descriptions.Item>
                );
              }),
            // 第三十五条: how long the petitioner may still ask for the next review (the clerk registering one, or waiting to archive).
            view.reviewWindow ? (
              <Descriptions.Item key="复查申请期限" label={view.reviewWindow.level === 1 ? '复查申请期限' : '复核申请期限'}>
                {formatLastDay(view.reviewWindow.by)}
                {Date.parse(view.reviewWindow.by) <= Date.now() ? <Tag style={{ marginLeft: 8 }}>已届满</Tag> : null}
              </Descriptions.Item>
            ) : null,
            c.collective ? (
              // With representatives, the rest of its row: each one's contacts are read at a glance, not squeezed into half a row.
              <Descriptions.Item key="集体访" label="集体访" {...(c.collective.representatives.length ? { span: 'filled' as const } : {})}>
                <div>
                  {c.collective.headCount} 人
                  {c.collective.representativesToAgree ? `；来信列出代表 ${c.collective.representativesToAgree.named} 人，超过 5 人（第二十条），待商定代表` : ''}
                </div>
                {c.collective.representatives.length ? <RepresentativesView representatives={c.collective.representatives} petitioner={c.petitioner} /> : null}
              </Descriptions.Item>
            ) : null,
            // The API gives accused units only to those who may read the case; the accused unit never sees it.
            c.accusedJurisdictions?.length ? (
              <Descriptions.Item key="被举报党委政府" label="被举报党委政府">
                {c.accusedJurisdictions.map(names.jurisdiction).join('、')}（该级及其下级机关、单位均不得办理）
              </Descriptions.Item>
            ) : null,
            // Units of an accused government's place are implied by the row above; the others are named.
            c.accusedUnits?.some((unit) => !unitsOfPlaces(config, accusedPlaces).has(unit)) ? (
              <Descriptions.Item key="被举报单位" label="被举报单位">
                {c.accusedUnits
                  .filter((unit) => !unitsOfPlaces(config, accusedPlaces).has(unit))
                  .map(names.unit)
                  .join('、')}
              </Descriptions.Item>
            ) : null,
            c.bypass ? (
              <Descriptions.Item key="越级信访" label="越级信访">
                向{names.jurisdiction(c.receivingOffice)}提出，高于有权处理的{names.jurisdiction(c.bypass.competent)} {c.bypass.levels} 级
                {c.bypassNotice ? `；${formatDateTime(c.bypassNotice.at)} 已出具越级上访告知单` : ''}
              </Descriptions.Item>
            ) : null,
            c.settled ? (
              <Descriptions.Item key="息诉罢访" label="息诉罢访">
                {formatDateTime(c.settled.at)} {c.settled.how === 'followUp' ? '回访表示满意' : `经${names.staff(c.settled.by)}记录：${c.settled.note ?? ''}`}
              </Descriptions.Item>
            ) : null,
            c.implementation ? (
              // 按复查（复核）意见落实: the day the 落实情况 is owed the reviewing office, then the report.
              <Descriptions.Item key="落实情况" label="落实情况">
                {c.implementation.reportedAt
                  ? `${formatDateTime(c.implementation.reportedAt)} ${names.staff(c.implementation.reportedBy ?? '')}报送${names.office(c.implementation.orderedBy)}：${c.implementation.report ?? ''}`
                  : `按${c.implementation.review === 1 ? '复查' : '复核'}意见落实，应于${formatLastDay(c.implementation.dueAt)}前将落实情况报送${names.office(c.implementation.orderedBy)}（尚未报送）`}
              </Descriptions.Item>
            ) : null,
            c.withdrawal ? (
              <Descriptions.Item key="撤回" label="撤回">
                {formatDateTime(c.withdrawal.at)} {c.withdrawal.representatives ? `代表${c.withdrawal.representatives.join('、')}` : '信访人'}
                {WITHDRAWAL_HOW_WORDS[c.withdrawal.how]}撤回{c.withdrawal.how === 'online' ? '（凭查询码）' : `（${names.staff(c.withdrawal.by)}记录）`}：{c.withdrawal.note}
                {disputed ? (
                  <div>
                    <Typography.Text type="danger">{formatDateTime(disputed.at)} 信访人来信称撤回并非本人意愿，请核实；确非本人意愿的，恢复办理。</Typography.Text>
                  </div>
                ) : null}
              </Descriptions.Item>
            ) : null,
            c.leaderOwnership ? (
              <Descriptions.Item key="包案领导" label="包案领导">
                {names.staff(c.leaderOwnership.leader)}（{formatDateTime(c.leaderOwnership.since)} 起；{c.leaderOwnership.reason}）
              </Descriptions.Item>
            ) : null,
            c.repeatOf ? (
              <Descriptions.Item key="重复信访" label="重复信访">
                前案 <Link to={`/cases/${c.repeatOf}`}>{c.repeatOf}</Link>
              </Descriptions.Item>
            ) : null,
            c.triage ? (
              <Descriptions.Item key="待分办原因" label="待分办原因">
                {/* One line a reason: each is a sentence of its own (属地, 归口, why staff decide). */}
                {c.triage.reasons.length > 0 ? c.triage.reasons.map((reason, i) => <div key={i}>{reason}</div>) : '—'}
              </Descriptions.Item>
            ) : null,
            c.triage?.suggestion ? (
              <Descriptions.Item key="分办建议" label="分办建议">
                {names.unit(c.triage.suggestion.unit)}（{suggestionWords(c.triage.suggestion)}；已学习 {c.triage.suggestion.examples} 件分办）
              </Descriptions.Item>
            ) : null,
            c.extension ? (
              <Descriptions.Item key="延期" label="延期">
                {c.extension.days} 天（{{ requested: '待审批', approved: '已批准', refused: '未批准' }[c.extension.status]}）：{c.extension.reason}
              </Descriptions.Item>
            ) : null,
            c.materialRequests?.length ? (
              <Descriptions.Item key="补充材料" label="补充材料" span="filled">
                {c.materialRequests.map((r) => (
                  <div key={r.seq}>
                    {formatDateTime(r.requestedAt)} 请信访人补充：{r.needed}
                    {r.by ? `（${formatDay(r.by)}前）` : ''}——
                    {r.answeredAt ? <Tag color="green">已补充 {formatDateTime(r.answeredAt)}</Tag> : <Tag color="orange">待补充</Tag>}
                  </div>
                ))}
              </Descriptions.Item>
            ) : null,
            c.incidentAddress ? <Descriptions.Item key="事发地" label="事发地">{c.incidentAddress}</Descriptions.Item> : null,
            c.acceptanceNoticeDue ? (
              <Descriptions.Item key="受理告知" label="受理告知">
                交办后告知信访人承办单位；至 {formatDateTime(c.acceptanceNoticeDue)} 仍未交办的，以本机关名义告知
              </Descriptions.Item>
            ) : null,
            c.urgentResponse ? (
              <Descriptions.Item key="紧急响应" label="紧急响应">
                {urgentResponseState(c.urgentResponse, names.staff)}
              </Descriptions.Item>
            ) : null,
          ])}
          {c.returnRequest ? (
            <Descriptions.Item label="退回申请" span="filled">
              {names.unit(c.returnRequest.unit)} {formatDateTime(c.returnRequest.requestedAt)} 申请退回（{returnRequestState(c)}）：{c.returnRequest.reason}
              {c.returnRequest.refusal ? <div>不同意的理由：{c.returnRequest.refusal}</div> : null}
            </Descriptions.Item>
          ) : null}
          {c.cooperationObjections?.length ? (
            <Descriptions.Item label="协办异议" span="filled">
              {c.cooperationObjections.map((o) => (
                <div key={`${o.unit}-${o.at}`}>
                  {names.unit(o.unit)} {formatDateTime(o.at)} 提出不承担配合职责（{cooperationObjectionState(c, o)}）：{o.reason}
                  {o.refusal ? <div>不同意的理由：{o.refusal}</div> : null}
                  {o.note ? <div>审批意见：{o.note}</div> : null}
                </div>
              ))}
            </Descriptions.Item>
          ) : null}
          {c.suspensions?.length ? (
            <Descriptions.Item label="中止计时" span="filled">
              {c.suspensions
                .map((s) =>
                  s.resumedAt
                    ? `${names.ground(s.ground)}：${formatDateTime(s.suspendedAt)} 至 ${formatDateTime(s.resumedAt)}，期限顺延 ${s.shift?.days ?? 0} 个${s.shift?.count === 'working' ? '工作日' : '日'}`
                    : `${names.ground(s.ground)}：自 ${formatDateTime(s.suspendedAt)} 起中止（${s.reason}）`,
                )
                .join('；')}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label="信访事项" span="filled">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.matter}</Typography.Paragraph>
          </Descriptions.Item>
          {c.cooperationOpinions?.length ? (
            <Descriptions.Item label="协办意见" span="filled">
              {c.cooperationOpinions.map((o, i) => (
                <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {names.unit(o.unit)}（{names.staff(o.by)}，{formatDateTime(o.at)}{currentOpinions(c).includes(o) ? '' : '，此前一轮办理中提出'}）：{o.opinion}
                </Typography.Paragraph>
              ))}
            </Descriptions.Item>
          ) : null}
          {c.result ? (
            <Descriptions.Item label="办理结果" span="filled">
              {label(OUTCOME_LABELS, c.result.outcome)}：{c.result.decision}
            </Descriptions.Item>
          ) : null}
          {c.result?.signOff && c.status === 'concluded' ? (
            <Descriptions.Item label="审核签发" span="filled">
              {c.result.signOff.at ? (
                <Tag color="green">
                  已由 {names.staff(c.result.signOff.by ?? '')} 于 {formatDateTime(c.result.signOff.at)} 签发
                </Tag>
              ) : (
                <Tag color="orange">{signOffWaitingWords(c.result.signOff.rule, view.signOffAwaits, names.staff)}</Tag>
              )}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {c.notes?.length ? (
        <Card title="办理记录" role="region" aria-label="办理记录">
          {/* Newest first: the latest progress is what a caller on the phone asks about. */}
          {[...c.notes].reverse().map((n) => (
            <div key={n.seq} style={{ marginBottom: 12 }}>
              <Tag color={n.kind === 'instruction' ? 'red' : n.kind === 'progress' ? 'blue' : 'default'}>{CASE_NOTE_KIND_LABELS[n.kind]}</Tag>
              <Typography.Text type="secondary">
                {names.staff(n.by)} · {formatDateTime(n.at)}
              </Typography.Text>
              {n.toldPetitioner ? <Tag color="green" style={{ marginLeft: 8 }}>已告知信访人</Tag> : null}
              <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
            </div>
          ))}
        </Card>
      ) : null}

      <Card
        title="信访人"
        extra={view.allowedActions.includes('issueQueryCode') ? <QueryCodeButton caseNumber={c.caseNumber} hasEmail={Boolean(c.petitioner.email)} postalAddress={c.petitioner.anonymous ? undefined : c.petitioner.address} onIssued={refresh} /> : null}
      >
        <PetitionerView petitioner={c.petitioner} />
      </Card>

      <Suspense fallback={<Card title="办理过程" loading />}>
        <CaseHistory events={view.events} names={names} />
      </Suspense>

      <Correspondence caseNumber={c.caseNumber} messages={view.messages} />

      <DecisionLetters c={c} messages={view.messages} canPost={view.allowedActions.includes('postLetter')} canReceive={view.allowedActions.includes('recordReceipt')} canPhone={view.allowedActions.includes('tellByPhone')} canHandOver={view.allowedActions.includes('handOver')} onPosted={refresh} events={view.events} />

      {view.allowedActions.includes('readAudit') ? (
        <Suspense fallback={<Card title="审计记录" loading />}>
          <AuditTrail caseNumber={c.caseNumber} />
        </Suspense>
      ) : null}

      <Modal
        open={open !== undefined}
        title={open ? `${open.label} · ${c.caseNumber}` : ''}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
        // The keyboard starts where the work is: the first field, or 确定 when there is only confirming to do (not ×).
        okButtonProps={{ autoFocus: open !== undefined && !open.fields }}
        afterOpenChange={(opened) => {
          // 更正办理结果 starts from the result as recorded. Set once the dialog is open: in the built console the form's
          // initialValues alone came up empty (seen at phone width in Chromium). Never over what staff already typed.
          if (opened && open?.name === 'correctConclusion' && c.result && !form.isFieldsTouched()) {
            form.setFieldsValue({ facts: c.result.facts, basis: c.result.basis, decision: c.result.decision, outcome: c.result.outcome });
          }
          // Not once the user has clicked into the form while it opened: focus is never taken from where they are.
          if (!opened || dialogBody.current?.contains(document.activeElement)) return;
          dialogBody.current?.querySelector<HTMLElement>('input:not([type=hidden]), textarea')?.focus();
        }}
      >
        <div ref={dialogBody}>
        {open?.name === 'decideExtension' && c.extension?.status === 'requested' ? (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="申请延期">{c.extension.days} 日</Descriptions.Item>
            <Descriptions.Item label="理由">{c.extension.reason}</Descriptions.Item>
            <Descriptions.Item label="申请时间">{formatDateTime(c.extension.requestedAt)}</Descriptions.Item>
            {c.deadlines.handling ? <Descriptions.Item label="现办理期限">{formatLastDay(c.deadlines.handling)}</Descriptions.Item> : null}
            {c.deadlines.handling ? (
              <Descriptions.Item label="同意后办理期限">
                {view.extensionPreview ? (
                  // Counted by the API with the holiday calendar, as the approval will count it.
                  <>
                    {formatLastDay(view.extensionPreview.deadline)}
                    {view.extensionPreview.roll
                      ? `（${formatDay(view.extensionPreview.roll.from)}为${view.extensionPreview.roll.holiday ? `${view.extensionPreview.roll.holiday}假期` : '休息日'}，顺延至${formatDay(view.extensionPreview.roll.to)}）`
                      : ''}
                    {view.extensionPreview.provisional ? '（约：该年节假日安排尚未公布，公布后按其顺延）' : ''}
                  </>
                ) : (
                  <>
                    {extendedLastDay(c.deadlines.handling, c.extension.days)}
                    {rollNote(view.deadlines?.handling?.explanation.rule.lastDayOnRestDay)}
                  </>
                )}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        ) : null}
        {open?.name === 'conclude' && opinionsMissing(c).length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={`尚未收到${opinionsMissing(c).map(names.unit).join('、')}的协办意见`}
            description="牵头单位应汇总配合单位的意见后答复信访人。现在办结的，办理过程将记录未收到其意见办结，并告知配合单位。"
          />
        ) : null}
        {open?.name === 'correctConclusion' ? (
          // Said before staff confirm: nothing is sent now, and nothing is overwritten without a trace.
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="处理意见书尚未发出：更正后，答复将按更正后的办理结果发出。"
            description="原办理结果和更正原因保留在办理过程中；办结时间不变。答复后不能再更正，信访人不服的可以请求复查。"
          />
        ) : null}
        {open?.name === 'correctPetitioner' ? (
          // Said before staff choose: where letters go once the writer is added, replaced or removed.
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="代为反映人：信访人留有本人联系方式（电话、电子邮箱或通信地址）的，告知仍发往信访人本人；未留的，告知发往代为反映人。"
            description={
              c.petitioner.writtenBy && !c.petitioner.writtenBy.petitionerOwnContact
                ? '本事项的联系方式系代为反映人的：更换代为反映人的，原联系方式随之删除；删除代为反映人的，联系方式保留为信访人本人的，不是信访人的请一并删除。'
                : undefined
            }
          />
        ) : null}
        {open?.name === 'linkRepeat' ? (
          // What linking does, said before staff confirm: the router's decision for a repeat is taken in the same step.
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="关联后，视前案办理情况，本件可能即作为重复件不予受理，并向信访人发出告知书，本件材料并入前案。"
            description="仅限同一信访人就同一事项再次反映：前案信访人须与本件姓名相同，或有相同的电话、电子邮箱；匿名信访、亲属等代为反映的，不能关联。"
          />
        ) : null}
        {open?.name === 'requestMaterial' ? (
          // Said before staff confirm: asking for material does not stop the clock (only 中止, for 听证 or 鉴定, does).
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`确定后${materialToldWords(c).replace(/^已/, '即')}，并告知补充方式（回复邮件、凭查询码网上提交、寄送或来访送交）。`}
            description={`请信访人补充材料期间，办理期限照常计算，不中止、不延长${c.deadlines.handling ? `（办理期限至 ${formatLastDay(c.deadlines.handling)}）` : ''}；确需中止的，仅限听证、鉴定等法定情形，由信访部门决定。`}
          />
        ) : null}
        {open?.name === 'addNote' ? (
          // Said before staff confirm: what reaches the petitioner and what stays inside.
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={progressTellingRefusal(c) ? '本事项的办理记录仅供内部查看，不告知信访人。' : '调查核实情况仅供内部查看；办理进展只有勾选“告知信访人”才会告知信访人。'}
            description={
              progressTellingRefusal(c)
                ? undefined
                : `告知后，信访人可在网上查询页面看到该进展${c.petitioner.email ? '，并收到电子邮件' : c.petitioner.phone ? '；信访人未留电子邮箱，该进展将列入待电话告知，请电话告知后记录' : '（信访人未留电子邮箱和电话，不另行通知）'}。`
            }
          />
        ) : null}
        {open?.name === 'route' ? (
          // 分办 of a case not yet accepted accepts it too: said before staff confirm, not learnt from the history afterwards.
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={c.status === 'registered' ? '本事项尚未受理：确定后即予受理，并交所选主办单位办理，受理情况将告知信访人。' : '确定后交所选主办单位办理。'}
          />
        ) : null}
        {open?.name === 'route' && suggestion ? (
          <Typography.Paragraph type="secondary">
            分办建议：{names.unit(suggestion.unit)}（{suggestionWords(suggestion)}）
          </Typography.Paragraph>
        ) : null}
        {open?.fields ? (
          <Form
            form={form}
            layout="vertical"
            name={`action-${open.name}`}
            // The 分办 form starts from the learned suggestion where it is a unit the form offers; staff may choose another.
            initialValues={
              open.name === 'route' && suggestedLead
                ? { lead: suggestedLead }
                : open.name === 'decideCooperationObjection'
                  ? { unit: waitingCooperationObjection(c)?.unit }
                  : // 更正办理结果 starts from the result as recorded: staff change what is wrong, not type it all again.
                  open.name === 'correctConclusion' && c.result
                  ? { facts: c.result.facts, basis: c.result.basis, decision: c.result.decision, outcome: c.result.outcome }
                  : undefined
            }
            clearOnDestroy
            onValuesChange={(changed) => {
              clearDependents(open.fields ?? [], changed, form);
              if (open.name === 'correctPetitioner' && changed.writer === 'set') startFromRecordedWriter(c, form);
              else if (open.name === 'correctPetitioner' && ('phone' in changed || 'email' in changed || 'remove' in changed)) followCaseContacts(c, form);
            }}>
            {open.fields.map((field) => {
              const unavailable = 'unavailable' in field ? field.unavailable?.(c) : undefined;
              // Not offered where the API would refuse it; why, in its place.
              if (unavailable) {
                return (
                  <Typography.Paragraph key={field.name} type="secondary">
                    {unavailable}
                  </Typography.Paragraph>
                );
              }
              const item = (
                <Form.Item
                  key={field.name}
                  name={field.name}
                  label={field.label}
                  extra={'help' in field ? field.help : undefined}
                  {...('requiredWhen' in field && field.requiredWhen ? { dependencies: [field.requiredWhen.field] } : {})}
                  rules={[
                    ...('requiredWhen' in field && field.requiredWhen ? [requiredWhenRule(field.requiredWhen)] : []),
                    ...(field.required ? [{ required: true, message: `${field.kind === 'text' || field.kind === 'textarea' || field.kind === 'longText' || field.kind === 'number' || field.kind === 'extensionDays' ? '请填写' : '请选择'}${field.label}` }] : []),
                    // A typed day out of range is refused under the field, never replaced by today.
                    ...(field.kind === 'pastDay' ? [pastDayRule(field.label, { day: choices.earliestDay, what: '答复日期' })] : []),
                    ...(field.kind === 'futureDay' ? [futureDayRule(field.label.replace(/（选填）$/, ''))] : []),
                    ...(field.kind === 'longText' ? [{ max: field.max, message: `${field.label}不超过 ${field.max} 字` }, { whitespace: true, message: `请填写${field.label}` }] : []),
                    // Said, not clamped: the picker would turn 40 into the limit without a word.
                    ...(field.kind === 'extensionDays' ? [extensionDaysRule(field.label, choices.extensionMaxDays)] : []),
                  ]}
                >
                  {control(field, choices)}
                </Form.Item>
              );
              const shownWhen = 'shownWhen' in field ? field.shownWhen : undefined;
              if (!shownWhen) return item;
              // Offered only while the field it depends on has that value (the writer's details once 添加或更换 is chosen).
              return (
                <Form.Item key={field.name} noStyle shouldUpdate={(a: Record<string, unknown>, b: Record<string, unknown>) => a[shownWhen.field] !== b[shownWhen.field]}>
                  {({ getFieldValue }) => (getFieldValue(shownWhen.field) === shownWhen.value ? item : null)}
                </Form.Item>
              );
            })}
          </Form>
        ) : (
          <Typography.Paragraph>确定对 {c.caseNumber} 执行「{open?.label}」？</Typography.Paragraph>
        )}
        </div>
      </Modal>
    </Space>
  );
}

interface Choice {
  /** Shown, not chosen (the case's own jurisdiction in the tree of places to send it). */
  disabled?: boolean;
  value: string;
  label: string;
}

interface Choices {
  caseJurisdiction: string;
  /** The cooperating units whose 协办异议 waits, each with its reasons. */
  cooperationObjections: { value: string; label: string }[];
  /** The first day a past-day field offers (the reply's, for a review request's receipt). */
  earliestDay?: string;
  /** The units of a jurisdiction a case may be handed to (never the units it accuses). */
  unitsOf: (jurisdiction: string) => (UnitChoice & { returned?: true })[];
  jurisdictions: Choice[];
  staff: Choice[];
  /** Every unit of the province, by jurisdiction, but those the case accuses already. */
  accusableUnits: { label: string; title: string; options: UnitChoice[] }[];
  /** What the case records as accused: places' governments first, then units. */
  accusedRecorded: Choice[];
  /** Leaders who may own the case: of its jurisdiction or above, not its owner already, not recused. */
  leaders: Choice[];
  /** 办理结果 by category: a consultation 已解答, a suggestion 采纳 or not, any other 支持 or not. */
  outcomes: Choice[];
  /** 中止事由: the built-in grounds and the province's own. */
  grounds: Choice[];
  /** A collective petition's agreed representatives, by name. */
  representatives: Choice[];
  /** The most days an extension may add in the case's jurisdiction (its rules, at most 30). */
  extensionMaxDays: number;
}

/** 第二十三条's request as it stands: one the unit stopped waiting for (it concluded the case) is said so. */
function returnRequestState(c: CaseRecord): string {
  const request = c.returnRequest!;
  if (request.status === 'approved') return `${formatDateTime(request.decidedAt!)} 已同意，已退回`;
  if (request.status === 'refused') return `${formatDateTime(request.decidedAt!)} 未同意，由承办单位继续办理`;
  return c.status === 'assigned' || c.status === 'inProgress' ? '待审批' : '未经审批，承办单位已继续办理';
}

/** A cooperating unit's objection as it stands (协办异议). */
function cooperationObjectionState(c: CaseRecord, o: NonNullable<CaseRecord['cooperationObjections']>[number]): string {
  if (o.status === 'agreed') return `${formatDateTime(o.decidedAt!)} 已同意，不再配合办理`;
  if (o.status === 'refused') return `${formatDateTime(o.decidedAt!)} 未同意，继续配合办理`;
  return pendingCooperationObjections(c).includes(o) ? '待审批' : '未经审批，事项已另行处理';
}

/** The leaders (role leader, in no unit) of a jurisdiction and of each level above it, nearest first. */
function leadersOver(config: Directory | undefined, jurisdiction: string): Directory['staff'] {
  const levels: string[] = [];
  for (let code: string | undefined = jurisdiction; code && !levels.includes(code); code = config?.jurisdictions.find((j) => j.code === code)?.parent) levels.push(code);
  return levels.flatMap((code) => (config?.staff ?? []).filter((s) => s.jurisdiction === code && !s.unit && s.roles.includes('leader')));
}

/** Every configured jurisdiction, in the tree's order, indented by level. */
/** The units of the given jurisdictions. */
function unitsOfPlaces(config: Directory | undefined, places: ReadonlySet<string>): Set<string> {
  return new Set((config?.jurisdictions ?? []).filter((j) => places.has(j.code)).flatMap((j) => j.units.map((u) => u.id)));
}

function jurisdictionTree(config: Directory | undefined): Choice[] {
  const codes = new Set(config?.jurisdictions.map((j) => j.code));
  const roots = (config?.jurisdictions ?? []).filter((j) => !j.parent || !codes.has(j.parent));
  return roots.flatMap((root) => coveredBy(config, root.code));
}

/**
 * 添加或更换 starts from the writer as recorded: a relation registered wrong (邻居 for 儿子) is mended by changing that
 * field, not by typing the writer again. Fields staff already filled are left as they are.
 */
function startFromRecordedWriter(c: CaseRecord, form: FormInstance) {
  const writer = c.petitioner.writtenBy;
  if (!writer) return;
  const recorded: [string, string | undefined][] = [
    ['writerRelation', writer.relation],
    ['writerName', writer.name],
  ];
  for (const [field, value] of recorded) if (value && !form.getFieldValue(field)) form.setFieldValue(field, value);
  const filled: Partial<Record<WriterContactField, string>> = {};
  for (const [field, writerField] of WRITER_CONTACT_FIELDS) {
    const value = writerContactAsCorrected(c, form, field);
    const current = String((form.getFieldValue(writerField) as unknown) ?? '');
    if (!current && value) form.setFieldValue(writerField, value);
    if (!current || current === value) filled[writerField] = value ?? '';
  }
  filledWriterContacts.set(form, filled);
}

const WRITER_CONTACT_FIELDS = [
  ['phone', 'writerPhone'],
  ['email', 'writerEmail'],
] as const;
type WriterContactField = (typeof WRITER_CONTACT_FIELDS)[number][1];
/** The writer's phone and email as the dialog last filled them in: while staff leave one as it was, it follows the fields above. */
const filledWriterContacts = new WeakMap<FormInstance, Partial<Record<WriterContactField, string>>>();

/**
 * The writer's phone or email to start from. Where the writer's contacts are the case's (the petitioner left none of
 * their own), a number or email corrected or removed in the fields above is the writer's — as the API takes it when the
 * writer is kept: sent as recorded instead, a new number would become the petitioner's own (letters to them there) and
 * a removed one would come back as the writer's.
 */
function writerContactAsCorrected(c: CaseRecord, form: FormInstance, field: 'phone' | 'email'): string | undefined {
  const writer = c.petitioner.writtenBy;
  const recorded = writer?.[field];
  if (!writer || !recorded || writer.petitionerOwnContact || recorded !== c.petitioner[field]) return recorded;
  const above = String((form.getFieldValue(field) as unknown) ?? '').trim();
  if (above) return above;
  const removed = form.getFieldValue('remove') as unknown;
  return Array.isArray(removed) && removed.includes(field) ? undefined : recorded;
}

/** The case's phone or email corrected while 添加或更换 is chosen: the writer's, where it follows the case's, follows. */
function followCaseContacts(c: CaseRecord, form: FormInstance) {
  const filled = filledWriterContacts.get(form);
  if (!filled || form.getFieldValue('writer') !== 'set') return;
  for (const [field, writerField] of WRITER_CONTACT_FIELDS) {
    if (String((form.getFieldValue(writerField) as unknown) ?? '') !== (filled[writerField] ?? '')) continue;
    const value = writerContactAsCorrected(c, form, field);
    form.setFieldValue(writerField, value);
    filled[writerField] = value ?? '';
  }
}

/**
 * A field whose choices follow another is cleared when that one changes
 * (units of the jurisdiction picked before; cooperating units go with a lead),
 * and cooperating units never repeat the lead.
 */
function clearDependents(fields: ActionField[], changed: Record<string, unknown>, form: FormInstance) {
  for (const name of Object.keys(changed)) {
    for (const field of fields) {
      if (field.kind !== 'unit' && field.kind !== 'units') continue;
      if (field.of === name || (field.after === name && !changed[name])) form.setFieldValue(field.name, field.kind === 'units' ? [] : undefined);
    }
  }
  const leads = fields.filter((f) => f.kind === 'unit').map((f) => form.getFieldValue(f.name) as unknown);
  for (const field of fields.filter((f) => f.kind === 'units')) {
    const chosen = form.getFieldValue(field.name) as unknown;
    if (Array.isArray(chosen) && chosen.some((u) => leads.includes(u))) form.setFieldValue(field.name, chosen.filter((u) => !leads.includes(u)));
  }
}

function control(field: ActionField, choices: Choices) {
  switch (field.kind) {
    case 'text':
      return <Input />;
    case 'textarea':
      return <Input.TextArea rows={3} />;
    case 'number':
      return <InputNumber min={field.min} max={field.max} style={{ width: '100%' }} />;
    case 'extensionDays':
      // No min/max: InputNumber would clamp a number out of range on blur, silently; extensionDaysRule says so instead.
      return <InputNumber addonAfter={`日（至多 ${choices.extensionMaxDays} 日）`} style={{ width: '100%' }} />;
    case 'unit':
    case 'units':
      return <UnitSelect field={field} choices={choices} />;
    case 'jurisdiction':
      return <Select showSearch={{ optionFilterProp: 'label' }} options={choices.jurisdictions} labelRender={placeLabel} placeholder="选择辖区" />;
    case 'staff':
      return <Select showSearch={{ optionFilterProp: 'label' }} options={choices.staff} placeholder="选择人员" />;
    case 'accusableUnits':
      return <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'search' }} options={choices.accusableUnits} placeholder="选择单位" />;
    case 'accusedRecorded':
      return <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={choices.accusedRecorded} placeholder="选择" />;
    case 'suspensionGround':
      return <Select options={choices.grounds} placeholder="请选择" />;
    case 'outcome':
      return <Select options={choices.outcomes} placeholder="请选择" />;
    case 'leader':
      return <Select showSearch={{ optionFilterProp: 'label' }} options={choices.leaders} placeholder="选择本级或上级领导" />;
    case 'representatives':
      return choices.representatives.length ? <Checkbox.Group options={choices.representatives} /> : <Typography.Text type="secondary">尚未商定代表，请先“商定代表”</Typography.Text>;
    case 'select':
      return <Select options={field.options} placeholder="请选择" />;
    case 'cooperationObjection':
      return <Select options={choices.cooperationObjections} placeholder="请选择" />;
    case 'checkboxes':
      return <Checkbox.Group options={field.options} />;
    case 'longText':
      // Room below for the count, which antd places under the box, over the field's hint.
      return <Input.TextArea rows={4} showCount maxLength={field.max} style={{ marginBottom: 20 }} />;
    case 'futureDay':
      return <DayPicker style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM-DD') < chinaDate()} />;
    case 'pastDay':
      return <DayPicker style={{ width: '100%' }} disabledDate={(day) => day.format('YYYY-MM-DD') > chinaDate() || (choices.earliestDay !== undefined && day.format('YYYY-MM-DD') < choices.earliestDay)} />;
  }
}

type UnitField = Extract<ActionField, { kind: 'unit' | 'units' }>;

/** How a unit picker marks the unit that just returned the case (退回). */
const RETURNED_MARK = '刚退回';

/** The units in their order, the one that just returned the case (if any) marked and moved last. */
function returnedLast(units: UnitChoice[], returnedBy: string | undefined): (UnitChoice & { returned?: true })[] {
  if (returnedBy === undefined || !units.some((u) => u.value === returnedBy)) return units;
  return [...units.filter((u) => u.value !== returnedBy), { ...units.find((u) => u.value === returnedBy)!, returned: true }];
}

/**
 * A unit picker inside an action's form: the units of the case's jurisdiction,
 * or of the jurisdiction picked in the field `of` names; cooperating units
 * without the lead. A unit nobody in the system works for is shown but
 * disabled as lead, with the reason (the API refuses it: nobody would conclude
 * the case there), and said so as a cooperating unit, which it may be.
 * Form.Item gives it its id, value and onChange.
 */
function UnitSelect({ field, choices, ...control }: { field: UnitField; choices: Choices; id?: string; value?: unknown; onChange?: (value: unknown) => void }) {
  const form = Form.useFormInstance();
  const values = (Form.useWatch((all: Record<string, unknown>) => all, form) ?? {}) as Record<string, unknown>;
  const jurisdiction = field.of ? (values[field.of] as string | undefined) : choices.caseJurisdiction;
  const lead = field.kind === 'units' ? values.lead : undefined;
  const options = (jurisdiction ? choices.unitsOf(jurisdiction).filter((u) => u.value !== lead) : []).map(({ unstaffed, returned, ...u }) =>
    unstaffed
      ? { ...u, label: `${u.label}（${UNSTAFFED_REASON}）`, ...(field.kind === 'unit' ? { disabled: true } : {}) }
      : returned
        ? { ...u, label: `${u.label}（${RETURNED_MARK}）`, title: `${u.label}：刚将本件退回，确需再交该单位的请在说明或理由中写明` }
        : u,
  );
  const waiting = field.after !== undefined && !values[field.after];
  return (
    <Select
      {...control}
      mode={field.kind === 'units' ? 'multiple' : undefined}
      allowClear
      disabled={waiting}
      showSearch={{ optionFilterProp: 'search' }}
      options={options}
      placeholder={waiting ? (field.after === 'lead' ? '请先选择主办单位' : '请先选择辖区') : '选择单位'}
    />
  );
}

/** A person's recorded contacts, one line each. */
function contactLines(p: Petitioner): string[] {
  return [
    p.phone ? `电话：${p.phone}` : undefined,
    p.email ? `电子邮件：${p.email}` : undefined,
    p.address ? `地址：${p.address}` : undefined,
    p.workUnit ? `工作单位：${p.workUnit}` : undefined,
  ].filter((line): line is string => line !== undefined);
}

/** Statuses after which no clock runs again unless the case is reopened. */
const ENDED_STATUSES: Readonly<Record<string, string>> = { closed: '已结案', archived: '已归档', withdrawn: '已撤回' };

/**
 * A clock that no longer runs, and what ended it: a closed case's 办理期限 and
 * 答复期限 otherwise read as dates still to meet. Undefined while it runs.
 */
function clockEnded(c: CaseRecord, key: string): string | undefined {
  if (key === 'handling' && c.result?.concludedAt) return `已于${formatDay(chinaDate(c.result.concludedAt))}办结`;
  if (key === 'reply' && c.reply?.at) return `已于${formatDay(chinaDate(c.reply.at))}答复`;
  const ended = ENDED_STATUSES[c.status];
  return ended ? `${ended}，不再计算` : undefined;
}

/** 紧急响应: responded (by whom, when, what), or by when a response is due and whether the level above was told. */
function urgentResponseState(r: NonNullable<CaseRecord['urgentResponse']>, staff: (id: string) => string): string {
  if (r.respondedAt) return `${staff(r.respondedBy ?? '')} ${formatDateTime(r.respondedAt)} 已响应：${r.note ?? ''}`;
  const due = `须于 ${formatDateTime(r.dueAt)} 前响应`;
  return r.escalatedAt ? `${due}，逾时未响应，已于 ${formatDateTime(r.escalatedAt)} 再次报告并报上一级` : `${due}（待响应）`;
}

/**
 * 集体访代表 (第二十条): the group speaks through them, so staff who work the
 * case reach it through them — each with every contact recorded for them,
 * where the group is described (the API gives the case, and so these, only
 * to those who may read it).
 */
function RepresentativesView({ representatives, petitioner }: { representatives: readonly Petitioner[]; petitioner: Petitioner }) {
  return (
    <section aria-label="集体访代表" style={{ marginTop: 8 }}>
      <Descriptions size="small" bordered column={1} title={<Typography.Text strong>代表 {representatives.length} 人</Typography.Text>}>
        {representatives.map((r, i) => {
          const own = contactLines(r);
          // The 信访人 is often one of the representatives, named again without the contact already recorded for them.
          const samePerson = !own.length && !petitioner.anonymous && r.name !== undefined && r.name === petitioner.name;
          const contacts = samePerson && contactLines(petitioner).length ? ['同信访人', ...contactLines(petitioner)] : own;
          return (
            // On a phone the name column stays narrow, and a number or address may go to the next line but is never split.
            <Descriptions.Item key={`${i}-${r.name ?? ''}`} label={r.name ?? '未留姓名'} styles={{ label: { width: '3em', whiteSpace: 'nowrap', padding: '4px 8px' }, content: { padding: '4px 8px' } }}>
              {contacts.length ? (
                <Space size={[16, 0]} wrap>
                  {contacts.map((line) => (
                    <span key={line} style={line.startsWith('地址') || line.startsWith('工作单位') ? undefined : { wordBreak: 'normal', overflowWrap: 'normal' }}>
                      {line}
                    </span>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">未留联系方式</Typography.Text>
              )}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
    </section>
  );
}

function PetitionerView({ petitioner: p }: { petitioner: Petitioner }) {
  if (p.anonymous) return <Typography.Text>匿名</Typography.Text>;
  // Notices go by email or, failing that, by post (书面告知): without either, staff telephone the petitioner (待电话告知).
  const unreachable = !p.email && !p.address;
  return (
    <>
      {unreachable ? (
        // A tag, not warning-coloured text: gold on white is too faint to read.
        <Typography.Paragraph role="note" style={{ marginBottom: 12 }}>
          <Tag color="orange">{p.phone ? '电话告知' : '无法告知'}</Tag>
          {p.phone ? '未留电子邮箱和通信地址，受理、不予受理、答复等告知书无法书面送达：告知书保存在本事项“文书”中，请电话告知信访人后点“已电话告知”记录。' : '未留电子邮箱、通信地址和电话，受理、答复等告知无法送达。'}
        </Typography.Paragraph>
      ) : null}
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        {/* 未留姓名: a petitioner who left a contact and no name, told by that contact like anyone. */}
        <Descriptions.Item label="姓名">{p.name ?? '未留姓名'}</Descriptions.Item>
        {p.gender ? <Descriptions.Item label="性别">{GENDER_LABELS[p.gender]}</Descriptions.Item> : null}
        {p.age !== undefined ? <Descriptions.Item label="年龄">{p.age}</Descriptions.Item> : null}
        <Descriptions.Item label="电话">{p.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="电子邮件">{p.email ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="地址">{p.address ?? '—'}</Descriptions.Item>
        {p.workUnit ? <Descriptions.Item label="工作单位">{p.workUnit}</Descriptions.Item> : null}
        {p.occupation ? <Descriptions.Item label="职业">{p.occupation}</Descriptions.Item> : null}
      </Descriptions>
      {p.writtenBy ? <WriterView writer={p.writtenBy} /> : null}
    </>
  );
}

/**
 * 代为反映: a relative, a cadre or one entrusted wrote, came or called for the petitioner. Where the petitioner left
 * no contact of their own, the contacts above are the writer's and letters go to the writer; where they left one
 * (registered by staff), letters go to the petitioner and the writer's number and email are here for staff.
 */
function WriterView({ writer }: { writer: NonNullable<Petitioner['writtenBy']> }) {
  const label = writer.entrusted ? '委托代理人' : '代为反映人';
  const told = writer.petitionerOwnContact ? '告知发往信访人本人' : '告知发往其联系方式';
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }} title={`${label}（代信访人反映，${told}）`}>
      <Descriptions.Item label={`${label}姓名`}>{writer.name ?? '未留姓名'}</Descriptions.Item>
      <Descriptions.Item label="与信访人关系">{writer.relation === '委托人' ? '受信访人委托' : `信访人是其${writer.relation}`}</Descriptions.Item>
      {writer.phone ? <Descriptions.Item label={`${label}电话`}>{writer.phone}</Descriptions.Item> : null}
      {/* A mail writer's address is the one the mail came from; staff record the one the writer left. */}
      {writer.email || !writer.phone ? <Descriptions.Item label={`${label}邮箱`}>{writer.email ?? '—'}</Descriptions.Item> : null}
    </Descriptions>
  );
}

/**
 * A refusal as staff read it: the API's field problems go next to the
 * dialog's fields they concern (`body.reason` → 理由), and the message names
 * the rest, so the reason for a refusal is always on screen.
 */
function refusalMessage(error: unknown, action: ActionDef, form: FormInstance): string {
  if (!(error instanceof ApiError) || error.issues.length === 0) return errorMessage(error);
  const fields = new Map((action.fields ?? []).map((f) => [f.name, f]));
  const onFields = new Map<string, string[]>();
  const elsewhere: string[] = [];
  for (const issue of error.issues) {
    const name = action.issueFields?.[issue.path] ?? /^body\.([^.]+)/.exec(issue.path)?.[1];
    const field = name ? fields.get(name) : undefined;
    if (field) onFields.set(field.name, [...(onFields.get(field.name) ?? []), issueText(issue)]);
    else elsewhere.push(`${issue.path}：${issue.messageZh ?? issue.message}`);
  }
  form.setFields([...onFields].map(([name, errors]) => ({ name, errors })));
  const named = [...onFields.keys()].map((name) => fields.get(name)!.label);
  return [`${action.label}未完成：${error.message}`, ...(named.length ? [`请检查：${named.join('、')}`] : []), ...elsewhere].join('；');
}

/** Required while another field has a value (不同意 → its reasons), with the words for it. */
function requiredWhenRule(when: { field: string; value: string; message: string }): Rule {
  return ({ getFieldValue }) => ({
    validator: async (_, value: unknown) => {
      if (getFieldValue(when.field) !== when.value) return;
      if (typeof value !== 'string' || value.trim() === '') throw new Error(when.message);
    },
  });
}

/** 延期天数: a whole number of days from 1 to what the case's jurisdiction allows; out of range it is an error, never changed. */
function extensionDaysRule(label: string, max: number): Rule {
  return {
    validator: async (_, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${label}为 1 至 ${max} 的整数`);
      if (value > max) throw new Error(`${label}至多 ${max} 日（本辖区规定）`);
    },
  };
}

/**
 * The last day of the handling period if the extension is approved: `days`
 * calendar days after the current last day, as the API extends it
 * (shared/domain/explain-deadline.ts extendedDeadline). Whether that day is a
 * rest day, and so rolls on, takes the holiday calendar the console does not
 * have: the dialog says so beside it.
 */
function extendedLastDay(deadline: string, days: number): string {
  return formatDay(dayjs(chinaDate(new Date(Date.parse(deadline) - 1).toISOString())).add(days, 'day').format('YYYY-MM-DD'));
}

/** What the preview's last day becomes on a rest day, by the office's rule (a calendar-day period): rolled on, or kept. */
function rollNote(rule: 'nextWorkingDay' | 'holidaysOnly' | 'none' | undefined): string {
  if (rule === 'none') return '（遇休息日不顺延）';
  if (rule === 'holidaysOnly') return '（如逢法定节假日，按规定顺延）';
  return '（如逢法定节假日、休息日，按规定顺延）';
}

/** After a request left unanswered (the change may still be under way on AWS), the waits before each further read of the case. */
const UNKNOWN_ANSWER_RECHECKS_MS = [3_000, 7_000, 20_000];

/** No answer to go by: the gateway gave up waiting (502, 503, 504) or the connection dropped (fetch's TypeError). */
function answerUnknown(error: unknown): boolean {
  return (error instanceof ApiError && [502, 503, 504].includes(error.status)) || (error instanceof TypeError && /fetch|network|load failed/i.test(error.message));
}

/** How often, and how many times, the page asks what became of a handoff answered 202: a few seconds in all. */
const HANDOFF_CHECK_MS = 700;
const HANDOFF_CHECKS = 8;

type HandoffOutcome = paths['/cases/{caseNumber}/handoffs/{commandId}']['get']['responses'][200]['content']['application/json'];

/** A handoff answered 202 (queued for the handoff function), with its command id when the API gave one; undefined for an action done at once. */
function queuedHandoff(answered: unknown): { commandId?: string } | undefined {
  if (typeof answered !== 'object' || answered === null || !('response' in answered)) return undefined;
  const { response, data } = answered as { response?: Response; data?: unknown };
  if (response?.status !== 202) return undefined;
  const commandId = typeof data === 'object' && data !== null && 'commandId' in data && typeof data.commandId === 'string' ? data.commandId : undefined;
  return commandId ? { commandId } : {};
}

/** What the registrar is told of a case they registered that the router then kept from them (条例 第三十条). */
const ARTICLE_30_WORDS = '已依照《信访工作条例》第三十条转上级信访机构办理，该事项已不在您的查看范围内。';
/** How long after registering the case page reads it again for the router's decision, and how often. */
const ROUTING_WINDOW_MS = 30_000;
const ROUTING_POLL_MS = 2_000;

/** The router has decided (anything after the registration itself): no need to read the case again for it. */
function routed(view: CaseView | undefined): boolean {
  return view !== undefined && (view.events.some((e) => e.type !== 'registered') || view.case.status !== 'registered' || view.case.triage !== undefined);
}

/** How long after an action a case gone from sight is taken to have gone by it: the handoff queue's few seconds, with room. */
const MOVED_WITHIN_MS = 2 * 60_000;

/** The API no longer shows the caller the case: not found, or out of their scope. */
function outOfSight(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'CaseNotFound' || error.code === 'OutOfScope' || error.status === 404 || error.status === 403);
}

/** Where an action sent the case, for the workbench's message when the case is then out of the caller's sight. */
function whereItWent(action: ActionDef, values: Record<string, unknown>, c: CaseRecord, names: ReturnType<typeof useNames>): string {
  const text = (key: string) => (typeof values[key] === 'string' && values[key] ? (values[key] as string) : undefined);
  const lead = text('lead');
  const to = text('toJurisdiction');
  const led = lead ? `，由${names.unit(lead)}主办` : '';
  const where =
    action.name === 'transfer' && to
      ? `已转至${names.jurisdiction(to)}${led}`
      : (action.name === 'assign' || action.name === 'route') && lead
        ? `已交${names.unit(lead)}办理`
        : action.name === 'return'
          ? `已退回${c.assignedBy ? names.jurisdiction(c.assignedBy.jurisdiction) : '交办机关'}`
          : '已完成';
  return `${action.label}：${where}，该事项已不在您的办理范围内`;
}

/**
 * 待签发, to everyone who reads the case: whom the letter waits for by name (待 张三、李四 签发), and who stands in
 * when nobody the rule names is left but its author; without the approvers (an older server), the post the rule names.
 */
function signOffWaitingWords(rule: 'unitHead' | 'leader', awaits: { approvers: string[]; fallback: boolean } | undefined, staffName: (id: string) => string): string {
  const post = rule === 'leader' ? '领导' : '承办单位负责人';
  if (!awaits) return `待签发（须经${post}审核签发后答复）`;
  if (awaits.approvers.length === 0) return `待签发：除办结（更正）人外无人可以签发，请联系信访工作机构`;
  const who = awaits.approvers.map(staffName).join('、');
  return awaits.fallback ? `待 ${who} 签发（${post}中除办结（更正）人外无人可以签发，由其代为审核签发）` : `待 ${who} 签发（须经${post}审核签发后答复）`;
}
