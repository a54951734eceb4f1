import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { planHandoff } from '../../shared/app/handoff/plan.js';
import { handingDown } from '../../shared/app/routing/hand-down.js';
import type { Case } from '../../shared/domain/case.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { bypassOf } from '../../shared/domain/routing/bypass.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

// 越级信访: brought above the level competent for it.
const province = loadProvinceConfig(DEMO_CONFIG);
const { tree } = province;

describe('bypassOf', () => {
  it('a letter, email or call is 越级 one level up; a visit may go to the level above and is 越级 from two up', () => {
    expect(bypassOf(tree, { channel: 'email', receivingOffice: '330100' }, '330122')).toEqual({ levels: 1, competent: '330122' });
    expect(bypassOf(tree, { channel: 'visit', receivingOffice: '330100' }, '330122')).toBeUndefined();
    expect(bypassOf(tree, { channel: 'visit', receivingOffice: '330000' }, '330122')).toEqual({ levels: 2, competent: '330122' });
  });

  it('counts a township as its county: the county is the first level of petition work', () => {
    expect(bypassOf(tree, { channel: 'email', receivingOffice: '330122' }, '330122101')).toBeUndefined();
    expect(bypassOf(tree, { channel: 'email', receivingOffice: '330100' }, '330122101')).toEqual({ levels: 1, competent: '330122101' });
    expect(bypassOf(tree, { channel: 'visit', receivingOffice: '330100' }, '330122101')).toBeUndefined();
    expect(bypassOf(tree, { channel: 'visit', receivingOffice: '330000' }, '330122101')).toEqual({ levels: 2, competent: '330122101' });
  });

  it('is nothing at the competent level, or for a case sent sideways', () => {
    expect(bypassOf(tree, { channel: 'email', receivingOffice: '330122' }, '330122')).toBeUndefined();
    expect(bypassOf(tree, { channel: 'email', receivingOffice: '330122' }, '330127')).toBeUndefined();
  });
});

describe('handing a case down records 越级 on it, in its event and its ledger', () => {
  const received = (channel: Case['channel'], office: string): Case => ({
    caseNumber: `${office}-2026-000001`,
    jurisdiction: office,
    receivingOffice: office,
    channel,
    status: 'registered',
    matter: '桐庐县城南街道某小区楼顶漏水已三个月。',
    petitioner: { anonymous: false, name: '张伟' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-11-20T01:15:00.000Z',
    registeredAt: '2026-11-20T01:20:00.000Z',
    registeredBy: 'hz-registrar',
    deadlines: {},
    attachments: [],
    version: 1,
    updatedAt: '2026-11-20T01:20:00.000Z',
  });

  it('a letter to the city about a county matter', () => {
    const change = handingDown(province, received('letter', '330100'), '330122', ['事发地在桐庐县'], '2026-11-20T01:21:00.000Z')!;
    expect(change.case.bypass).toEqual({ levels: 1, competent: '330122' });
    expect(change.event.detail).toMatchObject({ bypass: 1 });
    expect(ledgerEntryOf(change.case).bypass).toBe(true);
  });

  it('not a visit to the city about a county matter, which is where a visitor may go', () => {
    const change = handingDown(province, received('visit', '330100'), '330122', ['事发地在桐庐县'], '2026-11-20T01:21:00.000Z')!;
    expect(change.case.bypass).toBeUndefined();
    expect(ledgerEntryOf(change.case).bypass).toBeUndefined();
  });

  it('a visit to the province about a county matter, counted from the office that received it as the case goes down', () => {
    const once = handingDown(province, received('visit', '330000'), '330100', ['事发地在杭州市'], '2026-11-20T01:21:00.000Z')!;
    expect(once.case.bypass).toBeUndefined();
    const twice = handingDown(province, once.case, '330122', ['事发地在桐庐县'], '2026-11-20T01:22:00.000Z')!;
    expect(twice.case.bypass).toEqual({ levels: 2, competent: '330122' });
  });

  it('a case the city’s office assigns to a county unit by hand (交办) is 越级 too; one it keeps is not', () => {
    const emailed: Case = { ...received('email', '330100'), status: 'accepted' };
    const command = (id: string, lead: string) => ({ id, action: 'assign' as const, caseNumber: emailed.caseNumber, lead, cooperating: [], by: 'hz-office', byJurisdiction: '330100' });
    const assigned = planHandoff(emailed, command('h-1', '330122-housing'), province, '2026-11-20T01:21:00.000Z');
    expect(assigned.case.bypass).toEqual({ levels: 1, competent: '330122' });
    expect(assigned.event.detail).toMatchObject({ bypass: 1 });
    const kept = planHandoff(emailed, command('h-2', '330100-housing'), province, '2026-11-20T01:21:00.000Z');
    expect(kept.case.bypass).toBeUndefined();
  });
});
