import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { decideRoute, keywordVocabulary, LEGAL_ROUTE_NOTICES, legalRouteOf, routingContextFrom } from '../../shared/domain/routing/index.js';
import { DEFAULT_TEMPLATES, renderTemplate } from '../../shared/domain/templates.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
const context = { ...routingContextFrom(province.config, province.tree), segmenter: jiebaSegmenter(keywordVocabulary(province.config)) };
const TONGLU = '330122';

/** The 不予受理告知 the petitioner receives for a decision, or undefined when the case is not declined. */
function declineLetter(matter: string): string | undefined {
  const decision = decideRoute({ subject: '房屋买卖合同纠纷', matter, receivingOffice: TONGLU }, context);
  if (decision.kind !== 'decline') return undefined;
  const values = { caseNumber: '330122-2026-000031', office: '桐庐县信访局', petitionerName: '钱七', subject: '房屋买卖合同纠纷', reason: decision.notice, footer: '桐庐县信访局' };
  return renderTemplate('declineNotice', DEFAULT_TEMPLATES.declineNotice, values).body;
}

/** What a letter about a pending suit must never say: that the court has decided. */
const JUDGED_WORDS = ['作出裁判', '上诉', '申请再审'];

describe('every legal-route 不予受理 states its basis and the route to take', () => {
  it.each([
    ['已经向桐庐县人民法院起诉，案件正在审理中。', '向审理案件的人民法院提出'],
    ['法院已经判决了，我不服。', '上诉'],
    ['公司拖欠工资，我已申请劳动仲裁，仲裁委已受理。', '劳动人事争议仲裁委员会'],
    ['我不服桐庐县公安局作出的行政处罚决定，已申请行政复议，复议机关正在审理。', '行政复议机关'],
  ])('%s', (matter, route) => {
    const letter = declineLetter(matter);
    expect(letter).toContain(route);
    expect(letter).toContain('已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，应当依照法定程序向有关机关提出，信访部门不予受理。');
    expect(letter).not.toContain('信访部门依法不予受理');
  });
});

describe('a suit pending before the court', () => {
  it('declines the emailed 正在审理 petition with a letter that says the court is trying it, not that it judged', () => {
    const letter = declineLetter('已经向桐庐县人民法院起诉，案件正在审理中，请信访局督促法院尽快判决');
    expect(letter).toContain('理由：您反映的事项已进入诉讼程序，由人民法院依法审理。');
    expect(letter).toContain('信访部门不能干预案件的审理');
    expect(letter).toContain('请依照诉讼程序向审理案件的人民法院提出');
    for (const word of JUDGED_WORDS) expect(letter).not.toContain(word);
    // The rule the decline rests on, not a bare 依法.
    expect(letter).toContain('已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，应当依照法定程序向有关机关提出，信访部门不予受理。');
    const decision = decideRoute({ matter: '已经向桐庐县人民法院起诉，案件正在审理中，请信访局督促法院尽快判决', receivingOffice: TONGLU }, context);
    expect(decision.reasons).toEqual(['法定途径：已经向桐庐县人民法院起诉 → 诉讼（已起诉）；不予受理，告知书写明该途径。']);
  });

  it.each([
    ['案件目前正在审理中，对方律师一直拖延。', '正在审理'],
    ['开发商延期交房，我们已起诉，请政府督促开发商。', '已起诉'],
    ['我已经起诉了开发商，请政府帮忙催一催。', '已经起诉'],
    ['我们已向法院起诉开发商。', '已向法院起诉'],
    ['桐庐县人民法院已立案，至今没有消息。', '法院已立案'],
    ['法院已经开庭两次了。', '法院已经开庭'],
    ['案件已开庭，现在等待判决。', '已开庭'],
    ['现在就等待判决了，请领导关心。', '等待判决'],
    ['案子拖了一年多，法院还没有判决。', '还没有判决'],
    ['案件尚未判决，对方已经转移财产。', '尚未判决'],
    ['案子还没判，对方就把房子卖了。', '还没判'],
    ['我已经向法院起诉，判决前能否先帮我协调？', '已经向法院起诉'],
    ['法院迟迟不开庭，请信访局督促。', '法院迟迟不开庭'],
  ])('%s → declined as a pending suit (%s)', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'filed', matched, notice: LEGAL_ROUTE_NOTICES.filed });
    const letter = declineLetter(text);
    expect(letter).toContain('由人民法院依法审理');
    for (const word of JUDGED_WORDS) expect(letter).not.toContain(word);
  });

  it('reads 审理 and 开庭 of an arbitration or reconsideration as that procedure, not as a suit', () => {
    expect(legalRouteOf('装修合同纠纷已提交仲裁委，仲裁委正在审理，还没开庭。')).toMatchObject({ route: 'arbitration', stage: 'arbitration' });
    expect(legalRouteOf('对县市场监管局的罚款，复议机关正在审理。')).toMatchObject({ route: 'reconsideration', stage: 'reconsideration' });
    expect(declineLetter('对县市场监管局的罚款，复议机关正在审理。')).not.toContain('诉讼程序');
  });
});

describe('a judgment, ruling or court mediation', () => {
  it.each([
    ['法院已经判决了，对方还是不认。', '法院已经判决'],
    ['案子已判决，我觉得判得不公。', '已判决'],
    ['判决书上写的赔偿数额不对。', '判决书'],
    ['法院裁定驳回了我的起诉。', '法院裁定'],
    ['我不服桐庐县人民法院的一审判决。', '不服桐庐县人民法院的一审判决'],
    ['一审判决我败诉，我准备上诉。', '一审判决'],
    ['这个案子已经终审了。', '终审'],
    ['若干年前法院已经终审。', '终审'],
    ['生效判决认定的事实有误。', '生效判决'],
    ['法院出具了调解书，对方反悔。', '法院出具了调解书'],
    ['判决已生效，我还是想申诉。', '判决已'],
  ])('%s → declined as judged (%s), pointing to 上诉 / 申请再审', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'judgment', matched, notice: LEGAL_ROUTE_NOTICES.judgment });
    const letter = declineLetter(text);
    expect(letter).toContain('理由：您反映的事项已由人民法院作出裁判。');
    expect(letter).toContain('可以依法向上一级人民法院提起上诉');
    expect(letter).toContain('申请再审（申诉）');
  });

  it('does not take a judgment asked for, awaited or to come as one given', () => {
    expect(legalRouteOf('希望法院公正判决。')).toBeUndefined();
    expect(legalRouteOf('如果法院判决对我不利怎么办？')).toBeUndefined();
    expect(legalRouteOf('等待法院判决。')).toMatchObject({ stage: 'filed' });
    expect(legalRouteOf('判决结果还没出来。')).toMatchObject({ stage: 'filed' });
  });
});

describe('an intention or supposition is no stage entered', () => {
  it.each([
    ['开发商延期交房两年，我打算起诉，法院判决前能否先帮我协调？'],
    ['我打算起诉，法院判决前能否先帮我协调？'],
    ['法院判决前能否先帮我协调？'],
    ['我们准备起诉开发商，请政府先出面协调。'],
    ['我想起诉开发商，但不知道怎么写起诉状。'],
    ['开发商延期交房，要不要起诉？'],
    ['如果起诉，要花多少诉讼费？'],
    ['起诉前能否先帮我们调解一下？'],
    ['我们打算向桐庐县人民法院起诉开发商。'],
    // A consultation, and a suit the court is slow to take, are no suit before it.
    ['想咨询离婚诉讼如何办理，法院立案难。'],
    ['咨询一下劳动争议诉讼的流程。'],
  ])('%s → not declined: the case goes on to the departments or staff', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
    const decision = decideRoute({ matter: text, receivingOffice: TONGLU }, context);
    expect(decision.kind).not.toBe('decline');
    expect(declineLetter(text)).toBeUndefined();
  });

  it('still declines when other words show the matter is before the court', () => {
    expect(legalRouteOf('我本来打算起诉，但对方已经先起诉了我。')).toMatchObject({ stage: 'filed', matched: '起诉' });
    expect(legalRouteOf('我打算起诉，法院判决前能否先协调？')).toBeUndefined();
    // 上诉 presupposes a judgment, however it is intended.
    expect(legalRouteOf('一审判了，我准备上诉。')).toMatchObject({ stage: 'judgment', matched: '一审判' });
  });
});

describe('arbitration and administrative reconsideration: applied, decided, intended', () => {
  it.each([
    ['公司拖欠工资，我已申请劳动仲裁，正在等开庭。', 'labourArbitration'],
    ['劳动仲裁委已经作出裁决，公司不服。', 'labourArbitration'],
    ['装修合同纠纷的仲裁裁决书下来了，对方不履行。', 'arbitration'],
  ])('%s → declined (%s)', (text, stage) => {
    expect(legalRouteOf(text)).toMatchObject({ route: 'arbitration', stage, notice: LEGAL_ROUTE_NOTICES[stage as 'arbitration'] });
    expect(declineLetter(text)).toContain('仲裁');
  });

  it.each([
    ['对县自然资源局的处罚决定，我已申请行政复议。'],
    ['行政复议决定维持了县市场监管局的罚款。'],
  ])('%s → declined as reconsideration, pointing to 行政诉讼 after the decision', (text) => {
    expect(legalRouteOf(text)).toMatchObject({ route: 'reconsideration', stage: 'reconsideration' });
    expect(declineLetter(text)).toContain('对复议决定不服的，可以依法向人民法院提起行政诉讼');
  });

  it.each([
    ['公司拖欠工资三个月，我打算申请劳动仲裁，仲裁前能否先帮我协调？'],
    ['如果申请劳动仲裁，要多久才有结果？'],
    ['县自然资源局对我罚款，我准备申请行政复议，复议前能否先帮我协调？'],
    ['如果申请行政复议要多长时间？'],
  ])('%s → not declined', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
    expect(decideRoute({ matter: text, receivingOffice: TONGLU }, context).kind).not.toBe('decline');
  });
});

/** What a letter about a matter no longer pending must never say: that the court is trying it. */
const PENDING_WORDS = ['审理', '进入诉讼程序'];

describe('a ruling refusing the suit is a ruling, never a suit pending', () => {
  it.each([
    ['法院以不属于受理范围为由裁定不予受理', '法院以不属于受理范围为由裁定不予受理'],
    ['我去桐庐县人民法院起诉，法院以超过诉讼时效为由裁定不予受理，我不服。', '法院以超过诉讼时效为由裁定不予受理'],
    ['法院作出了不予立案的裁定，我不服。', '法院作出了不予立案'],
  ])('%s → declined as a ruling (%s), pointing to 上诉', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'judgment', matched, notice: LEGAL_ROUTE_NOTICES.judgment });
    const decision = decideRoute({ matter: text, receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'decline', route: 'litigation', notice: LEGAL_ROUTE_NOTICES.judgment });
    const letter = declineLetter(text);
    expect(letter).toContain('可以依法向上一级人民法院提起上诉');
    for (const word of PENDING_WORDS) expect(letter).not.toContain(word);
  });

  /**
   * A court that will not register the suit (不予立案, 拒绝立案, 不受理) and names no ruling has taken nothing in:
   * the matter is in no court procedure, and a letter saying the court 作出裁判 (or is trying it) would be false.
   * The petitioner complains of access to court: routed as any petition, the refusal in the reasons.
   */
  it.each([
    ['法院拒绝立案', '法院拒绝立案'],
    ['法院不给立案', '法院不给立案'],
    ['法院不让立案', '法院不让立案'],
    ['法院不予立案', '法院不予立案'],
    ['法院说不属于他们管，不给立案', '法院说不属于他们管，不给立案'],
    ['法院不受理，让我们找政府。', '法院不受理'],
    ['法院拒绝给我们立案。', '法院拒绝给我们立案'],
    ['我去法院起诉，法院不给立案。', '法院不给立案'],
    ['法院不予立案，也不给裁定书。', '法院不予立案'],
  ])('%s → neither a ruling nor a suit pending: not declined (%s)', (text, shown) => {
    expect(legalRouteOf(text)).toBeUndefined();
    const decision = decideRoute({ matter: text, receivingOffice: TONGLU }, context);
    expect(decision.kind).not.toBe('decline');
    expect(declineLetter(text)).toBeUndefined();
    expect(decision.reasons).toContain(`法定途径：“${shown}”信访人反映的是有关机关拒收、不予受理或推诿（${shown}），并非事项已进入该途径；不自动不予受理，按一般程序分办。`);
  });

  it.each([
    ['如果法院不予受理怎么办？'],
    ['担心法院不给立案。'],
    ['法院迟迟不立案，材料交上去两个月了。'],
    ['这件事不属于法院受理范围吗？'],
    ['法院说不属于受理范围。'],
    ['派出所不给立案。'],
    ['我向法院反映过，信访局不予受理。'],
  ])('%s → neither a suit pending nor a ruling', (text) => {
    expect(legalRouteOf(text)).toBeUndefined();
    expect(decideRoute({ matter: text, receivingOffice: TONGLU }, context).kind).not.toBe('decline');
  });
});

describe('the people and rooms of the court are no stage', () => {
  it.each([['法院审判员说要等'], ['法院审判长说还要研究一下。'], ['法院审判庭的人说回去等通知。'], ['法院调解员说要等'], ['法院的调解员让我们再等等。']])(
    '%s → no stage from 审判员/审判长/审判庭/调解员 alone',
    (text) => {
      expect(legalRouteOf(text)).toBeUndefined();
      expect(decideRoute({ matter: text, receivingOffice: TONGLU }, context).kind).not.toBe('decline');
    },
  );

  it('still reads a hearing the judge names as a suit pending', () => {
    expect(legalRouteOf('法院审判员说下周开庭。')).toMatchObject({ stage: 'filed', notice: LEGAL_ROUTE_NOTICES.filed });
    expect(legalRouteOf('法院正在审判。')).toMatchObject({ stage: 'filed' });
  });
});

describe('court mediation: concluded, enforced, under way or failed', () => {
  it.each([
    ['法院已经调解了', '法院已经调解了'],
    ['在法院调解下达成协议，对方又反悔', '法院调解下达成'],
    ['经桐庐县人民法院调解，双方达成了协议，对方又反悔。', '经桐庐县人民法院调解'],
    ['法院调解成功，对方签了字又不认。', '法院调解成功'],
  ])('%s → declined as judged (%s): the 调解书 notice', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'judgment', matched, notice: LEGAL_ROUTE_NOTICES.judgment });
    expect(decideRoute({ matter: text, receivingOffice: TONGLU }, context)).toMatchObject({ kind: 'decline', notice: LEGAL_ROUTE_NOTICES.judgment });
    const letter = declineLetter(text);
    expect(letter).toContain('理由：您反映的事项已由人民法院作出裁判。');
    for (const word of PENDING_WORDS) expect(letter).not.toContain(word);
  });

  it.each([
    ['法院调解结案后对方不履行', '法院调解结案后对方不履行'],
    ['法院调解后对方一直不履行。', '法院调解后对方一直不履行'],
  ])('%s → declined as enforcement (%s)', (text, matched) => {
    expect(legalRouteOf(text)).toEqual({ route: 'litigation', stage: 'enforcement', matched, notice: LEGAL_ROUTE_NOTICES.enforcement });
    const letter = declineLetter(text);
    expect(letter).toContain('申请强制执行');
    for (const word of PENDING_WORDS) expect(letter).not.toContain(word);
  });

  it.each([['法院正在调解'], ['法院还在调解中，对方一直拖。'], ['法院调解了两次都没成，还要开庭。'], ['在法院调解下未能达成协议。'], ['经法院调解，双方未能达成协议。']])(
    '%s → a suit pending: the court is trying it',
    (text) => {
      expect(legalRouteOf(text)).toMatchObject({ route: 'litigation', stage: 'filed', notice: LEGAL_ROUTE_NOTICES.filed });
      const letter = declineLetter(text);
      expect(letter).toContain('由人民法院依法审理');
      for (const word of JUDGED_WORDS) expect(letter).not.toContain(word);
    },
  );

  it('does not take a mediation outside the court as a legal route', () => {
    expect(legalRouteOf('村委会调解了，对方又反悔。')).toBeUndefined();
    expect(legalRouteOf('希望法院调解成功。')?.stage).not.toBe('judgment');
  });
});
