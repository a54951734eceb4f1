import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { CATEGORIES, MAX_REPRESENTATIVES, type Petitioner } from '../../shared/domain/case.js';
import { hasVisibleText } from '../../shared/domain/petition-admission.js';
import { phoneNumberProblem, typedPhone } from '../../shared/domain/phone-number.js';

/**
 * The citizen portal's forms as the browser posts them: every value a
 * string, an empty field the same as one left out. Each message is the
 * Chinese sentence shown next to its field.
 */

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number, tooLong: string) => z.preprocess(blankToUndefined, z.string().trim().max(max, tooLong).optional());
const requiredText = (max: number, missing: string, tooLong: string) =>
  z.preprocess(blankToUndefined, z.string({ error: missing }).trim().max(max, tooLong).refine(hasVisibleText, missing));
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());
/** A number the office can dial (phoneNumberProblem): a mobile of 11 digits, or a landline with its area code. */
export const portalPhone = z
  .string()
  // Kept in ASCII digits, so the repeat and contact look-ups match it to the same number typed half-width.
  .overwrite(typedPhone)
  .max(30, '电话号码过长，请核对')
  .superRefine((value, ctx) => {
    const problem = phoneNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A form's hidden token, new with each blank form: a repeated post of it is the same request. */
export const newFormToken = () => randomBytes(18).toString('base64url');
/** The hidden token of one form: its Idempotency key. */
export const formTokenSchema = z.string({ error: '表单已失效，请重新打开本页填写' }).regex(/^[A-Za-z0-9_-]{16,64}$/, '表单已失效，请重新打开本页填写');

const representativeFields = Object.fromEntries(
  Array.from({ length: MAX_REPRESENTATIVES }, (_, i) => [
    [`rep${i + 1}Name`, optionalText(100, '姓名不超过 100 字')],
    [`rep${i + 1}Phone`, z.preprocess(blankToUndefined, portalPhone.optional())],
  ]).flat(),
) as Record<`rep${1 | 2 | 3 | 4 | 5}${'Name' | 'Phone'}`, z.ZodType<string | undefined>>;

/** POST /public/petitions: the petition form's fields (the files travel beside them, as `attachments`). */
export const petitionFormSchema = z
  .object({
    formToken: formTokenSchema,
    jurisdiction: z.string({ error: '请选择受理的信访机构' }).regex(/^\d{6}$|^\d{9}$/, '请选择受理的信访机构'),
    category: z.preprocess(blankToUndefined, z.enum(CATEGORIES, { error: '请从列表中选择类别' }).optional()),
    subject: requiredText(200, '请填写标题（一句话概括您反映的事项）', '标题不超过 200 字'),
    matter: requiredText(20_000, '请填写反映的具体内容', '具体内容不超过 20000 字，更多材料请作为附件上传'),
    incidentAddress: optionalText(300, '事发地址不超过 300 字'),
    anonymous: checkbox,
    name: optionalText(100, '姓名不超过 100 字'),
    phone: z.preprocess(blankToUndefined, portalPhone.optional()),
    email: z.preprocess(blankToUndefined, z.email('请填写有效的电子邮箱地址，例如 zhangwei@example.com').max(254, '电子邮箱地址过长').optional()),
    address: optionalText(300, '住址不超过 300 字'),
    collective: checkbox,
    headCount: z.preprocess(blankToUndefined, z.coerce.number({ error: '请填写联名人数（整数）' }).int('请填写联名人数（整数）').min(2, '多人联名至少 2 人').max(100_000, '人数过大，请核对').optional()),
    ...representativeFields,
  })
  .superRefine((form, ctx) => {
    if (form.anonymous) {
      if (form.name || form.phone || form.email || form.address) {
        ctx.addIssue({ code: 'custom', path: ['anonymous'], message: '匿名反映时请不要填写姓名、住址和联系方式；如需书面答复，请取消“匿名反映”（匿名反映仍可凭登记编号和查询码查询进展）' });
      }
      if (form.collective) ctx.addIssue({ code: 'custom', path: ['collective'], message: '多人联名反映需要署名，不能匿名' });
    } else {
      if (!form.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写姓名，或选择“匿名反映”' });
      if (!form.phone && !form.email) ctx.addIssue({ code: 'custom', path: ['phone'], message: '请至少填写手机号码或电子邮箱中的一项，以便告知您办理情况' });
    }
    // Filled in without ticking 多人联名: asked, not silently dropped (第二十条's representatives would be lost).
    if (!form.collective && !form.anonymous && (form.headCount !== undefined || representativesOf(form).length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['collective'], message: '您填写了联名人数或代表：如是多人联名反映，请勾选“多人联名”；如不是，请清空联名人数和代表栏' });
    }
    if (form.collective) {
      if (form.headCount === undefined) ctx.addIssue({ code: 'custom', path: ['headCount'], message: '请填写联名人数（2 人以上）' });
      const named = representativesOf(form);
      if (named.length === 0) ctx.addIssue({ code: 'custom', path: ['rep1Name'], message: `请推选代表并至少填写一位代表的姓名（至多 ${MAX_REPRESENTATIVES} 人）` });
      else if (typeof form.headCount === 'number' && named.length > form.headCount) {
        ctx.addIssue({ code: 'custom', path: ['headCount'], message: `联名人数不能少于所填代表人数（${named.length} 人），请核对` });
      }
    }
    for (let i = 1; i <= MAX_REPRESENTATIVES; i++) {
      const key = `rep${i}` as 'rep1';
      if (form[`${key}Phone`] && !form[`${key}Name`]) ctx.addIssue({ code: 'custom', path: [`${key}Name`], message: `请填写第 ${i} 位代表的姓名` });
    }
    // Run even when a field failed, so the citizen learns of every problem in one go (these checks only read presence).
  }, { when: () => true });
export type PetitionForm = z.output<typeof petitionFormSchema>;

/** The representatives a form names, in order. */
export function representativesOf(form: Pick<PetitionForm, `rep${1 | 2 | 3 | 4 | 5}${'Name' | 'Phone'}`>): Petitioner[] {
  const named: Petitioner[] = [];
  for (let i = 1; i <= MAX_REPRESENTATIVES; i++) {
    const name = form[`rep${i}Name` as `rep1Name`];
    const phoneNumber = form[`rep${i}Phone` as `rep1Phone`];
    if (name) named.push({ anonymous: false, name, ...(phoneNumber ? { phone: phoneNumber } : {}) });
  }
  return named;
}

/**
 * The challenge fields of the petition form under a surge (PORTAL_SURGE),
 * read apart from the petition so they are no part of its fingerprint. A
 * malformed id is no id: the form asks a new challenge.
 */
export const challengeFormSchema = z.object({
  challengeId: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{22}$/).optional()).catch(undefined),
  challengeAnswer: z.preprocess(blankToUndefined, z.string().trim().max(20).optional()).catch(undefined),
});

/** POST /public/track and /public/track/letter: the case number and query code. */
export const trackFormSchema = z.object({
  caseNumber: z
    .string({ error: '请填写登记编号' })
    // Full-width digits and dashes (a Chinese keyboard's) and spaces read as typed half-width.
    .transform((v) => v.normalize('NFKC').replace(/\s+/g, '').replace(/[－—–‐]/g, '-'))
    .pipe(z.string().min(1, '请填写登记编号').regex(/^(\d{6}|\d{9})-\d{4}-\d{6,}$/, '登记编号的格式如 330122-2026-000042，请核对')),
  code: z.string({ error: '请填写查询码' }).trim().min(1, '请填写查询码').max(40, '查询码为 12 位字母和数字，请核对'),
});
export type TrackForm = z.output<typeof trackFormSchema>;

/** POST /public/track/letter: the lookup and which decision letter (its number, 1 the first sent); without one, the newest. */
export const letterFormSchema = trackFormSchema.extend({
  letter: z.coerce.number().int().min(1).max(1000).optional(),
});

/** POST /public/track/code: 领取查询码 with the case number and the email address the case was registered with. */
export const codeRequestFormSchema = z.object({
  caseNumber: trackFormSchema.shape.caseNumber,
  email: z.string({ error: '请填写登记时留下的电子邮箱' }).trim().min(1, '请填写登记时留下的电子邮箱').pipe(z.email('请填写有效的电子邮箱地址，例如 zhangwei@example.com').max(254, '电子邮箱地址过长')),
});

/** The fields every form of the tracking page carries: the lookup again (checked again) and the form's own token. */
const actionFormBase = trackFormSchema.extend({ formToken: formTokenSchema });

/** POST /public/track/material: 补充材料 (the files travel beside, as `attachments`); text or a file, at least. */
export const materialFormSchema = actionFormBase.extend({
  text: optionalText(20_000, '补充内容不超过 20000 字，更多材料请作为附件上传'),
});
export type MaterialForm = z.output<typeof materialFormSchema>;

/** POST /public/track/evaluate: 满意 or 不满意, with an optional comment. */
export const evaluateFormSchema = actionFormBase.extend({
  answer: z.enum(['satisfied', 'unsatisfied'], { error: '请选择“满意”或“不满意”' }),
  comment: optionalText(2000, '意见或理由不超过 2000 字'),
});
export type EvaluateForm = z.output<typeof evaluateFormSchema>;

/** POST /public/track/review: 申请复查 / 复核, with the reason. */
export const reviewFormSchema = actionFormBase.extend({
  reason: requiredText(2000, '请写明申请的理由：对处理意见哪些地方不服、为什么', '理由不超过 2000 字，更多材料请在“补充材料”中提交'),
});
export type ReviewForm = z.output<typeof reviewFormSchema>;

/** POST /public/track/withdraw: 撤回, with the reason and an explicit confirmation (it ends the handling; only a withdrawal shown not to be the petitioner's will is taken back, 恢复办理). */
export const withdrawFormSchema = actionFormBase.extend({
  reason: requiredText(2000, '请写明撤回的原因，例如：问题已经解决、已与对方协商一致', '原因不超过 2000 字'),
  confirm: checkbox.refine((v) => v, '请勾选“我确认撤回该信访事项”；撤回后办理即终止'),
});
export type WithdrawForm = z.output<typeof withdrawFormSchema>;
