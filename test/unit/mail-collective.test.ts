import { describe, expect, it } from 'vitest';
import { chineseNumber, detectCollective } from '../../shared/domain/mail/collective.js';

describe('chineseNumber', () => {
  it('reads Chinese numerals up to the ten-thousands', () => {
    expect(chineseNumber('三十二')).toBe(32);
    expect(chineseNumber('一百零五')).toBe(105);
    expect(chineseNumber('两千')).toBe(2000);
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('十二')).toBe(12);
    expect(chineseNumber('二十')).toBe(20);
    expect(chineseNumber('三千零五十')).toBe(3050);
    expect(chineseNumber('一千二百三十四')).toBe(1234);
    expect(chineseNumber('两万三千')).toBe(23000);
    expect(chineseNumber('零')).toBe(0);
  });

  it('reads the spoken short forms 一百二 (120) and 一万二 (12000)', () => {
    expect(chineseNumber('一百二')).toBe(120);
    expect(chineseNumber('一万二')).toBe(12000);
  });

  it('reads Arabic digits', () => {
    expect(chineseNumber('56')).toBe(56);
  });

  it('rejects what is not a number', () => {
    expect(chineseNumber('')).toBeUndefined();
    expect(chineseNumber('三二')).toBeUndefined();
    expect(chineseNumber('十百')).toBeUndefined();
    expect(chineseNumber('三十户')).toBeUndefined();
  });
});

describe('detectCollective', () => {
  it('reads the head count and the listed representatives, with a phone written after a name', () => {
    const text = [
      '桐庐县信访局领导：',
      '我们是分水镇五丰村下宅组32户村民，联名反映村里土地征收补偿款被截留的问题。',
      '推选代表：陈建华（13857112345）、李国庆、王秀兰',
    ].join('\n');
    expect(detectCollective(text)).toEqual({
      headCount: 32,
      representatives: [
        { anonymous: false, name: '陈建华', phone: '13857112345' },
        { anonymous: false, name: '李国庆' },
        { anonymous: false, name: '王秀兰' },
      ],
    });
  });

  it('reads a count in Chinese numerals', () => {
    expect(detectCollective('我们三十二户村民请求政府重新丈量土地。')?.headCount).toBe(32);
  });

  it('reads 100多名工人 as 100 and 十余户 as 10 (lower bounds)', () => {
    expect(detectCollective('我们100多名工人在城南安置房工地干了八个月，工资一分没拿到。')?.headCount).toBe(100);
    expect(detectCollective('十余户村民联合签名，要求拆除违建养猪场。')?.headCount).toBe(10);
  });

  it('reads 全体业主（共56户） and 我们56名职工联名', () => {
    expect(detectCollective('春江花园小区全体业主（共56户）要求物业公司公开维修基金账目。')?.headCount).toBe(56);
    expect(detectCollective('我们56名职工联名反映桐庐某纺织厂欠缴社保。')?.headCount).toBe(56);
  });

  it('reads a group that speaks for itself without 我们: 32户村民反映…', () => {
    expect(detectCollective('分水镇五丰村32户村民反映：村道改造工程偷工减料。')?.headCount).toBe(32);
  });

  it('does not take a family (我家3口人) for a collective', () => {
    expect(detectCollective('我家3口人，只有我一个劳动力，低保被取消了。')).toBeUndefined();
  });

  it('does not take a description of the village for a collective', () => {
    expect(detectCollective('我是五丰村村民陈秀英，全村共有300户，村干部私分征地款。')).toBeUndefined();
    expect(detectCollective('高速公路征地涉及200多户村民，我家的青苗补偿少算了一亩。')).toBeUndefined();
  });

  it('skips the descriptive count for the one the petitioners give of themselves', () => {
    expect(detectCollective('全村共有300户，我们20多户村民联名反映村账不公开。')?.headCount).toBe(20);
  });

  it('keeps five representatives; more are refused (第二十条): none kept, the office agrees them with the group', () => {
    expect(detectCollective('我们48户业主联名反映。代表：张建国、李红梅、王志强、刘秀英、陈伟')?.representatives).toHaveLength(5);
    const collective = detectCollective('我们48户业主联名反映。代表：张建国、李红梅、王志强、刘秀英、陈伟、杨丽、赵军');
    expect(collective).toEqual({ headCount: 48, representatives: [], representativesToAgree: { named: 7 } });
  });

  it('reads full-width brackets, a labelled landline and "等" at the end of a list', () => {
    const collective = detectCollective('我们十几户居民联名反映噪音扰民。\n代表：周丽萍（１３９５７２０００８８），吴建平 电话：0571-64621234，孙国强等');
    expect(collective?.headCount).toBe(10);
    expect(collective?.representatives).toEqual([
      { anonymous: false, name: '周丽萍', phone: '13957200088' },
      { anonymous: false, name: '吴建平', phone: '0571-64621234' },
      { anonymous: false, name: '孙国强' },
    ]);
  });

  it('treats listed representatives as a collective of at least 2 when no count is given', () => {
    expect(detectCollective('推选代表：陈建华、李国庆、王秀兰')).toEqual({
      headCount: 3,
      representatives: [
        { anonymous: false, name: '陈建华' },
        { anonymous: false, name: '李国庆' },
        { anonymous: false, name: '王秀兰' },
      ],
    });
    expect(detectCollective('我和隔壁邻居共同反映：楼上漏水三个月没人管。')).toEqual({ headCount: 2, representatives: [] });
  });

  it('counts signatories of a joint letter', () => {
    expect(detectCollective('联名人：陈建华、李国庆、王秀兰、张卫东')).toEqual({ headCount: 4, representatives: [] });
  });

  it('does not take a company’s legal representative or a deputy for representatives', () => {
    expect(detectCollective('桐庐某建筑工程有限公司，法定代表人：李志强，拖欠我工资。')).toBeUndefined();
    expect(detectCollective('我找过人大代表：王明，他说管不了。')).toBeUndefined();
  });

  it('does not count 第3户 or a 户口 as households', () => {
    expect(detectCollective('我们家是村里第3户被强拆的，3户口本都被收走了。')).toBeUndefined();
  });
});

describe('representatives listed one per line under a heading', () => {
  it('reads a numbered list, rare characters in names and each line’s phone', () => {
    const text = `我们是煤山镇白岘村的32户村民，联名反映矿山爆破震裂房屋的问题。

    推选代表如下（共3人）：
    1. 刘䶮，五组，电话 137 5721 0011
    2. 陈𠀀生，五组，电话 137 5721 0022
    3. 周建国，六组
    以上代表负责与政府联系。`;
    expect(detectCollective(text)).toEqual({
      headCount: 32,
      representatives: [
        { anonymous: false, name: '刘䶮', phone: '13757210011' },
        { anonymous: false, name: '陈𠀀生', phone: '13757210022' },
        { anonymous: false, name: '周建国' },
      ],
    });
  });

  it('does not read a company’s legal representative as one of the petitioners’', () => {
    expect(detectCollective('公司法定代表如下：\n1. 陈某某，董事长\n我个人被拖欠工资。')).toBeUndefined();
  });
});

describe('group letters as the audit found them', () => {
  // Audit mail 16: representatives named in a sentence, signatories numbered under a counted heading, the count in the subject.
  const sixteen = `桐庐县人民政府、县信访局：
我们是桐庐县富春江镇芦茨村的村民，联名反映村里采石场炸山震裂房屋、粉尘污染的问题，要求关停采石场并赔偿。
我们推选邱国强（13700001111）、骆建华（13700002222）、高美兰（13700003333）为代表。

联名人（共20人）：
${['邱', '骆', '高', '夏', '蔡', '田', '樊', '胡', '凌', '霍', '虞', '万', '支', '柯', '昝', '管', '卢', '莫', '经', '房'].map((s, i) => `${i + 1}. ${s}某某  签名  手印`).join('\n')}

芦茨村村民
2026年12月5日`;

  it('reads the representatives named in a sentence, and the 20 signatories', () => {
    expect(detectCollective(sixteen, '芦茨村20户村民联名信')).toEqual({
      headCount: 20,
      representatives: [
        { anonymous: false, name: '邱国强', phone: '13700001111' },
        { anonymous: false, name: '骆建华', phone: '13700002222' },
        { anonymous: false, name: '高美兰', phone: '13700003333' },
      ],
    });
  });

  it('takes the count from the subject when the body gives none', () => {
    expect(detectCollective('我们联名反映采石场粉尘污染。', '芦茨村35户村民联名信')?.headCount).toBe(35);
    expect(detectCollective('我们联名反映采石场粉尘污染。')?.headCount).toBe(2);
  });

  it('counts the numbered signatories under a heading without a count', () => {
    expect(detectCollective('联名人：\n1. 陈建华\n2. 李国庆\n3. 王秀兰\n')?.headCount).toBe(3);
  });

  it('names no representative in words that are not names', () => {
    expect(detectCollective('我们全村村民联名，推选村里的老党员为代表。')).toEqual({ headCount: 2, representatives: [] });
  });

  // Audit mail 64: a count of workers, then 我们 … 全部工人 acting together.
  it('reads 300多名工人 … 我们 … 全部工人 as a group of 300', () => {
    const text = '杭州市萧山区某电子厂拖欠300多名工人三个月工资，我们已经商量好了，明天上午九点全部工人到市政府门口拉横幅静坐，还要堵路。联系人：刘强 13605714444';
    expect(detectCollective(text)).toEqual({ headCount: 300, representatives: [] });
  });

  it('does not take all of a group that nobody speaks for as acting', () => {
    expect(detectCollective('公司拖欠所有工人工资三个月，我要求补发我的工资。')).toBeUndefined();
  });

  // Audit mail 04: one owner attaching the owners' joint statement.
  it('does not take an attached joint statement for a group letter', () => {
    const text = '本人陈志强，桐庐县桐君街道居民，联系电话0571-64212345。反映桐君街道某小区物业公司乱收费问题：物业费从每平方1.2元涨到2.5元，未经业主大会表决。附业主联名情况说明PDF。';
    expect(detectCollective(text, '反映物业违规涨价')).toBeUndefined();
    expect(detectCollective('附近村民联名反映采石场噪音。')).toEqual({ headCount: 2, representatives: [] });
  });
});
