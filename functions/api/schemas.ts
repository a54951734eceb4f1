import * as z from 'zod';
import { LEADER_READING_OPINION_MAX } from '../../shared/domain/leader-reading.js';
import { CASE_STATUSES, CATEGORIES, GENDERS, MAX_AGE } from '../../shared/domain/case.js';
import { MAX_REPRESENTATIVES } from '../../shared/domain/registration.js';
import { hasVisibleText } from '../../shared/domain/petition-admission.js';
import { dayNumber } from '../../shared/domain/calendar.js';
import { MATERIAL_REQUEST_MAX_LENGTH } from '../../shared/domain/material-request.js';
import { CASE_NOTE_KINDS, CASE_NOTE_MAX_LENGTH } from '../../shared/domain/case-note.js';
import { START_NOTE_MAX_LENGTH } from '../../shared/domain/start-handling.js';
import { OUTCOMES } from '../../shared/domain/outcome.js';
import { staffPhoneProblem, typedPhone } from '../../shared/domain/phone-number.js';

const text = (max: number) => z.string().trim().min(1).max(max);
/** Text a person must be able to read: not only zero-width, control or other invisible characters. */
const visibleText = (max: number) => text(max).refine(hasVisibleText, 'must contain visible text, not only spaces or invisible characters');

/** A day in China, `YYYY-MM-DD`, that the calendar has. */
export const chinaDate = (name: string) =>
  z
    .string({ error: `${name} is required: a China date YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a China date YYYY-MM-DD, e.g. 2026-01-01', abort: true })
    // 2026-02-30 has the form of a date: a rule broken, said in Chinese for the screens (kind rule shows the message).
    .superRefine((date, ctx) => {
      if (dayNumber(date) === undefined) ctx.addIssue({ code: 'custom', message: 'is not a calendar date', params: { zh: `日期不存在：${date}，请填写日历上有的日期` } });
    });

export const divisionCodeSchema = z.string().regex(/^\d{6}$|^\d{9}$/, 'must be a 6-digit division code (9 digits for a township)');

const phone = z
  .string()
  .overwrite(typedPhone)
  .regex(/^\+?[\d\s()-]{7,20}$/, 'must be a phone number (digits, spaces, +, -, parentheses)')
  // Staff may leave out a local line's area code; a mobile a digit short or long is refused all the same.
  .superRefine((value, ctx) => {
    const zh = staffPhoneProblem(value);
    if (zh) ctx.addIssue({ code: 'custom', message: 'a Chinese mobile number has 11 digits starting with 1: check the number given', params: { zh } });
  });

/** A person's particulars as staff record them: the petitioner's, a representative's. */
const person = {
  anonymous: z.boolean().default(false),
  name: text(100).optional(),
  gender: z.enum(GENDERS).optional(),
  age: z
    .int({
      // Precisely what was wrong: words (二百), a string of digits, a fraction — each says what it got.
      error: (issue) =>
        issue.input === undefined
          ? undefined
          : typeof issue.input === 'number'
            ? `must be whole years, e.g. 58: ${issue.input} is not a whole number`
            : `must be a number of years written in digits, e.g. 58: ${JSON.stringify(issue.input)} is not a number`,
    })
    // Refinements, not min/max: those read as a text's length limits on screens ("最多120个字").
    .refine((age) => age >= 0, { message: 'cannot be negative: give the age in years, e.g. 58', params: { zh: '年龄不能为负数，请填写周岁数，如 58' } })
    .refine((age) => age <= MAX_AGE, { message: `must be at most ${MAX_AGE} years: check the age given`, params: { zh: `年龄不能超过${MAX_AGE}岁，请核对` } })
    .optional()
    .describe(`The age in whole years, 0 to ${MAX_AGE}, as a JSON number (58, not "58" nor 五十八).`),
  occupation: text(100).optional(),
  address: text(300).optional(),
  workUnit: text(200).optional(),
  email: z.email('must be an email address').optional(),
  phone: phone.optional(),
};

/** Anonymous is no identity at all: nothing to write to, nobody to call. */
function anonymousCarriesNoContact(p: { anonymous: boolean; name?: string; email?: string; phone?: string; address?: string }, ctx: z.RefinementCtx) {
  // An address is a way to write to them too: kept on an anonymous petition, nobody would ever use it.
  if (p.anonymous && (p.name || p.email || p.phone || p.address)) {
    ctx.addIssue({
      code: 'custom',
      path: ['anonymous'],
      message: 'an anonymous petition carries no name, email, phone or postal address: to keep what the petitioner left, set anonymous: false (a contact without a name is enough)',
      params: { zh: '匿名信访不留姓名、电子邮箱、电话或通信地址；要保留所留信息，请取消“匿名”（只留联系方式、不留姓名也可以）' },
    });
  }
}

/**
 * The petitioner as they gave themselves (登记: only what the petitioner gave).
 * Not anonymous: a name, a way to reach them (phone, email or postal address),
 * or both — a caller who leaves only a number (未留姓名) is registered with it
 * and told by it.
 */
export const petitionerSchema = z
  .strictObject({
    ...person,
    anonymous: person.anonymous.describe(
      'true: 匿名 — the petitioner gave no identity: no name, email, phone or postal address, and nobody is told anything. false (the default): the petitioner as given — a name, a contact, or both.',
    ),
    name: person.name.describe('As the petitioner gave it; left out when they gave a contact and no name (未留姓名): they are told by that contact like anyone, and letters address them as 信访人.'),
    address: person.address.describe('Where letters are posted when there is no email.'),
    phone: person.phone.describe('With neither an email nor a postal address, the letters are told by phone (待电话告知).'),
  })
  .superRefine((p, ctx) => {
    anonymousCarriesNoContact(p, ctx);
    if (!p.anonymous && !p.name && !p.phone && !p.email && !p.address) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'give the petitioner’s name or a contact (phone, email or postal address), or set anonymous: true',
        params: { zh: '请填写信访人姓名或联系方式（电话、电子邮箱或通信地址）；信访人不愿留下任何信息的，请选择“匿名”' },
      });
    }
  })
  .describe(
    'Only what the petitioner gave. Not anonymous: a name, a contact (phone, email or postal address), or both; one who left only a contact (未留姓名) is told by it like anyone — by email, else by post, else by phone (待电话告知); with neither, 400 on `name`. Anonymous: no name, email, phone or postal address.',
  );

/** A collective petition's representative, who speaks for the group by name (《信访工作条例》第二十条). */
export const representativeSchema = z.strictObject(person).superRefine((p, ctx) => {
  anonymousCarriesNoContact(p, ctx);
  if (!p.anonymous && !p.name) {
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: 'a representative needs their name (the group speaks through named representatives, 第二十条)',
      params: { zh: '请填写代表的姓名（集体访通过具名代表反映诉求，《信访工作条例》第二十条）' },
    });
  }
});

/**
 * 代为反映人: who wrote, came or called for the petitioner (代写, 代访, 代为来电) — a daughter for her elderly father,
 * a village cadre for a disabled villager. Stored as the mail intake stores a letter's writer (`petitioner.writtenBy`).
 */
export const writerSchema = z
  .strictObject({
    relation: text(20).describe('What the petitioner is to the writer, as the mail reader records it: 父亲, 母亲, 舅舅…; 委托人 when the writer was entrusted (委托代理人); a cadre may write 村民.'),
    name: text(100).optional().describe('The writer’s own name: the desk finds the case by it (查询 by 姓名).'),
    phone: phone.optional(),
    email: z.email('must be an email address').optional(),
  })
  .superRefine((w, ctx) => {
    if (!w.phone && !w.email) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'give the writer’s phone or email: the office must be able to reach whoever raised the matter',
        params: { zh: '请填写代为反映人的联系电话或电子邮箱' },
      });
    }
  })
  .describe(
    'Optional. When the petitioner left no contact of their own, the writer’s phone and email become the case’s and letters go to the writer, addressed to them (as for a letter written for someone by email); when the petitioner left one, letters go to the petitioner by it, and the writer’s are kept for staff. Refused with 422 (RuleViolation, on `body.writtenBy`): an anonymous petitioner, relation 本人, or a writer with the petitioner’s own name.',
  );

/** Staff register letters, visits, calls and web forms; email arrives through intake. */
export const registerBodySchema = z.strictObject({
  jurisdiction: divisionCodeSchema,
  channel: z.enum(['letter', 'visit', 'phone', 'web']),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00' }).optional(),
  subject: visibleText(200).optional(),
  matter: visibleText(20_000),
  category: z.enum(CATEGORIES).optional(),
  petitioner: petitionerSchema,
  writtenBy: writerSchema.optional(),
  collective: z
    .strictObject({
      headCount: z.int().min(2).max(100_000),
      representatives: z
        .array(representativeSchema)
        .max(MAX_REPRESENTATIVES, `at most ${MAX_REPRESENTATIVES} representatives (《信访工作条例》第二十条); agree the representatives with the group`),
    })
    // The representatives are chosen from the group: it has at least as many people as it names.
    .refine((collective) => collective.representatives.length <= collective.headCount, {
      path: ['headCount'],
      message: 'the head count cannot be smaller than the number of representatives named',
      params: { zh: '集体访人数不能少于所填代表人数' },
    })
    .optional(),
  incidentAddress: text(300).optional(),
  urgent: z.boolean().optional(),
  /**
   * 检举、控告: the units the report accuses, as the registrar reads it (unit ids).
   * Added to those found in the words; the case never goes to them (第三十条).
   */
  accusedUnits: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type RegisterBody = z.output<typeof registerBodySchema>;

export const caseNumberParamSchema = z.object({
  caseNumber: z.string().regex(/^(\d{6}|\d{9})-\d{4}-\d{6,}$/, 'must be a case number like 330122-2026-000042'),
});

export const listQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema,
  status: z
    .enum([...CASE_STATUSES, 'any'])
    .optional()
    .describe('One status, or any; left out, every case not yet closed (未结): being handled, under review, or replied and awaiting its follow-up.'),
  registeredFrom: chinaDate('registeredFrom').optional(),
  registeredTo: chinaDate('registeredTo').optional(),
  includeSubordinates: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true')
    .describe('true: the jurisdiction and every level below it (含下级), level by level, each newest first; absent or false: the jurisdiction alone.'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(8_000).optional(),
});

export const idempotencyKeySchema = z.string().trim().min(8).max(128).optional();

const reason = z.string().trim().min(1, 'a reason is required').max(2_000);
const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a unit id from the configuration, e.g. 330122-housing');
/** The case version the staff member decided on; a newer version means someone else acted first (409). */
const expectedVersion = z.int().positive().optional();

export const acceptBodySchema = z.strictObject({ category: z.enum(CATEGORIES).optional(), expectedVersion });
export const declineBodySchema = z.strictObject({ reason, expectedVersion });
export const redirectBodySchema = z.strictObject({ body: z.string().trim().min(2).max(200), reason, expectedVersion });
export const claimBodySchema = z.strictObject({});
/** 越级上访告知单: nothing to say but, optionally, the version the desk sees. */
export const bypassNoticeBodySchema = z.strictObject({ expectedVersion: z.int().positive().optional() });
export const queryCodeBodySchema = z.strictObject({
  via: z.enum(['desk', 'post']).default('desk').describe('`desk`: told or handed over in person or by phone; `post`: printed on a slip posted to the address on the case.'),
});
/** A handoff's `expectedVersion`: the version the caller decided on — 409 at once if the case moved on, refused when applied if it moves on before. */
const handoffVersion = expectedVersion.describe('The case’s version the caller saw: 409 at once if it has changed since; the handoff is refused when applied (`handoffRefused`, code VersionConflict) if the case changes before.');
export const assignBodySchema = z.strictObject({ lead: unitId, cooperating: z.array(unitId).max(20).default([]), reason: reason.optional(), expectedVersion: handoffVersion });
export const transferBodySchema = z.strictObject({
  toJurisdiction: divisionCodeSchema,
  lead: unitId.optional(),
  cooperating: z.array(unitId).max(20).default([]),
  reason,
  expectedVersion: handoffVersion,
});
export const returnBodySchema = z.strictObject({ reason, expectedVersion: handoffVersion });
/** 签收: the lead unit signs for the case handed to it; a note if it has one to make. */
export const startBodySchema = z.strictObject({
  note: z.string().trim().max(START_NOTE_MAX_LENGTH).optional().describe('签收说明 (optional), kept on the `started` event: e.g. who will work it.'),
  expectedVersion: expectedVersion.describe('The case’s version the caller saw: 409 if it has changed since (a repeat under the same Idempotency-Key excepted).'),
});
/** 申请退回 past the window, and the office's refusal: the reasons, sent to the other side. */
export const returnRequestBodySchema = z.strictObject({ reason, expectedVersion: z.int().positive().optional() });
/** The office decides a cooperating unit's objection to being named (协办异议): agreed, it leaves the case; refused, with the reasons sent to it. */
export const cooperationObjectionDecisionBodySchema = z
  .strictObject({
    unit: unitId.describe('The cooperating unit whose objection is decided, e.g. 330122-ecology.'),
    agree: z.boolean().describe('true: the unit no longer cooperates on the case; false: it stays and must cooperate.'),
    reason: z.string().trim().max(2_000).optional().describe('The reasons: required when refusing (sent to the unit); a note when agreeing.'),
    expectedVersion,
  })
  .refine((body) => body.agree || Boolean(body.reason), { path: ['reason'], message: 'a refusal needs its reasons (they are sent to the unit)', params: { zh: '不同意异议需要说明理由（理由将发送给协办单位）' } });
/** 关联为重复件: the earlier case this one repeats, and why staff judge it the same petitioner and the same matter. */
export const repeatLinkBodySchema = z.strictObject({
  earlier: caseNumberParamSchema.shape.caseNumber.describe('The number of the earlier case (前案) on the same matter by the same petitioner, e.g. 330122-2026-000040.'),
  note: text(1_000).describe('Why it is the same petitioner and the same matter, e.g. 同一信访人王秀英、同一住址，反映的仍是城南小区5幢楼顶漏水.'),
  expectedVersion,
});
/** A staff decision for a case in the triage list: accept it (if not yet) and assign it. */
export const routeBodySchema = z.strictObject({ lead: unitId, cooperating: z.array(unitId).max(20).default([]), category: z.enum(CATEGORIES).optional() });
export const extensionRequestSchema = z.strictObject({ days: z.int().min(1).max(30, 'an extension is at most 30 days'), reason });
/** 请信访人补充材料: what is needed (told to the petitioner as written) and, optionally, the day to send it by. */
export const materialRequestBodySchema = z.strictObject({
  // One problem named once: an empty text is missing, not also invisible.
  needed: z
    .string()
    .trim()
    .min(1, { abort: true })
    .max(MATERIAL_REQUEST_MAX_LENGTH)
    .refine(hasVisibleText, 'must contain visible text, not only spaces or invisible characters')
    .describe(`What the petitioner is asked to send (e.g. 劳动合同复印件、工资欠条), 1 to ${MATERIAL_REQUEST_MAX_LENGTH} characters: the letter quotes it as written.`),
  by: chinaDate('by').optional().describe('The day (China, YYYY-MM-DD) by which to send it: today or later. Without it the letter asks for it 尽快.'),
  expectedVersion,
});
/** 办理记录: a progress note (told to the petitioner only when the author says so), an investigation note, or a leader's instruction (批示). */
export const caseNoteBodySchema = z
  .strictObject({
    kind: z.enum(CASE_NOTE_KINDS).describe('progress (办理进展), investigation (调查核实情况, internal) or instruction (领导批示, leaders only).'),
    text: z
      .string()
      .trim()
      .min(1, { abort: true })
      .max(CASE_NOTE_MAX_LENGTH)
      .refine(hasVisibleText, 'must contain visible text, not only spaces or invisible characters')
      .describe(`What the note says, 1 to ${CASE_NOTE_MAX_LENGTH} characters (e.g. 已约请物业公司现场查看，预计12月15日前完成维修).`),
    tellPetitioner: z.boolean().optional().describe('告知信访人 (absent: not told): a progress note only — shown on the petitioner’s tracking page and emailed to them where they gave an email, else put on the office’s 待电话告知 list where they gave a phone number.'),
    expectedVersion,
  })
  .refine((note) => !note.tellPetitioner || note.kind === 'progress', {
    path: ['tellPetitioner'],
    message: 'only a progress note is told to the petitioner',
    params: { zh: '只有办理进展可以告知信访人' },
  });
/** 呈领导阅批: the leader named, and the office's proposal (拟办意见). */
export const leaderReadingBodySchema = z.strictObject({
  leader: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a staff id').describe('The staff id of a leader (role leader, in no unit) of the case’s jurisdiction or above.'),
  opinion: z
    .string()
    .trim()
    .min(1, { abort: true })
    .max(LEADER_READING_OPINION_MAX)
    .refine(hasVisibleText, { message: 'must contain visible text, not only spaces or invisible characters', params: { zh: '请填写拟办意见' } })
    .describe(`拟办意见: what the office proposes, 1 to ${LEADER_READING_OPINION_MAX} characters (e.g. 拟转县住建局办理，请领导阅示).`),
  expectedVersion,
});
/** 已阅: nothing to say but, optionally, the version read. */
export const leaderReadBodySchema = z.strictObject({ expectedVersion });
export const extensionDecisionSchema = z.discriminatedUnion('approve', [
  z.strictObject({ approve: z.literal(true) }),
  z.strictObject({ approve: z.literal(false), reason }),
]);

/** 办结: what the handling unit found, on what basis, and what it decided. */
const concludedResult = {
  facts: text(20_000),
  basis: text(10_000),
  decision: text(10_000),
  outcome: z
    .enum(OUTCOMES, {
      error: 'must be supported, partlySupported or notSupported (支持 / 部分支持 / 不支持); for a consultation answered (已解答); for a suggestion adopted, partlyAdopted or notAdopted (已采纳 / 部分采纳 / 未采纳)',
    })
    .describe('By the case’s category: a request, complaint, report or dispute (and an uncategorised case) is supported / partlySupported / notSupported; a consultation (政策咨询) answered; a suggestion (意见建议) adopted / partlyAdopted / notAdopted. Another is refused (422). Statistics’ 解决率 counts only the first kind.'),
};
export const concludeBodySchema = z.strictObject(concludedResult);
/** 答复: optionally the version the letter was read over at (its preview); a case changed since is refused (409). */
export const replyBodySchema = z.strictObject({ expectedVersion: expectedVersion.describe('The case’s `version` the decision letter was previewed at: a correction since is refused (409), so what was read over is what is sent.') });
/** 签发: optionally the version the approver read the letter at (its preview); a correction since is refused (409). */
export const signOffBodySchema = z.strictObject({ expectedVersion: expectedVersion.describe('The case’s `version` the draft was read at: the letter approved is the one read.') });
/** 更正办理结果: the whole result as it should read (validated as 办结 validates it), and why it is corrected. */
export const conclusionCorrectionBodySchema = z.strictObject({
  ...concludedResult,
  reason: text(1_000).describe('Why it is corrected, e.g. 审核签发时发现引用的条款有误 — kept on the case’s history.'),
  expectedVersion,
});

/** 复查 / 复核 requested in writing or in person, registered by staff. */
/** A review request as staff register it; `receivedAt`: when a written request reached the office (the window and the review's 30 days count from it), by default now. */
export const reviewRequestBodySchema = z.strictObject({
  reason: text(5_000),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00' }).optional(),
});

/** The reviewing level's decision. */
export const reviewDecisionBodySchema = z.strictObject({
  outcome: z.enum(['upheld', 'revised', 'revoked'], { error: 'must be upheld, revised or revoked (维持 / 变更 / 撤销)' }),
  facts: text(20_000),
  basis: text(10_000),
  decision: text(10_000),
});

/** The follow-up answer a petitioner gave staff by phone, letter or in person. */
export const followUpBodySchema = z.strictObject({ satisfied: z.boolean(), comment: text(2_000).optional() });

/** 寄出: which letter for post left, and the day (today if left out). */
export const letterPostedBodySchema = z.strictObject({
  letterId: z.string().min(1, 'name the letter: its id in the case’s postalLetters').max(300),
  postedOn: chinaDate('postedOn').optional(),
  expectedVersion: z.int().positive().optional(),
});

/** 签收: which posted letter the petitioner received, and the day (from the return receipt or the post's tracking). */
export const letterReceivedBodySchema = z.strictObject({
  letterId: z.string().min(1, 'name the letter: its id in the case’s postalLetters').max(300),
  receivedOn: chinaDate('receivedOn'),
  expectedVersion: z.int().positive().optional(),
});

/** 电话告知: which letter the petitioner was told of by phone, the day (today if left out) and what was said. */
export const letterPhonedBodySchema = z.strictObject({
  letterId: z.string().min(1, 'name the letter: its id in the case’s postalLetters').max(300),
  toldOn: chinaDate('toldOn').optional(),
  note: text(1_000).describe('What the petitioner was told and said: the letter read out, how they answered, whether they will collect the written letter…; or, unreachable, the calls made'),
  outcome: z
    .enum(['told', 'unreachable'], { error: 'must be told (the petitioner was told) or unreachable (repeated calls reached nobody; the letter is kept to collect)' })
    .default('told'),
  expectedVersion: z.int().positive().optional(),
});

/** 当面送达: which letter was handed to the petitioner in person, the day (today if left out), and whether they signed for it. */
export const letterHandedOverBodySchema = z
  .strictObject({
    letterId: z.string().min(1, 'name the letter: its id in the case’s postalLetters').max(300),
    handedOn: chinaDate('handedOn').optional(),
    signature: z
      .enum(['signed', 'refused'], { error: 'must be signed (信访人签收) or refused (信访人拒绝签收)' })
      .describe('Whether the petitioner signed the receipt (送达回证) or refused to sign.'),
    note: text(1_000)
      .optional()
      .describe('What happened: e.g. 信访人当场阅读后签收; required when they refused, with who witnessed it (e.g. 信访人拒绝签收，由接待人员李明、王芳在场见证)'),
    expectedVersion: z.int().positive().optional(),
  })
  .refine((body) => body.signature !== 'refused' || Boolean(body.note?.trim()), {
    path: ['note'],
    message: 'required when the petitioner refused to sign: what was said and who witnessed it',
    params: { zh: '信访人拒绝签收的，请写明拒签情况和在场人员' },
  });

/** 紧急响应: what was done or arranged about an urgent matter. */
export const urgentResponseBodySchema = z.strictObject({
  note: text(1_000).describe('What was done or arranged, e.g. 已通知属地街道和派出所赶赴现场，分管领导带队处置'),
  expectedVersion: z.int().positive().optional(),
});

/** 息诉罢访: how the petitioner declared they accept the outcome. */
/** 撤回: how the petitioner declared it, and what they said or wrote. */
export const withdrawalBodySchema = z.strictObject({
  how: z
    .enum(['writing', 'inPerson', 'phone'], { error: 'must be writing, inPerson or phone (书面申请 / 当面提出 / 电话提出)' })
    .describe('How the petitioner declared it: a written request (keep it with the file), in person at the office, or by phone. A collective petition’s representatives declare it in writing or in person only.'),
  note: text(2_000).describe('What the petitioner said or wrote, with their reason if they gave one (e.g. 已与单位协商解决，本人自愿撤回).'),
  representatives: z
    .array(text(100))
    .min(1, 'name the representatives who declared it')
    .max(MAX_REPRESENTATIVES, `at most ${MAX_REPRESENTATIVES} representatives (《信访工作条例》第二十条)`)
    .optional()
    .describe('A collective petition (集体访) only, and required for one: the names of the representatives who declared the withdrawal — every one of `collective.representatives` (第二十条).'),
  expectedVersion: z.int().positive().optional(),
});

/** 恢复办理: why a withdrawn case is taken up again. */
export const reinstatementBodySchema = z.strictObject({
  reason: text(2_000).describe('Why: how the petitioner said the withdrawal was not their will and what was verified (e.g. 信访人来电称撤回系被承办单位工作人员劝说所致，经核实属实).'),
  expectedVersion: z.int().positive().optional(),
});

/** 撤销原决定: why the 不予受理 (or 告知) decision is withdrawn. */
export const reconsiderationBodySchema = z.strictObject({
  reason: text(2_000).describe('Why the decision was wrong (e.g. 原不予受理理由不成立：该事项未经诉讼，属于信访事项).'),
  expectedVersion: z.int().positive().optional(),
});

/** 协办意见: what the cooperating unit found and proposes, for the lead's answer. */
export const cooperationOpinionBodySchema = z.strictObject({
  opinion: text(10_000).describe('What the unit found and proposes within its remit (查明的情况、政策依据、处理建议), for the lead to gather into its answer.'),
  expectedVersion: z.int().positive().optional(),
});

export const implementationReportBodySchema = z.strictObject({
  report: text(5_000).describe('落实情况: what was done to carry out the 复查（复核）意见 and when (e.g. 已于12月1日补发欠薪，信访人已签收).'),
  expectedVersion: z.int().positive().optional(),
});

export const settlementBodySchema = z.strictObject({
  note: text(1_000).describe('How the petitioner declared it: a signed 息诉罢访承诺书, an agreement with the unit, said at a visit on a date…'),
  expectedVersion: z.int().positive().optional(),
});

/** 更正信访人信息: each field given replaces the one recorded, null removes it; at least one, with why. */
export const petitionerCorrectionBodySchema = z
  .strictObject({
    name: person.name.nullable().describe('The name as the petitioner gives it now; null: they want no name recorded (未留姓名), when a contact remains.'),
    email: person.email.nullable().describe('Their email now: every letter then goes by email.'),
    phone: person.phone.nullable().describe('Their phone now.'),
    address: person.address.nullable().describe('Their postal address now (moved house): letters for post go there.'),
    writtenBy: writerSchema
      .nullable()
      .optional()
      .describe(
        '代为反映人 learnt after registration: the whole writer, added or replacing the one recorded, checked and placed as at POST /cases (422 on `body.writtenBy` for an anonymous petition, relation 本人 or the petitioner’s own name); where the case’s contacts were the writer replaced, they leave with them unless `phone`/`email` are given. null: the writer removed (the “writer” was the petitioner); the case’s contacts stay, as the petitioner’s — remove one that was not theirs in the same request.',
      ),
    reason: text(1_000).describe('How the petitioner made it known, e.g. 信访人来电告知已搬家，新住址…'),
    expectedVersion: z.int().positive().optional(),
  })
  .refine((body) => ['name', 'email', 'phone', 'address', 'writtenBy'].some((field) => field in body), {
    message: 'give at least one of name, email, phone, address or writtenBy',
    path: ['name'],
    params: { zh: '请至少更正姓名、电子邮箱、电话、通信地址或代为反映人中的一项' },
  });

/** 领导包案: the leader who is to own the case, and why. */
export const leaderBodySchema = z.strictObject({
  leader: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a staff id').describe('The staff id of a leader (role leader) of the case’s jurisdiction or above.'),
  reason: text(1_000).describe('Why a leader owns it: 重大疑难, 重复信访, 集体访, 久拖未决….'),
  expectedVersion: z.int().positive().optional(),
});

/** 检举、控告: units the report accuses, as staff read the material (unit ids), and where they read it. */
export const accusedUnitsBodySchema = z.strictObject({
  units: z.array(z.string().min(1).max(100)).min(1, 'name at least one unit').max(20),
  reason: text(1_000),
});

const unitIds = z.array(z.string().min(1).max(100)).max(20);

export const accusedCorrectionBodySchema = z
  .strictObject({
    units: unitIds.default([]),
    places: z.array(z.string().min(1).max(40)).max(20).default([]),
    reason: text(1_000),
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .refine((body) => body.units.length + body.places.length > 0, {
    message: 'name at least one unit or place recorded as accused',
    path: ['units'],
    params: { zh: '请至少选择一个被反映单位或地方' },
  });

export const recusalBodySchema = z.strictObject({
  staffId: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a staff id'),
  reason: text(1_000),
});

/** The petitioner's answer through the follow-up link (query or form). */
export const followUpAnswerSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'the link is incomplete'),
  answer: z.enum(['satisfied', 'unsatisfied'], { error: 'must be satisfied or unsatisfied' }),
  comment: z.string().trim().max(2_000).optional(),
});
