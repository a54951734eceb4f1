import type { Case, CaseEvent, CaseMessage } from '../../domain/case.js';
import { formatChinaDateTime, formatChinaLastDay, HIDDEN_CASE_WORDS } from '../../domain/case-number.js';
import { CLOCK_LABELS, CLOCK_PENDING_WORDS } from '../../domain/chase.js';
import { actingJurisdiction } from '../../domain/closing.js';
import { heldBelow, supervised } from '../../domain/supervision.js';
import { answerPending } from '../../domain/work-lists.js';
import type { RoutingRequest } from '../notification.js';
import { renderTemplate } from '../../domain/templates.js';
import type { NotificationInput } from '../notification.js';
import { describeOverdue } from '../sweep/chase-mail.js';
import { CHANNEL_LABELS } from '../../domain/labels.js';
import { withMaterialRequestsAnswered } from '../../domain/material-request.js';
import { recordOnCase } from '../../domain/messages.js';
import type { Province } from '../../domain/province.js';
import { holderAccusedNotice } from '../accusable-units.js';
import { mayRead, officeMayRead } from '../may-read.js';
import { withMaterialAccusations } from '../accused-record.js';
import { commitCaseChange, type CommitDeps } from '../change-case.js';
import { petitionerMessageNotice } from '../intake/letters.js';
import { mergedRepeatMessageId } from '../../domain/retention.js';
import { letters } from '../outbox.js';

export interface MergeRepeatDeps extends CommitDeps {
  province: Province;
}

export type MergeOutcome = { outcome: 'merged' | 'alreadyMerged' | 'notFound' | 'archived'; caseNumber: string; repeat: string };

/**
 * 重复件并入原件: a repeat declined because its matter is open elsewhere
 * (sameMatterStanding `open`) brings what the petitioner said and sent this
 * time to the case that handles the matter — a message on it with the
 * repeat's words and files (readable by whoever works that case, who may not
 * read the repeat), the units the new words accuse added (条例第三十条), and
 * whoever works it told. When the repeat came to an office above the level
 * that let the case run past its limits, that office supervises it instead
 * (上级督办: recorded, the result owed to it, a 督办 to the level below). Once per repeat: the message id and the idempotency
 * key are the repeat's number, so a redelivery changes nothing.
 */
export async function mergeRepeat(deps: MergeRepeatDeps, request: { caseNumber: string; repeat: string; supervise?: RoutingRequest['supervise'] }): Promise<MergeOutcome> {
  const { repeat: repeatNumber } = request;
  const repeat = await deps.store.getCaseRecord(repeatNumber);
  if (!repeat) return { outcome: 'notFound', caseNumber: request.caseNumber, repeat: repeatNumber };
  const caseNumber = await liveTarget(deps, request.caseNumber);
  const messageId = mergedRepeatMessageId(repeatNumber);
  let outcome: MergeOutcome['outcome'] = 'merged';
  const changed = await commitCaseChange(deps, caseNumber, (found, at) => {
    if (found.messages.some((m) => m.id === messageId)) return void (outcome = 'alreadyMerged');
    // A filed case is kept as it was filed; the repeat stays linked to it and keeps its own material.
    if (found.case.status === 'archived') return void (outcome = 'archived');
    const current = found.case;
    // Brought in again by the same petitioner (a letter, a visit to the desk): it answers a 补充材料 request still open —
    // not when only the contact it came from says so (发件人身份未经核实): a forged From must not mark material sent.
    const received = recordOnCase(current, 'messageReceived', {
      at,
      actor: 'system:router',
      detail: { messageId, repeat: repeatNumber, channel: repeat.channel, attachments: repeat.attachments.length },
    });
    const recorded = unproven(repeat) ? received : withMaterialRequestsAnswered(received, messageId, at);
    const message = repeatMessage(current, repeat, messageId);
    const { notice: handedBack, ...accused } = withMaterialAccusations(deps.province, recorded, [repeat.subject ?? '', repeat.matter, ...repeat.attachments.map((a) => a.filename)], at, 'system:router');
    // Brought to an office above the level that let it run out: that office presses the level below (上级督办), as the
    // router decided and the petitioner was told — unless the case was answered meanwhile (its result reported already),
    // or it is no longer held below that office.
    const supervise = request.supervise;
    const pressed =
      supervise && answerPending(accused.case) && heldBelow(accused.case, supervise.by, deps.province.tree)
        ? supervising(deps.province, accused.case, repeat, supervise, at)
        : undefined;
    const committed = pressed ? { case: pressed.case, event: pressed.event, precededBy: [...(accused.precededBy ?? []), accused.event] } : accused;
    const next = committed.case;
    return {
      ...committed,
      message,
      idempotencyKey: `repeat-merged:${caseNumber}:${repeatNumber}`,
      outcome: 'repeatMerged',
      outbox: letters(
        // The 督办 says the material came; whoever works the case needs one mail, not two.
        pressed?.notice ?? petitionerMessageNotice(deps.province, next, messageId, repeat.receivedAt, { how: repeatWords(deps.province, next, repeat, recipientsMayRead(deps.province, next, repeat)) }),
        holderAccusedNotice(deps.province, next, [repeat.subject ?? '', repeat.matter], messageId),
        handedBack,
      ),
    };
  });
  if (changed.result === 'duplicate') outcome = 'alreadyMerged';
  return { outcome, caseNumber, repeat: repeatNumber };
}

/**
 * The case that handles the matter: the one named, or — when that one was
 * itself declined or redirected since (a repeat judged after this one was
 * linked to it) — the case it was linked to in turn, so no material is left
 * on a case nobody works.
 */
export async function liveTarget(deps: { store: Pick<MergeRepeatDeps['store'], 'getCaseRecord'> }, caseNumber: string): Promise<string> {
  let target = caseNumber;
  for (let hops = 0; hops < 10; hops++) {
    const c = await deps.store.getCaseRecord(target);
    if (!c || (c.status !== 'declined' && c.status !== 'redirected') || !c.repeatOf) return target;
    target = c.repeatOf;
  }
  return target;
}

/**
 * How the notice says the material came: the channel, the office it was brought to when that is not the one holding
 * the case (越级 to the city or the province, 第十九条: whoever works the case learns where the petitioner turned), and
 * that it was registered as a repeat (by its number, to those who may read it) and not accepted anew.
 */
function repeatWords(province: Province, c: Case, repeat: Case, named: boolean): string {
  const elsewhere = repeat.receivingOffice !== actingJurisdiction(c) ? `向${province.jurisdiction(repeat.receivingOffice).office.name}` : '';
  return `以${CHANNEL_LABELS[repeat.channel]}${elsewhere}再次反映同一事项（${registeredAs(repeat, named)}，不另行受理）${unprovenWords(repeat)}`;
}

/** The repeat as a mail about the case names it: by its number to recipients who may all read it, else without it (另一级机关登记的事项, 条例第三十条). */
const registeredAs = (repeat: Case, named: boolean) => (named ? `已登记为重复件 ${repeat.caseNumber}` : '已登记为重复件');

/**
 * Whether everyone a mail about the case goes to — the office holding it and, while its lead unit is not accused,
 * that unit (petitionerMessageNotice, the 督办) — may read the repeat: a repeat registered at the level above is
 * that level's case, which the level below does not see.
 */
function recipientsMayRead(province: Province, c: Case, repeat: Case): boolean {
  const holder = actingJurisdiction(c);
  const lead = holder === c.jurisdiction && c.handling && !c.accusedUnits?.includes(c.handling.lead) ? c.handling.lead : undefined;
  return (
    officeMayRead(holder, repeat, province.tree) &&
    (lead === undefined || mayRead({ staffId: `unit:${lead}`, jurisdiction: holder, unit: lead, roles: ['handler'] }, repeat, province.tree))
  );
}

/**
 * Matched on the petitioner's recorded contacts: an email's or the portal's sender is not proven by that, and staff are
 * told so. One staff linked by hand (关联为重复件) was judged the same petitioner by them, and the note says that instead.
 */
const unproven = (repeat: Case) => (repeat.channel === 'email' || repeat.channel === 'web') && !repeat.repeatLinkedBy;
const unprovenWords = (repeat: Case) =>
  repeat.repeatLinkedBy ? '（经工作人员核对关联为重复件）' : unproven(repeat) ? '（按信访人登记的联系方式认定为同一信访人，发件人身份未经核实）' : '';

/** The repeat's words and files as a message on the case it repeats; file ids carry the repeat's number, unique on this case. */
function repeatMessage(c: Case, repeat: Case, id: string): CaseMessage {
  const header = `重复件 ${repeat.caseNumber}（${CHANNEL_LABELS[repeat.channel]}，${formatChinaDateTime(repeat.receivedAt)}收到）的内容${unprovenWords(repeat)}：`;
  return {
    caseNumber: c.caseNumber,
    id,
    direction: 'in',
    at: repeat.receivedAt,
    ...(repeat.petitioner.email ? { from: repeat.petitioner.email } : {}),
    to: [],
    subject: repeat.subject ?? '（无主题）',
    text: `${header}\n\n${repeat.matter}`,
    messageIds: [],
    attachments: repeat.attachments.map((a) => ({ ...a, id: `${repeat.caseNumber}-${a.id}` })),
    kind: 'repeat',
    ...(unproven(repeat) ? { senderVerified: false, unverifiedReason: 'repeatByContact' } : {}),
  };
}

/**
 * 上级督办 on the case below, from the office the repeat came to: recorded,
 * that office owed the result from now on, and a 督办 to the office holding
 * the case and the unit handling it (not one the material accuses: 第三十条).
 */
function supervising(province: Province, current: Case, repeat: Case, overdue: NonNullable<RoutingRequest['supervise']>, at: string): { case: Case; event: CaseEvent; notice: NotificationInput } {
  const by = overdue.by;
  const office = province.jurisdiction(by).office;
  const holder = actingJurisdiction(current);
  const lapsed = `${CLOCK_LABELS[overdue.clock]}已于${formatChinaLastDay(overdue.deadline)}届满`;
  const step = supervised(current, by, province.tree, {
    at,
    actor: 'system:router',
    reason: `${office.name}督办：信访人就同一事项再次反映（重复件 ${repeat.caseNumber}），${lapsed}，${CLOCK_PENDING_WORDS[overdue.clock]}；办理结果报送${office.name}。`,
    detail: { repeat: repeat.caseNumber, clock: overdue.clock, deadline: overdue.deadline },
  });
  const c = step.case;
  const lead = holder === c.jurisdiction && c.handling && !c.accusedUnits?.includes(c.handling.lead) ? province.unit(c.handling.lead) : undefined;
  const holderOffice = province.jurisdiction(holder).office;
  const named = recipientsMayRead(province, c, repeat);
  const letter = renderTemplate('supervision', province.templateFor('supervision', by), {
    caseNumber: c.caseNumber,
    office: office.name,
    holder: lead ? `${holderOffice.name}、${lead.name}` : holderOffice.name,
    unit: lead?.name ?? holderOffice.name,
    subject: c.subject ?? '（无主题）',
    clock: CLOCK_LABELS[overdue.clock],
    deadline: formatChinaLastDay(overdue.deadline),
    overdue: describeOverdue(overdue.deadline, repeat.receivedAt),
    pending: CLOCK_PENDING_WORDS[overdue.clock],
    // The level below may not read the office's own case (the repeat): named only to those who may.
    repeat: named ? repeat.caseNumber : HIDDEN_CASE_WORDS,
    registeredAs: named ? `登记为重复件 ${repeat.caseNumber}` : '已登记为重复件',
    receivedAt: formatChinaDateTime(repeat.receivedAt),
    unproven: unproven(repeat) ? '\n注意：本次反映按信访人登记的联系方式认定为同一信访人，发件人身份未经核实，请核实后再据此办理。' : '',
    caseLink: `${province.config.mail.consoleUrl}/cases/${c.caseNumber}`,
  });
  return {
    ...step,
    notice: {
      id: `supervise:${c.caseNumber}:${repeat.caseNumber}`,
      kind: 'notice',
      caseNumber: c.caseNumber,
      to: [...new Set([holderOffice.mailbox, ...(lead ? [lead.mailbox] : [])])],
      fromName: office.name,
      subject: letter.subject,
      text: letter.body,
      autoSubmitted: 'auto-generated',
    },
  };
}
