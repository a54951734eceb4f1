import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { categoryFromWords } from '../../shared/domain/routing/category.js';
import { decideRoute, keywordVocabulary, LEGAL_ROUTE_NOTICES, routingContextFrom, type RoutingDecision, type RoutingInput } from '../../shared/domain/routing/index.js';

const province = loadProvinceConfig(fileURLToPath(new URL('../../config/province.yaml', import.meta.url)));
// As the router decides: keywords matched as words (jieba with the province's keywords).
const context = { ...routingContextFrom(province.config, province.tree), segmenter: jiebaSegmenter(keywordVocabulary(province.config)) };
const TONGLU = '330122';

// A registered Case is a valid routing input (checked by the compiler).
const _caseFits: (c: Case) => RoutingInput = (c) => c;

/** Every unit id a decision would send the case (or a copy) to. */
function recipients(decision: RoutingDecision): string[] {
  if (decision.kind === 'assign') return [decision.lead, ...decision.cooperating];
  if (decision.kind === 'redirect' && decision.transferTo) return [decision.transferTo.unit];
  return [];
}

describe('decideRoute: the units the case already accuses', () => {
  it('never routes to a unit accused at registration or in later material, though this text does not name it', () => {
    const wages = {
      subject: '反映拖欠工资问题',
      matter: '我在富春江镇一家服装厂打工，老板拖欠工资三个月共计2万余元，欠薪问题请政府帮忙解决。',
      petitioner: { address: '桐庐县富春江镇芦茨村' },
      receivingOffice: TONGLU,
    };
    expect(decideRoute(wages, context)).toMatchObject({ kind: 'assign', lead: '330122-hrss' });
    const decision = decideRoute({ ...wages, accusedUnits: ['330122-hrss'] }, context);
    expect(recipients(decision)).not.toContain('330122-hrss');
    expect(decision.reasons.join(' ')).toContain('举报涉及桐庐县人力资源和社会保障局（330122-hrss）');
  });

  it('never routes a complaint of a unit’s inaction to that unit (audit mail 39, sent to the province)', () => {
    const subject = '桐庐县某企业污染环境县里不管';
    const complaint = decideRoute({ subject, matter: '桐庐县凤川街道某印染厂长期超标排放，县环保局不作为，特向省里反映。', receivingOffice: '330000' }, context);
    expect(recipients(complaint)).not.toContain('330122-ecology');
    expect(complaint.kind).toBe('triage');
    // Asked to act, the same unit is the one to handle it.
    const request = decideRoute({ subject, matter: '桐庐县凤川街道某印染厂长期超标排放，希望县环保局尽快处理。', receivingOffice: '330000' }, context);
    expect(request).toMatchObject({ kind: 'assign', lead: '330122-ecology' });
  });

  it('leaves an accused cooperating unit out', () => {
    const matter = '富春江镇某化工厂长期偷排污水，空气中有刺鼻异味，附近村民多人到医院检查出呼吸道疾病，医生说可能与污染有关。';
    const decision = decideRoute({ matter, receivingOffice: TONGLU, accusedUnits: ['330122-health'] }, context);
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-ecology', cooperating: [] });
  });
});

describe('decideRoute: assign', () => {
  it('gives an illegal building in 富春江镇, sent to 桐庐县, to the township’s own unit', () => {
    const decision = decideRoute(
      {
        subject: '反映邻居违建',
        matter: '邻居在村道旁搭建违章建筑，占用公共通道，多次反映无人处理。',
        incidentAddress: '桐庐县富春江镇石舍村',
        receivingOffice: TONGLU,
      },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: '330122101', lead: '330122101-enforcement', cooperating: [] });
    expect(decision.reasons[0]).toContain('富春江镇（330122101）');
    expect(decision.reasons).toContain('归口：关键词违建、违章建筑 → 城市管理（3分）；主办城市管理：3分，不低于2分，无其他部门。');
  });

  it('gives wage arrears in 富春江镇 to the county’s unit, the township having none', () => {
    const decision = decideRoute(
      {
        subject: '反映拖欠工资问题',
        matter: '我在富春江镇一家服装厂打工，老板拖欠工资三个月共计2万余元，欠薪问题请政府帮忙解决。',
        petitioner: { address: '桐庐县富春江镇芦茨村' },
        receivingOffice: TONGLU,
      },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: TONGLU, lead: '330122-hrss', cooperating: [] });
    expect(decision.reasons).toContain('主办：人力资源和社会保障 → 桐庐县人力资源和社会保障局（330122-hrss），富春江镇无此类单位。');
  });

  it('gives a stopped pension (养老金停发) to the human-resources bureau, not the office’s triage', () => {
    const decision = decideRoute({ subject: '养老金停发', matter: '我母亲的养老金从上个月起停发了，社区说不清楚原因，请帮忙查一下。', receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-hrss' });
  });

  it('gives a polluting factory that makes residents ill one lead and one cooperating unit', () => {
    const decision = decideRoute(
      {
        matter: '富春江镇某化工厂长期偷排污水，空气中有刺鼻异味，附近村民多人到医院检查出呼吸道疾病，医生说可能与污染有关。',
        receivingOffice: TONGLU,
      },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: TONGLU, lead: '330122-ecology', cooperating: ['330122-health'] });
  });

  it('keeps a petition mentioning 湖州, sent to 桐庐县, within 桐庐县', () => {
    const decision = decideRoute(
      {
        subject: '反映欠薪',
        matter: '我是湖州长兴人，在桐庐县分水镇一家工厂打工，老板拖欠工资半年。',
        petitioner: { address: '湖州市长兴县泗安镇' },
        receivingOffice: TONGLU,
      },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: TONGLU, lead: '330122-hrss' });
    expect(decision.reasons[0]).toContain('分水镇（330122109）');
    expect(decision.reasons[0]).toMatch(/未采用.*湖州/);
  });

  it('leaves a matter that happened in another county to staff, even with a department’s keywords', () => {
    const decision = decideRoute({ subject: '偷排污水', matter: '德清县新市镇某化工厂夜间偷排污水，河水发黑发臭。', petitioner: { address: '桐庐县城南街道' }, receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'triage', jurisdiction: TONGLU });
    expect(decision.reasons.at(-1)).toBe('事项涉及德清县、新市镇，不在桐庐县辖区内：请工作人员决定转送有权处理的地方，或由本级受理。');
    // Sent to 湖州市 about a factory in 桐庐县: the same.
    const toHuzhou = decideRoute({ matter: '桐庐县分水镇某制笔厂拖欠工资两个月。', receivingOffice: '330500' }, context);
    expect(toHuzhou.kind).toBe('triage');
  });

  it('does not take where the petitioner or the boss is from for where the matter is', () => {
    for (const matter of ['我是淳安县人，在一家服装厂打工，老板拖欠工资三个月。', '老板拖欠工资三个月，已跑回湖州市老家。']) {
      const decision = decideRoute({ subject: '讨薪', matter, petitioner: { address: '桐庐县城南街道' }, receivingOffice: TONGLU }, context);
      expect(decision.reasons.join(' ')).not.toContain('事项涉及');
      expect(decision.reasons.join(' ')).toContain('关键词拖欠工资');
    }
  });

  it('is not put off by a denied lawsuit', () => {
    const decision = decideRoute(
      { subject: '讨要工资', matter: '老板拖欠工资半年，我们没有起诉，只希望政府出面协调。', receivingOffice: TONGLU },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-hrss' });
  });

  it('applies 淳安县’s own rules to a matter in 千岛湖镇', () => {
    const decision = decideRoute(
      { matter: '千岛湖镇附近有人搞网箱养殖，污染千岛湖水质。', receivingOffice: '330127' },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: '330127', lead: '330127-ecology' });
    expect(decision.reasons[1]).toContain('关键词网箱养殖、污染、千岛湖水质 → 生态环境（3分）');
  });

  it('routes below the jurisdiction now holding the case', () => {
    const decision = decideRoute(
      { subject: '反映邻居违建', matter: '邻居在村道旁搭建违章建筑，占用公共通道。', incidentAddress: '桐庐县富春江镇石舍村', receivingOffice: '330100', jurisdiction: TONGLU },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: '330122101', lead: '330122101-enforcement' });
  });
});

describe('decideRoute: only a unit with staff in the system leads', () => {
  const unclearRoof = { matter: '分水镇的老旧小区改造拖了两年，加装电梯也没有下文。', receivingOffice: TONGLU };

  it('gives a township matter to the county’s bureau when the township’s unit has nobody in the system to conclude it', () => {
    // 分水镇村镇建设办公室 has no staff in the demo; 桐庐县住建局 has.
    expect(context.unitStaffed!('330122109-construction')).toBe(false);
    const decision = decideRoute(unclearRoof, context);
    expect(decision).toMatchObject({ kind: 'assign', jurisdiction: TONGLU, lead: '330122-housing' });
    expect(decision.reasons).toContain('主办：住房和城乡建设 → 桐庐县住房和城乡建设局（330122-housing），分水镇村镇建设办公室在系统中没有工作人员。');
  });

  it('leaves the matter to the office’s triage, saying why, when the department’s unit has nobody in the system', () => {
    // 桐庐县教育局 has no staff in the demo, nor has the city's bureau (which 桐庐县 could not assign anyway).
    const decision = decideRoute({ subject: '学校乱收费', matter: '孩子所在的小学以补课为名乱收费，每学期另收学费八百元，请教育局查处。', receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'triage', office: TONGLU });
    expect(decision.reasons.at(-1)).toBe('桐庐县教育局（330122-education）在系统中没有工作人员，交办后无人能办结：请人工分办（本机关自办，或交在系统中有工作人员的单位）。');
  });

  it('still gives a staffed unit its matter, and lists an unstaffed unit only as cooperating', () => {
    // ecology leads (偷排, 污水, 污染); health cooperates, though 桐庐县卫生健康局 has nobody in the system to send its opinion.
    const decision = decideRoute({ matter: '富春江镇某化工厂长期偷排污水，空气中有刺鼻异味，附近村民多人到医院检查出呼吸道疾病，医生说可能与污染有关。', receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-ecology', cooperating: ['330122-health'] });
    expect(decision.reasons).toContain('协办：卫生健康 → 桐庐县卫生健康局（330122-health），富春江镇无此类单位（该单位在系统中没有工作人员：协办通知发其邮箱，不作主办）。');
  });

  it('a configuration naming no staff at all takes every unit as staffed, as before', () => {
    const everyone = { ...routingContextFrom({ ...province.config, staff: [] }, province.tree), segmenter: context.segmenter };
    expect(everyone.unitStaffed!('330122-education')).toBe(true);
    expect(decideRoute(unclearRoof, everyone)).toMatchObject({ kind: 'assign', jurisdiction: '330122109', lead: '330122109-construction' });
  });
});

describe('decideRoute: decline', () => {
  it('declines a matter already before the court, with the litigation notice', () => {
    const decision = decideRoute(
      { matter: '开发商延期交房，该纠纷我已向法院起诉，法院已立案，请政府督促。', receivingOffice: TONGLU },
      context,
    );
    expect(decision).toEqual({
      kind: 'decline',
      route: 'litigation',
      notice: LEGAL_ROUTE_NOTICES.filed,
      reasons: ['法定途径：已向法院起诉 → 诉讼（已起诉）；不予受理，告知书写明该途径。'],
    });
  });

  it('declines a matter in labour arbitration', () => {
    const decision = decideRoute(
      { subject: '欠薪', matter: '公司拖欠工资，我已申请劳动仲裁，仲裁委迟迟不开庭。', receivingOffice: TONGLU },
      context,
    );
    expect(decision).toMatchObject({ kind: 'decline', route: 'arbitration', notice: LEGAL_ROUTE_NOTICES.labourArbitration });
  });
});

describe('decideRoute: redirect', () => {
  it('leaves an accusation of corruption to staff to forward to 纪检监察机关, assigning nothing and telling the petitioner nothing', () => {
    const decision = decideRoute(
      { matter: '举报富春江镇某村村支书贪污村集体征地补偿款。', receivingOffice: TONGLU, category: 'report' },
      context,
    );
    expect(decision).toMatchObject({ kind: 'triage' });
    expect(recipients(decision)).toEqual([]);
    expect(decision.reasons.join(' ')).toContain('贪污 → 纪检监察机关');
    // Staff classed it already: the router adds no class.
    expect(decision).not.toHaveProperty('category');
  });

  it('redirects a consumer dispute to 12315 and transfers it to the county’s market regulation', () => {
    const decision = decideRoute(
      { matter: '在桐庐县城一家超市买到过期食品，商家拒绝退款。', receivingOffice: TONGLU },
      context,
    );
    expect(decision).toMatchObject({
      kind: 'redirect',
      body: '市场监督管理部门（12315）',
      transferTo: { jurisdiction: TONGLU, unit: '330122-market' },
    });
    if (decision.kind === 'redirect') expect(decision.notice).toContain('本件已转送桐庐县市场监督管理局办理。');
  });
});

describe('decideRoute: a report never reaches the accused', () => {
  it('does not assign a report against 桐庐县住建局 to the county’s housing unit, nor to one below it', () => {
    for (const where of ['县城', '富春江镇']) {
      const decision = decideRoute(
        {
          matter: `我要举报桐庐县住建局：${where}阳光花园小区延期交房两年，房屋质量问题严重，住建局对开发商不闻不问。`,
          receivingOffice: TONGLU,
        },
        context,
      );
      expect(decision.kind).toBe('triage');
      expect(recipients(decision)).not.toContain('330122-housing');
      expect(recipients(decision)).not.toContain('330122101-construction');
      expect(decision.reasons.join(' ')).toContain('桐庐县住房和城乡建设局');
    }
  });

  it('gives the lead to the next department when the accused one would have led', () => {
    const decision = decideRoute(
      {
        matter: '举报桐庐县住建局：阳光花园小区延期交房，房屋质量差，物业费乱收；小区旁工地噪音大、污染严重，住建局一概不管。',
        receivingOffice: TONGLU,
      },
      context,
    );
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-ecology', cooperating: [], category: 'report' });
    expect(recipients(decision)).not.toContain('330122-housing');
    expect(decision.reasons).toContain('举报涉及桐庐县住房和城乡建设局（330122-housing）：不交该单位办理。');
  });

  it('calls a complaint of the unit’s conduct a complaint in the reason staff read', () => {
    const decision = decideRoute({ matter: '投诉桐庐县住建局：阳光花园小区延期交房，房屋质量差，物业费乱收；小区旁工地噪音大、污染严重，住建局推诿不管。', receivingOffice: TONGLU }, context);
    expect(recipients(decision)).not.toContain('330122-housing');
    expect(decision.reasons.join(' ')).toContain('投诉涉及桐庐县住房和城乡建设局（330122-housing）');
  });

  it('drops an accused cooperating unit', () => {
    const decision = decideRoute(
      {
        matter: '举报桐庐环保局：阳光花园小区延期交房、房屋质量差、物业费乱收，小区旁工厂噪音和污染严重，环保局不管。',
        receivingOffice: TONGLU,
      },
      context,
    );
    // housing 3 (延期交房, 房屋质量, 物业费) leads; ecology 2 (噪音, 污染) would cooperate, but 桐庐环保局 is accused.
    expect(decision).toMatchObject({ kind: 'assign', lead: '330122-housing', cooperating: [] });
    expect(decision.reasons).toContain('协办生态环境不列入：举报涉及杭州市生态环境局桐庐分局（330122-ecology）。');
  });

  it('does not hand the lead to a department too weak to cooperate', () => {
    const decision = decideRoute(
      {
        matter: '举报杭州市生态环境局桐庐分局：富春江镇化工厂偷排污水、废气，污染严重，附近医院收治了多名村民，医生说与污染有关，环保局却不查处。',
        receivingOffice: TONGLU,
      },
      context,
    );
    // ecology 5 (偷排, 污水, 废气, 污染 ×2) is accused; health 2 < 5 / 2 was never cooperating.
    expect(decision.kind).toBe('triage');
    expect(decision.reasons.at(-1)).toBe('没有其他可主办的部门，请人工分办。');
  });
});

describe('decideRoute: triage', () => {
  it('sends an unclear matter to the office’s manual triage list', () => {
    const decision = decideRoute({ matter: '我有个事情想反映一下，希望领导重视，尽快给个说法。', receivingOffice: TONGLU }, context);
    expect(decision).toMatchObject({ kind: 'triage', office: TONGLU, jurisdiction: TONGLU });
    expect(decision.reasons).toContain('归口：未匹配到归口关键词。');
  });

  it('sends a tie to triage', () => {
    const decision = decideRoute({ matter: '学校乱收学费；医院看病贵，医生态度差。', receivingOffice: TONGLU }, context);
    expect(decision.kind).toBe('triage');
  });

  it('does not assign upwards: 桐庐县 has no transport unit, the city’s is not its to assign', () => {
    const matter = '桐庐县到分水镇的公交线路取消后，客运班车一天只有两班。';
    const county = decideRoute({ matter, receivingOffice: TONGLU }, context);
    expect(county.kind).toBe('triage');
    expect(county.reasons.at(-1)).toBe('桐庐县及以下没有交通运输部门的单位，请人工分办。');
    // The city assigns its own bureau — once that bureau has someone in the system to work the case.
    expect(decideRoute({ matter, receivingOffice: '330100' }, context)).toMatchObject({ kind: 'triage', office: '330100' });
    const transportHandler = { name: '葛一帆', jurisdiction: '330100', unit: '330100-transport', roles: ['handler'] };
    const staffed = { ...routingContextFrom({ ...province.config, staff: [...province.config.staff, transportHandler] }, province.tree), segmenter: context.segmenter };
    expect(decideRoute({ matter, receivingOffice: '330100' }, staffed)).toMatchObject({
      kind: 'assign',
      jurisdiction: '330100',
      lead: '330100-transport',
    });
  });
});

describe('decideRoute: an email with nothing to read', () => {
  it('sends a subject with an empty body, or content only in attachments, to triage with the reason', () => {
    for (const matter of ['（空白邮件）', '（正文为空，见附件）']) {
      const decision = decideRoute({ subject: '物业问题', matter, receivingOffice: TONGLU }, context);
      expect(decision.kind).toBe('triage');
      expect(decision.reasons.at(-1)).toContain('来信内容为空');
      expect(decideRoute({ subject: '物业问题', matter, channel: 'email', receivingOffice: TONGLU }, context).reasons.at(-1)).toContain('邮件内容为空');
    }
  });
});

describe('decideRoute: the reasons call the petitioner’s words by the channel', () => {
  const where = { subject: '路灯', matter: '富春江镇芦茨村的路灯坏了半年，投诉多次没人修。', receivingOffice: TONGLU };

  it.each([
    ['phone', '来电内容'],
    ['visit', '来访反映'],
    ['web', '网上信访内容'],
    ['email', '邮件内容'],
    ['letter', '来信内容'],
  ] as const)('%s: %s提到…', (channel, words) => {
    const reasons = decideRoute({ ...where, channel }, context).reasons.join(' ');
    expect(reasons).toContain(`${words}提到富春江镇`);
    expect(reasons).toContain(`类别：投诉（${words}中有“投诉”字样）`);
    if (channel !== 'letter') expect(reasons).not.toMatch(/来信/);
  });

  it('names the office a call came to without calling it the office a letter came to', () => {
    const reasons = decideRoute({ matter: '路灯坏了半年没人修。', channel: 'phone', receivingOffice: TONGLU }, context).reasons.join(' ');
    expect(reasons).toContain('未提到桐庐县以下的地名 → 接听来电的机关桐庐县（330122）');
    expect(reasons).not.toMatch(/收信机关|来信/);
  });
});

describe('decideRoute: the kind of petition from its words', () => {
  const wages = { subject: '拖欠工资', petitioner: { address: '桐庐县富春江镇芦茨村' }, receivingOffice: TONGLU };

  it('classes a complaint, a request and a question by the words they use, and says so in the reasons', () => {
    const complaint = decideRoute({ ...wages, matter: '投诉服装厂老板拖欠工资三个月，建议尽快处理。' }, context);
    expect(complaint).toMatchObject({ kind: 'assign', category: 'complaint' });
    expect(complaint.reasons).toContain('类别：投诉（来信内容中有“投诉”字样）。');
    expect(decideRoute({ ...wages, matter: '服装厂老板拖欠工资三个月，请求劳动监察部门帮忙解决。' }, context)).toMatchObject({ category: 'request' });
    expect(decideRoute({ ...wages, matter: '请问服装厂拖欠工资三个月，应当向哪个部门反映？' }, context)).toMatchObject({ category: 'consultation' });
  });

  it('takes a request that also asks a question or makes a suggestion as a request, and bare 要求 as nothing', () => {
    expect(categoryFromWords('路灯坏了一个月，请问什么时候能修好？希望有关部门尽快解决。')?.category).toBe('request');
    expect(categoryFromWords('服装厂拖欠工资三个月，我们要求补发工资并依法处理。建议加强监管。')?.category).toBe('request');
    expect(categoryFromWords('化工厂排放不符合环保要求，气味刺鼻。')).toBeUndefined();
    expect(categoryFromWords('建议在小区门口增设红绿灯。')?.category).toBe('suggestion');
  });

  it('leaves a staff member’s class alone', () => {
    expect(decideRoute({ ...wages, matter: '投诉服装厂老板拖欠工资。', category: 'request' }, context)).toMatchObject({ kind: 'assign', category: 'request' });
    expect(decideRoute({ ...wages, matter: '服装厂老板拖欠工资三个月。', category: 'dispute' }, context)).toMatchObject({ kind: 'assign', category: 'dispute' });
  });

  it('classes a text naming no kind by what its subject implies: the category of the rule that sent it to its department', () => {
    const wagesOnly = decideRoute({ ...wages, matter: '服装厂老板拖欠工资三个月。' }, context);
    expect(wagesOnly).toMatchObject({ kind: 'assign', lead: '330122-hrss', category: 'request' });
    expect(wagesOnly.reasons).toContain('类别：求决（归口人力资源和社会保障的事项）。');
    // The words still come first: a complaint about wages is a complaint.
    expect(decideRoute({ ...wages, matter: '投诉服装厂老板拖欠工资三个月。' }, context)).toMatchObject({ category: 'complaint' });
    // A rule that implies nothing leaves it unclassed, as before.
    const bare = { ...context, rulesFor: (code: string) => context.rulesFor(code).map(({ impliesCategory: _implied, ...rule }) => rule) };
    expect(decideRoute({ ...wages, matter: '服装厂老板拖欠工资三个月。' }, bare)).not.toHaveProperty('category');
  });
});
