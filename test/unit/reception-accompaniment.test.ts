import { describe, expect, it } from 'vitest';
import { accompanyingTopic, accompanyingTopics, matterKeptFrom, nextAccompaniment, sameUnits, withdrawnUnits } from '../../shared/domain/reception-accompaniment.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { accusableUnits } from '../../shared/app/accusable-units.js';
import { routingContextOf } from '../../shared/app/routing/context.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);
const reading = { units: accusableUnits(province), tree: province.tree, near: '330122', rules: routingContextOf(province).rulesFor('330122') };

/** 陪访部门: what the accompanying units are told, and what a change leaves out. */
describe('accompanying units', () => {
  const session = { id: '330122:2026-11-30:0900', jurisdiction: '330122', rotationDate: '2026-11-30' };

  it('lists the booked matters shortened, and only counts reports, which may accuse the unit told (条例 第三十条)', () => {
    const long = '我家在城南小区，楼顶漏水三个月无人维修，多次找物业公司和社区都没有结果，雨天家里到处接水，老人孩子没法住，希望领导督促物业尽快维修并赔偿损失。';
    const matters = [long, '举报县住建局工作人员收受开发商好处，拖延验收。', '村里修路占了我家承包地，补偿一直没谈。'].map((matter) => ({ matter }));
    const { lines, withheld, bookings, people } = accompanyingTopics(matters, '330122-natural-resources', reading);
    expect(lines).toEqual([`${long.slice(0, 60)}…`, '村里修路占了我家承包地，补偿一直没谈。']);
    expect(withheld).toBe(1);
    expect({ bookings, people }).toEqual({ bookings: 3, people: 3 });
  });

  // What a review found sent verbatim: a complaint of a named official of the very unit told, and a petitioner's name, phone and address.
  const bribe = '县住建局工作人员李强收受开发商好处，对我的问题置之不理，要求查处';
  const fee = '反映县人社局拖延我的工伤认定，经办人刘洋索要好处费';
  const homestead = '本人王秀英，电话13812345678，住城关镇幸福村3组，反映宅基地被占问题';
  const told = (unit: string) => accompanyingTopics([{ matter: bribe }, { matter: fee, partySize: 3 }, { matter: homestead }], unit, reading);

  it.each(['330122-housing', '330122-hrss', '330122-natural-resources', '330122-public-security'])(
    'keeps from %s every matter that accuses someone in office, and what says who the petitioner is',
    (unit) => {
      const { lines, withheld, bookings, people } = told(unit);
      // A person accused may be of any unit told: the complaint of 李强 and of 刘洋 goes to none of them, only counted.
      expect(withheld).toBe(2);
      expect(lines).toEqual(['反映宅基地被占问题']);
      const sent = lines.join('\n');
      for (const word of ['李强', '刘洋', '收受', '索要', '王秀英', '13812345678', '幸福村', '3组', '城关镇']) expect(sent).not.toContain(word);
      expect({ bookings, people }).toEqual({ bookings: 3, people: 5 });
    },
  );

  it('keeps a complaint of a unit from that unit and those of its kind below it, not from the others', () => {
    const matter = '杭州市住建局对我反映的小区违建问题不作为。';
    expect(matterKeptFrom(matter, '330122-housing', reading)).toBe(true);
    expect(matterKeptFrom(matter, '330100-housing', reading)).toBe(true);
    expect(matterKeptFrom(matter, '330122-natural-resources', reading)).toBe(false);
    expect(matterKeptFrom('县人社局拖着不办我的工伤认定，一拖就是半年。', '330122-hrss', reading)).toBe(true);
    expect(matterKeptFrom('县人社局拖着不办我的工伤认定，一拖就是半年。', '330122-housing', reading)).toBe(false);
    // A developer's delay, with the leader asked for help: for the 住建局 to prepare.
    expect(matterKeptFrom('希望领导重视，开发商拖延交房一年多。', '330122-housing', reading)).toBe(false);
  });

  it('takes out numbers, addresses and self-introductions, and names the department when little else is left', () => {
    expect(accompanyingTopic('我叫张建国，身份证330122198001011234，家住桐庐镇迎春南路8号，小区5栋302室房屋质量问题物业不管', reading.rules)).toBe(
      '涉及住房和城乡建设方面的事项（详情由信访部门现场介绍）',
    );
    expect(accompanyingTopic('拖欠工资半年，老板电话0571-64612345不接，请帮忙讨薪。', reading.rules)).toBe('拖欠工资半年，请帮忙讨薪。');
  });

  // A review found the contact check skipped every second clause: a global regex's lastIndex carried over between .test() calls.
  it('leaves out every contact clause, two in a row and in call after call', () => {
    const matter = '联系电话见登记表，微信号：wxy_hz，反映拆迁补偿不到位';
    for (let i = 0; i < 3; i++) expect(accompanyingTopic(matter, reading.rules)).toBe('反映拆迁补偿不到位');
    const sent = accompanyingTopics([{ matter }, { matter: '手机打不通，邮箱：a@b.example，QQ：12345，要求落实低保' }], '330122-civil-affairs', reading).lines.join('\n');
    for (const word of ['微信', 'wxy_hz', 'QQ', '邮箱', '手机']) expect(sent).not.toContain(word);
  });

  // What a review found sent verbatim (条例 第三十条): a subordinate body of the unit told, a refusal or delay, someone in office named.
  it.each([
    ['城关镇派出所对我被打一案不立案', ['330122-public-security']],
    ['住建局的王科长说这事不归他们管，推来推去', ['330122-housing']],
    ['反映县人社局不给办理工伤认定，已经拖了两年', ['330122-hrss']],
    ['县医院医生误诊导致我母亲去世，要求赔偿', ['330122-health', '330122-housing', '330122-public-security', '330122-civil-affairs']],
    ['城管队员暴力执法，砸了我的摊位', ['330122-housing', '330122-market', '330122-public-security', '330122-civil-affairs']],
  ])('keeps 「%s」 from %j', (matter, units) => {
    for (const unit of units) {
      const told = accompanyingTopics([{ matter }], unit, reading);
      expect({ unit, lines: told.lines, withheld: told.withheld }).toEqual({ unit, lines: [], withheld: 1 });
    }
  });

  it('still tells a unit of a refusal by another kind of body, and of a request to it', () => {
    expect(matterKeptFrom('城关镇派出所对我被打一案不立案', '330122-housing', reading)).toBe(false);
    expect(matterKeptFrom('小区物业不管，请县住建局协调处理', '330122-housing', reading)).toBe(false);
  });

  it('leaves out names after a relation or title, asides with sex and age, and a leading name before 反映', () => {
    expect(accompanyingTopic('我儿子张小明在县二中读书，学费减免申请一直没有答复', reading.rules)).toBe('学费减免申请一直没有答复');
    expect(accompanyingTopic('父亲刘建国患癌症住院，医药费报销比例太低', reading.rules)).toBe('医药费报销比例太低');
    expect(accompanyingTopic('张三（男，55岁，城关镇人）反映低保被取消', reading.rules)).toBe('反映低保被取消');
    expect(accompanyingTopic('王某某反映低保被取消，生活困难', reading.rules)).toBe('反映低保被取消，生活困难');
    const sent = accompanyingTopics(
      ['我儿子张小明在县二中读书，学费减免申请一直没有答复', '父亲刘建国患癌症住院，医药费报销比例太低', '张三（男，55岁，城关镇人）反映低保被取消'].map((matter) => ({ matter })),
      '330122-civil-affairs',
      reading,
    ).lines.join('\n');
    for (const word of ['张小明', '刘建国', '张三', '55岁', '男', '城关镇']) expect(sent).not.toContain(word);
    // Nothing left but the name: the department stands for it.
    expect(accompanyingTopic('我母亲李秀兰', reading.rules)).toBe('事项详情由信访部门现场介绍');
  });

  it('keeps ordinary words after a relation', () => {
    expect(accompanyingTopic('父亲的养老金被停发三个月，要求补发', reading.rules)).toBe('父亲的养老金被停发三个月，要求补发');
    expect(accompanyingTopic('我母亲患病住院，医保报销不了', reading.rules)).toBe('我母亲患病住院，医保报销不了');
    expect(accompanyingTopic('母亲高血压常年吃药，父亲向村里反映过低保的事', reading.rules)).toBe('母亲高血压常年吃药，父亲向村里反映过低保的事');
  });

  it('counts each change over the one before and says which units were left out', () => {
    const first = nextAccompaniment(session, undefined, ['330122-housing', '330122-housing', '330122-hrss'], { at: '2026-11-23T02:00:00.000Z', by: 'tonglu-office' });
    expect(first).toMatchObject({ version: 1, units: ['330122-housing', '330122-hrss'] });
    expect(first).not.toHaveProperty('before');
    const second = nextAccompaniment(session, first, ['330122-hrss', '330122-natural-resources'], { at: '2026-11-24T02:00:00.000Z', by: 'tonglu-leader-petitions' });
    expect(second).toMatchObject({ version: 2, before: ['330122-housing', '330122-hrss'] });
    expect(withdrawnUnits(second)).toEqual(['330122-housing']);
    expect(sameUnits(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameUnits(['a'], ['a', 'b'])).toBe(false);
  });
});
