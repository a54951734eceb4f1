import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { emptyModel, learnExample, suggestDepartment, type RoutingModel } from '../../shared/domain/routing-model.js';
import { chooseDepartments, contentWords, decideRoute, findWords, keywordVocabulary, routingContextFrom, type RoutingRule } from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig('config/province.yaml');
/** As the router cuts text: jieba's dictionary and the demo province's keywords. */
const segmenter = jiebaSegmenter(keywordVocabulary(province.config));

const words = (text: string) => contentWords(segmenter.segment(text).words);
const hits = (text: string, terms: string[]) => findWords(text, terms, segmenter.segment(text)).map((h) => h.term);

describe('keywords match whole words (jieba)', () => {
  it('finds a keyword that is a word, or a dictionary word inside a compound', () => {
    expect(hits('老板拖欠工资三个月不发', ['工资'])).toEqual(['工资']);
    expect(hits('老板拖欠工资三个月不发', ['拖欠工资', '工资'])).toEqual(['拖欠工资']);
    expect(hits('村里征地补偿款没有发放', ['征地', '补偿'])).toEqual(['征地', '补偿']);
  });

  it('keeps the configured keywords whole where jieba’s dictionary would cut them otherwise', () => {
    // The dictionary alone cuts 偷|排污|水; with the province's keywords it is 偷排|污水, as the letter means.
    expect(hits('化工厂长期偷排污水', ['偷排', '污水', '排污'])).toEqual(['偷排', '污水']);
    expect(findWords('化工厂长期偷排污水', ['偷排', '污水', '排污'], jiebaSegmenter().segment('化工厂长期偷排污水')).map((h) => h.term)).toEqual(['排污']);
  });

  it('does not find a keyword that straddles two words', () => {
    // 员工|伤亡 is not 工伤; 助学|费用 is not 学费; 住户|口角 is not 户口.
    expect(hits('工厂爆炸造成员工伤亡', ['工伤'])).toEqual([]);
    expect(hits('申请的助学费用还没有批', ['学费'])).toEqual([]);
    expect(hits('小区的住户口角不断', ['户口'])).toEqual([]);
  });

  const rules: RoutingRule[] = [
    { department: 'humanResourcesSocialSecurity', keywords: ['工伤', '工资'] },
    { department: 'emergencyManagement', keywords: ['安全生产', '爆炸'] },
  ];

  it('routes 员工伤亡 after an explosion to safety, where substrings saw a tie with 工伤', () => {
    const text = '工厂发生爆炸，造成员工伤亡。';
    expect(chooseDepartments({ text }, rules).confident).toBe(false);
    expect(chooseDepartments({ text }, rules, segmenter)).toMatchObject({ lead: 'emergencyManagement', scores: [{ department: 'emergencyManagement', score: 1 }] });
  });
});

describe('the learned routing model (naive Bayes over words)', () => {
  const teach = (model: RoutingModel, department: Parameters<typeof learnExample>[1], texts: string[]) =>
    texts.reduce((m, text) => learnExample(m, department, words(text)), model);
  let model = emptyModel('330122');
  model = teach(model, 'humanResourcesSocialSecurity', ['包工头欠我三万块钱没给', '服装厂三个月没发钱，老板说资金周转不过来', '餐馆老板拖着我们半年的工钱']);
  model = teach(model, 'housing', ['小区电梯坏了没人修，业委会也不管', '开发商延期交房，不给说法', '楼顶漏水，开发商推诿']);

  it('suggests the department its words point to, with those words as the reason', () => {
    const suggestion = suggestDepartment(model, words('老板欠了我们两个月的工钱，一直拖着'));
    expect(suggestion).toMatchObject({ department: 'humanResourcesSocialSecurity', examples: 6 });
    expect(suggestion!.confidence).toBeGreaterThan(0.5);
    expect(suggestion!.words).toEqual(expect.arrayContaining(['老板', '工钱']));
    expect(suggestion!.words).not.toContain('开发商');
  });

  it('is the same on every run (no randomness, ties broken by name)', () => {
    const text = words('开发商交房后屋顶漏水');
    expect(suggestDepartment(model, text)).toEqual(suggestDepartment(model, text));
    expect(suggestDepartment(model, text)?.department).toBe('housing');
  });

  it('says nothing of words it never saw, or with fewer than two departments to choose from', () => {
    expect(suggestDepartment(model, words('希望领导重视'))).toBeUndefined();
    expect(suggestDepartment(teach(emptyModel('330122'), 'housing', ['开发商延期交房']), words('开发商延期交房'))).toBeUndefined();
    expect(suggestDepartment(model, words('老板欠工钱'), (kind) => kind === 'housing')).toBeUndefined();
  });
});

describe('decideRoute with the learned model', () => {
  const context = { ...routingContextFrom(province.config, province.tree), segmenter };
  let model = emptyModel('330122');
  for (let i = 0; i < 20; i++) {
    model = learnExample(model, 'humanResourcesSocialSecurity', words(`包工头欠我${i + 2}万块钱工钱没给，老板跑了`));
    model = learnExample(model, 'housing', words(`开发商延期交房${i + 1}个月，楼顶还漏水`));
  }
  const petition = { matter: '包工头拖着我们的工钱不给，老板电话也不接。', receivingOffice: '330122' };

  it('assigns alone above the configured confidence, naming the model and its words', () => {
    const decision = decideRoute(petition, { ...context, learned: { model, autoAssignConfidence: 0.9, minExamples: 30, minExamplesToSuggest: 10 } });
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-hrss' });
    expect(decision.reasons.at(-1)).toMatch(/^主办：人力资源和社会保障/);
    expect(decision.reasons.join(' ')).toMatch(/学习模型（40次分办）：人力资源和社会保障，置信度0\.\d+，依据.*工钱/);
  });

  it('below it, or before enough decisions, leaves the case to staff with the suggestion', () => {
    for (const learned of [{ model, autoAssignConfidence: 1, minExamples: 30, minExamplesToSuggest: 10 }, { model, autoAssignConfidence: 0.9, minExamples: 41, minExamplesToSuggest: 10 }]) {
      const decision = decideRoute(petition, { ...context, learned });
      expect(decision).toMatchObject({ kind: 'triage', suggestion: { department: 'humanResourcesSocialSecurity', unit: '330122-hrss', examples: 40 } });
    }
  });

  it('never suggests a unit the report accuses', () => {
    const report = { matter: '举报桐庐县人力资源和社会保障局的工作人员：包工头拖着我们的工钱不给，老板电话也不接。', receivingOffice: '330122' };
    const decision = decideRoute(report, { ...context, learned: { model, autoAssignConfidence: 0.9, minExamples: 30, minExamplesToSuggest: 10 } });
    expect(decision.kind).toBe('triage');
    expect(decision.kind === 'triage' ? decision.suggestion?.unit : undefined).not.toBe('330122-hrss');
  });
});

describe('the learned model suggests only from enough decisions, on words that say something', () => {
  const context = { ...routingContextFrom(province.config, province.tree), segmenter };
  const learned = (model: RoutingModel) => ({ model, autoAssignConfidence: 0.9, minExamples: 30, minExamplesToSuggest: 10 });
  // The audit's office: two routings, each a 来电 about a 小区 the caller 希望 the office to look into.
  let two = emptyModel('330122');
  two = learnExample(two, 'ecologyEnvironment', words('来电反映小区旁边饭店油烟扰民，希望处理'));
  two = learnExample(two, 'housing', words('来电反映小区电梯坏了，希望尽快修理'));
  const call = { matter: '来电反映小区楼下饭店很吵，希望有关部门管一管。', receivingOffice: '330122' };

  it('offers no suggestion from two routings, and says why', () => {
    const decision = decideRoute(call, { ...context, learned: learned(two) });
    expect(decision.kind).toBe('triage');
    expect(decision.kind === 'triage' ? decision.suggestion : 'not triage').toBeUndefined();
    expect(decision.reasons.join(' ')).toMatch(/学习模型仅有2次分办，少于10次，暂不提供建议/);
  });

  it('offers none for a department staff chose fewer than three times, however many decisions the office made', () => {
    let model = emptyModel('330122');
    for (let i = 0; i < 20; i++) model = learnExample(model, 'housing', words(`开发商延期交房${i + 1}个月，楼顶还漏水`));
    model = learnExample(model, 'humanResourcesSocialSecurity', words('包工头欠我工钱没给，老板跑了'));
    model = learnExample(model, 'humanResourcesSocialSecurity', words('老板拖着我们半年的工钱'));
    const decision = decideRoute({ matter: '包工头拖着我们的工钱不给，老板电话也不接。', receivingOffice: '330122' }, { ...context, learned: learned(model) });
    expect(decision.kind === 'triage' ? decision.suggestion : 'not triage').toBeUndefined();
    expect(decision.reasons.join(' ')).toMatch(/人力资源和社会保障仅有2次分办，少于3次，暂不提供建议/);
  });

  it('neither learns from nor names as its basis the words of every petition (来电, 反映, 希望, 小区…)', () => {
    expect(words('来电反映小区旁边饭店油烟扰民，希望有关部门尽快处理')).toEqual(['旁边', '饭店', '油烟', '扰民']);
    let model = emptyModel('330122');
    for (let i = 0; i < 6; i++) {
      model = learnExample(model, 'ecologyEnvironment', words(`来电反映小区旁边饭店${i + 1}号油烟扰民，希望处理`));
      model = learnExample(model, 'housing', words(`来电反映小区${i + 1}幢电梯坏了，希望尽快修理`));
    }
    const decision = decideRoute({ matter: '来电反映小区楼下饭店油烟很大，希望处理。', receivingOffice: '330122' }, { ...context, learned: learned(model) });
    expect(decision).toMatchObject({ kind: 'triage', suggestion: { department: 'ecologyEnvironment', examples: 12 } });
    const basis = decision.kind === 'triage' ? decision.suggestion!.words : [];
    expect(basis).toContain('油烟');
    for (const stop of ['来电', '反映', '希望', '小区']) expect(basis).not.toContain(stop);
  });
});
