import { describe, expect, it } from 'vitest';
import { DEFAULT_URGENCY_LEXICON, detectUrgency, isHeadCountWord, petitionUrgency } from '../../shared/domain/mail/urgency.js';
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
    expect(urgency('上次我们没有聚集，这次全组村民商量好了要到镇政府聚集。')).toEqual({
      urgent: true,
      matched: ['集体去政府', '聚集'],
    });
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

describe('one letter read again (intake asks up to three times of one email)', () => {
  it('gives the same answer each time, whatever the caller did with the first one’s list', () => {
    const letter = '工资拖了八个月，如果再不解决我们就去堵路，还要去市政府静坐。';
    const first = urgency(letter);
    first.matched.length = 0;
    expect(urgency(letter)).toEqual({ urgent: true, matched: ['堵路', '静坐'] });
  });

  it('reads the same letter by another lexicon as that lexicon says', () => {
    const letter = '如果再不解决我们就去堵路。';
    expect(urgency(letter).urgent).toBe(true);
    expect(detectUrgency(letter, ['跳楼'])).toEqual({ urgent: false, matched: [] });
    expect(urgency(letter)).toEqual({ urgent: true, matched: ['堵路'] });
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

  it('flags a threat to jump from a bridge or into the river', () => {
    expect(urgency('工钱再不给，我明天就去富春江大桥跳桥。')).toEqual({ urgent: true, matched: ['跳桥'] });
    expect(urgency('被逼得没办法，只能去跳江了')).toEqual({ urgent: true, matched: ['跳江'] });
    expect(urgency('我不会跳桥的，只想要回血汗钱。').urgent).toBe(false);
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

describe('threats of mass action are read as threats, not as exact words', () => {
  // Each of these is a threat of collective action or an imminent incident (条例第二十五条).
  const threats: [string, string[]][] = [
    ['如果再不处理我们家长就要去堵校门了', ['堵门']],
    ['再不修我们就去堵县政府大门', ['堵门', '堵政府']],
    ['实在没办法，只能去堵大门', ['堵门']],
    ['我们要堵政府，让领导出来说话', ['堵政府']],
    ['村里有人说要去堵县政府', ['堵政府']],
    ['明天去堵高速，看谁管', ['堵路']],
    ['工友们也说明天去县政府堵门', ['堵门', '集体去政府']],
    ['再不发工资我们就去公司堵', ['堵门']],
    ['我们明天到高速路口堵着', ['堵路']],
    ['实在不行我们就去把路堵了', ['堵路']],
    ['村民准备围堵县政府', ['围堵']],
    ['下周拉横幅到市政府门口', ['拉横幅']],
    ['我们准备集体去市政府讨说法', ['集体去政府']],
    ['明天全村一起到县委讨说法', ['集体去政府']],
    ['再拖下去我们就上街讨说法', ['上街']],
    ['我要到北京上访', ['到北京上访']],
    ['不给解决我就进京告状', ['进京上访']],
    ['我们到北京去上访', ['集体去政府', '进京上访']],
    // Past-sounding words (已经, 之前, 曾) that run through threats do not make them past: only 过 on the act does.
    ['月底之前不解决我们就去堵路', ['堵路']],
    ['我们已经准备去堵路', ['堵路']],
    ['之前说过很多次了再不解决就去堵门', ['堵门']],
    ['我们已经决定明天去堵县政府大门', ['堵门', '堵政府']],
    ['曾某等村民说再不解决就去堵路', ['堵路']],
    ['拖欠工资半年，我们农民工已经准备去堵工地大门', ['堵门']],
    ['明天集体去市政府上访了', ['集体去政府']],
    // A group going to the government, with a day or a purpose
    ['几十户村民明天一起去市政府讨说法', ['集体去政府']],
    ['全村老少明天去镇政府讨说法', ['集体去政府']],
    ['下周我们全厂工人去市委', ['集体去政府']],
    ['明年开春前再不解决，我们就集体上访', ['集体上访']],
    ['实在没办法我就去北京上访', ['去北京上访']],
    ['大不了跳江，反正活着也没意思', ['跳江']],
    ['去年说好的，明天集体去市政府上访了', ['集体去政府']],
    ['村民们堵路三天了', ['堵路']],
    ['他上个月跳河了，被人救了上来', ['跳河']],
    // A blockade going on now is an incident under way.
    ['我们村民已经去县政府门口堵了三天', ['堵门']],
    ['工人们还在厂门口堵着，要求发工资', ['堵门']],
  ];
  it.each(threats)('flags %s', (text, matched) => {
    expect(urgency(text)).toEqual({ urgent: true, matched });
  });

  // Complaints about a blocked door or road, what others did to the petitioner, and acts told as past threaten nothing.
  const complaints = [
    '小区门口经常有车辆堵门，物业不管',
    '邻居把车停在我家门口，堵门好几天',
    '车堵门口出不去',
    '工地渣土车天天堵路',
    '垃圾堵路三天了',
    '下水道堵了，污水漫到路上',
    '每天上下班堵车一两个小时',
    '上下班高峰我们就堵在路上',
    '学校门口交通拥堵',
    '工厂车间消防通道堵死',
    '我家门被堵了',
    '他们把我家门堵了',
    '他们天天来堵我家门',
    '他们去我家门口堵着，不让我出门',
    '车开到门口堵了半天',
    '我被几个人围堵殴打',
    '去年我们去堵过县政府，没有用',
    '上个月我们全村集体去市政府反映过',
    '我和老伴一起去市政府问过',
    '周末上街买菜时摔倒',
    '儿子进京务工三年',
    '去年到北京反映过，转回来了',
    '再不解决就找媒体曝光',
    '我们不会去县政府门口堵',
    '物业让我们不要堵消防通道',
    // School runs, traffic, errands, construction and swimming
    '放学时家长堵校门接孩子',
    '早上送孩子要去学校门口堵半小时',
    '每天去公司门口堵一个小时',
    '业主堵门的问题物业不管',
    '车主要堵门',
    '全村到镇政府领取补贴',
    '我们集体去政府办事大厅办理证件',
    '施工单位的工人堵路施工',
    '孩子容易跳江游泳',
    // 上访 words told as past
    '去年到北京上访过',
    '前年去北京上访过，没有结果',
    '2019年村民集体上访过一次',
    '上个月我们全村集体去市政府反映了',
    '我们明天不去市政府',
    '夏天孩子常跳河游泳',
    '我家门口被车堵了三天',
    '我们小区门口经常被车堵着',
  ];
  it.each(complaints)('leaves %s alone', (text) => {
    expect(urgency(text)).toEqual({ urgent: false, matched: [] });
  });

  it('reads an office’s own lexicon word 堵门 as the threat too', () => {
    expect(detectUrgency('家长就要去堵校门了', ['堵门']).matched).toEqual(['堵门']);
    expect(detectUrgency('车辆堵门', ['堵门']).urgent).toBe(false);
  });

  it('names no threat as a head count, so a letter urgent for its words is never taken as urgent only for its size', () => {
    const rules = { lexicon: DEFAULT_URGENCY_LEXICON, collectiveHeadCount: 50 };
    const found = petitionUrgency('我们准备集体去市政府讨说法，再不解决就去堵县政府大门。', { headCount: 60 }, rules).matched;
    expect(found).toEqual(['堵门', '堵政府', '集体去政府', '集体信访60人']);
    expect(found.filter(isHeadCountWord)).toEqual(['集体信访60人']);
  });
});

describe('threats to one’s own life in the ways people write them', () => {
  // Audit mail 63: poison bought, to be drunk at the village committee's gate.
  const threats: [string, string[]][] = [
    ['我家承包地被村里强占，去了十几次没人管，我已经买好了农药，再不解决我就喝了死在村委会门口。淳安县临岐镇 程大山 13905713333', ['喝农药', '死在门口']],
    ['实在没办法，我喝了农药也要讨个说法', ['喝农药']],
    ['敌敌畏我都准备好了，你们再拖我就喝', ['喝农药']],
    ['再不给钱我就喝药', ['喝药']],
    ['我想过喝药自杀', ['自杀', '喝药']],
    ['我在出租屋里准备烧炭', ['烧炭']],
    ['我宁可死在你们信访局门口', ['死在门口']],
    ['我真的不想再活下去了', ['不想再活']],
    ['我这样活着还不如死了', ['不如死了']],
    ['我死了算了，谁也别管', ['死了算了']],
    ['我不如死了', ['不如死了']],
    ['活着没意思，死了算了', ['死了算了']],
    ['干脆死了算了', ['死了算了']],
    ['我觉得我死了算了', ['死了算了']],
    ['我就去镇政府门口上吊', ['上吊']],
    ['他上个月喝了农药，被救回来了', ['喝农药']],
  ];
  it.each(threats)('flags %s', (text, matched) => {
    expect(urgency(text)).toEqual({ urgent: true, matched });
  });

  // Pesticide as a farming or pollution matter, medicine, idioms of exaggeration, and a death told as past.
  const ordinary = [
    '农药残留超标，菜场的青菜不能吃',
    '村口农药店无证经营，卖假农药',
    '我买了农药打虫，结果是假药，庄稼全死了',
    '化工厂的农药污染了井水，我们喝的水有怪味',
    '村民喝了农药污染的水，拉肚子',
    '老人每天要喝药，医保报销太少',
    '吃完饭就喝药，药费一个月上千',
    '冬天在家烧炭取暖',
    '我父亲死在工地上，老板不赔钱',
    '去年邻居喝农药去世了，村里至今没有说法',
    '他哥哥2019年跳河身亡，赔偿一直没落实',
    '笑死了，办事员说材料不全',
    '老板死活不给钱',
    '车间里热死了，没有空调',
    '我不会喝农药的，只想讨个公道',
    '我真怕老人死在家里没人知道',
    '我就担心他死在工地上',
    '这种贪官死了算了',
    '他还不如死了',
    '我觉得老王死了算了',
    '我说他死了算了',
    '我恨不得张三死了算了',
    '她这种人不如死了',
    '我买好了农药准备打药',
  ];
  it.each(ordinary)('leaves %s alone', (text) => {
    expect(urgency(text)).toEqual({ urgent: false, matched: [] });
  });

  it('still flags a threat that speaks of dying in the same sentence', () => {
    expect(urgency('再不解决我就喝农药死了算了').matched).toEqual(['喝农药', '死了算了']);
  });
});

describe('threats written in traditional characters (Big5 mail from Hong Kong, Taiwan, overseas)', () => {
  it.each([
    ['工廠欠薪半年，我走投無路，明天就去市政府跳樓。', '跳楼'],
    ['再不解決我就自殺。', '自杀'],
    ['再不給說法我就喝農藥死給你們看。', '喝农药'],
    ['他揚言要縱火燒了村委會。', '纵火'],
    ['煤氣洩漏，整棟樓的人都有生命危險。', '生命危险'],
    ['如果再不解決，我們就去堵路。', '堵路'],
    ['我們準備集體上訪。', '集体上访'],
  ])('reads %s as urgent (%s), as the same words in simplified characters are', (text, word) => {
    expect(urgency(text).matched).toContain(word);
  });

  it('takes a threat back in traditional characters as in simplified: 我們不會去堵路', () => {
    expect(urgency('我們不會去堵路，只希望政府主持公道。')).toEqual({ urgent: false, matched: [] });
  });
});

describe('traditional characters of the words read around the lexicon (READINGS)', () => {
  it('reads 進京告狀 as 进京告状: going to Beijing to petition is urgent however it is written', () => {
    expect(urgency('再不解決，我們明天就進京告狀。').matched).toContain('进京上访');
  });
});
