import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { earlierCasesReadableBy, readableWherever } from '../../shared/app/may-read.js';
import type { EarlierCase } from '../../shared/domain/mail/repeat.js';

const tree = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url))).tree;

const earlier = (caseNumber: string, scope: Partial<EarlierCase>): EarlierCase => ({
  caseNumber,
  matter: '楼顶漏水三个月无人维修',
  status: 'accepted',
  registeredAt: '2026-11-10T02:00:00.000Z',
  ...scope,
});

/** The petitioner's earlier cases a repeat check may use: those the office holding the new case may read (assertMayRead). */
describe('earlierCasesReadableBy', () => {
  const tonglu = earlier('330122-2026-000001', { jurisdiction: '330122', receivingOffice: '330122' });
  const chunan = earlier('330127-2026-000001', { jurisdiction: '330127', receivingOffice: '330127' });
  const reportAgainstTonglu = earlier('330122-2026-000002', { jurisdiction: '330100', receivingOffice: '330122', accusedJurisdictions: ['330122'] });
  const transferredAway = earlier('330122-2026-000003', { jurisdiction: '330127', receivingOffice: '330122' });
  const unread = earlier('330122-2026-000004', { receivingOffice: '330122' });
  const all = [tonglu, chunan, reportAgainstTonglu, transferredAway, unread];
  const numbers = (office: string) => earlierCasesReadableBy(office, all, tree).map((e) => e.caseNumber);

  it('a county: its own, and what came to it; not a sibling’s, nor a report against it held above, nor one whose scope was not read', () => {
    expect(numbers('330122')).toEqual([tonglu.caseNumber, transferredAway.caseNumber]);
    expect(numbers('330127')).toEqual([chunan.caseNumber, transferredAway.caseNumber]);
  });

  it('the city: its counties’ cases and the report against one of them (第十九条)', () => {
    expect(numbers('330100')).toEqual([tonglu.caseNumber, chunan.caseNumber, reportAgainstTonglu.caseNumber, transferredAway.caseNumber]);
  });
});

describe('readableWherever', () => {
  const scope = (jurisdiction: string, extra: object = {}) => ({ caseNumber: `${jurisdiction}-2026-000009`, jurisdiction, receivingOffice: jurisdiction, ...extra });

  it('asks the holder, and the office it came to unless the new case is kept from that one', () => {
    const handedDown = readableWherever({ ...scope('330122'), receivingOffice: '330100' }, tree);
    expect(handedDown(scope('330122'))).toBe(true);
    // The city received it and reads it: a case of the city's own is not named to 桐庐县, which holds it now.
    expect(handedDown(scope('330100'))).toBe(false);
    // A report against 桐庐县 moved up: 桐庐县 may not read it, so only the city is asked.
    const movedUp = readableWherever({ ...scope('330100'), receivingOffice: '330122', accusedJurisdictions: ['330122'] }, tree);
    expect(movedUp(scope('330100'))).toBe(true);
    expect(movedUp(scope('330127'))).toBe(true);
  });
});
