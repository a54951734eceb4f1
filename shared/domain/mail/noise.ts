import { quotedMessageId } from './bounce.js';
import { ownWords } from './intent.js';
import type { ParsedEmail } from './parsed-email.js';
import { threadCandidates, typedCaseNumbers } from './threading.js';

/**
 * What an incoming email is before anything else is decided about it. Only a
 * `petition` may open a case or receive an acknowledgement; the other kinds
 * are machine mail or our own mail, which would otherwise start mail loops or
 * bogus cases acknowledged to ourselves.
 */
export type NoiseVerdict = { kind: 'petition' } | { kind: 'ownMailbox' | 'autoReply' | 'bounce' | 'bulk'; reason: string };

type Noise = Exclude<NoiseVerdict, { kind: 'petition' }>;

/**
 * Classifies an email as a petition or as noise, naming the header or rule
 * that matched. Our own mail comes first: whatever else it is, it is ours.
 * Then bounce → auto-reply → bulk, because bounces often carry auto-reply
 * headers too (Postfix and Exim add `Auto-Submitted`) and a bounce must be
 * recognised as one to be recorded on the case it concerns.
 *
 * `isOwnAddress` tells our addresses (see ownAddresses); `isOurMessageId`
 * tells a Message-ID we sent (in our form, its mac verified): without it, no
 * quoted Message-ID counts as ours.
 */
export function classifyNoise(
  email: ParsedEmail,
  isOwnAddress: (address: string) => boolean,
  isOurMessageId: (messageId: string) => boolean = () => false,
): NoiseVerdict {
  return (
    ownMailboxSign(email, isOwnAddress) ??
    strongBounceSign(email) ??
    proseBounceSign(email, isOurMessageId) ??
    autoReplySign(email, isOurMessageId) ??
    nullSenderSign(email) ??
    bulkSign(email) ?? { kind: 'petition' }
  );
}

/** What ownAddresses reads of the province: its mailboxes and its sending address. */
export interface OwnMailboxes {
  mailboxOwnerOf(address: string): unknown;
  config: { mail: { from: string } };
}

/** Our own addresses: every office and unit mailbox of the configuration, and the address our mail is sent from. */
export function ownAddresses(province: OwnMailboxes): (address: string) => boolean {
  const from = province.config.mail.from.trim().toLowerCase();
  return (address) => {
    const normalised = address.trim().toLowerCase();
    return normalised !== '' && (normalised === from || province.mailboxOwnerOf(normalised) !== undefined);
  };
}

/**
 * Mail from one of our mailboxes or our sending address (a unit writing to
 * its office, our own letter come back, a loop) registers nothing and answers
 * nothing. The envelope sender counts as much as From. The reason names no
 * address: it is logged.
 */
function ownMailboxSign(email: ParsedEmail, isOwnAddress: (address: string) => boolean): Noise | undefined {
  if (email.from && isOwnAddress(email.from.address)) return { kind: 'ownMailbox', reason: 'From: one of our own mailboxes' };
  if (email.returnPath && isOwnAddress(email.returnPath)) return { kind: 'ownMailbox', reason: 'Return-Path: one of our own mailboxes' };
  return undefined;
}

function header(email: ParsedEmail, name: string): string | undefined {
  return email.headers[name];
}

/** The parsed media type and the raw header, which may keep the parameters (report-type). */
function contentTypes(email: ParsedEmail): string[] {
  return [email.contentType, header(email, 'content-type') ?? ''].map((t) => t.trim().toLowerCase());
}

function strongBounceSign(email: ParsedEmail): Noise | undefined {
  const localPart = email.from?.address.split('@')[0]?.trim().toLowerCase();
  if (localPart === 'mailer-daemon' || localPart === 'postmaster') {
    return { kind: 'bounce', reason: `From: ${localPart}` };
  }
  const types = contentTypes(email);
  if (types.some((t) => t.startsWith('multipart/report'))) {
    const reportType = /report-type\s*=\s*"?([\w-]+)/.exec(types.join(';'))?.[1];
    // A read receipt (MDN) or an abuse report is machine mail but not a failed delivery:
    // recording it as a bounce would tell staff the petitioner never got our message.
    if (reportType && reportType !== 'delivery-status') {
      return { kind: 'autoReply', reason: `Content-Type: multipart/report; report-type=${reportType}` };
    }
    return { kind: 'bounce', reason: `Content-Type: multipart/report${reportType ? `; report-type=${reportType}` : ''}` };
  }
  if (header(email, 'x-failed-recipients') !== undefined) return { kind: 'bounce', reason: 'X-Failed-Recipients' };
  return undefined;
}

/**
 * Subjects mail systems write when a message could not be delivered: Postfix,
 * Exim, Exchange, Gmail, and the titles of the Chinese providers' 退信 notices —
 * but citizens write them too (退信通知：我寄给县长的信被邮局退回了 is about a paper
 * letter; 邮件被退回：…, 投递失败：快递丢了…, Returned mail), so a subject alone
 * never makes a bounce (see proseBounceSign). Matched at the start of the
 * subject, as a whole word: 退信访件的处理太慢 is not one.
 */
const BOUNCE_SUBJECT = new RegExp(
  String.raw`^\s*[[【(（]?\s*(undelivered mail returned to sender|undeliverable|undelivered mail|mail delivery failed|delivery status notification \(failure\)|returned mail|failure notice|delivery has failed|message not delivered|nondeliverable|` +
    String.raw`delivery failure|delivery notification|mail system error|` +
    String.raw`系统退信|退信通知|邮件退信通知|系統退信|退信|邮件退信|邮件被退回|邮件退回|退回的邮件|邮件投递失败|投递失败|邮件发送失败|发送失败|邮件未能送达|未能送达|无法送达|无法投递|邮件未送达|未送达|無法傳遞|無法投遞)` +
    String.raw`(?=$|[\s:：\]】)）\-—,，])`,
  'i',
);
/**
 * Local parts of the service addresses providers send notices from, as the
 * whole local part (a `+detail` allowed): system.li@ or noreply.wang@ is a
 * person's mailbox, not a mail system's.
 */
const MAIL_SYSTEM_ADDRESS =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer|mailer[-_.]?daemon|mail[-_.]?daemon|mail[-_.]?system|bounces?|system|sysadmin|mailadmin|notify|notification|notifications|postmaster)(?:\+[^@]*)?$/i;
/** Display names of mail systems (Postfix's, Gmail's, the providers' 退信 senders). */
const MAIL_SYSTEM_NAME = /^(?:mail delivery (?:system|subsystem|service)|系统退信|退信系统|邮件系统|邮件投递系统|系統退信)$/i;

/** Whether the sender is a mail system, by its display name or its address; the words for the reason (never the address: it is logged). */
function mailSystemSender(email: ParsedEmail): string | undefined {
  const name = email.from?.name?.trim() ?? '';
  const localPart = email.from?.address.split('@')[0]?.trim() ?? '';
  if (MAIL_SYSTEM_NAME.test(name)) return "a mail system's name";
  if (MAIL_SYSTEM_ADDRESS.test(localPart)) return "a mail system's address";
  return undefined;
}

/**
 * A bounce in prose, without a DSN part or the null sender: the 退信 notices of
 * Chinese providers, sent as ordinary mail from a service address, and
 * gateways that rewrite the envelope sender. Known by a bounce subject
 * together with a mail system for its sender, or with a genuine Message-ID
 * of ours quoted in its text (or returned copy), which then finds the
 * letter's case as a DSN's would. A bounce subject from anyone else is a
 * citizen's and is registered: a bounce is never registered or answered, so
 * taking a petition for one would lose it unseen, while taking a bounce for
 * a petition costs one acknowledgement (bounded by the daily limit).
 */
function proseBounceSign(email: ParsedEmail, isOurMessageId: (messageId: string) => boolean): Noise | undefined {
  const subject = BOUNCE_SUBJECT.exec(email.subject)?.[1];
  if (!subject) return undefined;
  const sender = mailSystemSender(email);
  if (sender) return { kind: 'bounce', reason: `Subject: ${subject}; From: ${sender}` };
  const quoted = quotedMessageId(email);
  if (quoted && isOurMessageId(quoted)) return { kind: 'bounce', reason: `Subject: ${subject}; quotes a Message-ID of ours` };
  return undefined;
}

/**
 * The null sender alone is a weaker sign than the others: RFC 3834 asks
 * auto-responders to use `<>` too, so a vacation reply with `Return-Path: <>`
 * is checked as an auto-reply first and is not recorded as a failed delivery.
 */
function nullSenderSign(email: ParsedEmail): Noise | undefined {
  return email.returnPath === '' ? { kind: 'bounce', reason: 'Return-Path: <> (null sender)' } : undefined;
}

const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder'] as const;

/**
 * Subject prefixes of out-of-office and auto-reply messages (QQ, 163, Outlook, Exchange).
 * Matched only at the start of the subject, after reply prefixes, and only as a
 * whole word: "自动回复系统太慢" or "外出务工人员…" are petitions.
 */
const AUTO_REPLY_SUBJECT = new RegExp(
  String.raw`^\s*(?:(?:re|回复|答复|回覆)\s*[:：]\s*)*[[【(（]?\s*` +
    String.raw`(自动回复|自动答复|自动应答|自動回覆|自動回復|自動答覆|auto[\s_-]?reply|automatic\s+reply|out\s+of\s+(?:the\s+)?office|外出|休假中|不在办公室)` +
    String.raw`(?=$|[\s:：\]】)）\-—])`,
  'i',
);

function autoReplySign(email: ParsedEmail, isOurMessageId: (messageId: string) => boolean): Noise | undefined {
  const autoSubmitted = header(email, 'auto-submitted');
  if (autoSubmitted !== undefined) {
    // Repeated headers are joined with '\n'; each value may carry parameters ("auto-replied; owner-email=…").
    const values = autoSubmitted.split('\n').map((v) => v.split(';')[0]!.trim().toLowerCase());
    const value = values.find((v) => v !== 'no' && v !== '');
    if (value) return { kind: 'autoReply', reason: `Auto-Submitted: ${value}` };
  }
  for (const name of AUTO_REPLY_HEADERS) {
    if (header(email, name) !== undefined) return { kind: 'autoReply', reason: name.replace(/\b\w/g, (c) => c.toUpperCase()) };
  }
  // `X-Auto-Response-Suppress` is deliberately not a sign: Outlook sets it on ordinary mail.
  if (precedence(email) === 'auto_reply') return { kind: 'autoReply', reason: 'Precedence: auto_reply' };
  const subject = AUTO_REPLY_SUBJECT.exec(email.subject)?.[1];
  if (subject) return { kind: 'autoReply', reason: `Subject: ${subject}` };
  // QQ Mail's holiday reply carries no header and keeps the subject it answers; its first line says what it is.
  const opening = email.text.trimStart().slice(0, 200);
  const body = AUTO_REPLY_OPENING.exec(opening)?.[0];
  if (body) return { kind: 'autoReply', reason: `Body: ${body}` };
  return bodyMarkerSign(email, isOurMessageId);
}

/** The opening line mail services write into an automatic reply's body. */
const AUTO_REPLY_OPENING = /^(?:这是来自QQ邮箱的假期自动回复邮件|这是一封自动回复邮件|此邮件为自动回复|本邮件为自动回复)/;

/**
 * A short marker enterprise mail and Sina open an automatic reply's body with
 * (they send no header and keep the subject they answer) — and that citizens
 * open a petition with too: a department's auto-reply pasted above the
 * complaint (【自动回复】您好，您的来信已收到。——这是你们上次的回复，可是…), a question
 * (此为自动回复吗？…), a note that their own mailbox answers automatically.
 */
const AUTO_REPLY_MARKER = /^(?:此为自动回复|[[【(（]\s*(?:自动回复|自动答复|自動回覆|自動回復)\s*[\]】)）])/;
/** Longest text after the marker (without spaces and the quoted letter) an automatic reply is taken to be. */
const AUTO_REPLY_MAX_CHARS = 100;
/**
 * Signs that the words after the marker are the sender's own: a question, a
 * dash leading on to what they add, words that introduce or state a grievance.
 */
const SENDERS_OWN_WORDS = /[?？]|——|以下|如下|诉求|投诉|举报|可是|但是|然而|至今|到现在|还没|没人|无人|请忽略/;
/** A subject that answers another (Re:, 回复：), so a case number in it is the one our letter gave. */
const REPLY_SUBJECT = /^\s*(?:re|aw|回复|答复|回覆)\s*[:：]/i;

/**
 * The body marker makes an automatic reply only with another sign of one and
 * a body that says nothing else: the null sender or a mail system's address
 * or name, or an answer to a message we sent (In-Reply-To or References a
 * genuine Message-ID of ours, or our case number in a Re: subject) — the
 * Auto-Submitted and X-Autoreply headers were read above. Otherwise the mail
 * is registered (or threaded to the case it answers): an automatic reply taken
 * for a petition costs one acknowledgement, bounded by the per-address daily
 * limit; a petition taken for an automatic reply is lost unseen.
 */
function bodyMarkerSign(email: ParsedEmail, isOurMessageId: (messageId: string) => boolean): Noise | undefined {
  const own = ownWords(email.text);
  const marker = AUTO_REPLY_MARKER.exec(own)?.[0];
  if (!marker) return undefined;
  const rest = own.slice(marker.length).replace(/\s+/g, '');
  if (rest.length > AUTO_REPLY_MAX_CHARS || SENDERS_OWN_WORDS.test(rest)) return undefined;
  const sign = autoReplyCorroboration(email, isOurMessageId);
  return sign ? { kind: 'autoReply', reason: `Body: ${marker}; ${sign}` } : undefined;
}

/** What else shows a marked body to be an automatic reply, in words for the logged reason (never an address). */
function autoReplyCorroboration(email: ParsedEmail, isOurMessageId: (messageId: string) => boolean): string | undefined {
  if (email.returnPath === '') return 'Return-Path: <> (null sender)';
  const sender = mailSystemSender(email);
  if (sender) return `From: ${sender}`;
  if (threadCandidates(email).messageIds.some(isOurMessageId)) return 'a reply to our letter';
  if (REPLY_SUBJECT.test(email.subject) && typedCaseNumbers(email.subject).length > 0) return 'a reply to our case number';
  return undefined;
}

function precedence(email: ParsedEmail): string | undefined {
  return header(email, 'precedence')?.trim().toLowerCase();
}

function bulkSign(email: ParsedEmail): Noise | undefined {
  const value = precedence(email);
  if (value === 'bulk' || value === 'junk' || value === 'list') return { kind: 'bulk', reason: `Precedence: ${value}` };
  if (header(email, 'list-id') !== undefined) return { kind: 'bulk', reason: 'List-Id' };
  if (header(email, 'list-unsubscribe') !== undefined) return { kind: 'bulk', reason: 'List-Unsubscribe' };
  return undefined;
}
