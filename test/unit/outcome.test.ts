import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';
import type { Case } from '../../shared/domain/case.js';
import { conclude } from '../../shared/domain/closing.js';
import { correctConclusion } from '../../shared/domain/conclusion-correction.js';
import { RuleViolation } from '../../shared/domain/errors.js';
import { outcomesFor } from '../../shared/domain/outcome.js';
import { DEFAULT_TIME_LIMITS } from '../../shared/domain/time-limits.js';
import { decisionLetter } from '../../shared/app/closing/letters.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);
const ctx = { at: '2026-10-02T02:00:00.000Z', actor: 'tonglu-hrss-handler', settings: { base: DEFAULT_TIME_LIMITS }, calendar, followUpAfterDays: 7, parentOf: () => '330100' };

/** A visitor's question to 桐庐县 about the pension rules, handled by the labour bureau. */
function working(category: Case['category']): Case {
  return {
    caseNumber: '330122-2026-000321',
    jurisdiction: '330122',
    receivingOffice: '330122',
    channel: 'visit',
    status: 'inProgress',
    ...(category ? { category } : {}),
    subject: '灵活就业人员养老保险缴费政策',
    matter: '咨询灵活就业人员缴纳养老保险的档次和补缴办法。',
    petitioner: { anonymous: false, name: '赵建国', email: 'zjg@163.example' },
    urgent: false,
    reviewLevel: 0,
    receivedAt: '2026-09-01T02:00:00.000Z',
    registeredAt: '2026-09-01T02:00:01.000Z',
    registeredBy: 'tonglu-registrar',
    handling: { lead: '330122-hrss', cooperating: [] },
    deadlines: { handling: '2026-10-31T16:00:00.000Z' },
    attachments: [],
    version: 5,
    updatedAt: '2026-09-02T02:00:00.000Z',
  };
}

const ANSWER = { facts: '信访人咨询灵活就业人员养老保险缴费政策。', basis: '《浙江省职工基本养老保险条例》。', decision: '可按上年度全省平均工资的60%至300%选择缴费基数，经办机构窗口办理。' };

describe('the outcome fits what was raised (办理结果)', () => {
  it('offers a consultation 已解答, a suggestion 已采纳/部分采纳/未采纳, any other (and an uncategorised one) 支持/部分支持/不支持', () => {
    expect(outcomesFor('consultation')).toEqual(['answered']);
    expect(outcomesFor('suggestion')).toEqual(['adopted', 'partlyAdopted', 'notAdopted']);
    for (const category of ['request', 'complaint', 'report', 'dispute', undefined] as const) expect(outcomesFor(category)).toEqual(['supported', 'partlySupported', 'notSupported']);
  });

  it('concludes a consultation as answered, and refuses it as supported, in Chinese, naming the field', () => {
    const { case: c, event } = conclude(working('consultation'), { ...ANSWER, outcome: 'answered' }, ctx);
    expect(c.result?.outcome).toBe('answered');
    expect(c.firstConclusion?.outcome).toBe('answered');
    expect(event.detail).toMatchObject({ outcome: 'answered' });
    const refused = (() => {
      try {
        conclude(working('consultation'), { ...ANSWER, outcome: 'supported' }, ctx);
      } catch (error) {
        return error as RuleViolation;
      }
    })();
    expect(refused).toBeInstanceOf(RuleViolation);
    expect(refused?.field).toBe('outcome');
    expect(refused?.chinese).toBe('政策咨询事项的办理结果应为已解答，不能为“支持”');
  });

  it('a request (求决) is still supported or not: 已解答 and 已采纳 are refused', () => {
    expect(() => conclude(working('request'), { ...ANSWER, outcome: 'answered' }, ctx)).toThrow(RuleViolation);
    expect(() => conclude(working(undefined), { ...ANSWER, outcome: 'adopted' }, ctx)).toThrow(/does not fit a uncategorised case/);
    expect(conclude(working('suggestion'), { ...ANSWER, outcome: 'partlyAdopted' }, ctx).case.result?.outcome).toBe('partlyAdopted');
  });

  it('a correction read over before the reply must fit too', () => {
    const concluded = conclude(working('suggestion'), { ...ANSWER, outcome: 'adopted' }, ctx).case;
    expect(() => correctConclusion(concluded, { ...ANSWER, outcome: 'supported', reason: '审核签发时发现结果选错' }, { at: ctx.at, actor: 'tonglu-hrss-head' })).toThrow(RuleViolation);
    expect(correctConclusion(concluded, { ...ANSWER, outcome: 'notAdopted', reason: '审核签发时发现结果选错' }, { at: ctx.at, actor: 'tonglu-hrss-head' }).case.result?.outcome).toBe('notAdopted');
  });

  it('a consultation is answered in a 答复意见书 with its 答复意见, not a decision for or against', () => {
    const c = conclude(working('consultation'), { ...ANSWER, outcome: 'answered' }, ctx).case;
    const letter = decisionLetter(province, c, [], { id: 'decision:1', level: 0, ...ANSWER, at: '2026-10-03T02:00:00.000Z', nextLevel: '330100' });
    expect(letter.message.text).toContain('信访事项答复意见书');
    expect(letter.message.text).toContain('三、答复意见');
    expect(letter.message.text).not.toContain('处理意见');
    const request = decisionLetter(province, { ...c, category: 'request' }, [], { id: 'decision:1', level: 0, ...ANSWER, at: '2026-10-03T02:00:00.000Z', nextLevel: '330100' });
    expect(request.message.text).toContain('三、处理意见');
  });
});
