import type { Actor } from '../domain/access.js';
import type { Case } from '../domain/case.js';
import { formatChinaDateTime } from '../domain/case-number.js';
import { correctPetitioner, type PetitionerCorrection } from '../domain/petitioner-correction.js';
import type { Province } from '../domain/province.js';
import { contactsOf } from '../domain/registration.js';
import { changeCase, type ChangeDeps } from './change-case.js';
import type { NotificationInput } from './notification.js';
import { letters } from './outbox.js';

/**
 * 更正信访人信息 (shared/domain/petitioner-correction.ts), with the contacts
 * indexed in the same change: a new number or email finds the case at the
 * desk and links the petitioner's next petition to it (重复信访); an old one
 * no longer does — a number given up or misheard may be a stranger's. An
 * email replaced or removed is told so, in the same change (emailChanged).
 */
export function correctCasePetitioner(deps: ChangeDeps, caseNumber: string, actor: Actor, request: PetitionerCorrection & { expectedVersion?: number | undefined }): Promise<Case> {
  const { expectedVersion, ...correction } = request;
  return changeCase(
    deps,
    caseNumber,
    actor,
    'correctPetitioner',
    ({ case: current }, at) => {
      const corrected = correctPetitioner(current, correction, { at, actor: actor.staffId });
      const now = contactsOf(corrected.case.petitioner);
      return {
        ...corrected,
        contacts: { put: now, remove: contactsOf(current.petitioner).filter((contact) => !now.includes(contact)) },
        outbox: letters(emailChanged(deps.province, current, corrected.case, at)),
      };
    },
    expectedVersion,
  );
}

/**
 * To the email the case had, once it is replaced or removed: letters stop
 * going there, and whoever reads it can say if they did not ask for this —
 * the way a petitioner learns that someone redirected their letters. The
 * address may have been misheard and be a stranger's, so it says no more
 * than the case number, the office and the new address masked.
 */
function emailChanged(province: Province, before: Case, after: Case, at: string): NotificationInput | undefined {
  const old = before.petitioner.email;
  if (!old || old === after.petitioner.email) return undefined;
  const office = province.jurisdiction(after.jurisdiction).office;
  const now = after.petitioner.email;
  return {
    id: `email-changed:${after.caseNumber}:${after.version}`,
    kind: 'notice',
    caseNumber: after.caseNumber,
    to: [old],
    fromName: office.name,
    subject: `【联系邮箱已更正】${after.caseNumber} — ${office.name}`,
    text: `您好！

${office.name}登记编号为 ${after.caseNumber} 的信访事项，信访人的联系邮箱已于${formatChinaDateTime(at)}${now ? `更正为 ${masked(now)}` : '删除'}，今后有关告知不再发送到本邮箱。

如果您是该事项的信访人而没有提出过更正，请回复本邮件或与${office.name}联系（${office.mailbox}）。如果您不是，请忽略本邮件。

本邮件由系统自动发送。
${office.name}
`,
    autoSubmitted: 'auto-generated',
  };
}

/** z***@qq.example: enough for the petitioner to recognise their address, not enough to learn a stranger's. */
function masked(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}
