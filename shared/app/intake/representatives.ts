import type { Case } from '../../domain/case.js';
import { MAX_REPRESENTATIVES } from '../../domain/case.js';
import type { Province } from '../../domain/province.js';
import type { NotificationInput } from '../notification.js';

/**
 * 条例 第二十条: a group names no more than 5 representatives. When a
 * petition names more, none is recorded; the petitioner is told the rule and
 * asked to choose, and the office is asked to agree the representatives with
 * the group (POST /cases/{n}/representatives). Ids per case: sent once.
 */
export function representativesLetters(province: Province, c: Case, replyingTo?: string): NotificationInput[] {
  const named = c.collective?.representativesToAgree?.named;
  if (named === undefined) return [];
  const office = province.jurisdiction(c.receivingOffice).office;
  const letters: NotificationInput[] = [
    {
      id: `representatives:office:${c.caseNumber}`,
      kind: 'notice',
      caseNumber: c.caseNumber,
      to: [office.mailbox],
      fromName: office.name,
      subject: `【请商定代表】${c.caseNumber} 集体信访推选代表${named}人，超过${MAX_REPRESENTATIVES}人`,
      text:
        `信访事项 ${c.caseNumber}（${c.subject ?? '无主题'}）为多人联名反映，来信列出代表${named}人。依照《信访工作条例》第二十条，代表人数不超过${MAX_REPRESENTATIVES}人，` +
        `系统未登记其中任何人为代表。请与信访人商定不超过${MAX_REPRESENTATIVES}名代表，并在案件页面“商定代表”中登记。\n\n${province.config.mail.consoleUrl}/cases/${c.caseNumber}\n`,
      autoSubmitted: 'auto-generated',
    },
  ];
  const to = c.petitioner.email;
  if (to && !c.petitioner.anonymous) {
    letters.push({
      id: `representatives:petitioner:${c.caseNumber}`,
      kind: 'notice',
      caseNumber: c.caseNumber,
      to: [to],
      fromName: office.name,
      replyTo: office.mailbox,
      subject: `请推选不超过${MAX_REPRESENTATIVES}名代表（${c.caseNumber}）`,
      text:
        `您好：\n\n您的来信（编号 ${c.caseNumber}）列出代表${named}人。依照《信访工作条例》第二十条，多人提出同一信访事项的，应当推选代表，代表人数不超过${MAX_REPRESENTATIVES}人。` +
        `请推选不超过${MAX_REPRESENTATIVES}名代表，并回复本邮件告知代表的姓名和联系方式；${office.name}将与您商定。您反映的事项照常办理。\n\n${office.name}\n`,
      ...(replyingTo ? { inReplyTo: replyingTo, references: [replyingTo] } : {}),
      autoSubmitted: 'auto-replied',
    });
  }
  return letters;
}
