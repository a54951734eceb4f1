import { describe, expect, it } from 'vitest';
import { routedPetition, routingContext, TONGLU } from '../fixtures/routed-petition.js';
import { decideRoute, LEGAL_ROUTE_NOTICES, legalChannelOf, type RoutingInput } from '../../shared/domain/routing/index.js';
import { placeByTerritory } from '../../shared/domain/routing/territory-first.js';

/**
 * 信访工作条例: 对已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的，不予受理.
 * A matter already in a procedure is declined (legal-route-stage.test.ts); one that only
 * belongs to a channel by law goes to staff, the channel named, and is never accepted by the router.
 */
const context = routingContext;

function route(subject: string, matter: string, receivingOffice = TONGLU) {
  return decideRoute({ subject, matter, receivingOffice }, context);
}

/** The reason a legal channel adds, as the triage list shows it. */
const channelReason = (decision: { reasons: string[] }) => decision.reasons.find((r) => r.startsWith('可能属于法定途径：'));

describe('a matter already in a court procedure, in other words', () => {
  it.each([
    ['此事已经进入司法程序', '进入司法程序'],
    ['此事已进入司法程序，请信访局督促法院。', '进入司法程序'],
    ['这个案子现在在法院', '案子现在在法院'],
    ['我们的案子还在法院，一年了没有结果。', '案子还在法院'],
    ['案件已移送法院，请领导关注。', '案件已移送法院'],
    ['我们正在走法律程序，对方还在骚扰我。', '正在走法律程序'],
    ['案件在诉讼程序中，对方转移财产。', '诉讼程序中'],
  ])('%s → declined as a suit before the court (%s)', (text, matched) => {
    const decision = decideRoute({ matter: text, receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'decline', route: 'litigation', notice: LEGAL_ROUTE_NOTICES.filed });
    expect(decision.reasons).toEqual([`法定途径：${matched} → 诉讼（已起诉）；不予受理，告知书写明该途径。`]);
  });

  it.each([
    ['我在法院门口摆摊，被城管没收了三轮车。'],
    ['想去法院起诉但没钱，请政府帮帮我。'],
    ['案件当事人天天在法院门口闹事，影响我们做生意。'],
    ['我家在法院旁边，工地晚上施工噪音扰民。'],
    ['我在法院工作的亲戚说可以起诉。'],
    ['这个案子不在法院，在派出所，一直没有消息。'],
    ['只能走法律程序了吗？'],
    ['只有进入司法程序才能解决吗？'],
    ['此事不能进入司法程序，请政府协调。'],
    ['如何进入司法程序？'],
    ['我想进入司法程序解决。'],
    ['等到进入诉讼程序，房子早就被他卖了。'],
  ])('%s → not declined: no suit is shown', (text) => {
    expect(decideRoute({ matter: text, receivingOffice: TONGLU }, context).kind).not.toBe('decline');
  });

  it('reads 法律程序 of an arbitration as that arbitration, not as a suit', () => {
    expect(decideRoute({ matter: '劳动仲裁已经进入法律程序，请督促。', receivingOffice: TONGLU }, context)).toMatchObject({
      kind: 'decline',
      route: 'arbitration',
      notice: LEGAL_ROUTE_NOTICES.labourArbitration,
    });
  });
});

describe('a matter that by law belongs to another channel goes to staff, the channel named', () => {
  it.each([
    ['工伤认定', '桐庐县人社局作出的工伤认定决定我不服，请求重新认定。', '行政复议或行政诉讼'],
    ['工伤认定', '人社局认定我不属于工伤，我不服。', '行政复议或行政诉讼'],
    ['劳动合同纠纷', '公司违法解除劳动合同不给经济补偿', '劳动争议仲裁'],
    ['被公司辞退', '公司无故把我辞退了，我在这里干了八年，一分钱补偿都没有。', '劳动争议仲裁'],
    ['劳动合同纠纷', '公司不签劳动合同，我要求支付双倍工资。', '劳动争议仲裁'],
  ])('%s：%s → triage, never assigned to the human-resources bureau (%s)', (subject, matter, channel) => {
    const decision = route(subject, matter);
    expect(decision.kind).toBe('triage');
    if (decision.kind !== 'triage') return;
    expect(decision.legalChannel).toMatchObject({ channel });
    expect(channelReason(decision)).toMatch(new RegExp(`^可能属于法定途径：${channel}（.+）。依法应当通过${channel}解决的，不予受理，告知书写明该途径；不属于的，受理并按上述单位交办。未自动受理交办，请人工审查决定。$`));
    // The unit it would go to, were it accepted, is still said for staff.
    expect(decision.reasons).toContain('主办：人力资源和社会保障 → 桐庐县人力资源和社会保障局（330122-hrss）。');
    expect(decision.reasons.at(-1)).toBe(channelReason(decision));
  });

  it.each([
    ['行政处罚', '我不服桐庐县公安局作出的行政处罚决定。', '行政复议或行政诉讼'],
    ['罚款', '交警罚款我不服，要求撤销。', '行政复议或行政诉讼'],
    ['房屋征收', '我不服县政府作出的房屋征收补偿决定，补偿标准太低。', '行政复议或行政诉讼'],
    ['许可', '对县自然资源局的不予许可决定有异议。', '行政复议或行政诉讼'],
    ['复议', '对市政府的复议结果不服。', '行政诉讼'],
    ['判决', '判决不公，请领导主持公道。', '上诉或申请再审'],
  ])('%s：%s → triage naming %s, the case staying with this office', (subject, matter, channel) => {
    const decision = route(subject, matter);
    expect(decision).toMatchObject({ kind: 'triage', legalChannel: { channel } });
    expect(channelReason(decision)).toContain(`可能属于法定途径：${channel}（`);
  });

  it('gives staff the wording a 不予受理 would use', () => {
    expect(legalChannelOf('公司违法解除劳动合同不给经济补偿')).toMatchObject({ stage: 'labourArbitration', notice: LEGAL_ROUTE_NOTICES.labourArbitration });
    expect(legalChannelOf('我不服桐庐县公安局作出的行政处罚决定。')).toMatchObject({ stage: 'reconsideration', notice: LEGAL_ROUTE_NOTICES.reconsideration });
  });

  it('says it on a case in triage for another reason too', () => {
    const decision = route('反映问题', '我不服桐庐县公安局作出的行政处罚决定。');
    expect(decision.reasons).toContain('未能确定承办部门，请人工分办。');
    expect(channelReason(decision)).toContain('不属于的，受理后交办。');
  });

  it('does not transfer a consumer dispute to market regulation (an acceptance) when the words dispute a decision', () => {
    const matter = '县城一家商家拒绝退款，县市场监管局对商家作出的行政处罚决定太轻，我不服。';
    expect(route('消费纠纷', '县城一家商家拒绝退款，售后不管。')).toMatchObject({ kind: 'redirect', transferTo: { unit: '330122-market' } });
    const decision = route('消费纠纷', matter);
    expect(decision).toMatchObject({ kind: 'triage', legalChannel: { channel: '行政复议或行政诉讼' } });
  });

  it('keeps a township’s labour dispute at the township: going up to the county’s bureau would accept it', () => {
    const township = '330127100'; // 千岛湖镇: no human-resources unit
    const wages: RoutingInput = { subject: '拖欠工资', matter: '千岛湖镇某公司拖欠我们三个月工资。', receivingOffice: township };
    const dispute: RoutingInput = { subject: '劳动合同纠纷', matter: '千岛湖镇某公司违法解除劳动合同，不给经济补偿。', receivingOffice: township };
    const wageDecision = decideRoute(wages, context);
    if (wageDecision.kind !== 'triage') throw new Error(`expected triage, got ${wageDecision.kind}`);
    expect(placeByTerritory(wages, wageDecision, context)).toMatchObject({ kind: 'transferUp', unit: '330127-hrss' });
    const disputeDecision = decideRoute(dispute, context);
    if (disputeDecision.kind !== 'triage') throw new Error(`expected triage, got ${disputeDecision.kind}`);
    expect(disputeDecision.legalChannel).toMatchObject({ channel: '劳动争议仲裁' });
    expect(placeByTerritory(dispute, disputeDecision, context)).toBeUndefined();
  });

  it('still hands a matter the city received down to the county it belongs to, which decides (属地管理)', () => {
    const input: RoutingInput = { subject: '工伤认定', matter: '桐庐县人社局作出的工伤认定决定我不服。', receivingOffice: '330100' };
    const decision = decideRoute(input, context);
    if (decision.kind !== 'triage') throw new Error(`expected triage, got ${decision.kind}`);
    expect(placeByTerritory(input, decision, context)).toMatchObject({ kind: 'handDown', to: TONGLU });
  });
});

describe('what is no legal channel: the router goes on as before', () => {
  it.each([
    ['拖欠工资', '华丰针织有限公司拖欠我们车间工人三个月工资，请劳动监察处理。'],
    ['拖欠工资', '老板拖欠工资，还把我辞退了，请帮忙讨薪。'],
    ['加班费', '每天加班到晚上十点，公司从来没有加班费。'],
    ['拖欠工资', '公司没有辞退我，但是三个月没发工资了。'],
  ])('%s：%s → wage arrears, labour inspection’s: assigned', (subject, matter) => {
    const decision = route(subject, matter);
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-hrss' });
    expect(channelReason(decision)).toBeUndefined();
  });

  it.each([
    ['担心被公司辞退，不敢反映加班的事。'],
    ['学校把我儿子开除了，请教育局过问。'],
    ['他被开除党籍了，还在村里当干部。'],
    ['拆迁经济补偿太低，请政府重新评估。'],
    ['物业罚款我不服，物业有什么权力罚款？'],
    ['他们不服从管理，还辱骂执法人员。'],
    ['工伤认定需要准备哪些材料？'],
    ['刚到这里水土不服，社区医院看病排队太久。'],
  ])('%s → no legal channel', (text) => {
    expect(legalChannelOf(text)).toBeUndefined();
    expect(channelReason(decideRoute({ matter: text, receivingOffice: TONGLU }, context))).toBeUndefined();
  });
});

describe('the router’s use case: a registered petition', () => {
  const routed = routedPetition;

  it('puts a labour dispute on the office’s triage list, not accepted, the channel in the reasons the console shows', async () => {
    const result = await routed('劳动合同纠纷', '公司违法解除劳动合同不给经济补偿');
    expect(result.outcome).toBe('triage');
    expect(result.case.status).toBe('registered');
    expect(result.case.acceptedAt).toBeUndefined();
    expect(result.case.handling).toBeUndefined();
    expect(result.case.triage?.reasons).toContain(
      '可能属于法定途径：劳动争议仲裁（违法解除劳动合同）。依法应当通过劳动争议仲裁解决的，不予受理，告知书写明该途径；不属于的，受理并按上述单位交办。未自动受理交办，请人工审查决定。',
    );
    expect(result.events.map((e) => e.type)).toEqual(['sentToTriage']);
  });

  it('still accepts and assigns wage arrears', async () => {
    const result = await routed('拖欠工资', '华丰针织有限公司拖欠我们车间工人三个月工资，请劳动监察处理。');
    expect(result.outcome).toBe('assign');
    expect(result.case).toMatchObject({ status: 'assigned', handling: { lead: '330122-hrss' } });
  });

  it('declines a matter said to be before the court', async () => {
    const result = await routed('房屋买卖合同纠纷', '这个案子现在在法院，请信访局督促法院尽快判决。');
    expect(result.outcome).toBe('decline');
    expect(result.case.status).toBe('declined');
  });
});
