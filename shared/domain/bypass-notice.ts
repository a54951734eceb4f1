import type { Case, CaseEvent, CaseMessage } from './case.js';
import { chinaDate, formatChinaDay } from './case-number.js';
import { InvalidTransition, RuleViolation, type Refusal } from './errors.js';
import { CHANNEL_LABELS } from './labels.js';

/**
 * 越级上访告知单: a visitor who came above the level competent for the
 * matter (越级, shared/domain/routing/bypass.ts) is handed a slip saying
 * which office handles it, where that office receives visitors, and that the
 * matter has gone there. The office the visitor came to gives it, once; its
 * text is kept on the case (kind `bypassNotice`) to print again and to archive.
 */
export const BYPASS_NOTICE_KIND = 'bypassNotice';
export const BYPASS_NOTICE_TITLE = '越级上访告知单';

/** Why the case cannot have the slip now, or undefined when it can. */
export function bypassNoticeRefusal(c: Case): Refusal | undefined {
  if (!c.bypass) {
    return { message: 'the case was not brought above the level competent for it (越级): there is nothing to tell the visitor', chinese: '该事项不是越级上访：没有需要告知来访人的内容' };
  }
  if (c.channel !== 'visit') {
    return {
      message: `越级上访告知单 is handed to a visitor; this petition came by ${c.channel}, and the office now handling it tells the petitioner in writing`,
      chinese: `越级上访告知单交给来访人；该事项的渠道为${CHANNEL_LABELS[c.channel]}，由现在办理的信访部门书面告知信访人`,
    };
  }
  if (c.status === 'archived') return { message: 'the case is archived', chinese: '该事项已归档' };
  if (c.bypassNotice) {
    return { message: `the slip was given on ${chinaDate(c.bypassNotice.at)}: print it again from the case's letters`, chinese: `告知单已于${formatChinaDay(c.bypassNotice.at)}出具：请在事项的书面告知中重新打印` };
  }
  return undefined;
}

export function giveBypassNotice(c: Case, slip: { text: string }, ctx: { at: string; actor: string }): { case: Case; event: CaseEvent; message: CaseMessage } {
  const refusal = bypassNoticeRefusal(c);
  if (refusal) {
    if (c.bypass && c.channel !== 'visit') throw new RuleViolation(refusal.message, { channel: c.channel }).inChinese(refusal.chinese);
    throw new InvalidTransition('giveBypassNotice', c.status, refusal.message).inChinese(refusal.chinese);
  }
  const version = c.version + 1;
  const messageId = `bypass-notice:${c.caseNumber}`;
  const message: CaseMessage = {
    caseNumber: c.caseNumber,
    id: messageId,
    direction: 'out',
    at: ctx.at,
    to: [],
    subject: BYPASS_NOTICE_TITLE,
    text: slip.text,
    messageIds: [],
    attachments: [],
    kind: BYPASS_NOTICE_KIND,
  };
  return {
    case: { ...c, bypassNotice: { at: ctx.at, by: ctx.actor, messageId }, version, updatedAt: ctx.at },
    event: { caseNumber: c.caseNumber, seq: version, type: 'bypassNoticeGiven', at: ctx.at, actor: ctx.actor, detail: { messageId, competent: c.bypass!.competent, levels: c.bypass!.levels } },
    message,
  };
}
