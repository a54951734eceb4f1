import type { LedgerRow } from '../domain/statistics.js';

/** Reads the ledger (台账) lines statistics are computed from. */
export interface LedgerStore {
  /**
   * The ledger rows of the cases the jurisdictions now hold that were received
   * in [receivedFrom, receivedBefore) (ISO instants), each case once.
   */
  ledgerRows(query: { jurisdictions: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<LedgerRow[]>;
  /**
   * The ledger rows of every case the jurisdictions now hold in an open status
   * (OPEN_STATUSES), whenever received, each with the staff recused from it.
   */
  openLedgerRows(query: { jurisdictions: readonly string[] }): Promise<LedgerRow[]>;
}
