import { CLAUSE_END, INTENTIONS, NEGATIONS, precededBy } from './text.js';

export type LegalRoute = 'litigation' | 'arbitration' | 'reconsideration';
/**
 * Where in the legal route the matter stands; it chooses the notice. `filed`
 * is a suit before the court and not shown to be decided (起诉、立案、审理中、
 * 尚未判决); `judgment` needs words of a judgment, ruling or court mediation
 * concluded, or of a ruling refusing the suit (裁定不予受理: appealable). A bare
 * refusal (法院不给立案) is no stage: the petitioner complains of access to court.
 */
export type LegalStage = 'filed' | 'judgment' | 'enforcement' | 'labourArbitration' | 'arbitration' | 'reconsideration';

export interface LegalRouteFinding {
  route: LegalRoute;
  stage: LegalStage;
  /** The words that showed it, as written. */
  matched: string;
  /** What the petitioner is told (不予受理告知): the legal route to take. */
  notice: string;
}

/** A character within the clause. */
const C = '[^，,。；;！!？?\\n]';
/** A character within the sentence: 法院说不属于他们管，不给立案 names the court in the clause before. */
const S = '[^。；;！!？?\\n]';
/** Not followed by 前 (判决前, 起诉之前: before it, so not yet); 仲裁前置/复议前置 is the rule that it comes first. */
const NOT_BEFORE = '(?!(?:之|以)?前(?!置))';

/**
 * A court refusing to accept or register a suit (不予受理, 不给立案, 拒绝立案). Only a written ruling of
 * non-acceptance (裁定不予受理, 不予受理的裁定) is a stage — the judgment stage, as it can be appealed; the bare
 * refusal is the court turning the petitioner away, no suit before it and no ruling to appeal (see RULING).
 * The court must be the one that refuses: no other body (派出所不予立案, 信访局不予受理) is named between,
 * and the court reported is the one named last before the refusal.
 */
const OTHER_BODY = '公安|派出所|警方|民警|警察|检察|信访|纪委|监委|纪检|政府|仲裁委|仲裁院|仲裁机构|复议机关|局';
const REFUSED = `(?:法院|法庭)(?:(?!${OTHER_BODY}|法院|法庭)${S}){0,20}?(?<v>不予以?|不给|不让|不肯|不愿意?|不同意|拒绝|拒不|不)(?:给|让|帮)?(?:我们?|他们?|我方)?(?:予以)?(?:受理|立案)`;

/**
 * Court mediation that ended in no agreement (调解不成, 调解没有成功, 未达成协议):
 * the suit goes on to a hearing, so no 调解书 ends it.
 */
const MEDIATION_NOT_FAILED = `(?!${S}{0,12}?(?:(?:不|未|没有?|没能|未能)调?成|失败|无果|未果|没有?结果|(?:未|没有?|没能|未能)达成|达不成|调不成|破裂))`;

/** Words that make what follows hypothetical: 如果起诉, 万一判决不公. */
const CONDITIONALS = ['如果', '假如', '假若', '假设', '倘若', '如若', '若是', '要是', '万一', '一旦'];
/** A refusal feared, supposed or only delayed (担心法院不给立案, 如果法院不予受理, 法院迟迟不立案) is no ruling. */
const NOT_REFUSED = [...CONDITIONALS, '担心', '怕', '会不会', '是否', '能否', '可能', '迟迟', '一直', '至今', '还没', '还未', '还不', '拖着'];
/**
 * Someone else telling the petitioner to take the route (民警让我自己去法院起诉, 派出所叫我自己起诉, 人社局的人让我去申请仲裁):
 * the words of a body that turned the petitioner away, no procedure entered.
 */
const TOLD = ['让我', '叫我', '要我', '劝我', '建议我', '告诉我', '要求我', '让他', '叫他', '劝他', '让其', '让当事人', '打发我', '说去', '说自己'];
/** Unable to start it: 没钱起诉, 申请不了仲裁, 打不起官司. */
const UNABLE = ['不了', '不起', '无力', '没钱', '没有钱', '无钱'];
/** Starting a procedure can be denied (我们没有起诉), only intended (准备申请仲裁), supposed (如果起诉), told (让我去起诉) or beyond reach (没钱起诉). */
const STARTING = [...NEGATIONS, ...INTENTIONS, ...CONDITIONALS, ...TOLD, ...UNABLE];
/** After the word: 起诉无门, 起诉不了, 仲裁不成 — tried and not entered. */
const NOT_ENTERED_AFTER = /^(?:无门|不了|不起|不成(?!功))/;

/** Bodies of the legal routes, by name. */
const ROUTE_BODY = '(?:法院|法庭|立案庭|立案窗口|诉讼服务中心|仲裁委(?:员会)?|仲裁院|仲裁庭|仲裁机构|复议机关|复议机构|复议办)';
/** Bodies of the legal routes and their staff, as a petition names them when it complains of them. */
const PROCEDURE_BODY = `(?:${ROUTE_BODY}|仲裁员|法官|书记员|审判员|审判长|工作人员|窗口|经办人|办事员)`;
/** Another actor named between the body and the words: 仲裁委已受理，公司推诿 is the company's, not the body's conduct. */
const OTHER_ACTOR = '公安|派出所|警方|民警|对方|公司|老板|单位|开发商|被告|被申请人|厂|村|物业';
/** The body refused or obstructed the petitioner: it took nothing in, so nothing is under way there. */
const REFUSAL = [
  '拒收',
  '拒绝(?:给|帮|为)?(?:我们?|他们?|我方)?(?:受理|立案|接收|收|登记|接)',
  '拒不(?:受理|立案|接收|收|出具|登记)',
  '不予以?(?:受理|立案|登记|接收)',
  '不(?:给|肯|愿意?|让|帮)?(?:我们?|他们?|我方)?(?:予以)?(?:受理|立案|登记)',
  '不(?:给|肯)?收(?:材料|件|案|我|申请)?',
  '不让(?:我们?)?(?:申请|立案|提交|递交|起诉|进)',
  '推诿|推脱|推来推去|踢皮球|刁难',
  '不(?:给|出具|作出)(?:任何)?(?:书面)?(?:说明|答复|回复|通知|凭证|收据|回执|理由|解释|决定|裁定)',
  '(?:拖着|一直|迟迟|至今)不(?:受理|立案|收|登记)',
  '退回了?(?:我的?)?(?:材料|申请)',
].join('|');
const OBSTRUCTED = new RegExp(`${PROCEDURE_BODY}(?:(?!${OTHER_ACTOR})${S}){0,24}?(?:${REFUSAL})|(?:被|遭)${PROCEDURE_BODY}?(?:拒收|拒绝|退回)`);
/** A complaint about the conduct of the body's staff (仲裁员态度恶劣, 法官收受好处): for its supervisors, not a procedure to decline. */
const MISCONDUCT =
  '态度(?:恶劣|蛮横|很差|极差|差|不好)|刁难|辱骂|骂人|骂我|打人|吃拿卡要|索要|索贿|受贿|收受|收钱|收红包|收礼|徇私|偏袒|包庇|串通|勾结|违纪|不作为|乱作为|敷衍|推诿|推脱|踢皮球';
/**
 * A body of the legal routes, by name, refusing the petitioner with no other word of its procedure (仲裁委不予受理,
 * 法院拒绝立案): no other body or party named between (我向法院反映过，信访局不予受理 is the petitions office's refusal).
 */
const ROUTE_BODY_REFUSED = new RegExp(`${ROUTE_BODY}(?:(?!${OTHER_ACTOR}|${OTHER_BODY})${C}){0,24}?(?:${REFUSAL})`, 'g');
/** A refusal only feared or supposed (如果法院不予受理, 担心仲裁委不收, 仲裁委会不会不受理？) is none reported. */
const REFUSAL_SUPPOSED = [...CONDITIONALS, '担心', '怕', '会不会', '是否', '能否', '可能'];
function refusalSupposed(text: string, at: number, words: string): boolean {
  if (precededBy(text, at, REFUSAL_SUPPOSED) || REFUSAL_SUPPOSED.some((w) => words.includes(w))) return true;
  const after = text.slice(at + words.length);
  // Asked (仲裁委会不受理吗？), not asked why it did (仲裁委为什么不受理？).
  return /^[^，,。；;！!？?\n]*?[吗呢]?[？?]/.test(after) && !DONE.test(words) && !/为什么|为何|凭什么/.test(words);
}
const CONDUCT = new RegExp(`${PROCEDURE_BODY}(?:(?!${OTHER_ACTOR})${S}){0,16}?(?:${MISCONDUCT})`);
/**
 * A court's refusal is read as a ruling only where the words name one (裁定不予受理, 不予受理的裁定书). Without it
 * (法院不给立案, 法院拒绝立案) the petitioner was turned away at the door: telling them the court 作出裁判 would be false.
 */
const RULING = /裁定/;
/** A court refusal with words that no ruling was made (法院拒收材料，也不给书面裁定): the ruling notice would be false. */
const NO_RULING = new RegExp(
  `拒收|推诿|推脱|推来推去|踢皮球|刁难|拖着|不(?:给|出具|作出)(?:任何)?(?:书面)?(?:说明|答复|回复|通知|凭证|收据|回执|理由|解释|决定|裁定)|(?:没有|没|未|并未)(?:作出|出具|下|给)?(?:书面)?裁定`,
);
/** A judgment can also be awaited or asked for: 尚未判决, 等待判决, 督促法院尽快判决 — the suit is still before the court. */
const NOT_YET_JUDGED = [
  ...STARTING,
  ...['还没', '还未', '迟迟', '一直不', '一直没', '一直未', '至今不', '至今没', '至今未', '等待', '等着', '在等', '等候'],
  ...['尽快', '早日', '及时', '督促', '催促', '敦促', '请求', '要求', '希望', '盼望', '期待', '期望', '恳请', '请法院'],
];
/** A document withheld is none issued: 法院不予立案，也不给裁定书. */
const NOT_ISSUED = ['不给', '不肯给', '不出具', '不作出', '不发', '不下', '拒不出具', '拒绝出具'];

/**
 * A question about the way, right after the word (申请行政复议需要什么材料, 仲裁院在哪里, 起诉要多久).
 */
const ASKING = new RegExp(
  `^(?:委员会|委|院|庭|机构|机关|状)?(?:的|一般|大概|应该|应当)?(?:(?:需要|要)(?:准备|提交|交|花|去)?(?:什么|哪些|多久|多长时间|多少|几天|几个月|哪里|哪儿)|(?:在哪|在什么地方|哪里|怎么(?:走|申请|办|弄|提|写)|如何(?:申请|办理|提起)|有什么|的(?:时效|流程|条件|程序|费用)|吗|么))`,
);
/** A clause that asks (请问…, …吗？): 请问劳动仲裁委会受理吗？, 复议机关一般多久作出决定？ */
const QUESTION_CLAUSE = /^(?:请问|想问|问一下|咨询一下|咨询)|(?:[吗呢？?]|多久|多长时间)$/;
/** What the petitioner has done (已申请, 起诉了, 打过官司): a question about it does not undo it (起诉三年了怎么还没判？). */
const DONE = /[已了过]/;

/**
 * Words of a procedure only asked about — a question about the way right after them, or a clause that asks —,
 * with nothing in the clause saying it was done: asked, not taken.
 */
function askedAbout(text: string, at: number, end: number): boolean {
  let from = at;
  while (from > 0 && !CLAUSE_END.test(text[from - 1]!)) from -= 1;
  let to = end;
  while (to < text.length && !CLAUSE_END.test(text[to]!)) to += 1;
  const clause = text.slice(from, to);
  if (DONE.test(clause)) return false;
  // The question mark closes the clause: read it as part of it.
  const asked = /^[？?]/.test(text.slice(to)) ? `${clause}？` : clause;
  return ASKING.test(text.slice(end)) || QUESTION_CLAUSE.test(asked);
}

/** A procedure only needed, hoped for or awaited: 只有进入司法程序才能解决, 必须走法律程序, 等到进入诉讼程序. */
const IN_PROCEDURE_ONLY_NEEDED = ['只有', '只能', '必须', '除非', '等到', '能不能', '会不会', '担心', '怕'];

interface Pattern {
  stage: LegalStage;
  re: RegExp;
  /**
   * Words before the key word (group `v`, else the match) that take it back.
   * Words that a judgment exists (不服判决, 上诉, 终审) hold whatever precedes
   * them but a supposition; a suit under way (审理, 开庭) holds when denied too:
   * 法院迟迟不开庭 is still a suit before the court.
   */
  takeBack: readonly string[];
  /** 审理, 开庭 are also said of arbitration and reconsideration: not litigation when the sentence names one of those last. */
  sharedWord?: boolean;
  /**
   * Words that a procedure was started or is under way (起诉, 申请仲裁, 行政复议): they do not hold where the letter
   * says a body of the legal routes refused or obstructed the petitioner (仲裁院拒收, 复议机关不让申请).
   */
  started?: boolean;
  /** A court's refusal, a ruling: it does not hold where the words say no ruling was made (法院拒收材料，不给书面裁定). */
  refusal?: boolean;
}

/**
 * Words that show the matter is in, or has been through, a legal procedure.
 * Precise on purpose: declining turns the petitioner away, so a mere intention
 * (想起诉, 打算起诉，判决前…) or a wage claim without 仲裁 is left to the departments and staff.
 */
const PATTERNS: readonly Pattern[] = [
  // Enforcement of a judgment (执行) — the latest stage, checked first.
  {
    stage: 'enforcement',
    re: anyOf(
      '申请(?:强制)?执行',
      `(?:法院|法官)${C}{0,4}?执行`,
      '执行(?:庭|局|法官|案件|款|不力|不到位|难)',
      `拒不履行${C}{0,8}?(?:判决|裁定|调解书)`,
      `(?:判决|裁定|调解书)${C}{0,12}?(?:不|拒不|没有|未)(?:执行|履行)`,
      // Court mediation concluded is a 调解书 to enforce: 法院调解结案后对方不履行.
      `(?:法院|法庭)${C}{0,6}?调解(?:(?:结案|成功|达成了?协议|协议)(?:以?后|了)?|以?后|了)${C}{0,12}?(?:不|拒不|没有|未)(?:执行|履行)`,
    ),
    takeBack: [],
  },
  // A judgment or ruling exists, or is appealed (不服判决 → 上诉 / 申诉). 以上诉求 is not 上诉,
  // 统一审批 not 一审: the stage words need a judicial word after them. 二审, 再审 and 终审 follow a judgment.
  {
    stage: 'judgment',
    re: anyOf(
      `不服${C}{0,10}?(?:判决|裁定|裁判)`,
      '(?:判决|裁定)(?:结果)?不服',
      `(?:二审|再审)(?:判决|裁定|法院|程序|中|期间|后|败诉|胜诉|判)|终审`,
      `生效的?(?:判决|裁定|调解书|法律文书)`,
      `驳回${C}{0,4}?(?:起诉|诉讼请求|上诉)`,
      '(?:起诉|诉讼请求|诉请)(?:被|遭)(?:法院)?(?:裁定|判决)?驳回',
      '上诉(?!求)',
      '申请再审',
      `申诉${C}{0,4}?法院`,
    ),
    takeBack: CONDITIONALS,
  },
  // The court refused the suit (裁定不予受理, 拒绝立案): a ruling that can be appealed, never a suit pending.
  { stage: 'judgment', re: new RegExp(REFUSED), takeBack: NOT_REFUSED, refusal: true },
  // Court mediation concluded (法院已经调解了, 在法院调解下达成协议): a 调解书, unless it failed or is under way
  // (法院正在调解: a suit pending). 调解员 is a person, not a mediation.
  {
    stage: 'judgment',
    re: new RegExp(`(?:法院|法庭)${C}{0,6}?(?<v>调解)${MEDIATION_NOT_FAILED}(?:了|过|成功|结案|协议|(?:下|后)?(?:双方|我们|各方)?(?:已经?)?达成)`),
    takeBack: NOT_YET_JUDGED,
  },
  {
    stage: 'judgment',
    re: new RegExp(`经过?${C}{0,10}?(?:法院|法庭)(?<v>调解)${MEDIATION_NOT_FAILED}`),
    takeBack: NOT_YET_JUDGED,
  },
  // A judgment pronounced, unless awaited, asked for or before it: 法院已判决, but 等待法院判决, 督促法院尽快判决, 判决前.
  { stage: 'judgment', re: new RegExp(`一审(?<v>判决|裁定|判|后|败诉|胜诉)${NOT_BEFORE}`), takeBack: NOT_YET_JUDGED },
  {
    stage: 'judgment',
    re: new RegExp(`(?:法院|法庭)${C}{0,6}?(?<v>判决|判了|裁定|调解书|调解结案)${NOT_BEFORE}(?!还没|尚未|未|没)`),
    takeBack: [...NOT_YET_JUDGED, ...NOT_ISSUED],
  },
  { stage: 'judgment', re: anyOf('已(?:经)?(?:被)?判决', '(?:判决|裁定)(?:书|结果|已|生效)(?!还没|尚未|未|没)', '调解书'), takeBack: [...NOT_YET_JUDGED, ...NOT_ISSUED] },
  // A suit before the court, not yet decided. 不起诉 is a prosecution decision, 诉讼时效/诉讼费 are no suit.
  {
    stage: 'filed',
    // 法院不予受理, 法院说不属于受理范围 are no suit accepted: no refusal within the words, nor 受理范围/立案庭 after.
    re: anyOf(`法院(?:(?![不拒])${C}){0,4}?(?<v>受理|立案)(?!庭|范围|标准|条件|难)`, '(?:正在|还在|仍在)(?:诉讼|打官司)', '诉讼(?:中|期间|阶段)'),
    takeBack: STARTING,
    started: true,
  },
  {
    stage: 'filed',
    re: new RegExp(
      `(?:已(?:经)?)?(?:向${C}{0,10}?法院)?(?:提起)?(?<v>(?<!不)起诉|公诉|诉讼(?!时效|费|如何|怎么|怎样|流程|程序)|打官司|告上法庭|告到法院|诉至)${NOT_BEFORE}`,
    ),
    takeBack: STARTING,
    started: true,
  },
  {
    stage: 'filed',
    re: anyOf(
      // 审判员, 审判长, 审判庭, 调解员 are people and rooms of the court, no stage.
      `法院${C}{0,6}?(?:开庭|审理|审判(?![员长庭])|调解(?![员室]))`,
      '一审(?:中|期间|阶段|程序|审理)',
      `(?:尚未|还未|仍未|并未|至今未|迟迟未|迟迟不|一直不|一直未|一直没有?|还没有?|还不|没有?|未)(?:作出)?(?:判决|宣判|判下来|裁判|判(?![断别处定罚]))`,
      `(?:等待|等着|在等|等候)${C}{0,6}?(?:判决|宣判)`,
      '(?:判决|宣判)(?:结果|书)?(?:还没|尚未|迟迟|一直没|至今没|至今未|未)',
    ),
    takeBack: CONDITIONALS,
  },
  {
    stage: 'filed',
    re: anyOf('(?:正在|还在|仍在)(?:审理|开庭)', '审理(?:中|期间|阶段)', '已(?:经)?开庭|开过庭|开庭(?:审理|了)', `(?:等待|等着|在等|等候)${C}{0,6}?(?:开庭|审理)`),
    takeBack: CONDITIONALS,
    sharedWord: true,
  },
  // The suit in other words: 此事已经进入司法程序, 正在走法律程序, 司法程序中. 走 needs 已/在 (只能走法律程序 is a
  // resolve, not a stage), and a procedure only needed or awaited (只有进入司法程序才能…, 等到进入诉讼程序) is none.
  // 法律程序 is also said of arbitration: not a suit when the sentence names 仲裁 or 复议 last.
  {
    stage: 'filed',
    re: new RegExp(`(?<v>进入|启动|(?:已经?|正在|在|已在)走)了?(?:司法|诉讼|审判|法律)程序${NOT_BEFORE}|(?:司法|诉讼|审判)程序(?:中|期间|阶段)`),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
    sharedWord: true,
  },
  // 这个案子现在在法院, 案件已移送法院: the case is before the court. The case must be the subject (案子, 案件, 官司):
  // 我在法院门口摆摊, 在法院工作 are places and people; 案子不在法院 is denied; 在法院门口/附近 is a place even of a case.
  {
    stage: 'filed',
    re: new RegExp(`(?:案子|案件|官司)${C}{0,8}?(?<v>(?<!不)在(?:法院|法庭)|(?:移送|移交|交|转|送|递交?)到?了?(?:法院|法庭))(?!门口|门前|大门|附近|旁边|对面|外|边上|周边|楼下)`),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
  },
  // Arbitration: labour (劳动仲裁, 仲裁委) or any other, applied for, under way or decided. The body or the word alone
  // is none: 仲裁院在哪里, 听说可以去劳动仲裁院, 我不知道要不要去仲裁院 name a place or a possibility, no procedure.
  // Applied for: 已申请劳动仲裁, 已提交杭州仲裁委员会, 向仲裁委申请仲裁.
  {
    stage: 'arbitration',
    re: new RegExp(`(?:申请|提起|提出|提交|递交|交由|诉诸)了?(?:到|至|给|向)?${C}{0,8}?(?:劳动(?:人事)?(?:争议)?)?(?<v>仲裁)${NOT_BEFORE}(?:委员会|委|庭|院|机构)?`),
    takeBack: STARTING,
    started: true,
  },
  // The body acting on the matter (仲裁委已受理, 仲裁正在审理, 仲裁委作出裁决, 劳动仲裁输了); not refused (不予受理 is
  // OBSTRUCTED's), nor the body's remit (受理范围) or a question (仲裁院会不会受理).
  {
    stage: 'arbitration',
    re: new RegExp(
      `(?:劳动(?:人事)?(?:争议)?)?仲裁(?:委员会|委|院|庭|机构)?(?:(?![不拒])${C}){0,8}?(?<v>受理|立了?案|审理|开庭|裁决|调解(?![员室])|胜诉|败诉|输了|赢了|仲裁了|仲裁过)(?!范围|标准|条件|难|费)`,
    ),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
  },
  // Its documents and its course: 仲裁裁决书下来了, 仲裁结果还没出来, 正在劳动仲裁, 仲裁期间, 仲裁已经进入法律程序.
  {
    stage: 'arbitration',
    re: anyOf(
      '仲裁(?:裁决|裁定|决定书|调解书|结果|书)',
      '裁决书',
      '(?:正在|还在|仍在|已经?|已在)(?:进行)?(?:劳动(?:人事)?(?:争议)?)?仲裁(?!委|院|庭|机构|员|前)',
      '仲裁(?:中|期间|阶段|程序中|过)',
      `仲裁${C}{0,6}?(?:进入|启动|(?:已经?|正在|在|已在)走)了?(?:司法|法律|仲裁)?程序`,
      // Done and over, in everyday words: 劳动仲裁判公司赔我两万, 经过劳动仲裁, 打了劳动仲裁, 仲裁下来了, 仲裁结束后.
      '仲裁(?:委员会|委|院|庭)?(?:已经?)?判(?!断|别)',
      '(?:打了|做了|走了|打过|做过|经过|经)(?:劳动(?:人事)?(?:争议)?)?仲裁(?!委|院|庭|机构|员|前)',
      '仲裁(?:已经?|都)?(?:结束|下来|出结果|有结果|有了结果|完了|完毕)',
    ),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
  },
  // Administrative reconsideration, applied for, under way or decided; 复查/复核 are the petitions system's own reviews,
  // not this. As for arbitration, the word or the body alone is none: 复议机关在哪里, 行政复议需要什么材料 ask the way.
  {
    stage: 'reconsideration',
    re: new RegExp(`(?:申请|提起|提出|提交|递交)了?(?:到|至|给|向)?${C}{0,8}?(?:行政)?(?<v>复议)${NOT_BEFORE}`),
    takeBack: STARTING,
    started: true,
  },
  {
    stage: 'reconsideration',
    re: new RegExp(`复议(?:机关|机构|委员会|局|办|申请)?(?:(?![不拒])${C}){0,8}?(?<v>受理|立案|审理|作出|维持|撤销|驳回)(?!范围|标准|条件|难)`),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
  },
  {
    stage: 'reconsideration',
    re: anyOf(
      '复议(?:决定|中|期间|阶段|程序中)',
      '(?:正在|还在|仍在|已经?|已在)(?:进行)?(?:行政)?复议(?!委|机关|机构|前)',
      '(?:打了|做了|走了|做过|经过|经)(?:行政)?复议(?!委|机关|机构|前)',
      '复议(?:已经?|都)?(?:结束|下来|出结果|有结果|有了结果|完了)',
    ),
    takeBack: [...STARTING, ...IN_PROCEDURE_ONLY_NEEDED],
    started: true,
  },
];

function anyOf(...alternatives: string[]): RegExp {
  return new RegExp(alternatives.join('|'));
}

/** The routes and stages in a decision's reasons. */
export const LEGAL_ROUTE_LABELS: Readonly<Record<LegalRoute, string>> = { litigation: '诉讼', arbitration: '仲裁', reconsideration: '行政复议' };
export const LEGAL_STAGE_LABELS: Readonly<Record<LegalStage, string>> = {
  filed: '已起诉',
  judgment: '已裁判',
  enforcement: '执行',
  labourArbitration: '劳动人事争议仲裁',
  arbitration: '仲裁',
  reconsideration: '行政复议',
};

const ROUTE_OF: Record<LegalStage, LegalRoute> = {
  filed: 'litigation',
  judgment: 'litigation',
  enforcement: 'litigation',
  labourArbitration: 'arbitration',
  arbitration: 'arbitration',
  reconsideration: 'reconsideration',
};

/** Labour and personnel disputes go to the 劳动人事争议仲裁委员会. */
const LABOUR = /劳动|劳资|人事争议|仲裁院/;

/**
 * The rule a legal-route 不予受理 rests on, said in every such notice: its
 * basis, not a bare 依法. The seeds quote it (对已经或者依法应当通过诉讼、仲裁、行政复议等
 * 法定途径解决的，不予受理，但应告知信访人依照法律、行政法规规定程序向有关机关提出) without an
 * article number of the current 《信访工作条例》, so none is cited.
 */
export const LEGAL_ROUTE_BASIS = '已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，应当依照法定程序向有关机关提出，信访部门不予受理。';

/**
 * The notices (不予受理告知): what the matter is, the route and body to turn
 * to, and the rule (LEGAL_ROUTE_BASIS).
 * A pending suit is told it is before the court, never that it was decided: the
 * court tries it independently (《宪法》: 人民法院依照法律规定独立行使审判权).
 */
export const LEGAL_ROUTE_NOTICES: Readonly<Record<LegalStage, string>> = {
  filed:
    '您反映的事项已进入诉讼程序，由人民法院依法审理。人民法院依法独立行使审判权，信访部门不能干预案件的审理；您对案件的诉求和意见，请依照诉讼程序向审理案件的人民法院提出。'
    + LEGAL_ROUTE_BASIS,
  judgment:
    '您反映的事项已由人民法院作出裁判。对尚未生效的判决、裁定不服的，可以依法向上一级人民法院提起上诉；对已经生效的判决、裁定不服的，可以依法向人民法院申请再审（申诉）。'
    + LEGAL_ROUTE_BASIS,
  enforcement: '您反映的事项属于人民法院生效法律文书的执行问题，请依法向人民法院申请强制执行或向执行法院反映。'
    + LEGAL_ROUTE_BASIS,
  labourArbitration:
    '您反映的事项属于劳动人事争议，应当依法向劳动人事争议仲裁委员会申请仲裁（已申请的，依照仲裁程序办理）；对仲裁裁决不服的，可以依法向人民法院起诉。'
    + LEGAL_ROUTE_BASIS,
  arbitration: '您反映的事项已进入仲裁程序或依法应当通过仲裁解决，请依照仲裁程序向仲裁机构提出。'
    + LEGAL_ROUTE_BASIS,
  reconsideration:
    '您反映的事项属于行政复议事项，请依法向行政复议机关申请行政复议（已申请的，依照复议程序办理）；对复议决定不服的，可以依法向人民法院提起行政诉讼。'
    + LEGAL_ROUTE_BASIS,
};

/**
 * Whether the matter is in, or has been through, litigation, arbitration or
 * administrative reconsideration, and so is declined with a notice naming the
 * legal route. Litigation wins over arbitration and reconsideration (a suit
 * after an award or a reconsideration decision is the stage the matter is in),
 * and within litigation enforcement over judgment over a pending suit. A mere
 * intention or supposition (打算起诉, 如果起诉, 判决前) is no stage: undefined.
 */
export function legalRouteOf(text: string): LegalRouteFinding | undefined {
  return scan(text, ALL_READINGS);
}

/**
 * Why words of a legal route were not taken as one (legalRouteOf found none where the plain words would have):
 * the petitioner was only told to take it, intends it or cannot (民警让我自己去法院起诉, 没钱起诉), was refused or
 * obstructed by the route's body (仲裁院拒收), or complains of its staff (仲裁员态度恶劣). The router then goes on
 * as for any petition, the words in its reasons. `refused`: the route's body turned the petitioner away, so
 * naming that route to them again (legalChannelOf) would be no answer.
 */
export interface LegalRouteWithheld {
  /** The words that would have declined it, as written. */
  matched: string;
  /** The words that show otherwise, for a refusal or a complaint of conduct (拒收, 态度恶劣). */
  shown?: string;
  why: 'notEntered' | 'refused' | 'conduct';
  refused: boolean;
}

export function legalRouteWithheld(text: string): LegalRouteWithheld | undefined {
  if (scan(text, ALL_READINGS)) return undefined;
  const plain = scan(text, {});
  if (!plain) {
    // The body named refusing, with no words of its procedure (仲裁委不予受理): still said, so the router does not
    // name that route back to a petitioner it turned away (legalChannelOf).
    const refusal = [...text.matchAll(ROUTE_BODY_REFUSED)].find((m) => !refusalSupposed(text, m.index, m[0]));
    if (!refusal) return undefined;
    const shown = fromLastBody(refusal[0]);
    return { matched: new RegExp(ROUTE_BODY).exec(shown)?.[0] ?? shown, shown, why: 'refused', refused: true };
  }
  if (!scan(text, { told: true })) return { matched: plain.matched, why: 'notEntered', refused: false };
  const obstructed = OBSTRUCTED.exec(text);
  if (obstructed && !scan(text, { told: true, obstructed: true })) return { matched: plain.matched, shown: fromLastBody(obstructed[0]), why: 'refused', refused: true };
  return { matched: plain.matched, shown: fromLastBody(CONDUCT.exec(text)?.[0] ?? ''), why: 'conduct', refused: false };
}

/** The words from the body named last: 仲裁院申请仲裁，仲裁院工作人员…拒收 shows 仲裁院工作人员…拒收. */
function fromLastBody(words: string): string {
  const bodies = [...words.matchAll(new RegExp(PROCEDURE_BODY, 'g'))];
  const last = bodies.at(-1);
  return last && last.index > 0 && !/^(?:被|遭)/.test(words) ? words.slice(last.index) : words;
}

/**
 * Which readings take the words of a route back. The plain reading (none) is what the router did before it read
 * them: legalRouteWithheld says which one stopped the decline.
 */
interface Readings {
  /** Told to take it (让我去起诉), unable to (没钱起诉, 起诉无门). */
  told?: boolean;
  /** The route's body refused or obstructed the petitioner (仲裁院拒收); a court's refusal naming no ruling (法院不给立案, 法院拒收材料，不给裁定). */
  obstructed?: boolean;
  /** A complaint about the conduct of the route's staff (仲裁员态度恶劣). */
  conduct?: boolean;
}
const ALL_READINGS: Readings = { told: true, obstructed: true, conduct: true };

function scan(text: string, readings: Readings): LegalRouteFinding | undefined {
  // A complaint about the conduct of a legal route's staff is for their supervisors: no stage is read from it.
  if (readings.conduct && CONDUCT.test(text)) return undefined;
  const obstructed = readings.obstructed && OBSTRUCTED.test(text);
  // Read obstructed, a court's refusal holds only as a ruling named (裁定不予受理), never a bare refusal (不给立案).
  const noRuling = readings.obstructed && (!RULING.test(text) || NO_RULING.test(text));
  for (const stage of new Set(PATTERNS.map((p) => p.stage))) {
    // Within a stage, the words written first are the ones reported.
    const found = PATTERNS.filter((p) => p.stage === stage)
      .filter((p) => !(obstructed && p.started) && !(noRuling && p.refusal))
      .map((pattern) =>
        readings.told ? firstUntakenMatch(text, pattern, true) : firstUntakenMatch(text, { ...pattern, takeBack: pattern.takeBack.filter((w) => !TOLD.includes(w) && !UNABLE.includes(w)) }, false),
      )
      .filter((m) => m !== undefined)
      .sort((a, b) => a.index - b.index)[0];
    if (!found) continue;
    const finalStage = stage === 'arbitration' && LABOUR.test(text) ? 'labourArbitration' : stage;
    return { route: ROUTE_OF[finalStage], stage: finalStage, matched: found.text, notice: LEGAL_ROUTE_NOTICES[finalStage] };
  }
  return undefined;
}

/** `notAfter`: 起诉无门, 起诉不了, and a court only sent to (让我去法院), take the words back too. */
function firstUntakenMatch(text: string, pattern: Pattern, notAfter: boolean): { text: string; index: number } | undefined {
  const re = new RegExp(pattern.re.source, 'g');
  for (const m of text.matchAll(re)) {
    const key = m.groups?.['v'];
    const at = key === undefined ? m.index : m.index + m[0].indexOf(key);
    // The window reaches back past the match's own lead-in (向桐庐县人民法院起诉): 打算 before it takes it back.
    if (precededBy(text, at, pattern.takeBack, 8 + at - m.index)) continue;
    // The court a body sent the petitioner to (民警让我去法院打官司，就是不给立案) is not the court that refused.
    if (notAfter && pattern.refusal && precededBy(text, m.index, TOLD)) continue;
    if (notAfter && pattern.started && NOT_ENTERED_AFTER.test(text.slice(at + (key ?? m[0]).length))) continue;
    if (pattern.started && askedAbout(text, m.index, at + (key ?? m[0]).length)) continue;
    if (pattern.sharedWord && otherProcedureNamedLast(text, m.index)) continue;
    return { text: m[0], index: m.index };
  }
  return undefined;
}

const SENTENCE_START = /[。！？!?；;\n]/;
const COURT_WORDS = ['法院', '法庭', '起诉', '诉讼', '官司'];
const OTHER_PROCEDURE_WORDS = ['仲裁', '复议'];

/** Whether arbitration or reconsideration is the procedure the sentence names last before `at`: 仲裁委正在审理 is no suit. */
function otherProcedureNamedLast(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && !SENTENCE_START.test(text[from - 1]!)) from--;
  const before = text.slice(from, at);
  const last = (words: string[]) => Math.max(-1, ...words.map((w) => before.lastIndexOf(w)));
  return last(OTHER_PROCEDURE_WORDS) > last(COURT_WORDS);
}

/**
 * A matter the law gives to another channel though the words show no procedure
 * under way (信访工作条例: 依法应当通过诉讼、仲裁、行政复议等法定途径解决的，不予受理).
 * The router never accepts or assigns it: it goes to the office's triage list
 * with the channel named, and staff decide — 不予受理 with the letter naming the
 * channel (`notice`), or accept it. Words are no proof of what the matter is, and
 * a petitioner wrongly turned away is harmed, so nothing is declined on them.
 */
export interface LegalChannelFinding {
  /** The channel, in Chinese, as the triage reason names it: 劳动争议仲裁, 行政复议或行政诉讼… */
  channel: string;
  route: LegalRoute;
  /** The notice whose wording a 不予受理 would use. */
  stage: LegalStage;
  /** The words that showed it, as written. */
  matched: string;
  notice: string;
}

interface ChannelPattern {
  channel: string;
  stage: LegalStage;
  re: RegExp;
  /** Words before the match (or its group `v`) in the clause that take it back: 公司没有辞退我. */
  takeBack: readonly string[];
  /** The pattern holds only when none of these is in the text: a wage claim is labour inspection's (劳动监察), which offices accept. */
  unless?: RegExp;
  /** …and only when one of these is: the employer, for a dismissal (学校开除学生 is no labour dispute). */
  needs?: RegExp;
}

/** Disagreeing with a decision. 不服从 (obey), 不服务, 水土不服 are none. */
const DISSENT = '(?:(?<!水土)不服(?![从务药输软])|有异议|不认可|不接受|不同意)';
/**
 * Administrative decisions a party may take to 行政复议 or 行政诉讼 (行政复议法): penalties, 工伤认定,
 * licensing, expropriation and its compensation, and other 行政决定. A bare 罚款 may be a landlord's or an
 * employer's: only with the authority named (交警罚款, 城管没收).
 */
const ADMIN_DECISION = [
  '行政处罚',
  '处罚决定',
  '罚款决定',
  '行政拘留',
  '拘留决定',
  '工伤认定',
  '(?:不予)?认定(?:为|成)?工伤',
  '不(?:属于|是|予认定为?|认定为?)工伤',
  '行政许可',
  '许可决定',
  '不予(?:行政)?许可',
  '征收(?:补偿)?决定',
  '(?:征收|拆迁|安置)?补偿决定',
  '行政(?:处理)?决定',
  `(?:局|公安|交警|城管|执法队?|派出所|监管|税务|政府)${C}{0,8}?(?:罚款|罚单|处罚|拘留|吊销|没收)`,
].join('|');
/**
 * Pay withheld — wages, overtime — is labour inspection's (劳动监察, 劳动保障监察条例), and offices
 * accept it: a letter about it that also mentions a dismissal is not taken as a dismissal dispute on that word.
 */
const PAY = '(?:工资|工钱|薪水|薪资|劳务费|加班费)';
const WAGE_ARREARS = new RegExp(
  `(?:拖欠|克扣|扣了?|拖着|欠着?)(?:我们?的?)?${C}{0,6}?${PAY}|欠薪|讨薪|${PAY}${C}{0,6}?(?:没发|未发|不发|没有发|拖着|拿不到|要不到|讨不到)|(?:没有|不给|不发|不付)${C}{0,4}?${PAY}|血汗钱`,
);
/** The employer (or the worker) named: a dismissal from a job, not from a school or the Party. */
const EMPLOYMENT = /公司|单位|厂|企业|老板|用人单位|雇主|工作|上班|员工|职工|工人|店|入职|岗位|劳动/;
/** A dismissal denied, feared or supposed is none: 公司没有辞退我, 担心被开除. */
const NOT_DISMISSED = ['没有', '没', '未', '并未', '尚未', '不会', '不是', '并非', '不能', '担心', '害怕', '怕', '如果', '要是', '万一', '假如', '会不会', '是否'];
/** The dismissal words: 开除学籍/党籍/公职 are a school's, the Party's or a civil servant's (公务员申诉), not a labour dispute. */
const DISMISSAL = '(?:辞退|开除(?!学籍|党籍|公职|出党|团籍|军籍|学生)|解雇|(?<!仲)裁员|炒(?:了(?:我的?)?)?鱿鱼)';

const CHANNEL_PATTERNS: readonly ChannelPattern[] = [
  // A labour dispute over dismissal, the contract or compensation goes to 劳动人事争议仲裁 first (劳动争议调解仲裁法),
  // and only then to court. A compensation in an expropriation (拆迁经济补偿) is no labour dispute.
  {
    channel: '劳动争议仲裁',
    stage: 'labourArbitration',
    re: new RegExp(
      [
        `违法(?:解除|终止|辞退|解雇|开除)(?:了?(?:我的?|我们的?)?(?:劳动|用工)?(?:合同|关系))?`,
        `(?:解除|终止)了?(?:我的?|我们的?|与我的?|和我的?)?(?:劳动|用工)(?:合同|关系)`,
        `(?:确认|恢复)(?:劳动|用工)关系`,
        `${DISMISSAL}${S}{0,12}?(?:补偿|赔偿)`,
      ].join('|'),
    ),
    takeBack: NOT_DISMISSED,
  },
  {
    channel: '劳动争议仲裁',
    stage: 'labourArbitration',
    re: /经济补偿|(?:二|双)倍工资|N\+1|n\+1/,
    takeBack: ['征收', '征地', '拆迁', '安置', '搬迁', '青苗', '移民', '关停', '退养'],
  },
  // A bare dismissal, or a dispute named so, is a labour dispute too — unless the letter is about unpaid pay.
  // A contract not signed is left out: labour inspection orders it signed (only 二倍工资 for it is arbitration's).
  {
    channel: '劳动争议仲裁',
    stage: 'labourArbitration',
    re: new RegExp(`(?<v>${DISMISSAL})|劳动(?:人事)?争议(?!仲裁|调解(?:委|中心|组织))|劳动纠纷`),
    takeBack: NOT_DISMISSED,
    unless: WAGE_ARREARS,
    needs: EMPLOYMENT,
  },
  // A court's judgment or ruling disputed, in words the decline does not read as a judgment given (判决不公,
  // 法院判得不对): 上诉, or 申请再审 once it is final.
  {
    channel: '上诉或申请再审',
    stage: 'judgment',
    re: new RegExp(
      [
        `(?:法院|法庭)${S}{0,12}?(?:判决|裁定|判得|判的|判了|判我)${S}{0,10}?(?:${DISSENT}|不公|不合理|不对|错误|有失公正|冤)`,
        `(?:判决|裁定|判得|判的)${C}{0,4}?(?:不公|不合理|不对|错误|有失公正|${DISSENT})`,
        `${DISSENT}${S}{0,12}?(?:法院|法庭)${S}{0,12}?(?:判决|裁定|判)`,
      ].join('|'),
    ),
    takeBack: CONDITIONALS,
  },
  // A reconsideration decided and disputed (复议结果不服): 行政诉讼. 复议决定 is declined as reconsideration already.
  {
    channel: '行政诉讼',
    stage: 'reconsideration',
    re: new RegExp(`${DISSENT}${S}{0,12}?复议(?:结果|决定)|复议(?:结果|决定)${S}{0,12}?${DISSENT}`),
    takeBack: [],
  },
  // An administrative decision disputed (不服工伤认定决定, 对行政处罚决定有异议): 行政复议 or 行政诉讼.
  {
    channel: '行政复议或行政诉讼',
    stage: 'reconsideration',
    re: new RegExp(`${DISSENT}${S}{0,16}?(?:${ADMIN_DECISION})|(?:${ADMIN_DECISION})${S}{0,16}?${DISSENT}`),
    takeBack: ['并非', '并不是', '不是', '没有'],
  },
];

/**
 * Whether the words show the matter belongs by law to litigation, arbitration
 * or administrative reconsideration though no procedure is under way (that is
 * legalRouteOf's, and declined): a labour dispute over dismissal, the contract
 * or compensation (not wage arrears), an administrative decision disputed, a
 * court's judgment disputed. The first pattern that holds, in the order above.
 */
export function legalChannelOf(text: string): LegalChannelFinding | undefined {
  for (const pattern of CHANNEL_PATTERNS) {
    if (pattern.unless?.test(text)) continue;
    if (pattern.needs && !pattern.needs.test(text)) continue;
    const found = firstUntakenMatch(text, { stage: pattern.stage, re: pattern.re, takeBack: pattern.takeBack }, false);
    if (!found) continue;
    return { channel: pattern.channel, route: ROUTE_OF[pattern.stage], stage: pattern.stage, matched: found.text, notice: LEGAL_ROUTE_NOTICES[pattern.stage] };
  }
  return undefined;
}
