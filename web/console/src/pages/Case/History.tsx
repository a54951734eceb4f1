import { Link } from 'react-router';
import { Card, Timeline, Typography } from 'antd';
import type { CaseView } from '../../api/types';
import type { Names } from '../../lib/config';
import { OUTCOME_LABELS, REVIEW_OUTCOME_LABELS, STATUS_LABELS, eventLabel, label } from '../../lib/labels';
import { formatDateTime, formatDay, formatLastDay } from '../../lib/time';
import { postalLetterName } from '../../../../../shared/domain/postal.js';
import { WITHDRAWAL_HOW_WORDS } from '../../../../../shared/domain/withdrawal.js';
import { ESCALATION_STEP_LABELS } from '../../../../../shared/domain/chase.js';
import type { EscalationStep as Step } from '../../../../../shared/domain/department.js';

/** What a 复查 / 复核 decided of the opinion it reviewed. */

/** The petitioner's fields a correction (更正信访人信息) names. */
const PETITIONER_FIELD_LABELS: Record<string, string> = { name: '姓名', phone: '联系电话', email: '电子邮箱', address: '通信地址' };

/** A writer as the history names them: 王小明（父亲）, 未留姓名（邻居）. */
function writerWords(writer: unknown): string {
  if (!writer || typeof writer !== 'object') return '无';
  const w = writer as { name?: string; relation?: string };
  return `${w.name ?? '未留姓名'}${w.relation ? `（信访人是其${w.relation}）` : ''}`;
}

/** 更正代为反映人: who the writer was, is now, and whom letters now go to. */
function writerChange(before: unknown, after: unknown, lettersTo: unknown): string {
  const told = lettersTo === 'writer' ? '此后告知发往代为反映人' : lettersTo === 'petitioner' ? '此后告知发往信访人本人' : '';
  return `代为反映人（原为${writerWords(before)}，现为${writerWords(after)}${told ? `；${told}` : ''}）`;
}

/** 协办异议 (条例 第二十三条) and the office's decision, after the unit's name. */
const COOPERATION_OBJECTION_WORDS: Record<string, string> = {
  cooperationObjected: '提出不承担该事项的配合职责，报信访部门审批',
  cooperationReleased: '不再配合办理（同意其异议）',
  cooperationObjectionRefused: '继续配合办理（不同意其异议）',
};

/**
 * Whose reasons an event's `reason` is, where 理由 alone would mislead: an agreed
 * 协办异议 carries the unit's reasons, not the office's (its own note is 审批意见).
 */
const REASON_WORDS: Record<string, string> = {
  cooperationObjected: '异议理由',
  cooperationReleased: '异议理由',
  cooperationObjectionRefused: '不同意的理由',
};

/** The parts of the result a correction (更正办理结果) names. */
const RESULT_FIELD_LABELS: Record<string, string> = { facts: '查明事实', basis: '依据', decision: '处理意见', outcome: '结果' };

/** The material that answered a 补充材料 request (the event recording it names the request's seq), if any came. */
function answerOf(events: CaseView['events'], seq: number): CaseView['events'][number] | undefined {
  return events.find((e) => e.type === 'messageReceived' && Array.isArray(e.detail?.answersMaterialRequests) && (e.detail.answersMaterialRequests as unknown[]).includes(seq));
}

/** 办理过程: the case's events, oldest first, each with what it changed and why. */
export function CaseHistory({ events, names }: { events: CaseView['events']; names: Names }) {
  return (
    <Card title="办理过程">
      <Timeline
        items={events.map((e) => ({
          key: e.seq,
          content: (
            <div>
              {/* 收回 (an office taking a case back) and 转送 (before acceptance) are told from 退回 and 转办 by the event itself. */}
              <Typography.Text strong>{eventLabel(e)}</Typography.Text>
              <span> · {names.staff(e.actor)} · {formatDateTime(e.at)}</span>
              {e.from && e.to && e.from !== e.to ? (
                <div>
                  {label(STATUS_LABELS, e.from)} → {label(STATUS_LABELS, e.to)}
                </div>
              ) : null}
              {/* A 紧急响应's note is what was done, not a reason: SweepNote says it. */}
              {e.reason && !e.detail?.urgentResponse && e.type !== 'handoffRefused' ? (
                <div>
                  {REASON_WORDS[e.type] ?? '理由'}：{e.reason}
                </div>
              ) : null}
              {e.type === 'handoffRefused' ? <HandoffRefusal event={e} names={names} /> : null}
              {e.type === 'letterPosted' ? (
                <div>
                  《{postalLetterName(typeof e.detail?.kind === 'string' ? e.detail.kind : undefined)}》于{formatDay(String(e.detail?.postedOn ?? ''))}寄出
                </div>
              ) : null}
              {e.type === 'reopened' && typeof e.detail?.decisionWithdrawn === 'string' ? (
                <div>撤销原{e.detail.decisionWithdrawn === 'declined' ? '不予受理' : '告知向有权机关提出'}决定，重新决定是否受理</div>
              ) : null}
              {e.type === 'letterReceived' ? (
                <div>
                  《{postalLetterName(typeof e.detail?.kind === 'string' ? e.detail.kind : undefined)}》于{formatDay(String(e.detail?.receivedOn ?? ''))}签收
                </div>
              ) : null}
              {e.type === 'letterHandedOver' ? (
                <div>
                  《{postalLetterName(typeof e.detail?.kind === 'string' ? e.detail.kind : undefined)}》于{formatDay(String(e.detail?.handedOn ?? ''))}当面送达，
                  {e.detail?.signature === 'refused' ? '信访人拒绝签收' : '信访人已签收'}
                  {typeof e.detail?.note === 'string' ? `：${e.detail.note}` : ''}
                </div>
              ) : null}
              {e.type === 'letterPhoned' ? (
                <div>
                  《{postalLetterName(typeof e.detail?.kind === 'string' ? e.detail.kind : undefined)}》于{formatDay(String(e.detail?.toldOn ?? ''))}
                  {e.detail?.unreachable ? '电话联系未果，留存备取' : '电话告知'}
                  {typeof e.detail?.note === 'string' ? `：${e.detail.note}` : ''}
                </div>
              ) : null}
              {e.type === 'started' && typeof e.detail?.unit === 'string' ? (
                <div>
                  {names.unit(e.detail.unit)}签收{typeof e.detail.note === 'string' ? `：${e.detail.note}` : ''}
                </div>
              ) : null}
              {e.type === 'returned' && typeof e.detail?.takenBackBy === 'string' && typeof e.detail.from === 'string' ? <div>自 {names.unit(e.detail.from)} 收回</div> : null}
              {e.type === 'returned' && e.detail?.handDownObjected === true && typeof e.detail.fromJurisdiction === 'string' && typeof e.detail.backTo === 'string' ? (
                <div>
                  {names.office(e.detail.fromJurisdiction)}认为不属于本机关管辖，在异议期内退回{names.office(e.detail.backTo)}（条例第二十三条）
                </div>
              ) : null}
              {(e.type === 'reviewDecided' || e.type === 'reReviewDecided') && typeof e.detail?.outcome === 'string' ? (
                <div>
                  {e.type === 'reviewDecided' ? '复查' : '复核'}决定：{REVIEW_OUTCOME_LABELS[e.detail.outcome] ?? e.detail.outcome}原{e.type === 'reviewDecided' ? '处理' : '复查'}意见
                </div>
              ) : null}
              {e.type === 'leaderAssigned' && typeof e.detail?.leader === 'string' ? (
                <div>
                  包案领导：{names.staff(e.detail.leader)}
                  {typeof e.detail.previous === 'string' ? `（原为 ${names.staff(e.detail.previous)}）` : ''}
                </div>
              ) : null}
              {e.type === 'petitionerCorrected' && Array.isArray(e.detail?.changed) ? (
                <div>
                  更正：
                  {(e.detail.changed as string[])
                    .map((field) => {
                      const before = (e.detail?.previous as Record<string, unknown> | undefined)?.[field];
                      if (field === 'writtenBy') return writerChange(before, e.detail?.writtenBy, e.detail?.lettersTo);
                      return `${PETITIONER_FIELD_LABELS[field] ?? field}（原为${typeof before === 'string' ? before : '空'}）`;
                    })
                    .join('、')}
                </div>
              ) : null}
              {e.type === 'conclusionCorrected' && Array.isArray(e.detail?.changed) ? <ConclusionCorrection detail={e.detail} /> : null}
              {e.type === 'queryCodeIssued' && typeof e.detail?.via === 'string' ? <div>{QUERY_CODE_VIA[e.detail.via] ?? ''}</div> : null}
              {e.type === 'registered' && typeof e.detail?.registeredLate === 'number' ? <div>逾期 {e.detail.registeredLate} 个工作日登记（应于收到当日登记，非工作日收到的于下一工作日登记）</div> : null}
              {e.type === 'noteAdded' && typeof e.detail?.text === 'string' ? (
                <div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{e.detail.text}</div>
                  {e.detail.toldPetitioner === true ? <div>已告知信访人</div> : null}
                </div>
              ) : null}
              {e.type === 'materialRequested' && typeof e.detail?.needed === 'string' ? (
                <div>
                  <div>需补充：{e.detail.needed}</div>
                  <div>
                    {typeof e.detail.by === 'string' ? `补充期限：${formatDay(e.detail.by)}前` : '请信访人尽快补充'}；办理期限照常计算
                  </div>
                  <div>{answerOf(events, e.seq) ? `已补充（${formatDateTime(answerOf(events, e.seq)!.at)} 收到材料，见下）` : '待信访人补充'}</div>
                </div>
              ) : null}
              {e.type === 'messageReceived' && Array.isArray(e.detail?.answersMaterialRequests) ? (
                <div>
                  补充材料，答复
                  {(e.detail.answersMaterialRequests as number[])
                    .map((seq) => events.find((r) => r.seq === seq))
                    .map((r) => (r ? `${formatDateTime(r.at)}的补充材料请求` : '补充材料请求'))
                    .join('、')}
                </div>
              ) : null}
              {e.type === 'repeatLinked' && typeof e.detail?.earlier === 'string' ? (
                <div>
                  关联为前案 <Link to={`/cases/${e.detail.earlier}`}>{e.detail.earlier}</Link> 的重复件
                </div>
              ) : null}
              {e.type === 'messageReceived' && typeof e.detail?.repeat === 'string' ? (
                <div>
                  重复件 <Link to={`/cases/${e.detail.repeat}`}>{e.detail.repeat}</Link> 的内容并入本件（该件不另行受理）
                </div>
              ) : null}
              {e.type === 'registered' && isRelease(e.detail?.heldAsAdvertising) ? (
                <div>
                  {e.detail.heldAsAdvertising.reason === 'noOfficeMailbox' ? '来信寄往已停用或非信访邮箱，曾暂存待甄别' : '来信曾被系统判断为疑似广告暂存'}，{names.staff(e.detail.heldAsAdvertising.by)}于
                  {formatDateTime(e.detail.heldAsAdvertising.at)}确认登记为信访事项
                </div>
              ) : null}
              {e.type === 'registered' && typeof e.detail?.answersArchived === 'string' ? (
                <div>
                  来信回复已归档的 <Link to={`/cases/${e.detail.answersArchived}`}>{e.detail.answersArchived}</Link>，作为新的信访事项登记
                </div>
              ) : null}
              {e.type === 'replied' && typeof e.detail?.reportedBackTo === 'string' ? (
                <div>
                  办理结果已报送
                  {[e.detail.reportedBackTo, ...(Array.isArray(e.detail.reportedAlsoTo) ? (e.detail.reportedAlsoTo as string[]) : [])].map((code) => names.jurisdiction(code)).join('、')}
                  （交办、督办件）
                </div>
              ) : null}
              {Array.isArray(e.detail?.withoutOpinionsOf) ? (
                <div>未收到协办意见即办结：{(e.detail.withoutOpinionsOf as string[]).map((unit) => names.unit(unit)).join('、')}</div>
              ) : null}
              {typeof e.detail?.extensionRequestLapsed === 'object' && e.detail.extensionRequestLapsed !== null ? (
                <div>待审批的延期申请（{String((e.detail.extensionRequestLapsed as { days?: unknown }).days ?? '')}日）随之失效</div>
              ) : null}
              {e.type === 'escalated' ? <EscalationStep detail={e.detail} names={names} /> : null}
              {e.type === 'escalated' && typeof e.detail?.supervisorAdded === 'string' ? <div>此后由{names.office(e.detail.supervisorAdded)}督办，办理结果报送该机关</div> : null}
              {e.type === 'cooperationOpinionGiven' && typeof e.detail?.unit === 'string' ? <div>{names.unit(e.detail.unit)}送来协办意见</div> : null}
              {e.type in COOPERATION_OBJECTION_WORDS && typeof e.detail?.unit === 'string' ? <div>{names.unit(e.detail.unit)}{COOPERATION_OBJECTION_WORDS[e.type]}</div> : null}
              {e.type === 'cooperationReleased' && typeof e.detail?.note === 'string' ? <div>审批意见：{e.detail.note}</div> : null}
              {e.type === 'reinstated' && typeof e.detail?.deadline === 'object' && e.detail.deadline !== null ? (
                <div>撤回期间不计入期限：期限由 {formatLastDay(String((e.detail.deadline as { from?: unknown }).from))} 顺延至 {formatLastDay(String((e.detail.deadline as { to?: unknown }).to))}</div>
              ) : null}
              {e.type === 'withdrawn' && typeof e.detail?.how === 'string' ? <div>{WITHDRAWAL_HOW_WORDS[e.detail.how as keyof typeof WITHDRAWAL_HOW_WORDS] ?? ''}</div> : null}
              {e.type === 'messageReceived' && typeof e.detail?.withdrawalDisputed === 'string' ? (
                <div>
                  <Typography.Text type="danger">撤回存疑：信访人来信称撤回并非本人意愿（“{e.detail.withdrawalDisputed}”），请与信访人核实，确非本人意愿的恢复办理</Typography.Text>
                </div>
              ) : null}
              {e.type === 'noted' && typeof e.detail?.withdrawalDoubted === 'string' ? (
                <div>信访人在网上信访申请撤回，但所写原因含“{e.detail.withdrawalDoubted}”：未予撤回，请核实是否受到压力</div>
              ) : null}
              {e.type === 'noted' && typeof e.detail?.note === 'string' ? <ReceptionNote detail={e.detail} /> : null}
              {e.type === 'noted' ? <SweepNote detail={e.detail} reason={e.reason} names={names} /> : null}
              {e.type === 'noted' ? <AccusedNote detail={e.detail} names={names} /> : null}
              {(e.type === 'noted' || e.type === 'messageReceived') && Array.isArray(e.detail?.recused) ? (
                <div>材料检举、控告{(e.detail.recused as unknown[]).map((id) => names.staff(String(id))).join('、')}：其已回避，不再能查看本件（《信访工作条例》第三十条）</div>
              ) : null}
              {e.type === 'messageReceived' && Array.isArray(e.detail?.cooperatingAccused) ? (
                <div>材料检举、控告协办单位{(e.detail.cooperatingAccused as unknown[]).map((unit) => names.unit(String(unit))).join('、')}：不再协办，不再能查看本件（《信访工作条例》第三十条）</div>
              ) : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/**
 * A handoff answered 202 and then refused by the handoff function (the case moved on meanwhile, or whoever asked may
 * no longer decide it): what it asked for, when, why it was not done, and the command id the 202 gave.
 */
function HandoffRefusal({ event, names }: { event: CaseView['events'][number]; names: Names }) {
  const detail = event.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : undefined);
  const lead = text('lead');
  const to = text('toJurisdiction');
  const asked = text('requestedAt');
  const what = to ? `转至${names.jurisdiction(to)}${lead ? `，由${names.unit(lead)}主办` : ''}` : lead ? `交${names.unit(lead)}办理` : undefined;
  return (
    <div>
      <div>
        <Typography.Text type="danger">未执行：{event.reason ?? '该事项已有变化'}</Typography.Text>
      </div>
      <div>
        {asked ? `${formatDateTime(asked)}提交` : '提交'}的{what ? `“${what}”` : '移交'}未予执行，事项状态未变
      </div>
      {text('commandId') ? <Typography.Text type="secondary">指令编号 {text('commandId')}</Typography.Text> : null}
    </div>
  );
}

/** 更正办理结果: each field corrected, from what to what (the earlier wording stays readable here). */
function ConclusionCorrection({ detail }: { detail: Record<string, unknown> }) {
  const words = (field: string, value: unknown) => (typeof value === 'string' ? (field === 'outcome' ? label(OUTCOME_LABELS, value) : value) : '');
  const previous = (detail.previous ?? {}) as Record<string, unknown>;
  const corrected = (detail.corrected ?? {}) as Record<string, unknown>;
  return (
    <div>
      {(detail.changed as unknown[])
        .filter((field): field is string => typeof field === 'string')
        .map((field) => (
          <div key={field} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {RESULT_FIELD_LABELS[field] ?? field}：原为“{words(field, previous[field])}”，更正为“{words(field, corrected[field])}”
          </div>
        ))}
    </div>
  );
}

/** How a query code reached the petitioner (the event never holds the code). */
const QUERY_CODE_VIA: Record<string, string> = { desk: '当面或电话告知', post: '打印告知单邮寄', email: '发送至信访人登记的邮箱' };

/** What the sweep notes on a case besides reminders: a window ran out, a return request waits, an acceptance notice went in the office's name, a provisional deadline is confirmed. */
function SweepNote({ detail, reason, names }: { detail: Record<string, unknown> | undefined; reason?: string | undefined; names: Names }) {
  const record = (key: string) => (detail && typeof detail[key] === 'object' && detail[key] !== null ? (detail[key] as Record<string, unknown>) : undefined);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const window = record('objectionWindowClosed');
  if (window) {
    return <div>{`${names.unit(text(window.unit))}异议期（5个工作日）已届满，此后退回须经${names.office(text(window.approvalBy))}同意（条例第二十三条）`}</div>;
  }
  const reminded = record('returnRequestReminded');
  if (reminded) {
    return <div>{`${names.unit(text(reminded.unit))}于${formatDateTime(text(reminded.requestedAt))}提出的退回申请仍待审批，已提醒${names.office(text(reminded.approvalBy))}`}</div>;
  }
  const extension = record('extensionRequestReminded');
  if (extension) {
    return <div>{`${formatDateTime(text(extension.requestedAt))}提出的延期申请（${String(extension.days ?? '')}日）仍待审批，已提醒领导`}</div>;
  }
  const unanswered = record('urgentUnanswered');
  if (unanswered) {
    return <div>{`紧急事项至 ${formatDateTime(text(unanswered.dueAt))} 未记录响应，已再次报告本级领导并报上一级信访工作机构`}</div>;
  }
  const told = record('acceptanceTold');
  if (told) {
    return <div>{`受理告知期限最后一日仍未确定承办单位：已告知信访人本事项已受理，由${names.office(text(told.handledBy))}办理（条例第二十三条）`}</div>;
  }
  const response = record('urgentResponse');
  if (response) return <div>{`紧急响应${response.late ? '（逾时）' : ''}：${reason ?? ''}`}</div>;
  if (Array.isArray(detail?.deadlinesConfirmed)) {
    const confirmed = (detail.deadlinesConfirmed as { from?: unknown; to?: unknown }[]).map((d) => `${formatLastDay(text(d.from))} → ${formatLastDay(text(d.to))}`);
    return <div>{`当年节假日安排公布后，期限已确认：${confirmed.join('；')}`}</div>;
  }
  return null;
}

/** 记录被举报单位 and 更正被举报对象: who was added to or taken off the case's accused. */
function AccusedNote({ detail, names }: { detail: Record<string, unknown> | undefined; names: Names }) {
  const ids = (key: string) => (Array.isArray(detail?.[key]) ? (detail[key] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const added = ids('accusedUnitsAdded').map((unit) => names.unit(unit));
  const removed = [...ids('accusedPlacesRemoved').map((code) => `${names.jurisdiction(code)}党委政府`), ...ids('accusedUnitsRemoved').map((unit) => names.unit(unit))];
  return (
    <>
      {added.length ? <div>记录被举报单位：{added.join('、')}</div> : null}
      {removed.length ? <div>更正，不再作为被举报对象：{removed.join('、')}</div> : null}
    </>
  );
}

/** A reception note (领导接待日): which day, which booking, and what was said. */
function ReceptionNote({ detail }: { detail: Record<string, unknown> }) {
  const day = typeof detail.reception === 'string' ? detail.reception.split(':').pop() : undefined;
  const booking = typeof detail.booking === 'string' ? `，预约编号 ${detail.booking}` : '';
  return (
    <div>
      {day ? `领导接待日（${day}${booking}）记录：` : '记录：'}
      {String(detail.note)}
    </div>
  );
}

/** An overdue case's escalation (the sweep's): which step of the chain it reached, and who was told by email. */
function EscalationStep({ detail, names }: { detail: CaseView['events'][number]['detail']; names: Names }) {
  const step = detail?.step;
  if (typeof step !== 'string' || !(step in ESCALATION_STEP_LABELS)) return null;
  const told = (Array.isArray(detail?.to) ? (detail.to as unknown[]) : []).filter((who): who is string => typeof who === 'string').map((who) => whoName(who, names));
  const number = typeof detail?.number === 'number' ? `第${detail.number}次` : '';
  return <div>{`逾期${number}督办：督办至${ESCALATION_STEP_LABELS[step as Step]}${told.length ? `，已邮件通知${[...new Set(told)].join('、')}` : ''}`}</div>;
}

/** A recipient of the sweep's mail by name: an office (`office:<code>`), a staff member, else a unit. */
function whoName(who: string, names: Names): string {
  if (who.startsWith('office:')) return names.office(who.slice('office:'.length));
  const staff = names.staff(who);
  return staff !== who ? staff : names.unit(who);
}

/** 疑似广告 registered at a staff member's word (the registration's detail). */
function isRelease(value: unknown): value is { by: string; at: string; reason?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { by?: unknown }).by === 'string' && typeof (value as { at?: unknown }).at === 'string';
}
