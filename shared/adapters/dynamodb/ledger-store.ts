import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { queryAll } from './query-all.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { batchPut } from './batch-put.js';
import { CASE_STATUSES, OPEN_STATUSES } from '../../domain/case.js';
import type { LedgerRow } from '../../domain/statistics.js';
import type { CaseAccessNow, LedgerStore, ScreeningArchive, ScreeningFiling } from '../../app/statistics-ports.js';
import { caseKey, handedOnPartition, JURISDICTION_SHARDS, jurisdictionStatusPartition, screeningMonthKey, screeningPartition } from './keys.js';

type Item = Record<string, NativeAttributeValue>;

const DAY_MS = 86_400_000;
/**
 * The index is sorted by registration, the ledger counts by receipt. A
 * petition is registered no earlier than it is received (registerPetition
 * refuses it), so the read starts at the period (the day before, against
 * clock skew between intake's storage time and registration) and runs a year
 * past its end: a letter found in a drawer and registered months later still
 * counts in the month it arrived. Registered later than that, it is left out
 * of the period's figures; a bound keeps a report on a period years ago from
 * reading every registration since.
 */
const EARLY_MARGIN_DAYS = 1;
export const LATE_REGISTRATION_DAYS = 366;

/** Queries a statistics request may have in flight at once. */
const DEFAULT_PARALLELISM = 8;

const ROW_ATTRIBUTES = ['caseNumber', 'jurisdiction', 'status', 'channel', 'category', 'registeredAt', 'ledger', 'accusedUnits'] as const;

/**
 * Reads ledger rows from the `byJurisdictionStatus` index: one Query per
 * jurisdiction × status × shard over the registration range, paged to the
 * end, at most `parallelism` at a time — with, for the offices `receivedBy`,
 * the cases they received that are held outside what is read (their 交办转送
 * entries in `byUnit`, then those cases by key); then keeps the rows received
 * in the period. Items written before the ledger existed carry none and are
 * skipped (rewrite them to count them).
 */
export class DynamoLedgerStore implements LedgerStore, ScreeningArchive {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly parallelism = DEFAULT_PARALLELISM,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async ledgerRows(query: { jurisdictions: readonly string[]; receivedBy?: readonly string[]; receivedFrom: string; receivedBefore: string }): Promise<LedgerRow[]> {
    const from = Date.parse(query.receivedFrom);
    const before = Date.parse(query.receivedBefore);
    const registeredFrom = new Date(from - EARLY_MARGIN_DAYS * DAY_MS).toISOString();
    const registeredTo = new Date(before + LATE_REGISTRATION_DAYS * DAY_MS).toISOString();
    const partitions = [...new Set(query.jurisdictions)].flatMap((jurisdiction) =>
      CASE_STATUSES.flatMap((status) =>
        Array.from({ length: JURISDICTION_SHARDS }, (_, shard) => jurisdictionStatusPartition(jurisdiction, status, shard)),
      ),
    );
    const pages = await mapWithConcurrency(partitions, this.parallelism, (partition) => this.readPartition(partition, registeredFrom, registeredTo));
    const elsewhere = await this.handedOnElsewhere(query.receivedBy ?? [], new Set(query.jurisdictions), registeredFrom, registeredTo);

    const rows = new Map<string, LedgerRow>();
    for (const item of [...pages.flat(), ...elsewhere]) {
      const row = item as LedgerRow;
      if (!row.ledger?.receivedAt) continue;
      const receivedAt = Date.parse(row.ledger.receivedAt);
      if (receivedAt < from || receivedAt >= before) continue;
      // A case that changed status while the partitions were read may turn up twice.
      rows.set(row.caseNumber, row);
    }
    return [...rows.values()];
  }

  async openLedgerRows(query: { jurisdictions: readonly string[] }): Promise<LedgerRow[]> {
    const partitions = [...new Set(query.jurisdictions)].flatMap((jurisdiction) =>
      [...OPEN_STATUSES].flatMap((status) =>
        Array.from({ length: JURISDICTION_SHARDS }, (_, shard) => jurisdictionStatusPartition(jurisdiction, status, shard)),
      ),
    );
    const attributes = [...ROW_ATTRIBUTES, 'recused'];
    const pages = await mapWithConcurrency(partitions, this.parallelism, (partition) =>
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: 'byJurisdictionStatus',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: attributes.map((name) => `#${name}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((name) => [`#${name}`, name])),
      }),
    );
    const rows = new Map<string, LedgerRow>();
    for (const item of pages.flat()) {
      const { recused, ...row } = item as Omit<LedgerRow, 'recused'> & { recused?: { staffId: string }[] };
      if (!row.ledger?.receivedAt) continue;
      // A case that changed status while the partitions were read may turn up twice.
      rows.set(row.caseNumber, recused?.length ? { ...row, recused: recused.map((r) => r.staffId) } : row);
    }
    return [...rows.values()];
  }

  async screeningFiledAt(month: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: screeningMonthKey(month), ConsistentRead: true }));
    return Item?.filedAt as string | undefined;
  }

  async filedScreenings(query: { jurisdictions: readonly string[]; month: string }): Promise<ScreeningFiling[]> {
    const filings = await mapWithConcurrency([...new Set(query.jurisdictions)], this.parallelism, async (jurisdiction) => {
      const items = await queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': screeningPartition(jurisdiction, query.month) },
      });
      const filed = items.find((item) => item.sk === 'FILED');
      if (!filed) return undefined;
      // Rows of an earlier, unfinished filing stay behind until they expire: only the filing's own are read.
      const prefix = `ROW#${filed.filedAt as string}#`;
      const rows = items.filter((item) => String(item.sk).startsWith(prefix)).map((item) => item.row as LedgerRow);
      return { jurisdiction, month: query.month, filedAt: filed.filedAt as string, rows };
    });
    return filings.filter((filing) => filing !== undefined);
  }

  async fileScreening(filing: ScreeningFiling, expiresAt: number): Promise<void> {
    const pk = screeningPartition(filing.jurisdiction, filing.month);
    const rows = filing.rows.map((row) => ({ pk, sk: `ROW#${filing.filedAt}#${row.caseNumber}`, entity: 'screeningRow', row, expiresAt }));
    await batchPut(this.doc, this.tableName, rows, `the ${filing.month} screening list of ${filing.jurisdiction}`);
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk, sk: 'FILED', entity: 'screening', month: filing.month, filedAt: filing.filedAt, cases: rows.length, expiresAt } }),
    );
  }

  async markScreeningFiled(month: string, filedAt: string, expiresAt: number): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...screeningMonthKey(month), entity: 'screeningMonth', month, filedAt, expiresAt } }));
  }

  async currentAccess(caseNumbers: readonly string[]): Promise<Map<string, CaseAccessNow>> {
    const access = new Map<string, CaseAccessNow>();
    const numbers = [...new Set(caseNumbers)];
    const batches = Array.from({ length: Math.ceil(numbers.length / 100) }, (_, i) => numbers.slice(i * 100, i * 100 + 100));
    await mapWithConcurrency(batches, this.parallelism, async (batch) => {
      let keys: Record<string, NativeAttributeValue>[] = batch.map((n) => caseKey(n));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt === 5) throw new Error(`could not read the access of ${keys.length} case(s): left unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'caseNumber, accusedUnits, recused, #ledger', ExpressionAttributeNames: { '#ledger': 'ledger' } } },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          access.set(String(item.caseNumber), {
            accusedUnits: (item.accusedUnits as string[] | undefined) ?? [],
            accusedPlaces: (item.ledger?.accusedPlaces as string[] | undefined) ?? [],
            recused: ((item.recused as { staffId: string }[] | undefined) ?? []).map((r) => r.staffId),
          });
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, NativeAttributeValue>[] | undefined) ?? [];
      }
    });
    return access;
  }

  /**
   * 交办转送: the cases the offices received that are now held by a jurisdiction other than `read` (whose partitions
   * are read anyway) — sent sideways to a sibling (转送) or up the tree — from the offices' 交办转送 entries (byUnit,
   * `HANDEDON#<office>`, registered in the range): the case items of those few, read by key (BatchGet) with the
   * row's attributes. A case handed down within what is read is not read twice.
   */
  private async handedOnElsewhere(offices: readonly string[], read: ReadonlySet<string>, registeredFrom: string, registeredTo: string): Promise<Item[]> {
    if (offices.length === 0) return [];
    const entries = await mapWithConcurrency([...new Set(offices)], this.parallelism, (office) =>
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: 'byUnit',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': handedOnPartition(office), ':from': registeredFrom, ':to': registeredTo },
        ProjectionExpression: '#caseNumber, #jurisdiction',
        ExpressionAttributeNames: { '#caseNumber': 'caseNumber', '#jurisdiction': 'jurisdiction' },
      }),
    );
    const numbers = [...new Set(entries.flat().filter((entry) => !read.has(String(entry.jurisdiction))).map((entry) => String(entry.caseNumber)))];
    const batches = Array.from({ length: Math.ceil(numbers.length / 100) }, (_, i) => numbers.slice(i * 100, i * 100 + 100));
    const found = await mapWithConcurrency(batches, this.parallelism, async (batch) => {
      const items: Item[] = [];
      let keys: Item[] = batch.map((n) => caseKey(n));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt === 5) throw new Error(`could not read ${keys.length} case(s) handed on: left unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: ROW_ATTRIBUTES.map((name) => `#${name}`).join(', '),
                ExpressionAttributeNames: Object.fromEntries(ROW_ATTRIBUTES.map((name) => [`#${name}`, name])),
              },
            },
          }),
        );
        items.push(...(result.Responses?.[this.tableName] ?? []));
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys as Item[] | undefined) ?? [];
      }
      return items;
    });
    return found.flat();
  }

  /** Every item of one index partition registered in [registeredFrom, registeredTo]. */
  private readPartition(partition: string, registeredFrom: string, registeredTo: string): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'byJurisdictionStatus',
      // gsi1sk is `<registeredAt>#<caseNumber>`: a bare instant sorts before every key of that instant.
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': partition, ':from': registeredFrom, ':to': registeredTo },
      ProjectionExpression: ROW_ATTRIBUTES.map((name) => `#${name}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(ROW_ATTRIBUTES.map((name) => [`#${name}`, name])),
    });
  }

}
