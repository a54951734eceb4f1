import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { chooseDepartments, routingContextFrom, unitFor, type RoutingRule } from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const context = routingContextFrom(province.config, province.tree);
const rules = province.config.defaults.routingRules;

describe('chooseDepartments', () => {
  it('leads a wage-arrears petition with human resources and social security', () => {
    const choice = chooseDepartments(
      { subject: '反映拖欠工资问题', text: '我在富春江镇一家服装厂打工，老板拖欠工资三个月，欠薪问题至今没解决。' },
      rules,
    );
    // Subject: 拖欠工资 ×2 = 2; text: 拖欠工资 1 + 欠薪 1 → 4.
    expect(choice.scores).toEqual([{ department: 'humanResourcesSocialSecurity', score: 4, keywords: ['拖欠工资', '欠薪'] }]);
    expect(choice).toMatchObject({ lead: 'humanResourcesSocialSecurity', cooperating: [], confident: true });
    expect(choice.reason).toContain('关键词拖欠工资、欠薪 → 人力资源和社会保障（4分）');
  });

  it('segments longest first: 拖欠工资 is one hit, not also 工资', () => {
    expect(chooseDepartments({ text: '公司拖欠工资。' }, rules).scores).toEqual([
      { department: 'humanResourcesSocialSecurity', score: 1, keywords: ['拖欠工资'] },
    ]);
  });

  it('gives a polluting factory the lead and residents’ health a cooperating role', () => {
    const choice = chooseDepartments(
      { text: '富春江镇某化工厂长期偷排污水，空气中有刺鼻异味，附近村民多人到医院检查出呼吸道疾病，医生说可能与污染有关。' },
      rules,
    );
    // 偷排污水 segments as 偷排 + 污水 (排污 overlaps both); + 异味 + 污染 → 4; 医院 + 医生 → 2.
    expect(choice.scores).toEqual([
      { department: 'ecologyEnvironment', score: 4, keywords: ['偷排', '污水', '异味', '污染'] },
      { department: 'health', score: 2, keywords: ['医院', '医生'] },
    ]);
    expect(choice).toMatchObject({ lead: 'ecologyEnvironment', cooperating: ['health'], confident: true });
  });

  it('is not confident on a tie, and leads with the department whose rule comes first', () => {
    const choice = chooseDepartments({ text: '学校乱收学费；医院看病贵，医生态度差。' }, rules);
    expect(choice.scores.map((s) => [s.department, s.score])).toEqual([
      ['health', 2],
      ['education', 2],
    ]);
    expect(choice).toMatchObject({ lead: 'health', cooperating: ['education'], confident: false });
    expect(choice.reason).toContain('同为2分');
  });

  it('is not confident when the lead does not beat the runner-up by half again', () => {
    const choice = chooseDepartments({ text: '工厂污染严重，噪音扰民，废气、污水直排；医院、医生、诊所都来看过。' }, rules);
    expect(choice.scores.map((s) => [s.department, s.score])).toEqual([
      ['ecologyEnvironment', 4],
      ['health', 3],
    ]);
    expect(choice.confident).toBe(false);
    expect(choice.reason).toContain('未明显领先卫生健康（3分；需不低于4.5分）');
  });

  it('is confident at exactly 1.5 times the runner-up', () => {
    const choice = chooseDepartments({ text: '工厂污染严重，噪音扰民，废气直排；医院和医生都说有影响。' }, rules);
    expect(choice.scores.map((s) => s.score)).toEqual([3, 2]);
    expect(choice.confident).toBe(true);
  });

  it('is not confident below a score of 2', () => {
    const choice = chooseDepartments({ text: '学校门口交通拥堵。' }, rules);
    expect(choice).toMatchObject({ lead: 'education', confident: false });
    expect(choice.reason).toContain('最高1分，低于2分');
  });

  it('weighs the subject double', () => {
    const choice = chooseDepartments({ subject: '物业费纠纷', text: '小区停车难。' }, rules);
    expect(choice.scores).toEqual([{ department: 'housing', score: 2, keywords: ['物业费'] }]);
    expect(choice.confident).toBe(true);
  });

  it('counts a repeated keyword at most three times', () => {
    expect(chooseDepartments({ text: '工资！工资！工资！工资！工资！' }, rules).scores[0]?.score).toBe(3);
  });

  it('has no lead when no keyword matches', () => {
    expect(chooseDepartments({ text: '希望领导重视，尽快给个说法。' }, rules)).toEqual({
      scores: [],
      cooperating: [],
      confident: false,
      reason: '未匹配到归口关键词。',
    });
  });

  it('applies a rule with a category only to cases of that category or none, and suggests it', () => {
    const reportRules: RoutingRule[] = [{ department: 'publicSecurity', keywords: ['赌博', '聚赌'], category: 'report' }];
    const text = '村里有人聚赌，晚上赌博到深夜。';
    expect(chooseDepartments({ text }, reportRules)).toMatchObject({ lead: 'publicSecurity', confident: true, category: 'report' });
    expect(chooseDepartments({ text, category: 'report' }, reportRules)).toMatchObject({ lead: 'publicSecurity', category: 'report' });
    expect(chooseDepartments({ text, category: 'request' }, reportRules)).toMatchObject({ scores: [], category: 'request' });
  });

  it('uses a county’s own rules for its townships (淳安县: 千岛湖水质, 网箱养殖)', () => {
    const text = '网箱养殖导致千岛湖水质下降。';
    expect(chooseDepartments({ text }, rules).scores).toEqual([]);
    const choice = chooseDepartments({ text }, context.rulesFor('330127100'));
    expect(choice.scores).toEqual([{ department: 'ecologyEnvironment', score: 2, keywords: ['网箱养殖', '千岛湖水质'] }]);
    expect(choice.confident).toBe(true);
  });
});

describe('routingContextFrom', () => {
  it('gives a jurisdiction the defaults, then each level’s own rules from the top down', () => {
    const defaults = province.config.defaults.routingRules.length;
    expect(context.rulesFor('330122')).toHaveLength(defaults);
    expect(context.rulesFor('330127')).toHaveLength(defaults + 1);
    expect(context.rulesFor('330127100').at(-1)?.keywords).toContain('千岛湖水质');
  });

  it('lists a jurisdiction’s own units', () => {
    expect(context.unitsOf('330122101').map((u) => u.id)).toEqual([
      '330122101-construction',
      '330122101-social-affairs',
      '330122101-enforcement',
    ]);
    expect(context.unitsOf('999999')).toEqual([]);
  });
});

describe('unitFor', () => {
  const find = (kind: Parameters<typeof unitFor>[0], code: string) => unitFor(kind, code, province.tree, context.unitsOf);

  it('takes the township’s own unit when it has that department', () => {
    expect(find('housing', '330122101')).toEqual({ unit: '330122101-construction', jurisdiction: '330122101' });
    expect(find('urbanManagement', '330122101')).toEqual({ unit: '330122101-enforcement', jurisdiction: '330122101' });
  });

  it('climbs to the nearest level that has one', () => {
    expect(find('humanResourcesSocialSecurity', '330122101')).toEqual({ unit: '330122-hrss', jurisdiction: '330122' });
    expect(find('transport', '330122')).toEqual({ unit: '330100-transport', jurisdiction: '330100' });
    expect(find('urbanManagement', '330122109')).toEqual({ unit: '330100-urban-management', jurisdiction: '330100' });
  });

  it('answers undefined when no level has one', () => {
    expect(find('justice', '330122101')).toBeUndefined();
  });
});
