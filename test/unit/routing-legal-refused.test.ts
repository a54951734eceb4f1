import { describe, expect, it } from 'vitest';
import { routedPetition, routingContext, TONGLU } from '../fixtures/routed-petition.js';
import { decideRoute, LEGAL_ROUTE_NOTICES, legalChannelOf, legalRouteOf, legalRouteWithheld } from '../../shared/domain/routing/index.js';

/**
 * Routing §4 declines a matter already in, or belonging to, litigation, arbitration or reconsideration. A petitioner
 * whom another body told to go to court, whom the court, arbitration or reconsideration body refused or obstructed,
 * who only means to or cannot, or who complains of that body's staff, is not in the procedure: such a letter is
 * routed as any other (the words said in the reasons), never declined with a letter telling the petitioner something false.
 */
const context = routingContext;

const route = (matter: string) => decideRoute({ matter, receivingOffice: TONGLU }, context);
const withheldReason = (decision: { reasons: string[] }) => decision.reasons.find((r) => r.startsWith('法定途径：“'));

/** The black-box reports. */
const POLICE_TOLD_TO_SUE = '我家被盗后向桐庐县某派出所报案，民警说这种小案子让我自己去法院起诉，至今不立案，请求督促派出所立案侦查。';
const ARBITRATION_REFUSED = '我向桐庐县劳动人事争议仲裁院申请仲裁，仲裁院工作人员以材料不全为由拒收，三次都不给书面说明，请求督促。';

describe('the reported petitions are not declined', () => {
  it('A: police refusing to open a case, who told the petitioner to sue, goes to the police (or triage), the reason said', () => {
    expect(legalRouteOf(POLICE_TOLD_TO_SUE)).toBeUndefined();
    const decision = route(POLICE_TOLD_TO_SUE);
    expect(decision.kind === 'triage' || (decision.kind === 'assign' && decision.lead === '330122-public-security')).toBe(true);
    expect(decision.reasons).toContain('法定途径：“起诉”是他人让信访人去，或信访人仅打算、无力提起，并非已进入该途径；不自动不予受理，按一般程序分办。');
    // The rules still read it as the police's matter.
    expect(decision.reasons.some((r) => r.includes('公安'))).toBe(true);
  });

  it('B: the arbitration institution refusing the application is not told to apply for arbitration', () => {
    expect(legalRouteOf(ARBITRATION_REFUSED)).toBeUndefined();
    const decision = route(ARBITRATION_REFUSED);
    expect(decision.kind).not.toBe('decline');
    expect(withheldReason(decision)).toBe(
      '法定途径：“申请仲裁”信访人反映的是有关机关拒收、不予受理或推诿（工作人员以材料不全为由拒收），并非事项已进入该途径；不自动不予受理，按一般程序分办。',
    );
    // Nor is the arbitration it was refused named to staff as the channel to decline it for.
    if (decision.kind === 'triage') expect(decision.legalChannel).toBeUndefined();
    expect(decision.reasons.join('')).not.toContain('可能属于法定途径');
  });
});

describe('someone else told the petitioner to take the route', () => {
  it.each([
    ['派出所叫我自己起诉，不管我们。', '起诉'],
    ['派出所说这是经济纠纷，叫我们自己去法院起诉。', '起诉'],
    ['民警让我去法院打官司，就是不给立案。', '法院打官司，就是不给立案'],
    ['城管说让我们去申请行政复议。', '申请行政复议'],
    ['人社局的人让我去申请劳动仲裁，不管事。', '申请劳动仲裁'],
    ['镇政府建议我起诉对方。', undefined],
  ])('%s → not declined', (text, matched) => {
    expect(legalRouteOf(text)).toBeUndefined();
    const decision = route(text);
    expect(decision.kind).not.toBe('decline');
    if (matched) expect(withheldReason(decision)).toBe(`法定途径：“${matched}”是他人让信访人去，或信访人仅打算、无力提起，并非已进入该途径；不自动不予受理，按一般程序分办。`);
  });
});

describe('the court, arbitration or reconsideration body refused or obstructed the petitioner', () => {
  it.each([
    ['仲裁委不予受理，也不给书面通知。', '仲裁委不予受理'],
    ['我去申请劳动仲裁，仲裁委推诿说不归他们管。', '仲裁委推诿'],
    ['我想申请劳动仲裁，但是仲裁委说材料不全不收。', '仲裁委说材料不全不收'],
    ['我申请了劳动仲裁，被仲裁院退回了材料。', undefined],
    ['我要申请行政复议，复议机关不让申请。', '复议机关不让申请'],
    ['县政府复议机关拖着不受理我的行政复议申请。', '复议机关拖着不受理'],
    ['我申请了行政复议。复议机关工作人员以超期为由拒收。', '工作人员以超期为由拒收'],
    ['法院拒收我的起诉材料，也不给书面裁定。', '法院拒收'],
    ['我去法院起诉，立案窗口拒收材料。', '立案窗口拒收'],
    ['法院不受理，让我们找政府。', '法院不受理'],
  ])('%s → not declined, the refusal in the reasons', (text, shown) => {
    expect(legalRouteOf(text)).toBeUndefined();
    expect(legalRouteWithheld(text)).toMatchObject({ why: 'refused', refused: true });
    const decision = route(text);
    expect(decision.kind).not.toBe('decline');
    const reason = withheldReason(decision);
    expect(reason).toContain('信访人反映的是有关机关拒收、不予受理或推诿');
    if (shown) expect(reason).toContain(`（${shown}）`);
  });
});

describe('the petitioner only means to, or cannot', () => {
  it.each([['我想起诉，但是没钱。'], ['我没钱起诉，请政府帮忙。'], ['我准备申请仲裁，公司威胁我。'], ['我起诉无门，请领导帮忙。'], ['我们申请不了仲裁，公司不给劳动合同。'], ['我打不起官司。']])(
    '%s → not declined',
    (text) => {
      expect(legalRouteOf(text)).toBeUndefined();
      expect(route(text).kind).not.toBe('decline');
    },
  );
});

describe('a complaint about the conduct of the procedure’s staff', () => {
  it.each([['劳动仲裁院的仲裁员态度恶劣，还辱骂我。'], ['仲裁员收受公司好处，偏袒公司。'], ['复议机关工作人员态度蛮横，当面刁难我。'], ['法官收受对方好处，判决不公。']])(
    '%s → not declined: for the body’s supervisors, or staff',
    (text) => {
      expect(legalRouteOf(text)).toBeUndefined();
      expect(route(text).kind).not.toBe('decline');
    },
  );

  it('does not read 仲裁员 as 裁员 (a dismissal), nor the 劳动人事争议仲裁院 as a labour dispute', () => {
    expect(legalChannelOf('劳动仲裁院的仲裁员态度恶劣，还辱骂我。')).toBeUndefined();
    expect(legalChannelOf('桐庐县劳动人事争议仲裁院的工作人员不给书面说明。')).toBeUndefined();
    expect(legalChannelOf('公司裁员不给补偿。')).toMatchObject({ channel: '劳动争议仲裁' });
    expect(legalChannelOf('我和公司有劳动争议，请帮忙。')).toMatchObject({ channel: '劳动争议仲裁' });
  });
});

describe('a procedure entered is still declined', () => {
  it.each([
    ['我已经起诉了开发商。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['法院已立案。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['我去法院起诉了开发商。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['我已向法院起诉，法院已立案，但被告一直推诿不出庭。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['我们正在打官司，对方推诿不还钱。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['法院已经受理了我的起诉，工作人员态度很好。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['仲裁委已受理，至今未开庭。', 'arbitration', LEGAL_ROUTE_NOTICES.arbitration],
    ['仲裁委已受理，但公司老板威胁我撤诉。', 'arbitration', LEGAL_ROUTE_NOTICES.arbitration],
    ['我向仲裁委申请劳动仲裁，仲裁委受理后一直拖着不开庭。', 'arbitration', LEGAL_ROUTE_NOTICES.labourArbitration],
    ['我已申请劳动仲裁，仲裁委已受理。', 'arbitration', LEGAL_ROUTE_NOTICES.labourArbitration],
    ['正在行政复议，对方还在施工。', 'reconsideration', LEGAL_ROUTE_NOTICES.reconsideration],
    ['我申请了行政复议，复议机关已经受理。', 'reconsideration', LEGAL_ROUTE_NOTICES.reconsideration],
    // A ruling refusing the suit is appealable, as before (a bare refusal is no ruling: see above).
    ['法院以超过诉讼时效为由裁定不予受理，我不服。', 'litigation', LEGAL_ROUTE_NOTICES.judgment],
  ])('%s → declined (%s)', (text, legalRoute, notice) => {
    expect(route(text)).toMatchObject({ kind: 'decline', route: legalRoute, notice });
    expect(legalRouteWithheld(text)).toBeUndefined();
  });
});

/**
 * Petitions as they are written. A court that will not register the suit (不立案, 不予立案, 拒绝立案, 不受理) and
 * names no ruling has taken nothing in: the petitioner complains of access to court, and is neither told the court
 * 作出裁判 nor that the matter is being tried. A 仲裁院/仲裁委 only named — a place, a question, a possibility — is
 * no arbitration under way. A judgment, a suit filed and an arbitration applied for or decided are declined as before.
 */
describe('petitions as written: a court refusing to register, an arbitration only named, and what is still declined', () => {
  const COURT_REFUSED = '信访人反映的是有关机关拒收、不予受理或推诿';
  it.each([
    ['我去法院起诉，法院不给立案。', 'refused'],
    ['法院不予立案，也不给裁定书。', 'refused'],
    ['法院拒绝立案。', 'refused'],
    ['我家房子被邻居违建挡住采光，我去桐庐县人民法院起诉，法院不给立案，说这事归城管管，请领导帮忙。', 'refused'],
    ['老板欠我三万元货款不还，我拿着欠条去法院，法院不予立案，也不给裁定书，我不知道该怎么办。', 'refused'],
    ['我们村土地承包合同纠纷，法院拒绝立案，让我们找乡政府，乡政府又推给法院，请县里协调。', 'refused'],
    ['我的离婚起诉材料交到法院三次，法院就是不受理，请领导过问。', 'refused'],
    ['我不知道要不要去仲裁院。', 'none'],
    ['听说可以去劳动仲裁院，但我没去。', 'none'],
    ['仲裁院在哪里？', 'none'],
    ['公司拖欠我工资半年，我不知道要不要去仲裁院，请信访局帮我讨薪。', 'none'],
    ['听说可以去劳动仲裁院，但我没去，想先请人社局出面协调工资的事。', 'none'],
    ['公司不给我缴社保，请问仲裁院在哪里？', 'none'],
    ['劳动仲裁委的电话一直打不通，公司拖欠的加班费怎么办？', 'none'],
  ])('%s → not declined (%s)', (text, why) => {
    expect(legalRouteOf(text)).toBeUndefined();
    const decision = route(text);
    expect(decision.kind).not.toBe('decline');
    if (why === 'refused') expect(withheldReason(decision)).toContain(COURT_REFUSED);
    else expect(legalRouteWithheld(text)).toBeUndefined();
  });

  it.each([
    ['法院已经判决。', 'litigation', LEGAL_ROUTE_NOTICES.judgment],
    ['法院已经判决，我觉得判得不公，请信访局主持公道。', 'litigation', LEGAL_ROUTE_NOTICES.judgment],
    ['我们的案子已经立案正在审理。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['我们已向桐庐县人民法院起诉，法院已经立案正在审理，请信访局督促开发商。', 'litigation', LEGAL_ROUTE_NOTICES.filed],
    ['法院以超过诉讼时效为由裁定不予受理，我不服。', 'litigation', LEGAL_ROUTE_NOTICES.judgment],
    ['装修款的纠纷我已申请仲裁。', 'arbitration', LEGAL_ROUTE_NOTICES.arbitration],
    ['合同纠纷的仲裁正在审理，对方一直拖延。', 'arbitration', LEGAL_ROUTE_NOTICES.arbitration],
    ['装修合同纠纷的仲裁裁决已经下来了，对方不履行。', 'arbitration', LEGAL_ROUTE_NOTICES.arbitration],
    ['公司拖欠工资，我已申请劳动仲裁，仲裁委正在审理，请督促公司。', 'arbitration', LEGAL_ROUTE_NOTICES.labourArbitration],
    ['我申请的劳动仲裁正在审理，公司老板天天威胁我。', 'arbitration', LEGAL_ROUTE_NOTICES.labourArbitration],
    ['劳动仲裁委已经作出裁决，公司不服。', 'arbitration', LEGAL_ROUTE_NOTICES.labourArbitration],
  ])('%s → declined (%s)', (text, legalRoute, notice) => {
    expect(route(text)).toMatchObject({ kind: 'decline', route: legalRoute, notice });
  });

  it('the registered petition a court would not register stays with the office, not declined by system:router', async () => {
    const result = await routedPetition('起诉不立案', '老板欠我三万元货款不还，我拿着欠条去法院，法院不予立案，也不给裁定书，我不知道该怎么办。');
    expect(result.outcome).not.toBe('decline');
    expect(result.case.status).not.toBe('declined');
    expect(result.events.map((e) => e.type)).not.toContain('declined');
  });
});

describe('the router’s use case: a registered petition', () => {
  const routed = routedPetition;

  it.each([
    ['派出所不立案', POLICE_TOLD_TO_SUE],
    ['仲裁院拒收', ARBITRATION_REFUSED],
  ])('%s: not declined by system:router; staff see it', async (subject, matter) => {
    const result = await routed(subject, matter);
    expect(result.outcome).not.toBe('decline');
    expect(result.case.status).not.toBe('declined');
    expect(result.events.map((e) => e.type)).not.toContain('declined');
  });

  it('still declines a suit the court has filed', async () => {
    const result = await routed('房屋买卖合同纠纷', '我们已向法院起诉开发商，法院已立案。');
    expect(result.outcome).toBe('decline');
    expect(result.case.status).toBe('declined');
  });
});
