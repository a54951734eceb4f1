import { describe, expect, it } from 'vitest';
import { DEFAULT_URGENCY_LEXICON, detectUrgency, petitionUrgency } from '../../shared/domain/mail/urgency.js';
import { urgencyOfEmail } from '../../shared/app/intake/urgent-precheck.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const urgency = (text: string) => detectUrgency(text, DEFAULT_URGENCY_LEXICON);

describe('detectUrgency', () => {
  it('flags a threat of mass action', () => {
    expect(urgency('工资拖了八个月，如果再不解决我们就去堵路。')).toEqual({ urgent: true, matched: ['堵路'] });
  });

  it('does not flag a negated threat', () => {
    expect(urgency('我们不会去堵路，只希望政府主持公道。')).toEqual({ urgent: false, matched: [] });
    expect(urgency('村民绝不会去静坐，也没有聚集。')).toEqual({ urgent: false, matched: [] });
  });

  it('lets the negation stand at most two characters before the word', () => {
    expect(urgency('我们不会再去堵路')).toEqual({ urgent: false, matched: [] });
    expect(urgency('我们不会忍下去，明天堵路')).toEqual({ urgent: true, matched: ['堵路'] });
  });

  it('flags a word when any one of its occurrences is not negated', () => {
    expect(urgency('上次我们没有聚集，这次全组村民商量好了要到镇政府聚集。')).toEqual({ urgent: true, matched: ['聚集'] });
  });

  it('lists every word found, in lexicon order', () => {
    expect(urgency('他说再不给钱就喝农药，跟包工头同归于尽，还要去北京上访。')).toEqual({
      urgent: true,
      matched: ['喝农药', '同归于尽', '去北京上访'],
    });
  });

  it('flags imminent danger to life', () => {
    expect(urgency('五丰村后山出现裂缝，一下雨就塌方，十几户人家有生命危险。').matched).toEqual(['生命危险', '塌方']);
  });

  it('leaves ordinary complaints alone, including words kept out of the lexicon on purpose', () => {
    expect(urgency('包工头李某拖欠我工资38600元，多次讨薪无果，日子快活不下去了。').urgent).toBe(false);
    expect(urgency('我家2024年申请的危房改造补贴至今没有发放。').urgent).toBe(false);
    expect(urgency('邻居吵架时打人，派出所调解后还在威胁我。').urgent).toBe(false);
    expect(urgency('儿子进京务工三年，户口迁移手续办不下来。').urgent).toBe(false);
  });

  it('uses the lexicon it is given', () => {
    expect(detectUrgency('校车超载，每天塞二十多个孩子。', ['校车超载'])).toEqual({ urgent: true, matched: ['校车超载'] });
    expect(detectUrgency('堵路', [])).toEqual({ urgent: false, matched: [] });
  });
});

describe('threats to one’s own life written plainly', () => {
  it('flags "从楼上跳下去" and a cry for help', () => {
    expect(urgency('再不解决我就从楼上跳下去！')).toEqual({ urgent: true, matched: ['跳下去'] });
    expect(urgency('走投无路，求领导救命')).toEqual({ urgent: true, matched: ['救命'] });
  });

  it('does not flag a negated threat', () => {
    expect(urgency('请放心，我不会跳下去，只求依法处理。').urgent).toBe(false);
  });
});

describe('a large collective petition is urgent whatever its words', () => {
  const rules = { lexicon: DEFAULT_URGENCY_LEXICON, collectiveHeadCount: 50 };

  it('flags a group of the head count or more, naming its size beside any words found', () => {
    expect(petitionUrgency('要求补发拖欠工资。', { headCount: 50 }, rules)).toEqual({ urgent: true, matched: ['集体信访50人'] });
    expect(petitionUrgency('再不发工资就去堵路。', { headCount: 120 }, rules)).toEqual({ urgent: true, matched: ['堵路', '集体信访120人'] });
  });

  it('flags an email whose group is large enough, read from its text as registration reads it', () => {
    const province = loadProvinceConfig(DEMO_CONFIG);
    expect(urgencyOfEmail(province, { subject: '拖欠工资', text: '我们全厂120名工人联名反映，公司拖欠工资四个月。' })).toEqual({ urgent: true, matched: ['集体信访120人'] });
    expect(urgencyOfEmail(province, { subject: '拖欠工资', text: '公司拖欠我们车间43名工人的工资。' }).urgent).toBe(false);
  });

  it('does not flag a smaller group, a single petitioner, or any group when the office sets 0', () => {
    expect(petitionUrgency('要求补发拖欠工资。', { headCount: 49 }, rules).urgent).toBe(false);
    expect(petitionUrgency('要求补发拖欠工资。', undefined, rules).urgent).toBe(false);
    expect(petitionUrgency('要求补发拖欠工资。', { headCount: 500 }, { ...rules, collectiveHeadCount: 0 }).urgent).toBe(false);
  });
});
