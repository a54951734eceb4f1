import { INTENTIONS, NEGATIONS, precededBy } from './text.js';

export type LegalRoute = 'litigation' | 'arbitration' | 'reconsideration';
/** Where in the legal route the matter stands; it chooses the notice. */
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

interface Pattern {
  stage: LegalStage;
  re: RegExp;
  /**
   * Whether a negation or intention before the key word (group `v`, else the
   * match) takes it back. Starting a procedure can be denied (我们没有起诉) or
   * only intended (准备申请仲裁); a judgment or enforcement cannot: 还没有判决
   * means the case is still before the court.
   */
  negatable: boolean;
}

/**
 * Words that show the matter is in, or has been through, a legal procedure.
 * Precise on purpose: declining turns the petitioner away, so a mere intention
 * (想起诉) or a wage claim without 仲裁 is left to the departments and staff.
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
    ),
    negatable: false,
  },
  // A judgment or ruling exists, or is appealed (不服判决 → 上诉 / 申诉). 以上诉求 is not 上诉,
  // 统一审批 not 一审: the stage words need a judicial word after them.
  {
    stage: 'judgment',
    re: anyOf(
      `不服${C}{0,10}?(?:判决|裁定|裁判)`,
      '(?:一审|二审|终审|再审)(?:判决|裁定|法院|程序|中|期间|后|败诉|胜诉|判)',
      `(?:法院|法庭)${C}{0,6}?(?:判决|判了|裁定|调解)`,
      '已(?:经)?(?:被)?判决',
      '判决(?:书|结果|已|生效)',
      '裁定书',
      '上诉(?!求)',
      '申请再审',
      `申诉${C}{0,4}?法院`,
    ),
    negatable: false,
  },
  // A suit filed or under way. 不起诉 is a prosecution decision, 诉讼时效/诉讼费 are no suit.
  {
    stage: 'filed',
    re: anyOf(`法院${C}{0,2}?(?<v>受理|立案|开庭|审理)`, '(?:正在|还在|仍在)(?:诉讼|审理|打官司)', '(?:诉讼|审理)(?:中|期间|阶段)'),
    negatable: true,
  },
  {
    stage: 'filed',
    re: new RegExp(`(?:已(?:经)?)?(?:向${C}{0,10}?法院)?(?:提起)?(?<v>(?<!不)起诉|公诉|诉讼(?!时效|费)|打官司|告上法庭|告到法院|诉至)`),
    negatable: true,
  },
  // Arbitration: labour (劳动仲裁, 仲裁委) or any other.
  {
    stage: 'arbitration',
    re: /(?:申请|提起|提出|提交)?了?(?:劳动(?:人事)?(?:争议)?)?(?<v>仲裁)(?:委员会|委|庭|裁决书|裁决|院)?/,
    negatable: true,
  },
  // Administrative reconsideration; 复查/复核 are the petitions system's own reviews, not this.
  { stage: 'reconsideration', re: /(?<v>行政复议|(?:申请|提起|提出)了?复议|复议(?:决定|机关|申请))/, negatable: true },
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
 * The notices (不予受理告知). The seeds quote the rule (对已经或者依法应当通过诉讼、
 * 仲裁、行政复议等法定途径解决的，不予受理，但应告知信访人依照法律、行政法规规定程序向有关机关提出)
 * without an article number of the current 《信访工作条例》, so none is cited.
 */
export const LEGAL_ROUTE_NOTICES: Readonly<Record<LegalStage, string>> = {
  filed: '您反映的事项已进入诉讼程序，应当依照诉讼程序向人民法院提出，信访部门依法不予受理。',
  judgment:
    '您反映的事项已由人民法院作出裁判。对尚未生效的判决、裁定不服的，可以依法向上一级人民法院提起上诉；对已经生效的判决、裁定不服的，可以依法向人民法院申请再审（申诉）。信访部门依法不予受理。',
  enforcement: '您反映的事项属于人民法院生效法律文书的执行问题，请依法向人民法院申请强制执行或向执行法院反映，信访部门依法不予受理。',
  labourArbitration:
    '您反映的事项属于劳动人事争议，应当依法向劳动人事争议仲裁委员会申请仲裁（已申请的，依照仲裁程序办理）；对仲裁裁决不服的，可以依法向人民法院起诉。信访部门依法不予受理。',
  arbitration: '您反映的事项已进入仲裁程序或依法应当通过仲裁解决，请依照仲裁程序向仲裁机构提出，信访部门依法不予受理。',
  reconsideration:
    '您反映的事项属于行政复议事项，请依法向行政复议机关申请行政复议（已申请的，依照复议程序办理）；对复议决定不服的，可以依法向人民法院提起行政诉讼。信访部门依法不予受理。',
};

const TAKE_BACK = [...NEGATIONS, ...INTENTIONS];

/**
 * Whether the matter is in, or has been through, litigation, arbitration or
 * administrative reconsideration, and so is declined with a notice naming the
 * legal route. Litigation wins over arbitration and reconsideration (a suit
 * after an award or a reconsideration decision is the stage the matter is in),
 * and within litigation enforcement over judgment over filing.
 */
export function legalRouteOf(text: string): LegalRouteFinding | undefined {
  for (const stage of new Set(PATTERNS.map((p) => p.stage))) {
    // Within a stage, the words written first are the ones reported.
    const found = PATTERNS.filter((p) => p.stage === stage)
      .map((pattern) => firstUntakenMatch(text, pattern))
      .filter((m) => m !== undefined)
      .sort((a, b) => a.index - b.index)[0];
    if (!found) continue;
    const finalStage = stage === 'arbitration' && LABOUR.test(text) ? 'labourArbitration' : stage;
    return { route: ROUTE_OF[finalStage], stage: finalStage, matched: found.text, notice: LEGAL_ROUTE_NOTICES[finalStage] };
  }
  return undefined;
}

function firstUntakenMatch(text: string, pattern: Pattern): { text: string; index: number } | undefined {
  const re = new RegExp(pattern.re.source, 'g');
  for (const m of text.matchAll(re)) {
    const key = m.groups?.['v'];
    const at = key === undefined ? m.index : m.index + m[0].indexOf(key);
    if (pattern.negatable && precededBy(text, at, TAKE_BACK)) continue;
    return { text: m[0], index: m.index };
  }
  return undefined;
}
