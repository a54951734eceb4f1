import { describe, expect, it } from 'vitest';
import { LEGAL_ROUTE_NOTICES, legalRouteOf, legalRouteWithheld } from '../../shared/domain/routing/index.js';

describe('legalRouteOf: litigation', () => {
  it.each([
    ['该房屋买卖纠纷我们已向法院起诉，请政府督促开发商。', '已向法院起诉'],
    ['我于2023年5月已向桐庐县人民法院提起诉讼。', '已向桐庐县人民法院提起诉讼'],
    ['对方把我们告上法庭，现在不知道怎么办。', '告上法庭'],
    ['法院已立案，但迟迟不开庭。', '法院已立案'],
    ['此案目前正在诉讼中。', '正在诉讼'],
  ])('%s → filed (%s)', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'filed', matched, notice: LEGAL_ROUTE_NOTICES.filed });
  });

  it('reads a judgment and its appeal as litigation, pointing to 上诉 / 申诉', () => {
    const finding = legalRouteOf('我不服桐庐县人民法院的一审判决，请信访局为我做主。');
    expect(finding).toMatchObject({ route: 'litigation', stage: 'judgment', matched: '不服桐庐县人民法院的一审判决' });
    expect(finding?.notice).toContain('上诉');
    expect(finding?.notice).toContain('申请再审');
    expect(legalRouteOf('二审判决已经生效，我还是想申诉。')).toMatchObject({ stage: 'judgment' });
    expect(legalRouteOf('案子判了，我已经上诉了。')).toMatchObject({ stage: 'judgment', matched: '上诉' });
  });

  it('reads enforcement of a judgment as litigation: 申请执行', () => {
    expect(legalRouteOf('法院判决后对方至今不履行，我已申请执行。')).toMatchObject({
      route: 'litigation',
      stage: 'enforcement',
      matched: '判决后对方至今不履行',
    });
    expect(legalRouteOf('我已申请强制执行，执行法官一直拖着。')?.notice).toContain('申请强制执行');
  });

  it.each([
    ['法院以不属于受理范围为由裁定不予受理', 'judgment'],
    ['我的起诉被法院裁定不予受理。', 'judgment'],
    ['法院不予受理的裁定我不服。', 'judgment'],
    ['起诉被驳回了。', 'judgment'],
    ['法院已经调解了', 'judgment'],
    ['在法院调解下达成协议，对方又反悔', 'judgment'],
    ['法院已经调解结案。', 'judgment'],
    ['法院调解结案后对方不履行', 'enforcement'],
    ['法院调解协议对方不履行。', 'enforcement'],
    ['法院正在调解', 'filed'],
    ['法院调解不成。', 'filed'],
    ['法院审判员说下周开庭。', 'filed'],
    ['法院立案庭已受理。', 'filed'],
  ])('%s → %s, never a pending suit told it was judged nor a ruling told it is tried', (text, stage) => {
    const finding = legalRouteOf(text);
    expect(finding).toMatchObject({ route: 'litigation', stage, notice: LEGAL_ROUTE_NOTICES[stage as 'filed'] });
    if (stage === 'filed') expect(finding?.notice).not.toContain('裁判');
    else expect(finding?.notice).not.toContain('审理');
  });

  it.each([
    ['法院审判员说要等'],
    ['法院审判长说还要研究一下。'],
    ['法院审判庭的人说回去等通知。'],
    ['法院调解员说要等'],
    ['法院受理范围是什么？'],
    ['法院立案庭说材料不全。'],
    ['公安局不予立案。'],
    ['如果法院不给立案怎么办？'],
    // A court's refusal naming no ruling is no stage: nothing is before the court, nor ruled to appeal.
    ['法院拒绝立案'],
    ['法院不给立案'],
    ['法院不让立案'],
    ['法院不予立案'],
    ['法院说不属于他们管，不给立案'],
  ])('%s → no stage', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
  });

  it.each([['我已申请劳动仲裁，需要多久？'], ['我起诉三年了怎么还没判？']])('still reads one entered, asked about after: %s', (text) => {
    expect(legalRouteOf(text)).toBeDefined();
  });

  it.each([
    ['我们没有起诉，只是希望政府出面协调。'],
    ['我们还没有向法院起诉。'],
    ['我们准备向法院起诉开发商。'],
    ['如果再不解决，我就去法院起诉。'],
    ['我们不想打官司，只想要回血汗钱。'],
    ['没钱打不起官司。'],
    ['以上诉求请予解决。'],
    ['建设项目统一审批。'],
    ['已经过了诉讼时效。'],
    ['检察院对他作出了不起诉决定。'],
  ])('%s → not a legal route', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
  });

  it('does not carry a negation across a clause: 协商没有结果，我们起诉了 is litigation', () => {
    expect(legalRouteOf('协商没有结果，我们起诉了开发商。')).toMatchObject({ route: 'litigation', matched: '起诉' });
  });

  it('prefers litigation to an earlier arbitration or reconsideration', () => {
    expect(legalRouteOf('劳动仲裁裁决后我不服，已向法院起诉。')?.route).toBe('litigation');
    expect(legalRouteOf('对复议决定不服，已向法院提起行政诉讼。')?.route).toBe('litigation');
  });
});

describe('legalRouteOf: arbitration', () => {
  it('reads labour arbitration', () => {
    expect(legalRouteOf('公司拖欠工资，我于今年3月申请了劳动仲裁，仲裁委至今未开庭。')).toEqual({
      route: 'arbitration',
      stage: 'labourArbitration',
      matched: '申请了劳动仲裁',
      notice: LEGAL_ROUTE_NOTICES.labourArbitration,
    });
  });

  it('reads a completed action after a negation in the same clause', () => {
    expect(legalRouteOf('工资没发我申请了劳动仲裁')?.route).toBe('arbitration');
  });

  it('reads other arbitration', () => {
    expect(legalRouteOf('装修合同纠纷已提交杭州仲裁委员会。')).toMatchObject({ route: 'arbitration', stage: 'arbitration' });
  });

  it.each([['公司拖欠工资，我们没有申请劳动仲裁。'], ['我想申请劳动仲裁，不知道去哪里。'], ['拖欠工资三个月。']])('%s → not arbitration', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
  });
});

describe('legalRouteOf: administrative reconsideration', () => {
  it('reads 行政复议', () => {
    expect(legalRouteOf('对县自然资源局的处罚决定，我已申请行政复议。')).toMatchObject({
      route: 'reconsideration',
      matched: '申请行政复议',
    });
  });

  it.each([['复议机关已经受理。'], ['县政府的复议决定撤销了处罚，但局里不执行。'], ['正在行政复议，对方还在施工。'], ['行政复议期间对方继续施工。']])(
    'reads a reconsideration applied for, under way or decided: %s',
    (text) => {
      expect(legalRouteOf(text)?.route).toBe('reconsideration');
    },
  );

  it('does not take the petitions system’s own 复查/复核, nor a mere possibility', () => {
    expect(legalRouteOf('我对答复意见不服，请求复查。')).toBeUndefined();
    expect(legalRouteOf('告知书上说可以申请行政复议。')).toBeUndefined();
  });
});

describe('LEGAL_ROUTE_NOTICES', () => {
  it('name the route in Chinese and cite no article number the seeds do not give', () => {
    expect(LEGAL_ROUTE_NOTICES.filed).toBe(
      '您反映的事项已进入诉讼程序，由人民法院依法审理。人民法院依法独立行使审判权，信访部门不能干预案件的审理；您对案件的诉求和意见，请依照诉讼程序向审理案件的人民法院提出。已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，应当依照法定程序向有关机关提出，信访部门不予受理。',
    );
    for (const notice of Object.values(LEGAL_ROUTE_NOTICES)) {
      expect(notice).toContain('不予受理');
      expect(notice).not.toMatch(/第[一二三四五六七八九十百\d]+条/);
    }
  });
});

// Words of the legal routes as citizens write them: a procedure done, in everyday words, is declined with its route;
// asking the way to one is not a procedure entered, and declining it would turn away someone who only asked.
describe('legalRouteOf: done in everyday words, or only asked about', () => {
  it.each([
    ['劳动仲裁判公司赔我两万，公司至今不给钱。'],
    ['经过劳动仲裁，公司还是不给钱。'],
    ['我们已经打了劳动仲裁。'],
    ['我们已经走了仲裁程序。'],
    ['仲裁结束后公司不履行。'],
    ['仲裁下来了公司不给钱。'],
    ['劳动仲裁已经出结果了。'],
    ['仲裁委员会判公司给钱。'],
    ['去年已经在仲裁委仲裁了。'],
    ['我在劳动仲裁委立了案。'],
    ['经过行政复议，维持原决定。'],
    ['我已经起诉要多久才能判？'],
    ['我已申请劳动仲裁要多久才能开庭？'],
    ['我已申请劳动仲裁，需要多久？'],
    ['我起诉三年了怎么还没判？'],
    ['仲裁委已受理，什么时候开庭？'],
  ])('reads one done: %s', (text) => {
    expect(legalRouteOf(text)).toBeDefined();
  });

  it.each([
    ['请问申请劳动仲裁要去哪里申请？'],
    ['申请仲裁的时效是多久？'],
    ['申请劳动仲裁有什么条件？'],
    ['申请劳动仲裁需要什么材料？'],
    ['申请行政复议的流程是怎样的？'],
    ['请问申请行政复议能撤销罚款吗？'],
    ['复议机关在哪里？我想问问。'],
    ['复议机关能受理吗？'],
    ['复议机关一般多久作出决定？'],
    ['行政复议需要什么材料？'],
    ['行政复议要多久？'],
    ['请问劳动仲裁委会受理吗？'],
    ['请问劳动仲裁一般多久开庭？'],
    ['请问起诉状怎么写？'],
    ['起诉需要什么材料？'],
    ['起诉的话要交多少诉讼费？'],
  ])('does not read a question about the way as one: %s', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
  });
});

describe('legalRouteWithheld: a body named refusing', () => {
  it.each([['仲裁委不予受理，怎么办？'], ['仲裁委为什么不受理？'], ['劳动仲裁委不予受理。']])('reports the refusal: %s', (text) => {
    expect(legalRouteWithheld(text)).toMatchObject({ why: 'refused', refused: true });
  });

  // A refusal only asked about or supposed, or another body's in the next clause, is none: the labour channel is still named to staff.
  it.each([['公司辞退我，拖欠工资，不交社保，不给经济补偿。仲裁委会不会不受理？'], ['仲裁委可能不受理。'], ['仲裁委会不受理吗？'], ['我住在法院对面，街道办不给登记。']])(
    'reports none: %s',
    (text) => {
      expect(legalRouteWithheld(text)?.refused ?? false).toBe(false);
    },
  );
});
