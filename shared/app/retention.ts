import { borrowedFiles, destructionRecord, fileOwner, linkedRecordsOf, materialPrefixes, mergedRepeatMessageId, rawMailOf, retentionEnded } from '../domain/retention.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import type { CaseRecords, CaseRemovals, DestructionRegister, MailStore } from './ports.js';
import { runOverDueCases, type DueRunOptions } from './due-run.js';

/**
 * Removing archived cases whose retention ran out (销毁), on a schedule.
 *
 * Why a scheduled job and not DynamoDB TTL with a stream consumer: TTL
 * removes a case's items one by one, in no order, days after their time, and
 * the stream (new images) says nothing of what a removed item held — the
 * material's keys, the dates for the register — nor is a record kept past 24
 * hours if the consumer fails. Here one run does it in an order that makes a
 * repeat harmless: (1) the register's line, put if absent; (2) the case's
 * objects; (3) the records elsewhere that name it (linkedRecordsOf); (4) its
 * audit trail and collection, the case item last. A run cut
 * short anywhere leaves the case item, so the case is still due and the next
 * run finishes it — deleting what is left, writing no second line.
 */

export interface RetentionDeps {
  store: Pick<CaseRecords, 'get'>;
  removals: CaseRemovals;
  register: Pick<DestructionRegister, 'recordDestruction'>;
  mail: Pick<MailStore, 'keysUnder' | 'exists' | 'deleteObjects'>;
}

/**
 * `removed`: removed now, its line written. `finished`: a removal cut short
 * before, finished now (its line was there). `kept`: its retention has not run
 * out (or it is not archived). `gone`: nothing of it left to remove.
 */
export type RemovalOutcome = 'removed' | 'finished' | 'kept' | 'gone';

export interface RetentionReport {
  now: string;
  /** Case numbers the index gave as due. */
  due: number;
  removed: number;
  finished: number;
  kept: number;
  failed: number;
  /** Objects deleted from the mail bucket, items from the table (audit entries included). */
  objectsRemoved: number;
  itemsRemoved: number;
  /** Records outside the cases' partitions that named them (letters sent, thread entries, emails' idempotency records). */
  linkedRemoved: number;
  /** True when the time budget ran out with due cases left: the next run goes on. */
  incomplete: boolean;
}

/** Removes one case if its retention ran out at `now`; safe to repeat, and to run twice at once. */
export async function removeCaseAfterRetention(deps: RetentionDeps, caseNumber: string, now: string): Promise<{ outcome: RemovalOutcome; objects: number; items: number; linked: number }> {
  const found = await deps.store.get(caseNumber);
  if (!found) return { outcome: 'gone', objects: 0, items: 0, linked: 0 };
  if (!retentionEnded(found.case, now)) return { outcome: 'kept', objects: 0, items: 0, linked: 0 };

  // A repeat merged into a case still kept (重复件并入原件): its files are that case's material now, and go with it.
  const holder = found.case.repeatOf ? await deps.store.get(found.case.repeatOf) : undefined;
  const filesKept = holder?.messages.some((m) => m.id === mergedRepeatMessageId(caseNumber)) === true;
  const prefixes = materialPrefixes(caseNumber).filter((prefix) => !(filesKept && prefix.startsWith('attachments/')));
  // A borrowed file goes with this case only once the repeat it came from is gone too: that repeat, kept (filed later,
  // or not filed yet), still holds it as its own material — nothing is removed before its own case's time.
  const borrowed = borrowedFiles(caseNumber, found.messages);
  const owners = [...new Set(borrowed.map((key) => fileOwner(key)).filter((owner): owner is string => owner !== undefined))];
  const ownersKept = new Set((await mapWithConcurrency(owners, 4, async (owner) => ((await deps.store.get(owner)) ? [owner] : []))).flat());
  const named = [...rawMailOf(found.messages), ...borrowed.filter((key) => !ownersKept.has(fileOwner(key) ?? ''))];
  const present = await mapWithConcurrency(named, 8, async (key) => ((await deps.mail.exists(key)) ? [key] : []));
  const objects = [...(await Promise.all(prefixes.map((prefix) => deps.mail.keysUnder(prefix)))).flat(), ...present.flat()];
  const counts = await deps.removals.countCaseItems(caseNumber);

  // The line first: no case is ever removed without one. A repeat finds it and writes none.
  const recorded = await deps.register.recordDestruction(destructionRecord(found.case, now, { items: counts.items, auditEntries: counts.auditEntries, objects: objects.length }));
  await deps.mail.deleteObjects(objects);
  // Before the case item goes (with it, the way back to them): a run cut short here finds the case still due.
  const linked = await deps.removals.removeLinkedRecords(caseNumber, linkedRecordsOf(found.messages));
  await deps.removals.removeCaseItems(caseNumber);
  return { outcome: recorded ? 'removed' : 'finished', objects: objects.length, items: counts.items + counts.auditEntries, linked };
}

/**
 * One run: the cases the index says are due at `now` (never the whole
 * archive), each removed on its own; one that fails is counted and left for
 * the next run, which finds it still due.
 */
export async function removeCasesAfterRetention(
  deps: RetentionDeps,
  now: string,
  opts: DueRunOptions = {},
): Promise<RetentionReport> {
  const report: RetentionReport = { now, due: 0, removed: 0, finished: 0, kept: 0, failed: 0, objectsRemoved: 0, itemsRemoved: 0, linkedRemoved: 0, incomplete: false };
  const run = await runOverDueCases((page) => deps.removals.casesDueForRemoval({ now, ...page }), { ...opts, pageSize: opts.pageSize ?? 50, concurrency: opts.concurrency ?? 4 }, async (caseNumber) => {
    const done = await removeCaseAfterRetention(deps, caseNumber, now);
    if (done.outcome === 'removed' || done.outcome === 'finished') report[done.outcome] += 1;
    else report.kept += 1;
    report.objectsRemoved += done.objects;
    report.itemsRemoved += done.items;
    report.linkedRemoved += done.linked;
  });
  Object.assign(report, run);
  return report;
}
