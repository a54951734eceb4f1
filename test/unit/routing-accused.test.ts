import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import {
  accusedUnits,
  accusedUnitsOf,
  isAccusation,
  nearFor,
  provinceUnits,
  reportExclusion,
  routingContextFrom,
  unionOfAccused,
  withAccusedUnits,
} from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const units = province.config.jurisdictions.flatMap((j) => j.units);

describe('accusedUnits', () => {
  it('finds a unit by its full name', () => {
    expect(accusedUnits({ text: '我要举报桐庐县住房和城乡建设局违规审批。' }, units)).toEqual(['330122-housing']);
  });

  it('finds a unit by the usual short name of its kind after its place: 桐庐县住建局, 桐庐住建局', () => {
    expect(accusedUnits({ text: '实名举报桐庐县住建局对开发商延期交房不闻不问。' }, units)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '控告桐庐住建局工作人员。' }, units)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '检举湖州市住建局。' }, units)).toEqual(['330500-housing']);
  });

  it('finds the unit of a staff member the report names, not one written to or asked to act', () => {
    const withPeople = provinceUnits(routingContextFrom(province.config, province.tree));
    // 俞志明 heads 桐庐县住建局.
    expect(accusedUnits({ text: '实名举报俞志明收受开发商好处。' }, withPeople)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '控告城建科的俞志明科长刁难群众。' }, withPeople)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '举报开发商拖欠工程款，请俞志明同志处理。' }, withPeople)).toEqual([]);
    expect(accusedUnits({ text: '举报开发商拖欠工程款，已向俞志明反映。' }, withPeople)).toEqual([]);
    // Written to, asked to look, thanked or quoted, with a title either side, is no accusation.
    expect(accusedUnits({ text: '我曾向科长俞志明反映过，现举报开发商拖欠工程款。' }, withPeople)).toEqual([]);
    expect(accusedUnits({ text: '举报开发商拖欠工程款，恳请俞志明局长关注。' }, withPeople)).toEqual([]);
    expect(accusedUnits({ text: '俞志明局长已批示由开发商整改，现举报开发商仍未整改。' }, withPeople)).toEqual([]);
    // Only the staff of the levels that would handle the matter: a namesake elsewhere is someone else.
    expect(accusedUnits({ text: '实名举报俞志明收受开发商好处。', peopleScope: ['330127'] }, withPeople)).toEqual([]);
    expect(accusedUnits({ text: '实名举报俞志明收受开发商好处。', peopleScope: ['330122'] }, withPeople)).toEqual(['330122-housing']);
    // The writer's own name is no accusation of a namesake in the directory.
    expect(accusedUnits({ text: '我叫俞志明，举报开发商拖欠工程款。' }, withPeople)).toEqual([]);
    expect(accusedUnits({ text: '举报人：俞志明。举报开发商拖欠工程款。' }, withPeople)).toEqual([]);
    // Not a report: a name is not an accusation.
    expect(accusedUnits({ text: '感谢俞志明帮忙解决漏水问题。' }, withPeople)).toEqual([]);
  });

  it('takes a two-character name only where it ends, not inside a longer one', () => {
    const named = [{ id: 'u-1', name: '某某县住房和城乡建设局', department: 'housing' as const, people: ['王明'] }];
    expect(accusedUnits({ text: '举报王明收受好处。' }, named)).toEqual(['u-1']);
    // Right after the accusing verb or a title the name stands on its own, whatever follows.
    expect(accusedUnits({ text: '检举科员王明作梗刁难。' }, named)).toEqual(['u-1']);
    expect(accusedUnits({ text: '举报邻居王明亮收受好处。' }, named)).toEqual([]);
  });

  it('derives the short names from the department kind and the unit’s own suffix', () => {
    expect(accusedUnits({ text: '举报淳安县卫健局。' }, units)).toEqual(['330127-health']);
    expect(accusedUnits({ text: '举报浙江省卫健委。' }, units)).toEqual(['330000-health']);
    expect(accusedUnits({ text: '举报德清县人社局。' }, units)).toEqual(['330521-hrss']);
    expect(accusedUnits({ text: '举报长兴县市场监管局。' }, units)).toEqual(['330522-market']);
    expect(accusedUnits({ text: '举报富春江镇城管。' }, units)).toEqual(['330122101-enforcement']);
  });

  it('knows a branch by its place: 桐庐环保局 is 杭州市生态环境局桐庐分局', () => {
    expect(accusedUnits({ text: '举报桐庐环保局包庇偷排企业。' }, units)).toEqual(['330122-ecology']);
  });

  it('reads a 被举报单位 line', () => {
    const text = '被举报单位：杭州市生态环境局桐庐分局\n举报内容：对某化工厂偷排长期不查处。';
    expect(accusedUnits({ text }, units)).toEqual(['330122-ecology']);
  });

  it('reads a later placeless short name as the unit already named', () => {
    const text = '我要举报桐庐县住建局：阳光花园小区延期交房两年，住建局对开发商不闻不问。';
    expect(accusedUnits({ text }, units)).toEqual(['330122-housing']);
  });

  it('counts every unit so called when the short name has no place', () => {
    expect(accusedUnits({ text: '举报住建局不作为。' }, units)).toEqual([
      '330100-housing',
      '330122-housing',
      '330127-housing',
      '330500-housing',
      '330521-housing',
      '330522-housing',
    ]);
  });

  it('reads a short name without its place as the unit of the office written to, or of the level named before it', () => {
    const placed = province.config.jurisdictions.flatMap((j) => j.units.map((u) => ({ ...u, jurisdiction: j.code })));
    const toTonglu = nearFor(province.tree, '330122');
    expect(accusedUnits({ text: '举报住建局工作人员乱收费。', near: toTonglu }, placed)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '举报县住建局工作人员乱收费。', near: toTonglu }, placed)).toEqual(['330122-housing']);
    // Written to a township: its county's 住建局, or the city's when the letter says 市.
    const toTownship = nearFor(province.tree, '330122101');
    expect(accusedUnits({ text: '举报县住建局工作人员乱收费。', near: toTownship }, placed)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '举报市住建局工作人员乱收费。', near: toTownship }, placed)).toEqual(['330100-housing']);
    // 夜市, 超市 are no level.
    expect(accusedUnits({ text: '举报夜市城管乱罚款。', near: toTownship }, placed)).toEqual(['330122101-enforcement']);
  });

  it('reads a short name where the matter is: a 桐庐 petitioner’s 住建局, written to the city, is 桐庐县’s', () => {
    const letterToCity = { subject: '举报', matter: '举报住建局工作人员收受开发商好处。', jurisdiction: '330100', petitioner: { address: '桐庐县城南街道迎春路8号' } };
    const all = provinceUnits(routingContextFrom(province.config, province.tree));
    expect(accusedUnitsOf(letterToCity, all, [], province.tree)).toEqual(['330122-housing']);
  });

  it('does not take the addressee of a report, or of a request, for the accused', () => {
    expect(accusedUnits({ text: '我已向桐庐县公安局举报张三诈骗。' }, units)).toEqual([]);
    expect(accusedUnits({ text: '我举报某公司拖欠工资，希望桐庐县人社局帮忙解决。' }, units)).toEqual([]);
    expect(accusedUnits({ text: '举报某化工厂偷排污水，请桐庐县住建局查处。' }, units)).toEqual([]);
    // But one asked to undo its own wrong, or one the petitioner 申请ed something from, stays accused; so does one another accused made act.
    expect(accusedUnits({ text: '拆迁补偿不公，特此举报：要求桐庐县住建局退还违规收取的拆迁费用。' }, units)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '控告：我申请桐庐县住建局公开拆迁补偿标准被拒，住房拆迁补偿不公。' }, units)).toEqual(['330122-housing']);
    expect(accusedUnits({ text: '举报桐庐县住建局局长，其让桐庐县人社局为其亲属违规办理社保。' }, units)).toEqual(['330122-housing', '330122-hrss']);
  });

  it('reads a later short name as the unit written to before, unless it is what the report now accuses', () => {
    const placed = province.config.jurisdictions.flatMap((j) => j.units.map((u) => ({ ...u, jurisdiction: j.code })));
    const near = nearFor(province.tree, '330122');
    expect(accusedUnits({ text: '举报某服装厂拖欠工资，已向县人社局反映过，人社局很负责。', near }, placed)).toEqual([]);
    expect(accusedUnits({ text: '我要举报城南路一家饭店使用过期食品，希望县市场监管局来查一下。', near }, placed)).toEqual([]);
    expect(accusedUnits({ text: '我向桐庐县住建局反映过多次，现在举报住建局不作为。', near }, placed)).toEqual(['330122-housing']);
  });

  it('reaches back to the units other sentences name when the accusation names no one: 我要举报他', () => {
    expect(accusedUnits({ text: '桐庐县住房和城乡建设局工作人员王某收受施工方好处。我要举报他，请严肃查处。' }, units)).toEqual(['330122-housing']);
    // A subject line that says only 举报, then the matter.
    expect(accusedUnits({ text: '举报\n桐庐县住房和城乡建设局工作人员在老旧小区改造中收受施工方好处。' }, units)).toEqual(['330122-housing']);
    // One that names its object after a colon does not reach back: the unit written to here is no accused.
    expect(accusedUnits({ text: '举报：小区物业乱收费。我已向桐庐县住建局反映多次。桐庐县住建局说会处理。' }, units)).toEqual([]);
  });

  it('needs the unit in the sentence that accuses', () => {
    expect(accusedUnits({ text: '桐庐县教育局的老师很负责。我举报某培训机构违规收费。' }, units)).toEqual([]);
  });

  it('ignores reporting channels: 举报电话', () => {
    expect(accusedUnits({ text: '可拨打桐庐县市场监督管理局举报电话。' }, units)).toEqual([]);
  });

  it('treats every named unit as accused in a case of category report', () => {
    const text = '桐庐县住建局对违规收费问题一直没有答复。';
    expect(accusedUnits({ text }, units)).toEqual([]);
    expect(accusedUnits({ text, category: 'report' }, units)).toEqual(['330122-housing']);
  });
});

describe('reportExclusion', () => {
  const placed = province.config.jurisdictions.flatMap((j) => j.units.map((u) => ({ ...u, jurisdiction: j.code })));
  const exclusion = reportExclusion({ text: '举报桐庐县住建局包庇开发商。' }, placed, province.tree);

  it('excludes the accused unit and units of its kind below it, and no other', () => {
    expect(exclusion.excludes('330122-housing')).toBe(true);
    expect(exclusion.excludes('330122101-construction')).toBe(true);
    expect(exclusion.excludes('330122109-construction')).toBe(true);
    expect(exclusion.excludes('330100-housing')).toBe(false);
    expect(exclusion.excludes('330127-housing')).toBe(false);
    expect(exclusion.excludes('330122-hrss')).toBe(false);
  });

  it('says why', () => {
    expect(exclusion.why('330122-housing')).toBe('举报涉及桐庐县住房和城乡建设局（330122-housing）');
    expect(exclusion.why('330122101-construction')).toBe(
      '富春江镇村镇建设办公室（330122101-construction）在被举报的桐庐县住房和城乡建设局之下',
    );
  });

  it('calls a complaint of a unit’s conduct a complaint, not a report', () => {
    const complaint = reportExclusion({ text: '投诉桐庐县住建局对违建推诿不管。', category: 'complaint' }, placed, province.tree);
    expect(complaint.why('330122-housing')).toBe('投诉涉及桐庐县住房和城乡建设局（330122-housing）');
    expect(complaint.why('330122101-construction')).toBe('富春江镇村镇建设办公室（330122101-construction）在被投诉的桐庐县住房和城乡建设局之下');
  });
});

describe('isAccusation', () => {
  it.each([
    ['我要举报村干部。', true],
    ['控告某公司。', true],
    ['请问举报电话是多少？', false],
    ['反映小区物业问题。', false],
  ])('%s → %s', (text, expected) => {
    expect(isAccusation(text)).toBe(expected);
  });
});

describe('accusedUnitsOf: the units a case accuses, kept with it from registration on', () => {
  const all = provinceUnits(routingContextFrom(province.config, province.tree));
  const report = { subject: '举报桐庐县住建局', matter: '我实名举报桐庐县住房和城乡建设局违规审批商品房预售许可。' };

  it('reads the subject, the matter and the names of the attachments', () => {
    expect(accusedUnitsOf(report, all)).toEqual(['330122-housing']);
    const attached = { matter: '详见附件。', attachments: [{ filename: '举报桐庐县人社局不作为的材料.pdf' }] };
    expect(accusedUnitsOf(attached, all)).toEqual(['330122-hrss']);
    const refused = { matter: '详见附件。', refusedAttachments: [{ filename: '控告桐庐县卫健局.exe' }] };
    expect(accusedUnitsOf(refused, all)).toEqual(['330122-health']);
  });

  it('only grows: the units already accused stay, material added later adds its own', () => {
    const c = { ...report, accusedUnits: ['330127-health'] };
    expect(accusedUnitsOf(c, all)).toEqual(['330127-health', '330122-housing']);
    expect(accusedUnitsOf(c, all, ['另外，我还要举报桐庐县人社局包庇欠薪老板。'])).toEqual(['330127-health', '330122-housing', '330122-hrss']);
    // A short name in the new message refers back to the unit the case already named with its place.
    expect(accusedUnitsOf(c, all, ['住建局至今没有任何答复，我继续举报住建局。'])).toEqual(['330127-health', '330122-housing']);
  });

  it('withAccusedUnits records them, and leaves a case with nothing new untouched', () => {
    const c = { ...report, accusedUnits: ['330122-housing'] };
    expect(withAccusedUnits(c, all)).toBe(c);
    expect(withAccusedUnits(c, all, ['还要控告桐庐县市场监督管理局。']).accusedUnits).toEqual(['330122-housing', '330122-market']);
    const plain = { matter: '楼顶漏水三个月无人维修。' };
    expect(withAccusedUnits(plain, all)).toBe(plain);
  });

  it('unionOfAccused keeps the known first and never drops any', () => {
    expect(unionOfAccused(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(unionOfAccused(['a'], [])).toEqual(['a']);
    expect(unionOfAccused(undefined, undefined)).toEqual([]);
  });

  it('reportExclusion also keeps the report from the units the case already accuses', () => {
    const placed = provinceUnits(routingContextFrom(province.config, province.tree));
    const known = reportExclusion({ text: '小区楼顶漏水。', accused: ['330122-housing'] }, placed, province.tree);
    expect(known.excludes('330122-housing')).toBe(true);
    expect(known.excludes('330122101-construction')).toBe(true);
    expect(known.excludes('330122-hrss')).toBe(false);
  });
});

describe('a complaint about a unit’s conduct keeps the case from that unit (条例 第三十条)', () => {
  const near = [{ code: '330122', level: 'county' }, { code: '330100', level: 'city' }, { code: '330000', level: 'province' }];
  const placed = provinceUnits(routingContextFrom(province.config, province.tree));
  const accusedIn = (text: string) => accusedUnits({ text, near }, placed);

  it('records the unit whose inaction is complained of (audit mail 39)', () => {
    expect(accusedIn('桐庐县凤川街道某印染厂长期超标排放，县环保局不作为，特向省里反映。曹红 13912341234 桐庐县凤川街道三鑫村')).toEqual([
      '330122-ecology',
    ]);
    expect(accusedIn('我多次反映，桐庐县住建局和县环保局互相推诿踢皮球。')).toEqual(['330122-housing', '330122-ecology']);
    expect(accusedIn('我要投诉桐庐县住建局，办证时处处刁难。')).toEqual(['330122-housing']);
    expect(accusedIn('投诉县环保局，群众反映的问题一拖再拖。')).toEqual(['330122-ecology']);
  });

  it('leaves alone a unit asked to act, written to, or a company complained of', () => {
    expect(accusedIn('印染厂超标排放，希望环保局尽快处理。')).toEqual([]);
    expect(accusedIn('我要投诉印染厂超标排放。')).toEqual([]);
    expect(accusedIn('我已向县环保局投诉印染厂。')).toEqual([]);
    expect(accusedIn('我投诉到县环保局，印染厂还在偷排。')).toEqual([]);
    expect(accusedIn('印染厂推诿责任，恳请县环保局依法查处。')).toEqual([]);
    expect(accusedIn('印染厂老板刁难工人，县环保局已经介入。')).toEqual([]);
  });
});
