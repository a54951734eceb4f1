import type { Case } from '../domain/case.js';
import type { CaseRecords } from './ports.js';

/** How far back a chain of repeats is followed to the matter they repeat. */
const MAX_REPEAT_LINKS = 5;

/**
 * The cases a repeat goes back to, latest first: the petitioner's case it
 * was linked to, then the one that case repeats, and so on. A repeat links to
 * the latest similar case, which may itself be a repeat already declined (as
 * final under 第三十六条, or as handled below under 第十九条): the matter is
 * the one further back, and the rule that declined the last repeat declines
 * this one too.
 */
export async function repeatChain(store: Pick<CaseRecords, 'getCaseRecord'>, latest: Case | undefined): Promise<Case[]> {
  const chain: Case[] = [];
  for (let current = latest; current && chain.length < MAX_REPEAT_LINKS; ) {
    chain.push(current);
    current = current.repeatOf ? await store.getCaseRecord(current.repeatOf) : undefined;
  }
  return chain;
}
