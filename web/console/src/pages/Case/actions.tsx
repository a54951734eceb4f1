import dayjs from 'dayjs';
import { LEADER_READING_OPINION_MAX } from '../../../../../shared/domain/leader-reading.js';
import { api } from '../../api/client';
import { chinaDate } from '../../lib/time';
import { readSession } from '../../lib/session';
import type { CaseActionName, CaseRecord } from '../../api/types';
import { MATERIAL_REQUEST_MAX_LENGTH } from '../../../../../shared/domain/material-request.js';
import { CASE_NOTE_MAX_LENGTH, progressTellingRefusal } from '../../../../../shared/domain/case-note.js';
import { START_NOTE_MAX_LENGTH } from '../../../../../shared/domain/start-handling.js';
import { goesByPhone, goesByPost } from '../../../../../shared/domain/postal.js';
import type { Outcome } from '../../../../../shared/domain/outcome.js';
import { pendingCooperationObjections } from '../../../../../shared/domain/cooperation-objection.js';

/** How the petitioner hears of a 补充材料 request, as the success message and the dialog say it. */
export function materialToldWords(c: Pick<CaseRecord, 'petitioner'>): string {
  if (c.petitioner.email) return '已通过电子邮件告知信访人';
  if (goesByPost(c)) return '补充材料告知书已列入待寄送，请打印寄出';
  if (goesByPhone(c)) return '补充材料告知书已列入待电话告知，请电话告知信访人';
  return '信访人无法联系';
}

/** How the petitioner hears of a progress note told to them (告知信访人), as the success message says it. */
export function progressToldWords(c: Pick<CaseRecord, 'petitioner'>): string {
  if (c.petitioner.email) return '已记录，并已告知信访人办理进展。';
  if (c.petitioner.phone) return '已记录。信访人未留电子邮箱，该进展已列入待电话告知，请电话告知信访人后记录。';
  return '已记录，信访人可在网上查询页面看到该进展（未留电子邮箱和电话，不另行通知）。';
}

/** A field of an action's form. */
export type ActionField =
  /** `requiredWhen`: required only while another field has that value (a refusal's reasons, 不同意). */
  /** `shownWhen`: offered only while another field has that value (the writer's details, once 添加或更换 is chosen). */
  | { name: string; label: string; kind: 'text' | 'textarea'; required?: boolean; requiredWhen?: { field: string; value: string; message: string }; shownWhen?: { field: string; value: string }; help?: string }
  | { name: string; label: string; kind: 'number'; required?: boolean; min?: number; max?: number }
  /** 延期天数: 1 to the most the case's jurisdiction allows (its extension rules). */
  | { name: string; label: string; kind: 'extensionDays'; required?: boolean }
  | {
      name: string;
      label: string;
      kind: 'unit' | 'units';
      required?: boolean;
      /** The field naming the jurisdiction whose units are offered; without it, the case's own jurisdiction. */
      of?: string;
      /** A field that must be filled before this one can be (cooperating units go with a lead). */
      after?: string;
      help?: string;
    }
  | { name: string; label: string; kind: 'jurisdiction' | 'staff'; required?: boolean }
  /** A day, today or before (a written request's receipt): a dayjs value, sent as that day in China time. */
  | { name: string; label: string; kind: 'pastDay'; required?: boolean; help?: string }
  /** A day to come, today or later (a 补充材料 期限): a dayjs value, sent as that day in China time. */
  | { name: string; label: string; kind: 'futureDay'; required?: boolean; help?: string }
  /** Text of at most `max` characters, its count shown. */
  | { name: string; label: string; kind: 'longText'; required?: boolean; max: number; help?: string }
  /** Any unit of the province, by jurisdiction, save those the case already records as accused. */
  | { name: string; label: string; kind: 'accusableUnits'; required?: boolean }
  /** The units and places' governments the case records as accused (`unit:<id>`, `place:<code>`), to take off. */
  | { name: string; label: string; kind: 'accusedRecorded'; required?: boolean }
  /** A collective petition's agreed representatives (第二十条), to tick those who declared something together. */
  | { name: string; label: string; kind: 'representatives'; required?: boolean; help?: string }
  /** A leader of the case's jurisdiction or a level above it (领导包案). */
  | { name: string; label: string; kind: 'leader'; required?: boolean }
  /** A suspension ground (中止事由): the built-in ones and those the province configures. */
  | { name: string; label: string; kind: 'suspensionGround'; required?: boolean }
  /** 办理结果: the outcomes the case's category takes (shared/domain/outcome.ts). */
  | { name: string; label: string; kind: 'outcome'; required?: boolean }
  | { name: string; label: string; kind: 'select'; required?: boolean; options: { value: string; label: string }[] }
  /** A cooperating unit whose 协办异议 waits, named with its reasons (the oldest chosen to begin with). */
  | { name: string; label: string; kind: 'cooperationObjection'; required?: boolean }
  /** `unavailable`: why the choice cannot be made for this case, said in its place instead of offering it. */
  | { name: string; label: string; kind: 'checkboxes'; required?: boolean; options: { value: string; label: string }[]; unavailable?: (c: CaseRecord) => string | undefined };

export interface ActionDef {
  /** The API's name of the action, as allowedActions lists it (a misspelt or removed one fails the type check). */
  name: CaseActionName;
  label: string;
  /** Without fields, the action asks only for confirmation. */
  fields?: ActionField[];
  danger?: boolean;
  /** Offered only for a case this holds for (one API action shown two ways: 转送 before acceptance, 转办 after). */
  when?: (c: CaseRecord) => boolean;
  /** `key`: one per opening of the action's form (its Idempotency-Key, for actions that send one): a retried submission acts once. */
  run: (c: CaseRecord, values: Record<string, unknown>, key: string) => Promise<unknown>;
  /** Where the API's refusal of a nested field is shown (`body.writtenBy.name` → the writer's name field); else by its first segment. */
  issueFields?: Readonly<Record<string, string>>;
  /** What the success message says, when more than 已完成: what happened and what did not. */
  done?: (c: CaseRecord, values: Record<string, unknown>) => string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const path = (c: CaseRecord) => ({ path: { caseNumber: c.caseNumber } });

/** A decision on a request (延期, 退回): 审批意见 yes or no, and the reasons a refusal needs. */
const approval = (yes: string, no: string, reasonLabel: string): ActionField[] => [
  { name: 'approve', label: '审批意见', kind: 'select', required: true, options: [{ value: 'yes', label: yes }, { value: 'no', label: no }] },
  // A refusal needs its reasons: said in the form, before anything is sent (the API refuses it too).
  { name: 'reason', label: reasonLabel, kind: 'textarea', requiredWhen: { field: 'approve', value: 'no', message: '请填写不同意的理由' } },
];

/** 办理结果: what 办结 records and 更正办理结果 corrects, the letter's three parts and the outcome counted. */
const RESULT_FIELDS: ActionField[] = [
  { name: 'facts', label: '查明事实', kind: 'textarea', required: true },
  { name: 'basis', label: '依据', kind: 'textarea', required: true },
  { name: 'decision', label: '处理意见', kind: 'textarea', required: true },
  // 政策咨询 已解答, 意见建议 采纳 or not, any other 支持 or not: by the case's category.
  { name: 'outcome', label: '结果', kind: 'outcome', required: true },
];

/** The objection 审批协办异议 decides: the oldest of those waiting. */
export const waitingCooperationObjection = (c: CaseRecord) => pendingCooperationObjections(c)[0];

/** The actions the console offers, in the order shown; a case shows only those in its allowedActions. */
export const ACTIONS: ActionDef[] = [
  {
    name: 'accept',
    label: '受理',
    run: (c) => api.POST('/cases/{caseNumber}/accept', { params: path(c), body: { expectedVersion: c.version } }),
  },
  {
    name: 'decline',
    label: '不予受理',
    danger: true,
    // The reason goes into the 不予受理告知书 word for word: a petitioner must learn the basis and the way left open.
    fields: [{ name: 'reason', label: '理由', kind: 'textarea', required: true, help: '原文写入不予受理告知书：请写明不予受理的理由和依据，以及信访人可以通过什么途径、向哪个机关提出。' }],
    run: (c, v) => api.POST('/cases/{caseNumber}/decline', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    // For a repeat registration cannot find (a letter-writer known by name and address): the office names the earlier case.
    // Consequential: by where the earlier case stands it may at once decline this one, write to the petitioner and merge its material.
    name: 'linkRepeat',
    label: '关联为重复件',
    danger: true,
    fields: [
      { name: 'earlier', label: '前案登记编号（如 330122-2026-000040）', kind: 'text', required: true },
      { name: 'note', label: '关联理由（如同一信访人、同一住址，反映同一事项）', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/repeat-of', { params: path(c), body: { earlier: str(v.earlier), note: str(v.note), expectedVersion: c.version } }),
  },
  {
    name: 'redirect',
    label: '告知其他渠道',
    fields: [
      { name: 'body', label: '机构', kind: 'text', required: true },
      { name: 'reason', label: '理由', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/redirect', { params: path(c), body: { body: str(v.body), reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'claim',
    label: '认领',
    run: (c) => api.POST('/cases/{caseNumber}/claim', { params: path(c), body: {} }),
  },
  {
    name: 'route',
    label: '分办',
    fields: [
      { name: 'lead', label: '主办单位', kind: 'unit', required: true },
      { name: 'cooperating', label: '协办单位', kind: 'units' },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/route', { params: path(c), body: { lead: str(v.lead), cooperating: list(v.cooperating) } }),
  },
  {
    name: 'assign',
    label: '交办',
    fields: [
      { name: 'lead', label: '主办单位', kind: 'unit', required: true },
      { name: 'cooperating', label: '协办单位', kind: 'units' },
      { name: 'reason', label: '说明', kind: 'textarea' },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/assign', {
        params: path(c),
        // The version seen: two staff handing the case on at once do not both win (the second is told what changed).
        body: { lead: str(v.lead), cooperating: list(v.cooperating), ...(str(v.reason) ? { reason: str(v.reason) } : {}), expectedVersion: c.version },
      }),
  },
  {
    name: 'transfer',
    label: '转送',
    // Not yet accepted: to the office whose matter it is, which decides whether to accept it (no unit is named).
    when: (c) => c.status === 'registered',
    fields: [
      { name: 'toJurisdiction', label: '转送至辖区', kind: 'jurisdiction', required: true },
      { name: 'reason', label: '理由（如：事发地在淳安县千岛湖镇）', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/transfer', { params: path(c), body: { toJurisdiction: str(v.toJurisdiction), cooperating: [], reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'transfer',
    label: '转办',
    when: (c) => c.status !== 'registered',
    // Without a lead the receiving office decides who handles it; cooperating units go only with a lead.
    fields: [
      { name: 'toJurisdiction', label: '转至辖区', kind: 'jurisdiction', required: true },
      { name: 'lead', label: '主办单位', kind: 'unit', of: 'toJurisdiction', after: 'toJurisdiction', help: '不指定时由接收辖区的信访部门分办' },
      { name: 'cooperating', label: '协办单位', kind: 'units', of: 'toJurisdiction', after: 'lead' },
      { name: 'reason', label: '理由', kind: 'textarea', required: true },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/transfer', {
        params: path(c),
        body: { toJurisdiction: str(v.toJurisdiction), ...(str(v.lead) ? { lead: str(v.lead), cooperating: list(v.cooperating) } : { cooperating: [] }), reason: str(v.reason), expectedVersion: c.version },
      }),
  },
  {
    // 签收: the lead unit signs for the case handed to it and starts work (已交办 → 办理中); its 5 working days to object run on.
    name: 'start',
    label: '签收',
    fields: [{ name: 'note', label: '签收说明（选填）', kind: 'longText', max: START_NOTE_MAX_LENGTH, help: '如：已安排专人调查核实。签收后仍可在异议期内退回。' }],
    run: (c, v, key) =>
      api.POST('/cases/{caseNumber}/start', {
        params: { ...path(c), header: { 'Idempotency-Key': key } },
        body: { ...(str(v.note) ? { note: str(v.note) } : {}), expectedVersion: c.version },
      }),
    done: () => '已签收，该事项状态为“办理中”',
  },
  {
    // The unit's objection (第二十三条): back to the office that handed it the case.
    name: 'return',
    label: '退回',
    danger: true,
    when: () => Boolean(readSession()?.staff.unit),
    fields: [{ name: 'reason', label: '理由', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/return', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    // The same API action taken by the office that handed the unit the case: it takes it back (收回), in its own name.
    name: 'return',
    label: '收回',
    danger: true,
    when: () => !readSession()?.staff.unit,
    fields: [{ name: 'reason', label: '收回理由（将告知承办单位）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/return', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    // 第二十三条: past the 5 working days to object, the office that handed the case over approves a return.
    name: 'requestReturn',
    label: '申请退回',
    fields: [{ name: 'reason', label: '申请理由（不属于本单位职责的依据）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/return-request', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    // 第二十三条 for an office: a case an office above handed down that is not this office's goes back within 5 working days.
    name: 'objectHandDown',
    label: '异议退回',
    danger: true,
    fields: [{ name: 'reason', label: '异议理由（不属于本机关管辖的依据，将发送给上级信访部门）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/hand-down-objection', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
    done: () => '已退回上级信访部门重新分办，并已发邮件告知',
  },
  {
    name: 'decideReturnRequest',
    label: '审批退回',
    fields: approval('同意退回（退回本机关重新分办）', '不同意退回（由承办单位继续办理）', '理由（不同意时必填）'),
    // Approval is the office's own return (a handoff); the unit's reasons go with it unless the office words its own.
    run: (c, v) =>
      v.approve === 'yes'
        ? api.POST('/cases/{caseNumber}/return', { params: path(c), body: { reason: str(v.reason) || `同意退回：${c.returnRequest?.reason ?? ''}`, expectedVersion: c.version } })
        : api.POST('/cases/{caseNumber}/return-request/refusal', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'requestExtension',
    label: '申请延期',
    fields: [
      { name: 'days', label: '延期天数', kind: 'extensionDays', required: true },
      { name: 'reason', label: '理由', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/extension', { params: path(c), body: { days: Number(v.days), reason: str(v.reason) } }),
  },
  {
    name: 'decideExtension',
    label: '审批延期',
    fields: approval('同意延期', '不同意延期', '不同意的理由'),
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/extension/decision', {
        params: path(c),
        body: v.approve === 'yes' ? { approve: true } : { approve: false, reason: str(v.reason) },
      }),
  },
  {
    // No fields: the API writes the slip from the case; it then shows under 文书, to print and hand over.
    name: 'giveBypassNotice',
    label: '出具越级上访告知单',
    run: (c) => api.POST('/cases/{caseNumber}/bypass-notice', { params: path(c), body: { expectedVersion: c.version } }),
  },
  {
    name: 'suspend',
    label: '中止计时',
    fields: [
      { name: 'ground', label: '中止事由', kind: 'suspensionGround', required: true },
      { name: 'reason', label: '说明', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/suspend', { params: path(c), body: { ground: str(v.ground), reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'resume',
    label: '恢复计时',
    fields: [{ name: 'reason', label: '说明', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/resume', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'agreeRepresentatives',
    label: '商定代表',
    fields: [{ name: 'representatives', label: '代表（每行一人：姓名 电话，至多5人）', kind: 'textarea', required: true }],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/representatives', {
        params: path(c),
        body: {
          representatives: str(v.representatives)
            .split('\n')
            .map((line) => line.trim().split(/\s+/))
            .filter(([name]) => name)
            .map(([name, phone]) => ({ anonymous: false, name: name!, ...(phone ? { phone } : {}) })),
          expectedVersion: c.version,
        },
      }),
  },
  {
    // 请信访人补充材料: told by email, else by a letter to post or a call; the handling clock runs on.
    name: 'requestMaterial',
    label: '请信访人补充材料',
    fields: [
      { name: 'needed', label: '需补充的材料', kind: 'longText', required: true, max: MATERIAL_REQUEST_MAX_LENGTH, help: '将原文告知信访人，请写明需要什么、用于说明什么' },
      { name: 'by', label: '补充期限（选填）', kind: 'futureDay', help: '请信访人在此日期前提供；不填则请其尽快提供' },
    ],
    run: (c, v, key) =>
      api.POST('/cases/{caseNumber}/material-request', {
        params: { ...path(c), header: { 'Idempotency-Key': key } },
        body: { needed: str(v.needed), ...(dayjs.isDayjs(v.by) ? { by: v.by.format('YYYY-MM-DD') } : {}), expectedVersion: c.version },
      }),
    done: (c) => `已请信访人补充材料：${materialToldWords(c)}。办理期限照常计算，不因此中止或延长。`,
  },
  {
    // 办理记录: progress (told to the petitioner only when ticked) or findings, by whoever works the case.
    name: 'addNote',
    label: '添加办理记录',
    fields: [
      {
        name: 'kind',
        label: '记录类型',
        kind: 'select',
        required: true,
        options: [
          { value: 'progress', label: '办理进展' },
          { value: 'investigation', label: '调查核实情况（内部）' },
        ],
      },
      { name: 'text', label: '记录内容', kind: 'longText', required: true, max: CASE_NOTE_MAX_LENGTH },
      {
        name: 'tell',
        label: '告知信访人（仅限办理进展）',
        kind: 'checkboxes',
        options: [{ value: 'tell', label: '告知信访人：在其网上查询页面显示，留有电子邮箱的同时发送邮件，只留电话的列入待电话告知' }],
        // As the API refuses it: anonymous, or no longer being handled (the answer goes by its own letter).
        unavailable: (c) => progressTellingRefusal(c)?.chinese,
      },
    ],
    run: (c, v, key) =>
      api.POST('/cases/{caseNumber}/notes', {
        params: { ...path(c), header: { 'Idempotency-Key': key } },
        body: { kind: v.kind === 'investigation' ? 'investigation' : 'progress', text: str(v.text), tellPetitioner: list(v.tell).includes('tell'), expectedVersion: c.version },
      }),
    done: (c, v) => (list(v.tell).includes('tell') ? progressToldWords(c) : '已记录（不告知信访人）。'),
  },
  {
    // 领导批示: a leader of the case's jurisdiction or above; shown at the top of the case to whoever handles it.
    name: 'giveInstruction',
    label: '领导批示',
    fields: [{ name: 'text', label: '批示内容', kind: 'longText', required: true, max: CASE_NOTE_MAX_LENGTH, help: '承办单位和信访部门打开本事项时首先看到' }],
    run: (c, v, key) =>
      api.POST('/cases/{caseNumber}/notes', {
        params: { ...path(c), header: { 'Idempotency-Key': key } },
        body: { kind: 'instruction', text: str(v.text), expectedVersion: c.version },
      }),
    done: () => '已批示。',
  },
  {
    // 呈领导阅批: the office puts an important case before a leader with its proposal; the leader is emailed.
    name: 'submitLeaderReading',
    label: '呈领导阅批',
    fields: [
      { name: 'leader', label: '阅批领导', kind: 'leader', required: true },
      { name: 'opinion', label: '拟办意见', kind: 'longText', required: true, max: LEADER_READING_OPINION_MAX, help: '如：拟转县生态环境局牵头核查，请领导阅示' },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/leader-reading', { params: path(c), body: { leader: str(v.leader), opinion: str(v.opinion), expectedVersion: c.version } }),
    done: () => '已呈领导阅批，并已邮件告知该领导。',
  },
  {
    // 已阅: the leader read what the office put before them and has no instruction to give (a 批示 answers it too).
    name: 'markLeaderRead',
    label: '已阅',
    run: (c) => api.POST('/cases/{caseNumber}/leader-reading/read', { params: path(c), body: { expectedVersion: c.version } }),
    done: () => '已阅。',
  },
  {
    name: 'conclude',
    label: '办结',
    fields: RESULT_FIELDS,
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/conclude', {
        params: path(c),
        body: { facts: str(v.facts), basis: str(v.basis), decision: str(v.decision), outcome: v.outcome as Outcome },
      }),
  },
  {
    // 审核签发: the result as the letter will state it, corrected before the reply (the form starts from it, see index.tsx).
    name: 'correctConclusion',
    label: '更正办理结果',
    fields: [
      ...RESULT_FIELDS,
      { name: 'reason', label: '更正原因（如：审核签发时发现引用条款有误）', kind: 'textarea', required: true },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/conclusion-correction', {
        params: path(c),
        body: { facts: str(v.facts), basis: str(v.basis), decision: str(v.decision), outcome: v.outcome as Outcome, reason: str(v.reason), expectedVersion: c.version },
      }),
    done: () => '已更正办理结果：原内容保留在办理过程中，答复将按更正后的内容发出。',
  },
  {
    // 审核签发 where the office requires it: the approver reads the draft (预览处理意见书) and signs it off; 答复 waits for it.
    name: 'signOffReply',
    label: '签发处理意见书',
    run: (c) => api.POST('/cases/{caseNumber}/decision-letter/sign-off', { params: path(c), body: { expectedVersion: c.version } }),
    done: () => '已签发处理意见书，承办单位可以答复信访人。',
  },
  {
    name: 'reply',
    label: '答复',
    // From the preview (审核签发), the version the letter was read at: a result corrected since is refused, not sent unread.
    // The plain button checks no version, as before: the letter was not read over, and a reminder written meanwhile must not stop it.
    run: (c, v) => api.POST('/cases/{caseNumber}/reply', { params: path(c), body: typeof v.expectedVersion === 'number' ? { expectedVersion: v.expectedVersion } : {} }),
  },
  {
    name: 'requestReview',
    label: '登记复查（复核）申请',
    fields: [
      { name: 'reason', label: '申请理由', kind: 'textarea', required: true },
      { name: 'receivedDay', label: '收到日期', kind: 'pastDay', help: '书面申请送达本机关的日期，申请期限和复查（复核）期限都从这天算起；今天收到的不用选。' },
    ],
    run: (c, v) => {
      const received = receivedAt(v.receivedDay);
      return api.POST('/cases/{caseNumber}/review-request', { params: path(c), body: { reason: str(v.reason), ...(received ? { receivedAt: received } : {}) } });
    },
  },
  {
    name: 'decideReview',
    label: '复查（复核）决定',
    fields: [
      {
        name: 'outcome',
        label: '决定',
        kind: 'select',
        required: true,
        options: [
          { value: 'upheld', label: '维持' },
          { value: 'revised', label: '变更' },
          { value: 'revoked', label: '撤销（复查撤销承办单位意见的，退回重新办理）' },
        ],
      },
      { name: 'facts', label: '查明事实', kind: 'textarea', required: true },
      { name: 'basis', label: '依据', kind: 'textarea', required: true },
      { name: 'decision', label: '复查意见', kind: 'textarea', required: true },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/review-decision', {
        params: path(c),
        body: { outcome: v.outcome as 'upheld' | 'revised' | 'revoked', facts: str(v.facts), basis: str(v.basis), decision: str(v.decision) },
      }),
    // Where the reviewing office requires 签发, the decision is drafted and waits for its leader: nothing was sent yet.
    done: (c) => (c.reviews?.some((r) => r.draft && !r.decidedAt) ? '已拟制复查（复核）意见书，待本机关领导签发后发出。' : '已作出复查（复核）意见，意见书已发出。'),
  },
  {
    // 签发复查（复核）意见书: the reviewing office's leader approves the draft shown on the page; it is then decided and sent.
    name: 'signOffReviewDecision',
    label: '签发复查（复核）意见书',
    run: (c) => api.POST('/cases/{caseNumber}/review-decision/sign-off', { params: path(c), body: { expectedVersion: c.version } }),
    done: () => '已签发，复查（复核）意见书已发出。',
  },
  {
    name: 'recordFollowUp',
    label: '记录回访',
    fields: [
      {
        name: 'satisfied',
        label: '回访结果',
        kind: 'select',
        required: true,
        options: [
          { value: 'yes', label: '满意' },
          { value: 'no', label: '不满意' },
        ],
      },
      { name: 'comment', label: '意见', kind: 'textarea' },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/follow-up', { params: path(c), body: { satisfied: v.satisfied === 'yes', ...(str(v.comment) ? { comment: str(v.comment) } : {}) } }),
  },
  {
    name: 'close',
    label: '结案',
    run: (c) => api.POST('/cases/{caseNumber}/close', { params: path(c) }),
  },
  {
    name: 'archive',
    label: '归档',
    run: (c) => api.POST('/cases/{caseNumber}/archive', { params: path(c) }),
  },
  {
    name: 'withdraw',
    label: '撤回',
    danger: true,
    when: (c) => c.collective === undefined,
    fields: [
      {
        name: 'how',
        label: '信访人撤回方式',
        kind: 'select',
        required: true,
        options: [
          { value: 'writing', label: '书面申请（请随案留存）' },
          { value: 'inPerson', label: '当面提出' },
          { value: 'phone', label: '电话提出' },
        ],
      },
      { name: 'note', label: '信访人的撤回意思和理由（撤回后终止办理，各期限不再计算）', kind: 'textarea', required: true },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/withdrawal', { params: path(c), body: { how: str(v.how) as 'writing' | 'inPerson' | 'phone', note: str(v.note), expectedVersion: c.version } }),
  },
  {
    name: 'withdraw',
    label: '撤回',
    danger: true,
    // 集体访 (第二十条): the group withdraws through all its agreed representatives together, in writing or in person — never by phone.
    when: (c) => c.collective !== undefined,
    fields: [
      {
        name: 'how',
        label: '代表撤回方式',
        kind: 'select',
        required: true,
        options: [
          { value: 'writing', label: '代表共同书面申请（请随案留存）' },
          { value: 'inPerson', label: '代表共同当面提出' },
        ],
      },
      { name: 'representatives', label: '提出撤回的代表', kind: 'representatives', required: true, help: '集体访须由全部代表共同提出撤回（《信访工作条例》第二十条）' },
      { name: 'note', label: '代表的撤回意思和理由（撤回后终止办理，各期限不再计算）', kind: 'textarea', required: true },
    ],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/withdrawal', {
        params: path(c),
        body: { how: str(v.how) as 'writing' | 'inPerson', note: str(v.note), representatives: list(v.representatives), expectedVersion: c.version },
      }),
  },
  {
    name: 'reinstate',
    label: '恢复办理',
    fields: [{ name: 'reason', label: '恢复办理的理由（信访人如何表示撤回并非本人意愿，核实情况；撤回期间不计入期限）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/reinstatement', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'reconsider',
    label: '撤销原决定',
    fields: [{ name: 'reason', label: '撤销的理由（原不予受理或告知决定为何不当；撤销后重新决定是否受理，并告知信访人）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/reconsideration', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'giveOpinion',
    label: '提交协办意见',
    fields: [{ name: 'opinion', label: '协办意见（查明的情况、政策依据和处理建议，送牵头单位汇总）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/cooperation-opinion', { params: path(c), body: { opinion: str(v.opinion), expectedVersion: c.version } }),
  },
  {
    // 第二十三条 for a cooperating unit: within 5 working days of being named, once; the office that named it decides.
    name: 'objectCooperation',
    label: '协办异议',
    fields: [{ name: 'reason', label: '异议理由（本单位不承担该事项配合职责的依据，将发送给信访部门审批）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/cooperation-objection', { params: path(c), body: { reason: str(v.reason), expectedVersion: c.version } }),
    done: () => '已提出异议，信访部门审批前本单位仍为配合单位',
  },
  {
    name: 'decideCooperationObjection',
    label: '审批协办异议',
    // Which unit's objection is decided is said and chosen: two units may object to the same naming.
    fields: [{ name: 'unit', label: '提出异议的单位', kind: 'cooperationObjection', required: true }, ...approval('同意（不再由该单位配合办理）', '不同意（该单位继续配合办理）', '理由（不同意时必填，将发送给该单位）')],
    run: (c, v) =>
      api.POST('/cases/{caseNumber}/cooperation-objection/decision', {
        params: path(c),
        body: { unit: str(v.unit), agree: v.approve === 'yes', ...(str(v.reason) ? { reason: str(v.reason) } : {}), expectedVersion: c.version },
      }),
    done: (_c, v) => (v.approve === 'yes' ? '已同意，该单位不再配合办理；已通知该单位和牵头单位' : '已不同意该单位的异议，理由已发送该单位，其继续配合办理'),
  },
  {
    name: 'respondUrgent',
    label: '紧急响应',
    fields: [{ name: 'note', label: '处置安排（如已通知属地街道和派出所赶赴现场）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/urgent-response', { params: path(c), body: { note: str(v.note), expectedVersion: c.version } }),
  },
  {
    // 落实情况: how the changed 复查（复核）意见 was carried out, reported to the reviewing office.
    name: 'reportImplementation',
    label: '报送落实情况',
    fields: [{ name: 'report', label: '落实情况（按复查、复核意见做了什么、何时完成，将报送复查、复核机关）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/implementation-report', { params: path(c), body: { report: str(v.report), expectedVersion: c.version } }),
    done: () => '已报送落实情况',
  },
  {
    name: 'recordSettlement',
    label: '息诉罢访',
    fields: [{ name: 'note', label: '信访人如何表示（如签订息诉罢访承诺书、达成和解协议）', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/settlement', { params: path(c), body: { note: str(v.note), expectedVersion: c.version } }),
  },
  {
    name: 'correctPetitioner',
    label: '更正信访人信息',
    fields: [
      { name: 'name', label: '姓名（不变的留空，下同）', kind: 'text' },
      { name: 'phone', label: '联系电话', kind: 'text' },
      { name: 'email', label: '电子邮箱', kind: 'text' },
      { name: 'address', label: '通信地址', kind: 'text' },
      {
        name: 'remove',
        label: '已停用或登记有误、且没有新的可填的',
        kind: 'checkboxes',
        options: [
          { value: 'phone', label: '删除联系电话' },
          { value: 'email', label: '删除电子邮箱' },
          { value: 'address', label: '删除通信地址' },
        ],
      },
      // 代为反映人 learnt after registration: a neighbour wrote the letter, or the "writer" was the petitioner.
      {
        name: 'writer',
        label: '代为反映人',
        kind: 'select',
        options: [
          { value: 'keep', label: '不变' },
          { value: 'set', label: '添加或更换（由他人代写、代访或代为来电）' },
          { value: 'remove', label: '删除（系信访人本人反映）' },
        ],
      },
      {
        name: 'writerRelation',
        label: '信访人是代为反映人的（如父亲；村干部填“村民”，受委托的填“委托人”）',
        kind: 'text',
        shownWhen: { field: 'writer', value: 'set' },
        requiredWhen: { field: 'writer', value: 'set', message: '请填写信访人与代为反映人的关系，如：父亲' },
      },
      { name: 'writerName', label: '代为反映人姓名', kind: 'text', shownWhen: { field: 'writer', value: 'set' } },
      { name: 'writerPhone', label: '代为反映人联系电话', kind: 'text', shownWhen: { field: 'writer', value: 'set' }, help: '联系电话和电子邮件至少填一项' },
      { name: 'writerEmail', label: '代为反映人电子邮件', kind: 'text', shownWhen: { field: 'writer', value: 'set' } },
      { name: 'reason', label: '更正原因（如信访人来电告知已搬家）', kind: 'textarea', required: true },
    ],
    issueFields: {
      'body.writtenBy': 'writer',
      'body.writtenBy.relation': 'writerRelation',
      'body.writtenBy.name': 'writerName',
      'body.writtenBy.phone': 'writerPhone',
      'body.writtenBy.email': 'writerEmail',
    },
    run: (c, v) => {
      // Only what staff filled in is corrected, and what they ticked removed (null); the rest stays as recorded.
      const removed = Array.isArray(v.remove) ? (v.remove as string[]) : [];
      const body = Object.fromEntries(
        (['name', 'phone', 'email', 'address'] as const).flatMap((field): [string, string | null][] => (str(v[field]) ? [[field, str(v[field])]] : removed.includes(field) ? [[field, null]] : [])),
      );
      const writtenBy =
        v.writer === 'set'
          ? {
              relation: str(v.writerRelation),
              ...(str(v.writerName) ? { name: str(v.writerName) } : {}),
              ...(str(v.writerPhone) ? { phone: str(v.writerPhone) } : {}),
              ...(str(v.writerEmail) ? { email: str(v.writerEmail) } : {}),
            }
          : v.writer === 'remove'
            ? null
            : undefined;
      return api.POST('/cases/{caseNumber}/petitioner', {
        params: path(c),
        body: { ...body, ...(writtenBy !== undefined ? { writtenBy } : {}), reason: str(v.reason), expectedVersion: c.version },
      });
    },
  },
  {
    name: 'assignLeader',
    label: '领导包案',
    fields: [
      { name: 'leader', label: '包案领导', kind: 'leader', required: true },
      { name: 'reason', label: '包案理由', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/leader', { params: path(c), body: { leader: str(v.leader), reason: str(v.reason), expectedVersion: c.version } }),
  },
  {
    name: 'markAccused',
    label: '记录被举报单位',
    fields: [
      { name: 'units', label: '被举报单位', kind: 'accusableUnits', required: true },
      { name: 'reason', label: '依据（如：附件中的举报材料写明）', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/accused-units', { params: path(c), body: { units: v.units as string[], reason: str(v.reason) } }),
  },
  {
    name: 'correctAccused',
    label: '更正被举报对象',
    fields: [
      { name: 'recorded', label: '并非被举报的单位或党委政府', kind: 'accusedRecorded', required: true },
      { name: 'reason', label: '理由（如：材料中“镇政府”系地点，并非举报对象）', kind: 'textarea', required: true },
    ],
    run: (c, v) => {
      const chosen = list(v.recorded);
      const of = (prefix: string) => chosen.filter((x) => x.startsWith(prefix)).map((x) => x.slice(prefix.length));
      return api.POST('/cases/{caseNumber}/accused-corrections', {
        params: path(c),
        body: { units: of('unit:'), places: of('place:'), reason: str(v.reason), expectedVersion: c.version },
      });
    },
  },
  {
    name: 'recuse',
    label: '回避',
    fields: [
      { name: 'staffId', label: '回避人员', kind: 'staff', required: true },
      { name: 'reason', label: '理由', kind: 'textarea', required: true },
    ],
    run: (c, v) => api.POST('/cases/{caseNumber}/recusals', { params: path(c), body: { staffId: str(v.staffId), reason: str(v.reason) } }),
  },
  {
    name: 'recuseSelf',
    label: '本人回避',
    danger: true,
    fields: [{ name: 'reason', label: '回避理由（如与信访人或被反映人有亲属关系、利害关系）；回避后您将不能再查看本事项', kind: 'textarea', required: true }],
    run: (c, v) => api.POST('/cases/{caseNumber}/recusals', { params: path(c), body: { staffId: readSession()?.staff.id ?? '', reason: str(v.reason) } }),
  },
];

/**
 * A past day's receipt as the API takes it: the day's last minute in China time (on time when the day is the
 * window's last, never before a reply of that day); today's is sent as none, meaning now.
 */
function receivedAt(day: unknown): string | undefined {
  if (!dayjs.isDayjs(day)) return undefined;
  const date = day.format('YYYY-MM-DD');
  return date === chinaDate() ? undefined : `${date}T23:59:00+08:00`;
}
