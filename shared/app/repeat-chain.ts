import type { Case } from '../domain/case.js';
import type { CaseRecords } from './ports.js';

/** How many matters back a chain of repeats is followed; repeats declined on the way (重复件) do not count. */
const MAX_REPEAT_LINKS = 5;
/** Reads at most, however many 重复件 lie between: a bound, not a rule. */
const MAX_READS = 60;

/**
 * The cases a repeat goes back to, latest first: the petitioner's case it
 * was linked to, then the one that case repeats, and so on. A repeat links to
 * the latest similar case, which may itself be a repeat already declined (as
 * final under 第三十六条, or as handled below under 第十九条): the matter is
 * the one further back, and the rule that declined the last repeat declines
 * this one too.
 *
 * `readable`: the cases the new petition's offices may read (readableWherever);
 * the chain ends before the first they may not — a case moved since, or found
 * to accuse their government, is not named to them nor declines their petition.
 */
export async function repeatChain(store: Pick<CaseRecords, 'getCaseRecord'>, latest: Case | undefined, readable: (c: Case) => boolean = () => true): Promise<Case[]> {
  const chain: Case[] = [];
  let matters = 0;
  for (let current = latest; current && readable(current) && matters < MAX_REPEAT_LINKS && chain.length < MAX_READS; ) {
    chain.push(current);
    // A repeat declined as such stands for the matter further back: a petitioner writing ten times still reaches it.
    if (!(current.status === 'declined' && current.repeatOf)) matters += 1;
    current = current.repeatOf ? await store.getCaseRecord(current.repeatOf) : undefined;
  }
  return chain;
}
