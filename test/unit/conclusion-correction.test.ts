import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { answerFollowUp, conclude, reply } from '../../shared/domain/closing.js';
import { correctConclusion, repeatedConclusionCorrection } from '../../shared/domain/conclusion-correction.js';
import { InvalidTransition, RuleViolation } from '../../shared/domain/errors.js';
import { ledgerEntryOf } from '../../shared/domain/ledger.js';
import { computeStatistics, type LedgerRow } from '../../shared/domain/statistics.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { allowedActions } from '../../shared/domain/allowed-actions.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const TREE = loadProvinceConfig(DEMO_CONFIG).tree;
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const settings = { base: DEFAULT_TIME_LIMITS };
const ctx = (at: string, actor = 'tonglu-hrss-handler') => ({ at, actor, settings, calendar, followUpAfterDays: 7, parentOf: () => '330100' });

const WORKING: Case = {
  caseNumber: '330122-2026-000321',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'inProgress',
  matter: '某建筑公司拖欠农民工工资三个月。',
  petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-09-01T02:00:00.000Z',
  registeredAt: '2026-09-01T02:00:01.000Z',
  registeredBy: 'system:intake',
  handling: { lead: '330122-hrss', cooperating: [] },
  deadlines: { handling: '2026-10-31T16:00:00.000Z' },
  attachments: [],
  version: 5,
  updatedAt: '2026-09-02T02:00:00.000Z',
};
const RESULT = { facts: '查明欠薪属实，涉及工人12名。', basis: '《保障农民工工资支付条例》第十八条', decision: '责令该公司于10月15日前足额支付。', outcome: 'partlySupported' as const };
const concluded = () => conclude(WORKING, RESULT, ctx('2026-10-02T02:00:00.000Z')).case;
const CORRECTION = { ...RESULT, basis: '《保障农民工工资支付条例》第三十条', outcome: 'supported' as const, reason: '审核签发时发现条款引用有误' };
const meta = { at: '2026-10-03T02:00:00.000Z', actor: 'tonglu-hrss-head' };

describe('更正办理结果', () => {
  it('corrects the fields given, keeps each from what to what and why in the event, and leaves the conclusion’s time, author and unit', () => {
    const before = concluded();
    const { case: c, event } = correctConclusion(before, CORRECTION, meta);
    expect(c.result).toEqual({ ...before.result, basis: '《保障农民工工资支付条例》第三十条', outcome: 'supported', correctedBy: meta.actor });
    expect(c).toMatchObject({ status: 'concluded', version: before.version + 1, updatedAt: meta.at, deadlines: before.deadlines });
    expect(event).toEqual({
      caseNumber: before.caseNumber,
      seq: before.version + 1,
      type: 'conclusionCorrected',
      at: meta.at,
      actor: 'tonglu-hrss-head',
      reason: '审核签发时发现条款引用有误',
      detail: {
        changed: ['basis', 'outcome'],
        previous: { basis: '《保障农民工工资支付条例》第十八条', outcome: 'partlySupported' },
        corrected: { basis: '《保障农民工工资支付条例》第三十条', outcome: 'supported' },
      },
    });
  });

  it('counts the corrected outcome in the ledger, on the 办结 date and 按期 as before', () => {
    const before = concluded();
    const after = correctConclusion(before, CORRECTION, meta).case;
    expect(ledgerEntryOf(before)).toMatchObject({ outcome: 'partlySupported', concludedAt: '2026-10-02T02:00:00.000Z', onTime: true });
    expect(ledgerEntryOf(after)).toMatchObject({ outcome: 'supported', concludedAt: '2026-10-02T02:00:00.000Z', onTime: true });
    expect(ledgerEntryOf(after).firstConcludedAt).toBeUndefined();
    // The first conclusion is this one: reopened later, the statistics still count the corrected outcome.
    expect(after.firstConclusion).toMatchObject({ at: '2026-10-02T02:00:00.000Z', outcome: 'supported' });
  });

  it('counts the corrected outcome in 化解率 for the period the case came in, and still after the case is reopened by 不满意', () => {
    const rowOf = (c: Case): LedgerRow => ({ caseNumber: c.caseNumber, jurisdiction: c.jurisdiction, status: c.status, channel: c.channel, registeredAt: c.registeredAt, ledger: ledgerEntryOf(c) });
    const cohort = { period: { from: '2026-09-01', to: '2026-10-31', granularity: 'month' as const }, now: '2026-11-06T02:00:00.000Z', jurisdictions: [{ code: '330122', name: '桐庐县' }], units: [] };
    // Recorded 不支持 by mistake, corrected to 支持 before the reply.
    const wrong = conclude(WORKING, { ...RESULT, outcome: 'notSupported' }, ctx('2026-10-02T02:00:00.000Z')).case;
    const corrected = correctConclusion(wrong, CORRECTION, meta).case;
    expect(computeStatistics([rowOf(wrong)], cohort).rates.resolution).toMatchObject({ numerator: 0, denominator: 1 });
    expect(computeStatistics([rowOf(corrected)], cohort).rates.resolution).toMatchObject({ numerator: 1, denominator: 1 });
    expect(computeStatistics([rowOf(corrected)], cohort).totals.concluded).toBe(1);
    const replied = reply(corrected, { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-03T02:00:00.000Z'));
    const reopened = answerFollowUp(replied.case, { satisfied: false, via: 'staff' }, ctx('2026-10-12T02:00:00.000Z'))!.case;
    expect(reopened.status).toBe('inProgress');
    expect(ledgerEntryOf(reopened)).toMatchObject({ outcome: 'supported', firstConcludedAt: '2026-10-02T02:00:00.000Z' });
    expect(computeStatistics([rowOf(reopened)], cohort).rates.resolution).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('leaves a first conclusion of an earlier round as it was: only the round now concluded is corrected', () => {
    const earlier = { at: '2026-08-01T02:00:00.000Z', outcome: 'notSupported' as const };
    const { case: c } = correctConclusion({ ...concluded(), firstConclusion: earlier }, CORRECTION, meta);
    expect(c.firstConclusion).toEqual(earlier);
  });

  it('is refused after the reply (the petitioner may ask for 复查), before the conclusion, without a reason, with a blank part, or changing nothing', () => {
    const replied = reply(concluded(), { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-03T02:00:00.000Z')).case;
    expect(() => correctConclusion(replied, CORRECTION, meta)).toThrow(InvalidTransition);
    expect(() => correctConclusion(replied, CORRECTION, meta)).toThrow(expect.objectContaining({ chinese: expect.stringContaining('可以请求复查') }));
    expect(() => correctConclusion(WORKING, CORRECTION, meta)).toThrow(expect.objectContaining({ chinese: '只有已办结、尚未答复的事项才能更正办理结果' }));
    expect(() => correctConclusion(concluded(), { ...CORRECTION, reason: '  ' }, meta)).toThrow(expect.objectContaining({ field: 'reason' }));
    expect(() => correctConclusion(concluded(), { ...CORRECTION, facts: ' ' }, meta)).toThrow(expect.objectContaining({ field: 'facts' }));
    expect(() => correctConclusion(concluded(), { ...RESULT, reason: '核对' }, meta)).toThrow(RuleViolation);
  });

  it('knows the same request delivered again: the result it asks for, with the reason of the last correction', () => {
    const first = correctConclusion(concluded(), CORRECTION, meta);
    expect(repeatedConclusionCorrection(concluded(), [], CORRECTION)).toBe(false);
    expect(repeatedConclusionCorrection(first.case, [first.event], CORRECTION)).toBe(true);
    expect(repeatedConclusionCorrection(first.case, [first.event], { ...CORRECTION, reason: '另一理由' })).toBe(false);
    expect(repeatedConclusionCorrection(first.case, [first.event], { ...CORRECTION, decision: '另行处理。' })).toBe(false);
  });

  it('is offered to whoever may reply, while concluded and not replied', () => {
    const unit = { staffId: 'tonglu-hrss-handler', jurisdiction: '330122', unit: '330122-hrss', roles: ['handler' as const] };
    const office = { staffId: 'tonglu-office', jurisdiction: '330122', roles: ['petitionsOffice' as const] };
    expect(allowedActions(unit, concluded(), TREE)).toEqual(expect.arrayContaining(['reply', 'correctConclusion']));
    expect(allowedActions(office, concluded(), TREE)).not.toContain('correctConclusion');
    const replied = reply(concluded(), { letterId: 'decision:1', delivery: 'email' }, ctx('2026-10-03T02:00:00.000Z')).case;
    expect(allowedActions(unit, replied, TREE)).not.toContain('correctConclusion');
  });
});
