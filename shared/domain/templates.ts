/**
 * Mail templates with `{{field}}` placeholders. Offices word their letters
 * themselves (per-office overrides in the configuration); the fields a
 * template may use are fixed here so a typo is caught when the configuration loads.
 */
export const TEMPLATE_FIELDS = {
  acknowledgement: [
    'caseNumber',
    'office',
    'petitionerName',
    'subject',
    'receivedAt',
    'acceptanceDeadline',
    /** How the acceptance deadline was counted, in one sentence. */
    'acceptanceDeadlineBasis',
    'handlingDays',
    /**
     * Whose rule each limit is: 依照《信访工作条例》 for the regulation's own
     * limit, 按照本机关规定 (本省规定) for an office's own — `handlingRule`
     * is said (with its comma) only where it differs from `acceptanceRule`.
     */
    'acceptanceRule',
    'handlingRule',
    'refusedAttachments',
    /** The files received with it, by name (“随信访事项一并收到附件 2 个：…”), or ''. */
    'receivedAttachments',
    /** What was sent: 电子邮件 (an email) or 网上信访事项 (the portal's form). */
    'petition',
    /** 代为反映: for whom the writer sent it (代父亲王大山), or ''. Said before 发送至, as a person says it. */
    'writtenFor',
    /** How to follow the case on the portal (查询办理进展): for an email petition, where to ask for a query code with this address. */
    'tracking',
    /** For an urgent matter (条例第二十五条): that it was reported at once, and to call 110 / 119 / 120 in danger — empty otherwise. */
    'urgent',
    /**
     * What comes next, as the case stands when the letter is written: the
     * acceptance deadline and handling days (the fields above, in one
     * paragraph) while acceptance is still to be decided; once decided with
     * the registration (accepted, declined, redirected, handed down), that
     * decision and that its letter follows — never a promise to decide what is decided.
     */
    'nextStep',
  ],
  /** `responseBy`: 于<time>前, the office's urgentResponseMinutes after the alert, or 立即 when it sets none. */
  /** `why`: when the alert goes past the receiving office's own leaders (a report accusing them, a township without leaders), why — a sentence, or ''. */
  urgentAlert: ['caseNumber', 'office', 'subject', 'receivedAt', 'urgentWords', 'caseLink', 'responseBy', 'why'],
  /** To the leaders again and to the office of the level above: no response by `responseBy` to the alert sent at `alertedAt` to `alertedTo` (杭州市领导). */
  urgentUnanswered: ['caseNumber', 'office', 'subject', 'receivedAt', 'alertedAt', 'alertedTo', 'responseBy', 'caseLink'],
  petitionerMessage: [
    'caseNumber',
    'office',
    'subject',
    'receivedAt',
    'caseLink',
    /** How it came: 回复了邮件 (an email reply) or 在网上信访提交了补充材料 (the portal). */
    'how',
  ],
  /**
   * The four letters to the petitioner below go by email, or are printed and
   * posted to one without email (shared/domain/postal.ts): `materialHint` says
   * how to send more material, `footer` signs the letter (by email: sent
   * automatically, and the office; by post: the office and the date).
   */
  /**
   * `unit` the unit that handles the matter, or the office when it handles it
   * itself (自办); `handledBy` says which in a clause: 已交由<unit>办理, or
   * 由<office>办理. `basis` says why this body handles it (属地管理: the
   * matter is within the jurisdiction's 职权范围; 谁主管、谁负责: within the
   * unit's 职责范围), `handlingRule` the limit counted from acceptance and
   * whose rule it is (依照《信访工作条例》第三十四条 … 60日, or 按照本机关规定 …). `acceptedBy` the
   * office that accepted it — another than `office`, which signs, when the case was transferred since.
   */
  acceptanceNotice: ['caseNumber', 'office', 'acceptedBy', 'petitionerName', 'subject', 'unit', 'handledBy', 'basis', 'handlingRule', 'handlingDeadline', 'handlingDeadlineBasis', 'materialHint', 'footer'],
  /** 转办告知: after the acceptance notice, the matter went to another unit or office (`unit`); the deadline stands. */
  transferNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'unit', 'handlingDeadlineChange', 'handlingDeadline', 'handlingDeadlineBasis', 'materialHint', 'footer'],
  /** 转送告知: a case not yet accepted went to the office whose matter it is (`to`), which decides its acceptance. */
  /** `decideBy`: the receiving office's acceptance deadline, its clock started anew on arrival (…前, with how it is counted). */
  forwardNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'to', 'decideBy', 'materialHint', 'footer'],
  /** To the office a case not yet accepted is forwarded to (转送): decide its acceptance by `acceptanceDeadline`. */
  forwardedNotice: ['caseNumber', 'office', 'to', 'subject', 'reason', 'acceptanceDeadline', 'caseLink'],
  declineNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'reason', 'footer'],
  redirectNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'body', 'reason', 'footer'],
  /**
   * To the units (or the office) a case is handed to. `handoff` is 交办 when the
   * sending office hands it down (to its own units or a level below it), else
   * 转办 (to a sibling or any office not below it); `handedTo` says it in the
   * sentence: 交由 or 转送.
   */
  /** `answer`: how the result reaches the petitioner — 书面答复信访人, or for an anonymous petition that nobody can be answered and the result is kept on the case. */
  /**
   * `handedBy`: who handed it over — the office, or the unit that passed it on (then `origin` names the office that
   * had handed it out); `due` / `dueBrief`: 请在…前办结, or since when it is overdue and to conclude it at once.
   * `limits`: to an office a case is passed to (转办, no unit), the limits it now runs — 受理告知 and 办结 — as a sentence; '' to a unit.
   */
  assignmentNotice: ['caseNumber', 'office', 'unit', 'subject', 'handoff', 'handedTo', 'handedBy', 'origin', 'cooperation', 'handlingDeadline', 'due', 'dueBrief', 'reportBack', 'objection', 'caseLink', 'answer', 'limits'],
  /** To the cooperating units (配合单位): work with the lead (`lead`), send it your views; the lead answers the petitioner. */
  /** `objection`: until when the units may object to being named (条例 第二十三条), as a sentence; '' when they may not. */
  cooperationNotice: ['caseNumber', 'office', 'unit', 'lead', 'subject', 'handlingDeadline', 'objection', 'caseLink'],
  /** 协办异议 (条例 第二十三条): to the office that named `unit` a cooperating unit, which objects within its window with `reason`. */
  cooperationObjection: ['caseNumber', 'office', 'unit', 'lead', 'subject', 'namedAt', 'reason', 'handlingDeadline', 'caseLink'],
  /** The office's decision, to the unit (and the lead when it agreed): `decision` 同意 / 不同意, `reason` the objection's or the refusal's, `next` what now. */
  cooperationObjectionDecided: ['caseNumber', 'office', 'unit', 'lead', 'subject', 'decision', 'reason', 'next', 'caseLink'],
  /** 协办意见 received: to the lead unit, from `unit`; `waiting` names the cooperating units not heard from yet (empty when none). */
  cooperationOpinion: ['caseNumber', 'office', 'lead', 'unit', 'subject', 'waiting', 'handlingDeadline', 'caseLink'],
  /** To the cooperating units, once the lead concluded: `missing` says whose opinion it concluded without (empty when none). */
  cooperationConcluded: ['caseNumber', 'office', 'unit', 'lead', 'subject', 'missing', 'caseLink'],
  returnNotice: ['caseNumber', 'office', 'unit', 'subject', 'reason', 'caseLink'],
  /** 收回: to the unit an office took the case back from. */
  takenBackNotice: ['caseNumber', 'office', 'unit', 'subject', 'reason'],
  /** To a unit a transfer takes the case from (its lead or a cooperating unit): where it went, and why. */
  handedAwayNotice: ['caseNumber', 'office', 'unit', 'subject', 'handedTo', 'reason'],
  /** To the office that handed a unit the case, when that unit passed it on (转办) itself: to whom (`handedTo`), and why. */
  passedOnNotice: ['caseNumber', 'office', 'unit', 'subject', 'handedTo', 'reason', 'caseLink'],
  /**
   * 重新办理: to the units that handle a case reopened — the petitioner not
   * satisfied at the follow-up, or a 复查 that revoked the decision (撤销) —
   * and the office that holds it. `why` says which, `reason` in whose words,
   * `handlingDeadline` the new handling period's last day.
   */
  /** `reportBack`: to whom the new answer is reported (a 复查 that revoked it, an office that handed it down), as a sentence; '' when nobody. */
  reopenedNotice: ['caseNumber', 'office', 'unit', 'subject', 'why', 'reason', 'handlingDeadline', 'reportBack', 'caseLink'],
  /**
   * 复查/复核结果: to the unit and offices whose decision was reviewed, from the
   * reviewing office (`office`): `review` 复查 or 复核, `outcome` in words
   * (维持原处理意见…), `decision` the reviewing level's words, `next` what
   * they do now (carry out a changed decision; a 复核 is final).
   */
  reviewDecidedNotice: ['caseNumber', 'office', 'unit', 'subject', 'review', 'outcome', 'decision', 'next', 'caseLink'],
  /**
   * 落实情况: to the reviewing office that ordered it, once the body that answered reports how it carried out
   * the changed decision. `review` 复查 / 复核; `unit` who reported (the unit, or the office for 自办);
   * `timeliness` 按期报送 or 逾期报送 (past `dueAt`, the day the decision set).
   */
  implementationReported: ['caseNumber', 'office', 'unit', 'subject', 'review', 'report', 'reportedAt', 'dueAt', 'timeliness', 'caseLink'],
  extensionRequest: ['caseNumber', 'office', 'unit', 'subject', 'days', 'reason', 'handlingDeadline', 'caseLink'],
  /** The same request still undecided after the extension rules' reminderWorkingDays: once, to the same leaders. */
  extensionRequestReminder: ['caseNumber', 'office', 'unit', 'subject', 'days', 'reason', 'requestedAt', 'handlingDeadline', 'caseLink'],
  /** The leader's decision, to the unit that asked and the staff member who did: `decision` 同意 / 不同意, `reason` the refusal's; `next` what the unit does now. */
  /** `unit`: to whom (the handling unit, else the office); `requestedBy`: who asked — 你单位, or the office that asked for the unit. */
  extensionDecided: ['caseNumber', 'office', 'unit', 'requestedBy', 'subject', 'days', 'decision', 'reason', 'handlingDeadline', 'next', 'caseLink'],
  /**
   * 越级上访告知单, printed and handed to a visitor who came above the competent level:
   * `competent` the office that handles such a matter, `contact` where and how it receives
   * visitors (empty when not configured), `handledBy` where the matter is now.
   */
  bypassNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'receivedAt', 'competent', 'contact', 'handledBy', 'date'],
  /**
   * 办理结果报送: to a superior office that assigned (交办) the case, once it is answered.
   * `outcome` 支持 / 部分支持 / 不支持 (a consultation 已解答, a suggestion 已采纳 / 部分采纳 / 未采纳); `delivery` how the petitioner got the decision letter.
   */
  resultReport: ['caseNumber', 'office', 'relation', 'unit', 'subject', 'outcome', 'facts', 'basis', 'decision', 'repliedAt', 'delivery', 'caseLink'],
  /** 申请退回 (条例 第二十三条): to the office that handed the case over, whose approval the unit needs past its window. */
  returnRequest: ['caseNumber', 'office', 'unit', 'subject', 'receivedAt', 'objectionUntil', 'reason', 'handlingDeadline', 'caseLink'],
  /**
   * 待签发 (审核签发): to who may approve the decision letter (the unit's heads, or the office's leaders — the
   * fallback where none of them is left but its author), once when it starts to wait: concluded, or corrected after
   * an approval. `approvers` whom it is addressed to, `concludedBy` the unit (or office) and who concluded it,
   * `corrected` a sentence when a correction voided the approval ('' otherwise).
   */
  signOffRequest: ['caseNumber', 'office', 'approvers', 'subject', 'concludedBy', 'concludedAt', 'corrected', 'replyDeadline', 'caseLink'],
  /**
   * 待签发 of a 复查（复核）意见书: to the reviewing office's leaders but its drafter, once when the draft starts to
   * wait and again when it is redrafted. `kind` 复查 or 复核, `outcome` what the draft decides (维持/变更/撤销原处理意见),
   * `redrafted` a sentence when a changed draft replaced the one they were told of ('' otherwise).
   */
  reviewSignOffRequest: ['caseNumber', 'office', 'approvers', 'subject', 'kind', 'draftedBy', 'draftedAt', 'outcome', 'redrafted', 'deadline', 'caseLink'],
  /**
   * 呈领导阅批: to the leader the office puts the case before, with its 拟办意见 (重要来信报领导阅批).
   * `office` is the case's office, where a 批示 is carried out; `submitterOffice` the office of who
   * submitted it — another when a city office puts a county's case before a city leader.
   */
  leaderReadingRequest: ['caseNumber', 'office', 'submitterOffice', 'leader', 'submittedBy', 'submittedAt', 'subject', 'opinion', 'handlingDeadline', 'deadlineLine', 'caseLink'],
  /** 领导批示: to the unit handling the case and the office holding it, from the leader who gave it (批示意见及时交办落实). */
  /** `copied`: 本批示同时抄送<office above>。 when a leader of a level above gave it (that level's office supervises the case), else ''. */
  leaderInstruction: ['caseNumber', 'office', 'recipients', 'leader', 'subject', 'givenAt', 'instruction', 'handlingDeadline', 'copied', 'caseLink'],
  /** 异议退回 (条例 第二十三条): to the office that handed the case down, from the office below that sent it back within its window. */
  handDownObjection: ['caseNumber', 'office', 'lowerOffice', 'subject', 'receivedAt', 'reason', 'acceptanceDeadline', 'caseLink'],
  /** The office's answer to the unit: `decision` 同意退回 or 不同意退回, `reason` its reasons; `next` what the unit does now. */
  returnRequestDecided: ['caseNumber', 'office', 'unit', 'subject', 'decision', 'reason', 'next', 'caseLink'],
  /** A return request the office has not decided after its working days (defaults.returnRequestReminderWorkingDays): once. */
  returnRequestReminder: ['caseNumber', 'office', 'unit', 'subject', 'requestedAt', 'reason', 'handlingDeadline', 'caseLink'],
  extensionNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'days', 'reason', 'handlingDeadline', 'handlingDeadlineBasis', 'footer'],
  /** 中止 and its end, told to the petitioner (by email or post): which time limit stands still, why, and the new deadline. */
  suspensionNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'clock', 'ground', 'reason', 'since', 'footer'],
  resumptionNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'clock', 'ground', 'days', 'deadline', 'footer'],
  /**
   * 请信访人补充材料: `needed` what the handler asks for, `byWhen` by when (于…前, or 尽快), `howToSend` the ways it
   * reaches the office (a reply to this email, the portal with the query code, by post or at the desk), `clock` that the
   * handling time limit runs on meanwhile (nothing stops it) and by when the matter is answered.
   */
  materialRequestNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'needed', 'byWhen', 'howToSend', 'clock', 'footer'],
  /** 办理进展 told to the petitioner by email (告知信访人): `progress` as the handler wrote it, `clock` by when it is concluded and answered (a sentence, or '' when no handling limit runs). */
  progressNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'progress', 'clock', 'materialHint', 'footer'],
  /**
   * 撤回 confirmed to the petitioner: `withdrawnAt` and `how` (书面申请, 通过网上信访提出…);
   * `objectTo`, how to say the withdrawal was not their own will (reply to the email, or write, call or come in).
   */
  withdrawalNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'withdrawnAt', 'how', 'objectTo', 'footer'],
  /** 恢复办理: the withdrawal was not the petitioner's will; handled again, `deadline` saying by when. */
  reinstatementNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'deadline', 'materialHint', 'footer'],
  /**
   * The petitioner replied that the withdrawal was not their will (`receivedAt`): `office` will verify it with them;
   * until then it stays withdrawn. Quoted below a later reply, its words must not read as a dispute (withdrawalDisputeIn).
   */
  /** 撤销原决定: the 不予受理 (or 告知) decision of `decidedAt` (`decision` in words) is withdrawn; the office decides again by `deadline`. */
  decisionWithdrawnNotice: ['caseNumber', 'office', 'petitionerName', 'subject', 'decision', 'decidedAt', 'deadline', 'materialHint', 'footer'],
  withdrawalDisputeReceived: ['caseNumber', 'office', 'petitionerName', 'subject', 'receivedAt', 'footer'],
  /** `ask`: what to do by then (办结, or for the acceptance clock 决定是否受理并书面告知信访人). */
  reminder: ['caseNumber', 'office', 'unit', 'subject', 'clock', 'deadline', 'deadlineBasis', 'remaining', 'ask', 'caseLink'],
  /** `pending`: what is still not done (至今未办结; for the acceptance clock 至今未决定是否受理并告知信访人). */
  escalation: ['caseNumber', 'office', 'unit', 'subject', 'clock', 'deadline', 'deadlineBasis', 'overdue', 'pending', 'step', 'recipients', 'earlierSteps', 'reportBack', 'caseLink'],
  /**
   * 上级督办: from `office`, above the level holding an overdue case the petitioner brought
   * to it again, to that level's office and the unit handling it (`holder`); `repeat` the
   * 重复件 registered above, whose material is now on the case — its number only when every
   * recipient may read it (else 另案: the level below does not see the level above's case);
   * `registeredAs` says so in words (登记为重复件 330100-…, or 已登记为重复件).
   */
  supervision: ['caseNumber', 'office', 'holder', 'unit', 'subject', 'clock', 'deadline', 'overdue', 'pending', 'repeat', 'registeredAs', 'receivedAt', 'unproven', 'caseLink'],
  /** `validity`: by email, that the signed letter counts as the sealed one; empty on the printed letter, which is sealed by hand. */
  /**
   * `opening`: the first sentence — what is answered: the matter as raised (您于…反映的信访事项…经…办理), or for a
   * 复查 / 复核 the request the petitioner made against the earlier answer, and who reviewed it.
   */
  decisionLetter: ['title', 'caseNumber', 'office', 'unit', 'petitionerName', 'subject', 'receivedAt', 'opening', 'facts', 'basis', 'decisionHeading', 'decision', 'reviewRight', 'date', 'validity'],
  /** `unsatisfied`: what 不满意 does (unsatisfiedLeadsTo) — handled again by the unit, or only recorded: after a 复查's decision (复核 the way on), after the final 复核. */
  followUp: ['caseNumber', 'office', 'petitionerName', 'subject', 'repliedAt', 'satisfiedLink', 'unsatisfiedLink', 'unsatisfied'],
  /**
   * 不满意 given on the portal, confirmed to the petitioner's email: `answeredAt` when; `next` what follows —
   * handled again by the unit by its new deadline and answered in writing again, or (after a 复查, or final) only recorded.
   */
  unsatisfiedReceived: ['caseNumber', 'office', 'petitionerName', 'subject', 'answeredAt', 'next'],
  /** `previous`: what is disputed — 处理意见 (asking 复查) or 复查意见 (asking 复核). */
  reviewRequested: ['caseNumber', 'office', 'kind', 'subject', 'previous', 'reason', 'deadline', 'caseLink'],
  reviewRefused: ['caseNumber', 'office', 'petitionerName', 'subject', 'reason'],
  /** 领导包案: to the leader designated to own the case. */
  leaderOwnership: ['caseNumber', 'office', 'leader', 'subject', 'reason', 'status', 'deadline', 'by', 'caseLink'],
  /** To the leader a new designation replaced: `successor` owns the case now. */
  leaderOwnershipEnded: ['caseNumber', 'office', 'leader', 'subject', 'successor', 'by', 'reason'],
  /**
   * 上级领导包案: to the office holding a case and its lead unit (not one the report accuses) when a leader of a
   * level above takes 包案 of it. `office` the leader's level's office, `leader` name and title as known,
   * `recipients` whom it is addressed to.
   */
  leaderOwnershipAbove: ['caseNumber', 'office', 'leader', 'recipients', 'subject', 'reason', 'status', 'deadline', 'caseLink'],
  /** A query code (查询码) asked for on the portal, sent to the email the case was registered with. */
  /** `contact`: the holding office's address and telephone, in brackets (empty when not configured), for one who did not ask. */
  queryCode: ['caseNumber', 'office', 'petitionerName', 'subject', 'queryCode', 'trackingLink', 'contact', 'previousCode'],
  /**
   * To the email on record when staff gave the petitioner a new query code
   * (at the desk, or on a posted slip): the earlier one no longer works. Not
   * the code itself; `how` is 当面或电话告知 or 书面寄送.
   */
  queryCodeReplaced: ['caseNumber', 'office', 'petitionerName', 'subject', 'issuedAt', 'how', 'codeLink'],
  /** To the petitioner: the review request was received and is with `office`, the reviewing level; `previous` is the opinion they contest. */
  /** `rule`: whose limit the deadline is (依照《信访工作条例》, or 按照本机关规定 for an office's own). */
  /** `hearing`: for a 复核, that a hearing may be held and its time is not counted (条例 第三十六条); '' for a 复查. */
  reviewReceived: ['caseNumber', 'office', 'petitionerName', 'subject', 'kind', 'previous', 'receivedAt', 'deadline', 'rule', 'hearing', 'materialHint', 'footer'],
  digest: ['office', 'unit', 'date', 'overdueCount', 'dueCount', 'dueWithinDays', 'overdueList', 'dueList', 'worklistLink'],
  /** To an office, daily while one of its units leads open cases and nobody in the system works for it any more (`units`). */
  unstaffedLead: ['office', 'date', 'units', 'count', 'caseList', 'worklistLink'],
  /** To an office, daily while held emails (疑似广告) have waited more than a working day: how many, and when the oldest came. */
  heldMailWaiting: ['office', 'date', 'count', 'oldest', 'worklistLink'],
  receptionBooking: ['office', 'petitionerName', 'reference', 'leader', 'date', 'time', 'place', 'topics'],
  /** A booking the booker cancelled on the portal: `cancelledAt` when, `bookingLink` where to book another reception day. */
  receptionCancelled: ['office', 'petitionerName', 'reference', 'date', 'time', 'place', 'cancelledAt', 'bookingLink'],
  /**
   * A booking the office cancelled (the leader cannot receive, the session moved, …): `reason` as staff gave it,
   * `bookingLink` where to book another day, `visit` the office to come to on a working day (with its address and
   * telephone where configured), `petitionLink` the portal's petition form.
   */
  receptionCancelledByOffice: ['office', 'petitionerName', 'reference', 'date', 'time', 'place', 'reason', 'bookingLink', 'visit', 'petitionLink'],
  /** A booking staff cancelled because the booker asked them to (by phone, at the desk): confirmed, with no apology. */
  receptionCancelledOnRequest: ['office', 'petitionerName', 'reference', 'date', 'time', 'place', 'bookingLink'],
  /** `accompanying`: the 陪访部门 in a sentence (本场陪访部门：…。), or '' when none were chosen. */
  receptionReminder: ['office', 'leader', 'date', 'time', 'place', 'capacity', 'bookingCount', 'bookings', 'bookingsLink', 'accompanying'],
  /** On the session's day, after the reminder: `newCount` booked since that the reminder did not list. */
  receptionDayList: ['office', 'leader', 'date', 'time', 'place', 'capacity', 'bookingCount', 'newCount', 'bookings', 'bookingsLink', 'accompanying'],
  /** On the session's day, when no reminder was sent the day before: the day's list, the first word of the session. */
  receptionToday: ['office', 'leader', 'date', 'time', 'place', 'capacity', 'bookingCount', 'bookings', 'bookingsLink', 'accompanying'],
  /**
   * 陪访部门: to a unit the receiving leader or the office chose to accompany a session (陪访部门由接访领导确定), at once
   * and again the day before. `units` all the accompanying units; `booked` how many bookings and people (已预约2批（共6人）…);
   * `topics` the booked matters the unit may read, without who booked them, and how many others the office arranges.
   */
  receptionAccompany: ['office', 'unit', 'leader', 'date', 'time', 'place', 'units', 'booked', 'topics', 'sessionLink'],
  receptionAccompanyReminder: ['office', 'unit', 'leader', 'date', 'time', 'place', 'units', 'booked', 'topics', 'sessionLink'],
  /** To a unit left out when the accompanying units were changed: it need not come. */
  receptionAccompanyWithdrawn: ['office', 'unit', 'leader', 'date', 'time', 'place'],
  /** To each accompanying unit when the session is adjusted (调整): another leader, day, time or place, and why; or (`Cancelled`) not held. */
  receptionAccompanyMoved: ['office', 'unit', 'leader', 'date', 'time', 'place', 'reason'],
  receptionAccompanyCancelled: ['office', 'unit', 'leader', 'date', 'time', 'place', 'reason'],
} as const;

export type TemplateKind = keyof typeof TEMPLATE_FIELDS;
export type TemplateValues<K extends TemplateKind> = Record<(typeof TEMPLATE_FIELDS)[K][number], string>;

export interface MailTemplate {
  subject: string;
  body: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders a template uses that its kind does not provide. */
export function unknownPlaceholders(kind: TemplateKind, template: MailTemplate): string[] {
  const allowed = new Set<string>(TEMPLATE_FIELDS[kind]);
  const used = [...`${template.subject}\n${template.body}`.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(used.filter((name) => !allowed.has(name)))];
}

export function renderTemplate<K extends TemplateKind>(_kind: K, template: MailTemplate, values: TemplateValues<K>): MailTemplate {
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => (values as Record<string, string>)[name] ?? '').replace(/\n{3,}/g, '\n\n');
  return { subject: fill(template.subject).replace(/\s+/g, ' ').trim(), body: fill(template.body).trim() + '\n' };
}

export const DEFAULT_TEMPLATES: { [K in TemplateKind]: MailTemplate } = {
  acknowledgement: {
    subject: '【{{caseNumber}}】您的信访事项已登记 — {{office}}',
    body: `{{petitionerName}}：

您好！您于{{receivedAt}}{{writtenFor}}发送至{{office}}的{{petition}}（主题：{{subject}}）已收到并登记，登记编号为 {{caseNumber}}。{{receivedAttachments}}{{urgent}}

{{nextStep}}

如需补充材料，请直接回复本邮件，并保留主题中的登记编号，补充的材料将归入同一事项。
{{tracking}}
{{refusedAttachments}}

隐私说明：您提供的个人信息仅用于办理本信访事项，依法予以保护，不向无关单位和人员透露；检举、控告材料不会转给被检举、控告的人员或单位。

本邮件由系统自动发送。
{{office}}`,
  },
  urgentAlert: {
    subject: '【紧急】{{caseNumber}} 疑似紧急信访事项，请立即处置 — {{office}}',
    body: `{{office}}于{{receivedAt}}收到一件可能涉及人身安全或群体性事件的信访事项，已登记为 {{caseNumber}}。

主题：{{subject}}
触发词：{{urgentWords}}

{{why}}请{{responseBy}}查看并作出处置安排，并在系统中记录“紧急响应”：{{caseLink}}

本邮件由系统自动发送。`,
  },
  urgentUnanswered: {
    subject: '【紧急·未响应】{{caseNumber}} 紧急信访事项逾时未响应 — {{office}}',
    body: `{{office}}于{{receivedAt}}收到的紧急信访事项 {{caseNumber}}（主题：{{subject}}），已于{{alertedAt}}报告{{alertedTo}}，要求{{responseBy}}响应，至今未记录处置安排。

依照《信访工作条例》第二十五条，现再次报告，并报上一级信访工作机构。请立即处置并在系统中记录“紧急响应”：{{caseLink}}

本邮件由系统自动发送。`,
  },
  petitionerMessage: {
    subject: '【{{caseNumber}}】信访人补充了材料 — {{office}}',
    body: `信访事项 {{caseNumber}}（主题：{{subject}}）的信访人于{{receivedAt}}{{how}}，材料已归入该事项。

请查看：{{caseLink}}

本邮件由系统自动发送。`,
  },
  acceptanceNotice: {
    subject: '【{{caseNumber}}】信访事项受理告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）经审查，{{basis}}{{acceptedBy}}决定予以受理，{{handledBy}}。

{{handlingRule}}办理单位最迟于{{handlingDeadline}}办结，办结后书面答复您。{{handlingDeadlineBasis}}{{materialHint}}

{{footer}}`,
  },
  transferNotice: {
    subject: '【{{caseNumber}}】信访事项转办告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）已受理，现转由{{unit}}办理。

{{handlingDeadlineChange}}：办理单位最迟于{{handlingDeadline}}办结，办结后书面答复您。{{handlingDeadlineBasis}}{{materialHint}}

{{footer}}`,
  },
  forwardNotice: {
    subject: '【{{caseNumber}}】信访事项转送告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}），经审查，应由{{to}}处理。{{office}}已将该事项转送{{to}}，由其依法决定是否受理并书面告知您{{decideBy}}。{{materialHint}}

{{footer}}`,
  },
  forwardedNotice: {
    subject: '【转送】{{caseNumber}} 请于{{acceptanceDeadline}}前决定是否受理 — {{office}}',
    body: `{{to}}：

{{office}}将信访事项 {{caseNumber}}（主题：{{subject}}）转送你单位，请依法决定是否受理，于{{acceptanceDeadline}}前书面告知信访人。

转送理由：{{reason}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  declineNotice: {
    subject: '【{{caseNumber}}】信访事项不予受理告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）经审查，{{office}}决定不予受理。

理由：{{reason}}

{{footer}}`,
  },
  redirectNotice: {
    subject: '【{{caseNumber}}】请向有权处理的机关反映 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）依法应由{{body}}处理。

{{reason}}

{{footer}}`,
  },
  assignmentNotice: {
    subject: '【{{handoff}}】{{caseNumber}} {{dueBrief}} — {{office}}',
    body: `{{unit}}：

{{handedBy}}将信访事项 {{caseNumber}}（主题：{{subject}}）{{handedTo}}你单位办理{{origin}}，{{due}}，{{answer}}{{cooperation}}{{limits}}{{reportBack}}

{{objection}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  cooperationNotice: {
    subject: '【协办】{{caseNumber}} 请配合{{lead}}办理 — {{office}}',
    body: `{{unit}}：

{{office}}将信访事项 {{caseNumber}}（主题：{{subject}}）交由{{lead}}牵头办理，请你单位配合，在{{handlingDeadline}}前将办理意见送{{lead}}，由其汇总后书面答复信访人。你单位不直接答复信访人。{{objection}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  cooperationOpinion: {
    subject: '【协办意见】{{caseNumber}} {{unit}}已送来办理意见 — {{office}}',
    body: `{{lead}}：

{{unit}}已就你单位牵头办理的信访事项 {{caseNumber}}（主题：{{subject}}）送来协办意见，请在事项中查看，汇总后办理并书面答复信访人（办理期限：{{handlingDeadline}}）。{{waiting}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  cooperationObjection: {
    subject: '【协办异议】{{caseNumber}} 请审批 — {{unit}}',
    body: `{{office}}：

{{unit}}于{{namedAt}}被{{office}}确定为信访事项 {{caseNumber}}（主题：{{subject}}）的配合单位（牵头单位：{{lead}}），依照《信访工作条例》第二十三条提出异议，认为本单位不承担该事项的配合职责。

异议理由：{{reason}}

审批前{{unit}}仍为配合单位。现办理期限：{{handlingDeadline}}。

请审批（同意即不再由其配合办理；不同意请说明理由）：{{caseLink}}

本邮件由系统自动发送。`,
  },
  cooperationObjectionDecided: {
    subject: '【协办异议】{{caseNumber}} {{decision}} — {{office}}',
    body: `{{unit}}：

你单位对配合办理信访事项 {{caseNumber}}（主题：{{subject}}，牵头单位：{{lead}}）提出的异议，{{office}}审批意见：{{decision}}。

{{reason}}

{{next}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  cooperationConcluded: {
    subject: '【已办结】{{caseNumber}} 牵头单位已办结 — {{office}}',
    body: `{{unit}}：

你单位配合办理的信访事项 {{caseNumber}}（主题：{{subject}}）已由牵头单位{{lead}}办结，由其书面答复信访人。{{missing}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  returnNotice: {
    subject: '【退回】{{caseNumber}} 已被{{unit}}退回 — {{office}}',
    body: `{{office}}：

信访事项 {{caseNumber}}（主题：{{subject}}）已被{{unit}}退回。

退回理由：{{reason}}

请重新确定办理单位：{{caseLink}}

本邮件由系统自动发送。`,
  },
  takenBackNotice: {
    subject: '【收回】{{caseNumber}} 已由{{office}}收回 — {{office}}',
    body: `{{unit}}：

{{office}}已将交你单位办理的信访事项 {{caseNumber}}（主题：{{subject}}）收回，另行确定办理。

理由：{{reason}}

你单位不再承办该事项，请勿再就该事项答复信访人；已掌握的情况和材料，请及时移交{{office}}。此后你单位不能再查看该事项。

本邮件由系统自动发送。`,
  },
  handedAwayNotice: {
    subject: '【转出】{{caseNumber}} 已转{{handedTo}}办理 — {{office}}',
    body: `{{unit}}：

{{office}}已将信访事项 {{caseNumber}}（主题：{{subject}}）转{{handedTo}}办理。

理由：{{reason}}

你单位不再承办该事项，请勿再就该事项答复信访人；已掌握的情况和材料，请及时移交{{handedTo}}。此后你单位不能再查看该事项。

本邮件由系统自动发送。`,
  },
  passedOnNotice: {
    subject: '【转出】{{caseNumber}} 已被{{unit}}转{{handedTo}}办理 — {{office}}',
    body: `信访事项 {{caseNumber}}（主题：{{subject}}）由{{office}}交{{unit}}办理，{{unit}}认为不属于其职责，已转{{handedTo}}办理。

理由：{{reason}}

请核实改由{{handedTo}}办理是否妥当，不妥的请及时处理：{{caseLink}}

本邮件由系统自动发送。`,
  },
  reopenedNotice: {
    subject: '【重新办理】{{caseNumber}} {{why}} — {{office}}',
    body: `{{unit}}：

信访事项 {{caseNumber}}（主题：{{subject}}）{{why}}，现由你单位重新办理。

{{reason}}

请于{{handlingDeadline}}前重新办结，并向信访人重新作出书面答复。{{reportBack}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  implementationReported: {
    subject: '【落实情况】{{caseNumber}} {{timeliness}} — {{unit}}',
    body: `{{office}}：

{{unit}}于{{reportedAt}}报送信访事项 {{caseNumber}}（主题：{{subject}}）按{{review}}意见落实的情况（报送期限：{{dueAt}}，{{timeliness}}）。

落实情况：{{report}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  reviewDecidedNotice: {
    subject: '【{{review}}结果】{{caseNumber}} {{outcome}} — {{office}}',
    body: `{{unit}}：

信访事项 {{caseNumber}}（主题：{{subject}}）经{{office}}{{review}}，决定{{outcome}}。

{{review}}意见：{{decision}}

{{next}}

查看事项：{{caseLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  extensionRequest: {
    subject: '【延期申请】{{caseNumber}} 请审批 — {{office}}',
    body: `{{unit}}申请将信访事项 {{caseNumber}}（主题：{{subject}}）的办理期限延长{{days}}日（现期限：{{handlingDeadline}}）。

理由：{{reason}}

请审批：{{caseLink}}

本邮件由系统自动发送。`,
  },
  extensionRequestReminder: {
    subject: '【延期申请·催办】{{caseNumber}} 仍待审批 — {{office}}',
    body: `{{unit}}于{{requestedAt}}申请将信访事项 {{caseNumber}}（主题：{{subject}}）的办理期限延长{{days}}日，至今尚未审批。现办理期限：{{handlingDeadline}}，审批前期限不变。

理由：{{reason}}

请及时审批：{{caseLink}}

本邮件由系统自动发送。`,
  },
  extensionDecided: {
    subject: '【延期审批】{{caseNumber}} {{decision}}延期 — {{office}}',
    body: `{{unit}}：

{{requestedBy}}申请将信访事项 {{caseNumber}}（主题：{{subject}}）的办理期限延长{{days}}日，经领导审批，{{decision}}延期。{{reason}}

现办理期限：{{handlingDeadline}}。{{next}}

查看事项：{{caseLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  resultReport: {
    subject: '【办理结果报送】{{caseNumber}} — {{unit}}',
    body: `{{office}}：

你单位{{relation}}的信访事项 {{caseNumber}}（主题：{{subject}}）已由{{unit}}办结，并于{{repliedAt}}书面答复信访人（{{delivery}}）。现将办理结果报送如下：

办理结果：{{outcome}}
查明事实：{{facts}}
依据：{{basis}}
处理意见：{{decision}}

信访处理意见书及办理过程：{{caseLink}}

本邮件由系统自动发送。`,
  },
  bypassNotice: {
    subject: '越级上访告知单',
    body: `越级上访告知单

{{petitionerName}}：

您于{{receivedAt}}到{{office}}来访反映的问题（登记编号 {{caseNumber}}，主题：{{subject}}），按照"属地管理、分级负责，谁主管、谁负责"的原则，应由{{competent}}负责处理。{{handledBy}}

来访请到有权处理的本级或者上一级机关设立或者指定的接待场所提出。就此事项，请您到{{competent}}反映{{contact}}。您可凭登记编号和查询码查询办理进展。

{{office}}
{{date}}`,
  },
  returnRequest: {
    subject: '【退回申请】{{caseNumber}} 请审批 — {{unit}}',
    body: `{{office}}：

{{unit}}于{{receivedAt}}收到{{office}}转交的信访事项 {{caseNumber}}（主题：{{subject}}），认为不属于本单位职责，异议期已于{{objectionUntil}}届满，依照《信访工作条例》第二十三条申请退回。

申请理由：{{reason}}

现办理期限：{{handlingDeadline}}。审批前由{{unit}}继续办理。

请审批（同意即退回{{office}}重新确定办理单位；不同意请说明理由）：{{caseLink}}

本邮件由系统自动发送。`,
  },
  signOffRequest: {
    subject: '【待签发】{{caseNumber}} {{subject}} 处理意见书请审核签发',
    body: `{{approvers}}：

信访事项 {{caseNumber}}（主题：{{subject}}）已由{{concludedBy}}于{{concludedAt}}办结。{{corrected}}按照{{office}}规定，《信访事项处理意见书》须经审核签发后才能答复信访人。

请审阅处理意见书，无误的予以签发；需要修改的，请告知承办人更正办理结果。答复期限：{{replyDeadline}}。

审核签发：{{caseLink}}

本邮件由系统自动发送。`,
  },
  reviewSignOffRequest: {
    subject: '【待签发】{{caseNumber}} {{subject}} {{kind}}意见书请审核签发',
    body: `{{approvers}}：

信访事项 {{caseNumber}}（主题：{{subject}}）的{{kind}}申请，{{draftedBy}}于{{draftedAt}}拟制《信访事项{{kind}}意见书》，拟{{outcome}}。{{redrafted}}按照{{office}}规定，{{kind}}意见书须经领导审核签发后才能送达信访人。

请审阅{{kind}}意见书，无误的予以签发；需要修改的，请告知拟稿人重新拟制。{{kind}}期限：{{deadline}}。

审核签发：{{caseLink}}

本邮件由系统自动发送。`,
  },
  leaderReadingRequest: {
    subject: '【呈领导阅批】{{caseNumber}} {{subject}}',
    body: `{{leader}}：

{{submitterOffice}}{{submittedBy}}于{{submittedAt}}将信访事项 {{caseNumber}}（主题：{{subject}}）呈您阅批。

拟办意见：{{opinion}}

{{deadlineLine}}请在事项页阅批：作出批示的，批示即送承办单位和{{office}}落实；无需批示的，请点“已阅”。

查看该事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  leaderInstruction: {
    subject: '【领导批示】{{caseNumber}} {{subject}} — {{leader}}',
    body: `{{recipients}}：

{{leader}}于{{givenAt}}对信访事项 {{caseNumber}}（主题：{{subject}}）作出批示：

{{instruction}}

请按批示意见抓紧落实，落实情况记入办理记录。办理期限：{{handlingDeadline}}。{{copied}}

查看该事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  handDownObjection: {
    subject: '【异议退回】{{caseNumber}} 退回{{office}}重新分办 — {{lowerOffice}}',
    body: `{{office}}：

{{lowerOffice}}于{{receivedAt}}收到贵机关转送（交办）的信访事项 {{caseNumber}}（主题：{{subject}}），认为不属于本机关管辖，依照《信访工作条例》第二十三条在 5 个工作日内提出异议，已将该事项退回贵机关。

异议理由：{{reason}}

该事项已列入贵机关待分办事项（标注为“下级退回”），受理期限：{{acceptanceDeadline}}。请重新确定办理机关：{{caseLink}}

本邮件由系统自动发送。`,
  },
  returnRequestDecided: {
    subject: '【退回申请】{{caseNumber}} {{decision}} — {{office}}',
    body: `{{unit}}：

你单位申请退回的信访事项 {{caseNumber}}（主题：{{subject}}），{{office}}审批意见：{{decision}}。

{{reason}}

{{next}}

查看事项：{{caseLink}}

本邮件由系统自动发送。`,
  },
  returnRequestReminder: {
    subject: '【退回申请·催办】{{caseNumber}} 仍待审批 — {{unit}}',
    body: `{{office}}：

{{unit}}于{{requestedAt}}申请退回信访事项 {{caseNumber}}（主题：{{subject}}），至今尚未审批。审批前由{{unit}}继续办理，办理期限不因申请而延长（现办理期限：{{handlingDeadline}}）。

申请理由：{{reason}}

请及时审批（同意即退回重新确定办理单位；不同意请说明理由）：{{caseLink}}

本邮件由系统自动发送。`,
  },
  extensionNotice: {
    subject: '【{{caseNumber}}】信访事项办理期限延长告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）因情况复杂，经批准，办理期限延长{{days}}日，最迟于{{handlingDeadline}}办结，办结后书面答复您。{{handlingDeadlineBasis}}

延期理由：{{reason}}

{{footer}}`,
  },
  suspensionNotice: {
    subject: '【{{caseNumber}}】信访事项{{clock}}中止计算告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）因{{ground}}，自{{since}}起中止计算{{clock}}。{{ground}}所需时间不计入{{clock}}；恢复计算后，期限相应顺延，届时另行告知您。

中止理由：{{reason}}

{{footer}}`,
  },
  progressNotice: {
    subject: '【{{caseNumber}}】信访事项办理进展 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）正在办理。现将办理进展告知如下：

{{progress}}

{{clock}}{{materialHint}}

{{footer}}`,
  },
  materialRequestNotice: {
    subject: '【{{caseNumber}}】请补充信访材料 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）正在办理。为查明情况，请您{{byWhen}}补充以下材料：

{{needed}}

{{howToSend}}

{{clock}}

{{footer}}`,
  },
  resumptionNotice: {
    subject: '【{{caseNumber}}】信访事项{{clock}}恢复计算告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）因{{ground}}中止计算的{{clock}}已恢复计算。中止的{{days}}不计入期限，{{clock}}顺延至{{deadline}}。

{{footer}}`,
  },
  reminder: {
    subject: '【催办】{{caseNumber}} {{clock}}将于{{deadline}}届满 — {{office}}',
    body: `{{unit}}：

信访事项 {{caseNumber}}（主题：{{subject}}）的{{clock}}将于{{deadline}}届满，{{remaining}}。{{deadlineBasis}}

{{ask}}

查看事项：{{caseLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  escalation: {
    subject: '【督办】{{caseNumber}} 已逾期（{{clock}}），报{{step}} — {{office}}',
    body: `{{recipients}}：

信访事项 {{caseNumber}}（主题：{{subject}}，承办：{{unit}}）的{{clock}}已于{{deadline}}届满，{{overdue}}，{{pending}}。{{deadlineBasis}}

按照逾期逐级督办的规定，现报{{step}}督促办理。{{earlierSteps}}{{reportBack}}

查看事项：{{caseLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  supervision: {
    subject: '【督办】{{caseNumber}} 已逾期，信访人已向上级再次反映 — {{office}}',
    body: `{{holder}}：

信访事项 {{caseNumber}}（主题：{{subject}}，承办：{{unit}}）的{{clock}}已于{{deadline}}届满，{{overdue}}，{{pending}}。信访人于{{receivedAt}}就同一事项向{{office}}再次反映（{{registeredAs}}，所反映的情况和材料已并入本件）。{{unproven}}

现予督办：请抓紧办理，尽快答复信访人，并将办理结果报送{{office}}。

查看事项：{{caseLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  decisionLetter: {
    subject: '【{{caseNumber}}】{{title}} — {{office}}',
    body: `{{title}}

{{petitionerName}}：

{{opening}}

一、查明的事实
{{facts}}

二、政策或法律依据
{{basis}}

三、{{decisionHeading}}
{{decision}}

{{reviewRight}}

{{unit}}
{{date}}

{{validity}}`,
  },
  followUp: {
    subject: '【{{caseNumber}}】回访：您对信访事项的办理结果是否满意？ — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）已于{{repliedAt}}书面答复。为了解办理效果，请告诉我们您是否满意：

满意：{{satisfiedLink}}
不满意：{{unsatisfiedLink}}

也可以直接回复本邮件"满意"或"不满意"并写明理由。{{unsatisfied}}

本邮件由系统自动发送。
{{office}}`,
  },
  unsatisfiedReceived: {
    subject: '【{{caseNumber}}】您的“不满意”评价已收到 — {{office}}',
    body: `{{petitionerName}}：

您好！您于{{answeredAt}}在网上信访对信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）的办理结果作出了“不满意”的评价，评价已经收到并记录在案。

{{next}}

本邮件由系统自动发送。
{{office}}`,
  },
  reviewRequested: {
    subject: '【{{kind}}申请】{{caseNumber}} 请在{{deadline}}前作出{{kind}}意见 — {{office}}',
    body: `{{office}}：

信访人对信访事项 {{caseNumber}}（主题：{{subject}}）的{{previous}}不服，申请{{kind}}。

申请理由：{{reason}}

请在{{deadline}}前作出{{kind}}意见并书面答复信访人：{{caseLink}}

本邮件由系统自动发送。`,
  },
  withdrawalNotice: {
    subject: '【{{caseNumber}}】信访事项撤回告知 — {{office}}',
    body: `{{petitionerName}}：

您于{{withdrawnAt}}{{how}}撤回所反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）。本机关已终止办理，各项办理期限不再计算。

撤回并非您本人真实意愿的，请{{objectTo}}说明情况。撤回后，就同一事项有新的事实和理由的，可以重新提出信访事项。

{{footer}}`,
  },
  reinstatementNotice: {
    subject: '【{{caseNumber}}】信访事项恢复办理告知 — {{office}}',
    body: `{{petitionerName}}：

您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）此前记录为撤回。经核实，撤回并非您本人的真实意愿，本机关已恢复办理{{deadline}}。

{{materialHint}}

{{footer}}`,
  },
  decisionWithdrawnNotice: {
    subject: '【{{caseNumber}}】撤销原{{decision}}决定告知 — {{office}}',
    body: `{{petitionerName}}：

本机关于{{decidedAt}}就您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）作出的{{decision}}决定，经重新审查予以撤销。本机关将重新决定是否受理，并最迟于{{deadline}}书面告知您。

{{materialHint}}

{{footer}}`,
  },
  withdrawalDisputeReceived: {
    subject: '【{{caseNumber}}】您对撤回的异议已收到 — {{office}}',
    body: `{{petitionerName}}：

您于{{receivedAt}}来信表示，您反映的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）的撤回并非您本人的真实意愿。来信已收到，{{office}}将与您本人核实情况。

经核实撤回确非您本人真实意愿的，本机关将重新办理该事项，撤回期间不计入办理期限，并另行书面告知您。核实之前，本事项仍记录为撤回。

核实时，请说明您是否知道撤回一事、撤回是如何提出的；您也可以来电或来访说明情况。如遇人身危险，请立即拨打110报警。

{{footer}}`,
  },
  reviewReceived: {
    subject: '【{{caseNumber}}】{{kind}}申请已收到 — {{office}}',
    body: `{{petitionerName}}：

您对信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）的{{previous}}提出的{{kind}}申请，已于{{receivedAt}}收到，由{{office}}{{kind}}。

{{rule}}，{{office}}最迟于{{deadline}}提出{{kind}}意见，并书面答复您。{{hearing}}

{{materialHint}}

{{footer}}`,
  },
  reviewRefused: {
    subject: '【{{caseNumber}}】复查（复核）申请不予受理告知 — {{office}}',
    body: `{{petitionerName}}：

您就信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）提出的申请，经审查不予受理。

理由：{{reason}}

本邮件由系统自动发送。
{{office}}`,
  },
  leaderOwnershipEnded: {
    subject: '【包案变更】{{caseNumber}} 已改由{{successor}}包案 — {{office}}',
    body: `{{leader}}：

{{by}}信访事项 {{caseNumber}}（主题：{{subject}}）改由{{successor}}包案办理，您不再包案该事项。

理由：{{reason}}

此前掌握的情况，请及时与{{successor}}交接。

本邮件由系统自动发送。`,
  },
  leaderOwnershipAbove: {
    subject: '【上级领导包案】{{caseNumber}} 由{{leader}}包案 — {{office}}',
    body: `{{recipients}}：

信访事项 {{caseNumber}}（主题：{{subject}}）已由{{office}}{{leader}}包案办理。

包案理由：{{reason}}
当前状态：{{status}}{{deadline}}

请继续依法按期办理，并主动向包案领导报告办理进展和重要情况；包案领导的批示意见请抓好落实。本事项督办时同时抄送包案领导。

查看：{{caseLink}}

本邮件由系统自动发送。`,
  },
  leaderOwnership: {
    subject: '【包案】{{caseNumber}} 请您包案化解 — {{office}}',
    body: `{{leader}}：

{{by}}信访事项 {{caseNumber}}（主题：{{subject}}）由您包案办理。

包案理由：{{reason}}
当前状态：{{status}}{{deadline}}

请您牵头研究、督促承办单位依法按期办理，推动问题解决和息诉罢访。本事项督办时将同时抄送您。

查看：{{caseLink}}

本邮件由系统自动发送。`,
  },
  queryCode: {
    subject: '【{{caseNumber}}】信访事项查询码 — {{office}}',
    body: `{{petitionerName}}：

您好！网上信访收到了领取信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）查询码的申请，新的查询码已发放，现发送到登记时留下的本邮箱。

查询码：{{queryCode}}

{{previousCode}}凭登记编号和查询码，可在 {{trackingLink}} 查询办理进展，阅读和打印处理意见书，补充材料，评价办理结果。请妥善保存查询码，不要告诉他人；本机关工作人员不会向您索要查询码。

查询码只发送到登记时留下的邮箱。如果不是您本人申请的，本邮件中的新查询码仍然归您使用，请用它查询；您也可以告知{{office}}{{contact}}。

本邮件由系统自动发送。
{{office}}`,
  },
  queryCodeReplaced: {
    subject: '【{{caseNumber}}】查询码已重新发放 — {{office}}',
    body: `{{petitionerName}}：

您好！{{issuedAt}}，{{office}}工作人员为您的信访事项（登记编号 {{caseNumber}}，主题：{{subject}}）重新发放了查询码（{{how}}），此前的查询码已经失效。

如果这是您本人向信访机构申请的，您无需处理。如果您没有申请过，请尽快与{{office}}联系；您也可以在 {{codeLink}} 凭登记编号和本邮箱重新领取查询码，新的查询码会发送到本邮箱，工作人员发放的查询码随即失效。

本邮件不含查询码。本邮件由系统自动发送。
{{office}}`,
  },
  digest: {
    subject: '【每日提醒】{{unit}}：逾期{{overdueCount}}件，{{dueWithinDays}}日内到期{{dueCount}}件（{{date}}）',
    body: `{{unit}}：

截至{{date}}，你单位承办的信访事项中：

已超过期限（{{overdueCount}}件）：
{{overdueList}}

{{dueWithinDays}}日内到期（{{dueCount}}件）：
{{dueList}}

工作清单：{{worklistLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  unstaffedLead: {
    subject: '【无人承办】{{units}}在系统中已无工作人员，{{count}}件在办事项待重新交办（{{date}}）',
    body: `{{office}}：

截至{{date}}，{{units}}在系统中已没有承办人员（经办人、单位负责人），以下由其主办的在办事项无人能够办理、办结和答复，期限仍在计算：

{{caseList}}

请在事项页“收回”后重新交办有工作人员的单位或由本机关自办，或在系统中为该单位补充工作人员。

工作清单（无人承办）：{{worklistLink}}

本邮件由系统自动发送，每日一次，直至上述事项均有人承办。
{{office}}`,
  },
  heldMailWaiting: {
    subject: '【疑似广告】{{count}}封疑似广告邮件待甄别，最早于{{oldest}}收到（{{date}}）',
    body: `{{office}}：

截至{{date}}，本机关信访邮箱有{{count}}封邮件被系统暂存（疑似广告，或寄往已停用、非信访邮箱的地址），未登记、未回复发件人，最早的一封于{{oldest}}收到，已超过一个工作日。其中可能有信访事项，请逐一甄别：确属信访事项的登记为信访事项，确属广告或并非信访事项的确认无效。

工作台（疑似广告）：{{worklistLink}}

本邮件由系统自动发送，每日一次，直至上述邮件均已处理。
{{office}}`,
  },
  receptionBooking: {
    subject: '【领导接待日】预约成功 {{reference}} — {{office}}',
    body: `{{petitionerName}}：

您好！您已预约{{office}}领导接待日，预约编号为 {{reference}}。

接待领导：{{leader}}
接待时间：{{date}} {{time}}
接待地点：{{place}}
{{topics}}
请按时到场，携带本人身份证件和与反映事项有关的材料，并向工作人员出示预约编号。如不能按时参加，请及时与{{office}}联系取消预约，以便将名额留给其他群众。

隐私说明：您提供的个人信息仅用于安排本次接待和办理您反映的事项，依法予以保护。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionCancelled: {
    subject: '【领导接待日】预约已取消 {{reference}} — {{office}}',
    body: `{{petitionerName}}：

您好！您于{{cancelledAt}}在网上信访取消了{{office}}领导接待日的预约（预约编号 {{reference}}）。

接待时间：{{date}} {{time}}
接待地点：{{place}}

该预约已经取消，名额已释放给其他群众，请不要再按原预约到场。

如需再次预约，请打开 {{bookingLink}} ，选择接待日重新填写预约（原预约编号和取消码不再有效）；也可以致电或前往{{office}}咨询。

如果不是您本人取消的，请尽快与{{office}}联系。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionCancelledByOffice: {
    subject: '【领导接待日】您的预约已被取消 {{reference}} — {{office}}',
    body: `{{petitionerName}}：

您好！很抱歉通知您，您在{{office}}领导接待日的预约（预约编号 {{reference}}）已由{{office}}取消。

原接待时间：{{date}} {{time}}
原接待地点：{{place}}
取消原因：{{reason}}

请不要再按原预约到场。您可以：
- 另选接待日重新预约：打开 {{bookingLink}} ，选择其他接待日填写预约（原预约编号和取消码不再有效）；
- 在工作日到{{visit}}来访反映；
- 通过来信或网上信访（{{petitionLink}}）反映。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionCancelledOnRequest: {
    subject: '【领导接待日】预约已取消 {{reference}} — {{office}}',
    body: `{{petitionerName}}：

您好！根据您的要求，{{office}}已取消您的领导接待日预约（预约编号 {{reference}}）。

接待时间：{{date}} {{time}}
接待地点：{{place}}

名额已释放给其他群众，请不要再按原预约到场。如需再次预约，请打开 {{bookingLink}} ，选择接待日重新填写预约（原预约编号和取消码不再有效）；也可以致电或前往{{office}}咨询。

如果您并未要求取消，请尽快与{{office}}联系。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionReminder: {
    subject: '【接待日提醒】明天{{time}}领导接待日，已预约{{bookingCount}}人 — {{office}}',
    body: `{{leader}}：

明天（{{date}} {{time}}）是您在{{place}}的领导接待日。目前已预约{{bookingCount}}人（共{{capacity}}个名额），名单如下：

{{bookings}}

{{accompanying}}预约群众的完整信息：{{bookingsLink}}

名单含群众个人信息，仅供接待准备使用，请勿转发。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionDayList: {
    subject: '【接待日】今天{{time}}领导接待日，预约名单有更新，现已预约{{bookingCount}}人 — {{office}}',
    body: `{{leader}}：

今天（{{date}} {{time}}）是您在{{place}}的领导接待日。昨日提醒发出后又有{{newCount}}人预约，现已预约{{bookingCount}}人（共{{capacity}}个名额），完整名单如下：

{{bookings}}

{{accompanying}}预约群众的完整信息：{{bookingsLink}}

名单含群众个人信息，仅供接待准备使用，请勿转发。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionToday: {
    subject: '【接待日提醒】今天{{time}}领导接待日，已预约{{bookingCount}}人 — {{office}}',
    body: `{{leader}}：

今天（{{date}} {{time}}）是您在{{place}}的领导接待日。目前已预约{{bookingCount}}人（共{{capacity}}个名额），名单如下：

{{bookings}}

{{accompanying}}预约群众的完整信息：{{bookingsLink}}

名单含群众个人信息，仅供接待准备使用，请勿转发。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionAccompany: {
    subject: '【领导接待日陪访】{{date}} {{time}} {{leader}}接待，请{{unit}}陪访 — {{office}}',
    body: `{{unit}}：

根据领导接访安排，{{leader}}于{{date}} {{time}}在{{place}}接待群众来访。按照部门负责人陪访制度，接访领导确定由贵单位陪同接待，请安排负责同志准时到场，并做好相关政策和情况的准备。

本场陪访部门：{{units}}
{{booked}}

{{topics}}

本场接待安排（贵单位工作人员登录后可查看，不含来访人个人信息）：{{sessionLink}}

陪访部门或接待安排如有调整，将另行通知；接待前一日将再次告知届时的预约情况。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionAccompanyReminder: {
    subject: '【领导接待日陪访提醒】明天{{time}} {{leader}}接待，请{{unit}}陪访 — {{office}}',
    body: `{{unit}}：

明天（{{date}} {{time}}）{{leader}}在{{place}}接待群众来访，贵单位为陪访部门，请负责同志准时到场。

本场陪访部门：{{units}}
{{booked}}

{{topics}}

本场接待安排（贵单位工作人员登录后可查看，不含来访人个人信息）：{{sessionLink}}

本邮件由系统自动发送。
{{office}}`,
  },
  receptionAccompanyWithdrawn: {
    subject: '【领导接待日陪访】{{date}} {{time}}的接待无需{{unit}}陪访 — {{office}}',
    body: `{{unit}}：

{{leader}}于{{date}} {{time}}在{{place}}的领导接待日，陪访部门已调整，贵单位无需再安排人员陪访。此前的陪访通知作废，给您带来不便，敬请谅解。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionAccompanyMoved: {
    subject: '【领导接待日陪访】接待安排调整：{{date}} {{time}} {{leader}}接待 — {{office}}',
    body: `{{unit}}：

贵单位陪访的领导接待日安排已调整（原因：{{reason}}），现安排如下：

接待领导：{{leader}}
接待时间：{{date}} {{time}}
接待地点：{{place}}

贵单位仍为陪访部门，请按调整后的安排做好陪同接待准备。

本邮件由系统自动发送。
{{office}}`,
  },
  receptionAccompanyCancelled: {
    subject: '【领导接待日陪访】{{date}} {{time}}的领导接待日已取消 — {{office}}',
    body: `{{unit}}：

原定{{date}} {{time}}由{{leader}}在{{place}}接待群众来访的领导接待日已取消（原因：{{reason}}），贵单位无需安排人员陪访。

本邮件由系统自动发送。
{{office}}`,
  },
};
