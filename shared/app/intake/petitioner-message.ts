import type { Case, CaseMessage } from '../../domain/case.js';
import { withMaterialRequestsAnswered } from '../../domain/material-request.js';
import { ownWords, petitionerIntent, withdrawalDisputeIn, withdrawalRequestIn } from '../../domain/mail/intent.js';
import { isAllowed } from '../../domain/lifecycle.js';
import { recordOnCase } from '../../domain/messages.js';
import type { Province } from '../../domain/province.js';
import { holderAccusedNotice } from '../accusable-units.js';
import { withMaterialAccusations } from '../accused-record.js';
import { commitCaseChange, type ChangeOutcome, type CommitDeps } from '../change-case.js';
import { withdrawalDisputedNotice, withdrawalDisputeReceived } from '../handoff/notices.js';
import { letters } from '../outbox.js';
import type { NotificationInput } from '../notification.js';
import type { CaseWithEvents } from '../ports.js';
import { petitionerMessageNotice, unverifiedSenderNotice, withdrawalRequestNotice, withdrawalRequestReceived, withUrgentMaterial } from './letters.js';

/**
 * Whether material on a case is the petitioner's: `From:` is easy to forge,
 * so an email counts only when it shows it received our mail (the case's
 * tagged reply address, a Message-ID we sent) — or, for a 补充 mail that only
 * adds material, when its domain vouches for it (DMARC pass); from the portal,
 * the query code the sender typed proves it.
 */
export type SenderProof = { verified: true; reason: 'replyTag' | 'repliedToOurMail' | 'queryCode' | 'dmarcPass' } | { verified: false; reason: string };

export interface PetitionerMessage {
  /** The message as received (the proof fields are added here). */
  message: CaseMessage;
  /** How it came: an email reply, or the portal's 补充材料 form. */
  via: 'email' | 'web';
  /** Who records it: `system:intake` (email) or `system:web` (the portal). */
  actor: string;
  /** The petitioner's own words and the files' names, searched for units the petitioner now accuses. */
  words: readonly string[];
  /** How many files came with it (stored ones are on the message; refused ones in `refusedAttachments`). */
  attachmentCount: number;
  /** Files refused by type, size or count, recorded on the event (the petitioner is told by `answer`). */
  refusedAttachments?: readonly { filename: string; reason: string }[];
  threadKeys: readonly string[];
  idempotencyKey: string;
  /** Kept with the key (an email's senderFingerprint). */
  idempotencyFingerprint?: string;
  outcome: string;
  /** The proof, judged on the case as read. */
  proof: (found: CaseWithEvents) => SenderProof;
  /** Refuses the material on the case as read (throws), before anything is written. */
  admit?: (c: Case) => void;
  /** Refuses the case as read, events and messages too (throws), before anything is written: read again after a lost race. */
  guard?: (found: CaseWithEvents) => void;
  /**
   * What the reply is acted on as, by itself, judged on the case as read (a 复查 request or the answer to a
   * follow-up, from the petitioner's own address), or undefined: acted on, it goes where it belongs, not to
   * whoever works the case as material, and the event says what it was (the tracking page shows it so).
   */
  actedOn?: (c: Case, proof: SenderProof) => 'review' | 'followUp' | undefined;
  /** Someone else to tell, judged on the case as read and the proof (an unproven 复查 request: the reviewing office). */
  alsoTell?: (c: Case, proof: SenderProof) => NotificationInput | undefined;
  /** What the sender is answered, judged on the case as read, the proof and what it was acted on as (the files received and refused). */
  answer?: (c: Case, proof: SenderProof, actedOn: 'review' | 'followUp' | undefined) => NotificationInput | undefined;
}

export interface PetitionerMessageDeps extends CommitDeps {
  province: Province;
}

/**
 * Material from the petitioner added to their case — an email reply, or 补充材料
 * from the portal: kept as a message with a `messageReceived` event, the
 * units it accuses added (条例第三十条), and whoever works the case told (the
 * lead unit, else the office), all in one change. An unproven sender is said
 * plainly to staff, and the petitioner of record is told how to confirm.
 *
 * On a withdrawn case, words saying the withdrawal was not theirs (我没有撤回,
 * 被人冒充…: withdrawalDisputeIn) are the objection the 撤回告知 invites: the
 * event records them, the office gets a 【撤回存疑】 asking it to verify and,
 * if so, 恢复办理, and a proven petitioner is told what happens next. The case
 * stays withdrawn: taking it up again is the office's decision.
 */
export async function addPetitionerMessage(deps: PetitionerMessageDeps, caseNumber: string, material: PetitionerMessage): Promise<{ stored: ChangeOutcome; proof: SenderProof }> {
  const { message } = material;
  let proof: SenderProof = { verified: false, reason: 'noProof' };
  const stored = await commitCaseChange(deps, caseNumber, (found, at) => {
    const current = found.case;
    material.admit?.(current);
    proof = material.proof(found);
    const disputed = current.status === 'withdrawn' ? withdrawalDisputeIn(message.text) : undefined;
    // Asking to withdraw a case that may still be withdrawn: the office that records it is told, to check with them.
    const withdrawing = isAllowed('withdraw', current.status) ? withdrawalRequestIn(message.text) : undefined;
    const actedOn = material.actedOn?.(current, proof);
    // A request the system would act on for the petitioner (复查, 回访评价, 撤回), as opposed to plain material.
    const asks = Boolean(disputed || withdrawing || petitionerIntent(message.text));
    const recorded = recordOnCase(current, 'messageReceived', {
      at,
      actor: material.actor,
      detail: {
        messageId: message.id,
        ...(message.rawKey ? { rawKey: message.rawKey } : {}),
        attachments: material.attachmentCount,
        ...(material.refusedAttachments?.length ? { refusedAttachments: material.refusedAttachments.map((r) => ({ ...r })) } : {}),
        ...(material.via === 'web' ? { via: 'web' } : {}),
        senderVerified: proof.verified,
        ...(proof.verified ? {} : { unverifiedReason: proof.reason }),
        ...(disputed ? { withdrawalDisputed: disputed } : {}),
        ...(withdrawing ? { withdrawalRequested: withdrawing } : {}),
        ...(actedOn ? { actedOn } : {}),
      },
    });
    // 补充材料 asked for (请信访人补充材料): the petitioner's proven material answers the requests still open, and says so.
    const change = proof.verified && !disputed ? withMaterialRequestsAnswered(recorded, message.id, at) : recorded;
    // What the petitioner adds may accuse more units (条例第三十条), stored in the same write; the set only grows.
    // Accusing the unit that handles it: the case goes back to the office to hand to another.
    const { notice: handedBack, ...accused } = withMaterialAccusations(deps.province, change, material.words, at, material.actor);
    // A threat in what they add is alerted at once, whoever sent it: checking the sender can wait, a life cannot.
    const urgent = withUrgentMaterial(deps.province, accused, material.words, message);
    const committed = urgent.change;
    return {
      ...committed,
      message: { ...message, senderVerified: proof.verified, ...(proof.verified ? {} : { unverifiedReason: proof.reason }) },
      threadKeys: material.threadKeys,
      idempotencyKey: material.idempotencyKey,
      ...(material.idempotencyFingerprint ? { idempotencyFingerprint: material.idempotencyFingerprint } : {}),
      outcome: material.outcome,
      // Whoever works the case is told of the new material (and that its sender is unproven); the
      // petitioner of record is told how to confirm a message that was not acted on.
      outbox: letters(
        disputed
          ? unproven(withdrawalDisputedNotice(deps.province, committed.case, { messageId: message.id, receivedAt: message.at, word: disputed, text: ownWords(message.text), acknowledged: proof.verified }), proof)
          : actedOn
            ? undefined
            : staffNotice(deps.province, committed.case, message.id, message.at, material.via, proof, asks),
        // Only a proven petitioner is answered; an unproven sender's address of record is told how to confirm instead.
        disputed && proof.verified ? withdrawalDisputeReceived(deps.province, committed.case, { messageId: message.id, receivedAt: message.at }, at, message.messageIds[0]).mail : undefined,
        proof.verified ? undefined : unverifiedSenderNotice(deps.province, current, message.id, proof.reason, message.from, asks),
        // Material accusing the government of the level holding the case: the office above is asked to consider taking it up.
        holderAccusedNotice(deps.province, committed.case, material.words, message.id),
        handedBack,
        material.alsoTell?.(current, proof),
        material.answer?.(committed.case, proof, actedOn),
        urgent.alert,
        withdrawing ? withdrawalRequestNotice(deps.province, current, message.id, message.at, withdrawing, proof.verified) : undefined,
        // The petitioner who asked is answered (an unproven sender's address of record was told how to confirm, above).
        withdrawing && proof.verified ? withdrawalRequestReceived(deps.province, current, message.id, message.at) : undefined,
      ),
    };
  }, material.guard ? { guard: material.guard } : {});
  return { stored, proof };
}

/** The notice to whoever works the case. */
function staffNotice(province: Province, c: Case, messageId: string, receivedAt: string, via: 'email' | 'web', proof: SenderProof, asks: boolean) {
  return unproven(petitionerMessageNotice(province, c, messageId, receivedAt, via), proof, asks);
}

/**
 * A notice about the sender's mail, an unproven sender said plainly so nobody
 * acts on it unchecked: a request was not acted on; plain material is on the
 * case, to be used as the petitioner's once the sender is checked.
 */
function unproven(notice: NotificationInput, proof: SenderProof, asks = true): NotificationInput {
  if (proof.verified) return notice;
  const why = UNVERIFIED_REASONS[proof.reason] ?? '未回复本系统发出的邮件';
  const what = asks ? '系统未据此办理任何事项；请核实后再作处理' : '请核实发件人后再作为信访人的补充材料使用';
  return { ...notice, subject: `【发件人未验证】${notice.subject}`, text: `注意：这封邮件未能证明发件人就是信访人本人（${why}），${what}。\n\n${notice.text}` };
}

const UNVERIFIED_REASONS: Record<string, string> = {
  noProof: '未回复本系统发给信访人的邮件',
  notFromPetitioner: '发件地址不是信访人登记的邮箱',
  noAddressOfRecord: '信访人未登记邮箱',
  dmarcFail: '发件域名的 DMARC 验证未通过',
  virus: '邮件含有病毒',
};
