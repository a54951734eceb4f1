import type { LedgerRow } from '../domain/statistics.js';

/** Reads the ledger (台账) lines statistics are computed from. */
export interface LedgerStore {
  /**
   * The ledger rows of the cases the jurisdictions now hold that were received
   * in [receivedFrom, receivedBefore) (ISO instants), and of those the offices
   * `receivedBy` received (registered) that are now held by a jurisdiction
   * not among them (交办, 转送 to a sibling, up the tree), each case once.
   */
  ledgerRows(query: { jurisdictions: readonly string[]; receivedBy?: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<LedgerRow[]>;
  /**
   * The ledger rows of every case the jurisdictions now hold in an open status
   * (OPEN_STATUSES), whenever received, each with the staff recused from it.
   */
  openLedgerRows(query: { jurisdictions: readonly string[] }): Promise<LedgerRow[]>;
}

/**
 * 排查存档: a jurisdiction's 矛盾纠纷排查 list of a month as it stood when
 * filed, soon after the month's end — the rows of its own cases (not those
 * below it) then listed, in their state then.
 */
export interface ScreeningFiling {
  jurisdiction: string;
  /** `YYYY-MM`. */
  month: string;
  filedAt: string;
  rows: LedgerRow[];
}

/** Where the monthly lists are filed. Each filing is written whole or not read at all. */
export interface ScreeningArchive {
  /** When the lists of every jurisdiction of the province were filed for `month`, if they were. */
  screeningFiledAt(month: string): Promise<string | undefined>;
  /** The filings of `month` of those of the jurisdictions that have one. */
  filedScreenings(query: { jurisdictions: readonly string[]; month: string }): Promise<ScreeningFiling[]>;
  /** Files one jurisdiction's list: its rows first, then the filing that makes them read. A second filing replaces the first. */
  fileScreening(filing: ScreeningFiling, expiresAt: number): Promise<void>;
  /** Records that every jurisdiction's list of `month` is filed. */
  markScreeningFiled(month: string, filedAt: string, expiresAt: number): Promise<void>;
  /**
   * Who may not see each case now — the units and places a report accuses, the
   * staff recused — for a filed list: what was learnt since the filing applies
   * to it too. A case no longer stored is left out of the answer.
   */
  currentAccess(caseNumbers: readonly string[]): Promise<Map<string, CaseAccessNow>>;
}

export interface CaseAccessNow {
  accusedUnits: string[];
  accusedPlaces: string[];
  recused: string[];
}
