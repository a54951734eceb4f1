import { formatChinaDateTime } from './case-number.js';
import { ACTION_LABELS, STATUS_LABELS } from './labels.js';

/**
 * Expected outcomes of the domain, as typed errors with a stable code.
 * One middleware maps them to HTTP status (API: httpErrors and STATUS_BY_CODE
 * in functions/lib/http.ts); a queue consumer reports the message failed, to be
 * retried and then parked in its DLQ (functions/lib/sqs-batch.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Details safe to show to the caller (never personal data). */
  readonly details: Record<string, unknown>;
  /**
   * The request field the refusal is about, as a path in the body (`lead`,
   * `cooperating.1`, `collective.headCount`), when it is about one: the API
   * then names it as an issue, and a screen shows the message at that field.
   */
  field?: string;
  /**
   * The refusal in Chinese, for the people who read it on a screen (petitions
   * staff); `message` stays English for API readers and logs.
   */
  chinese?: string;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }

  /** Names the request field this refusal is about; returns the error, to be thrown. */
  about(field: string): this {
    this.field = field;
    return this;
  }

  /** Says the refusal in Chinese as well (the same thing as `message`); returns the error, to be thrown. */
  inChinese(text: string): this {
    this.chinese = text;
    return this;
  }
}

/** A refusal decided before it is thrown (a rule's reason why not), in both languages. */
export interface Refusal {
  message: string;
  chinese: string;
}

/** Runs a look-up; a domain refusal from it is about `field` of the request (an unknown unit named there, say). */
export function onField<T>(field: string, lookUp: () => T): T {
  try {
    return lookUp();
  } catch (error) {
    if (error instanceof DomainError && error.field === undefined) error.about(field);
    throw error;
  }
}

/** The lifecycle does not allow this action from the case's current status. */
export class InvalidTransition extends DomainError {
  readonly code = 'InvalidTransition';
  constructor(
    readonly action: string,
    readonly from: string,
    reason?: string,
  ) {
    super(reason ?? `cannot ${action} a case that is ${from}`, { action, from });
    // With a reason, the throw site says it in Chinese too (inChinese).
    if (reason === undefined) this.chinese = transitionRefusedInChinese(action, from);
  }
}

/** 「该信访事项当前状态为“不予受理”，不能受理」: what the lifecycle refuses, from the action and the status. */
export function transitionRefusedInChinese(action: string, from: string): string {
  const doing = (ACTION_LABELS as Readonly<Record<string, string>>)[action];
  const status = (STATUS_LABELS as Readonly<Record<string, string>>)[from];
  if (status === undefined) return doing ? `该信访事项当前的状态不能${doing}` : '该信访事项当前的状态不允许此项操作';
  return `该信访事项当前状态为“${status}”，${doing ? `不能${doing}` : '不允许此项操作'}`;
}

/** The case changed since it was read; re-read and try again. */
export class VersionConflict extends DomainError {
  readonly code = 'VersionConflict';
  /**
   * `now`, when known: the case as it stands — its version, status and the changes made since the version the
   * caller saw (each event's seq, type, when and by whom) — so whoever lost the race sees what changed, not just that something did.
   */
  constructor(caseNumber: string, expectedVersion: number, now?: { version: number; status: string; changes: readonly { seq: number; type: string; at: string; actor: string; by?: string }[] }) {
    super(
      `case ${caseNumber} was changed by someone else (expected version ${expectedVersion}${now ? `, now ${now.version}, ${now.status}: ${now.changes.map((c) => `${c.type} by ${c.actor} at ${c.at}`).join('; ')}` : ''}); reload it and try again`,
      { caseNumber, expectedVersion, ...(now ? { currentVersion: now.version, currentStatus: now.status, changes: now.changes } : {}) },
    );
    const status = now ? (STATUS_LABELS as Readonly<Record<string, string>>)[now.status] : undefined;
    const last = now?.changes.at(-1);
    this.chinese = now
      ? `信访事项 ${caseNumber} 在您查看后已被修改${now.changes.length ? `${now.changes.length}次（最近一次由 ${last!.by ?? last!.actor} 于 ${formatChinaDateTime(last!.at)} 修改）` : ''}，当前状态为“${status ?? now.status}”，请刷新后重试`
      : `信访事项 ${caseNumber} 已被他人修改，请刷新后重试`;
  }
}

export class CaseNotFound extends DomainError {
  readonly code = 'CaseNotFound';
  constructor(caseNumber: string) {
    super(`no case numbered ${caseNumber}`, { caseNumber });
    this.chinese = notFoundInChinese(caseNumber);
  }
}

// CaseNotFound and CaseNotVisible say the same, in Chinese too.
const notFoundInChinese = (caseNumber: string) => `没有登记编号为 ${caseNumber} 的信访事项`;

export class UnknownJurisdiction extends DomainError {
  readonly code = 'UnknownJurisdiction';
  constructor(code: string) {
    super(`no jurisdiction with division code ${code} is configured`, { jurisdiction: code });
    this.chinese = `系统中没有行政区划代码为 ${code} 的辖区`;
  }
}

export class UnknownUnit extends DomainError {
  readonly code = 'UnknownUnit';
  constructor(unitId: string, jurisdiction?: string) {
    super(
      jurisdiction ? `no unit ${unitId} in jurisdiction ${jurisdiction}` : `no unit ${unitId} is configured`,
      { unit: unitId, ...(jurisdiction ? { jurisdiction } : {}) },
    );
    this.chinese = jurisdiction ? `辖区 ${jurisdiction} 没有单位 ${unitId}` : `系统中没有单位 ${unitId}`;
  }
}

/** The staff member's jurisdictions, units or role do not cover this case or action. */
export class OutOfScope extends DomainError {
  readonly code: string = 'OutOfScope';
}

/**
 * A case the staff member may not see. Answered exactly like a case that does
 * not exist (CaseNotFound's code and message), so that a 403 does not tell
 * them a number is in use; still an OutOfScope, so the refusal is audited.
 */
export class CaseNotVisible extends OutOfScope {
  override readonly code: string = 'CaseNotFound';
  constructor(caseNumber: string) {
    super(`no case numbered ${caseNumber}`, { caseNumber });
    this.chinese = notFoundInChinese(caseNumber);
  }
}

/** A case the caller may read has no attachment with this id. */
export class AttachmentNotFound extends DomainError {
  readonly code = 'AttachmentNotFound';
  constructor(caseNumber: string, attachmentId: string) {
    super(`case ${caseNumber} has no attachment ${attachmentId}`, { caseNumber, attachmentId });
    this.chinese = `信访事项 ${caseNumber} 没有编号为 ${attachmentId} 的附件`;
  }
}

/** A case the caller may read has no incoming email stored under this id (or its original is gone). */
export class OriginalEmailNotFound extends DomainError {
  readonly code = 'OriginalEmailNotFound';
  constructor(caseNumber: string, emailId: string) {
    super(`case ${caseNumber} has no original email ${emailId}`, { caseNumber, emailId });
    this.chinese = `信访事项 ${caseNumber} 没有编号为 ${emailId} 的原邮件`;
  }
}

/** No email held (疑似广告) under this id at this office. */
export class HeldEmailNotFound extends DomainError {
  readonly code = 'HeldEmailNotFound';
  constructor(office: string, id: string) {
    super(`no held email ${id} at ${office}`, { office, id });
    this.chinese = '没有这封暂存的邮件（可能编号有误，或不属于该机构）';
  }
}

/** A case the caller may read has no handoff command with this id (it belongs to another case). */
export class HandoffNotFound extends DomainError {
  readonly code = 'HandoffNotFound';
  constructor(caseNumber: string, commandId: string) {
    super(`case ${caseNumber} has no handoff command ${commandId}`, { caseNumber, commandId });
    this.chinese = `信访事项 ${caseNumber} 没有编号为 ${commandId} 的移交指令`;
  }
}

/** An attachment larger than one answer can carry (a Lambda response holds at most 6 MB). */
export class AttachmentTooLarge extends DomainError {
  readonly code = 'AttachmentTooLarge';
}

/** The caller could not be identified (missing, expired or forged token). */
export class Unauthenticated extends DomainError {
  readonly code = 'Unauthenticated';
}

/** An idempotency key used again for a different request (its fingerprint differs). */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'IdempotencyKeyReused';
}

/** Input that passed schema validation but breaks a domain rule. */
export class RuleViolation extends DomainError {
  readonly code = 'RuleViolation';
}

/** A request that does not have the expected shape; `issues` lists each problem with its path. */
/**
 * One problem with a request: where, what (in English, for whoever reads the
 * API), and of which kind, so that a screen can say it in its own language
 * (`missing`: nothing given; `tooShort`/`tooLong` with the bound; `format`: not
 * the expected form; `choice`: not one of the allowed values; `rule`: the
 * message is the substance).
 */
export interface InputIssue {
  path: string;
  message: string;
  /** The message in Chinese, where a rule's words are the substance (kind `rule`); the other kinds a screen says by kind. */
  chinese?: string;
  kind?: 'missing' | 'tooShort' | 'tooLong' | 'format' | 'choice' | 'rule';
  /** The bound broken by tooShort/tooLong (a length, a count or a value). */
  limit?: number;
}

export class InvalidInput extends DomainError {
  readonly code = 'InvalidInput';
  constructor(
    message: string,
    readonly issues: InputIssue[] = [],
  ) {
    super(message, { issues });
  }
}

/** Too many requests from one source in a window (the public routes); try again later. */
export class TooManyRequests extends DomainError {
  readonly code = 'TooManyRequests';
}
