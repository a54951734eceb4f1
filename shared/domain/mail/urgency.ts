/**
 * Words that make a petition urgent on intake: threats to life or safety,
 * imminent danger, and mass action. Offices configure their own; this is the
 * default. Chosen to be specific: 打人, 威胁, 汽油, 危房, 泄漏, 讨薪 and
 * 活不下去 are left out because they run through ordinary complaints
 * (neighbour quarrels, 危房改造 subsidies, a leaking pipe, wage arrears,
 * hardship), and so is bare 进京 (进京务工 is work); flagging those would
 * bury the real alarms.
 */
export const DEFAULT_URGENCY_LEXICON: readonly string[] = [
  // Threats to one's own or others' life
  '自杀',
  '轻生',
  '寻死',
  '跳楼',
  '跳河',
  '上吊',
  '割腕',
  '自焚',
  '喝农药',
  '服毒',
  '不想活',
  '不活了',
  '跳下去',
  '一死了之',
  '死给你们看',
  '了结自己',
  '救命',
  '以死相逼',
  '同归于尽',
  '杀人',
  '砍人',
  '持刀',
  '行凶',
  '报复社会',
  '人身威胁',
  '死亡威胁',
  '生命危险',
  '危及生命',
  '人身安全',
  // Imminent danger
  '爆炸',
  '炸药',
  '纵火',
  '放火',
  '泼汽油',
  '浇汽油',
  '燃气泄漏',
  '煤气泄漏',
  '毒气',
  '中毒',
  '坍塌',
  '倒塌',
  '塌方',
  '山体滑坡',
  '泥石流',
  '决堤',
  '溃坝',
  // Mass action
  '堵路',
  '堵门',
  '围堵',
  '聚集',
  '聚众',
  '静坐',
  '拉横幅',
  '打横幅',
  '游行',
  '示威',
  '罢工',
  '集体上访',
  '群体性',
  '进京上访',
  '赴京',
  '到北京上访',
  '去北京上访',
];

/** A negation just before a word takes it back: "我们不会去堵路". */
const NEGATIONS = ['不会', '不要', '不再', '没有', '不是', '并非', '绝不', '决不', '从未', '从不', '没'];
/** How many characters may stand between the negation and the word ("不会去堵路"). */
const NEGATION_GAP = 2;

/**
 * Finds lexicon words in the text. A word counts when at least one of its
 * occurrences is not negated, i.e. not preceded by a negation ending at most
 * two characters before it: "我们不会去堵路" is not urgent, "如果再不解决我们
 * 就去堵路" is. `matched` lists the words found, in lexicon order.
 */
export function detectUrgency(text: string, lexicon: readonly string[]): { urgent: boolean; matched: string[] } {
  const matched = [...new Set(lexicon.filter((word) => word !== '' && occursUnnegated(text, word)))];
  return { urgent: matched.length > 0, matched };
}

function occursUnnegated(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!negatedAt(text, at)) return true;
  }
  return false;
}

function negatedAt(text: string, at: number): boolean {
  return NEGATIONS.some((negation) => text.slice(Math.max(0, at - NEGATION_GAP - negation.length), at).includes(negation));
}

/**
 * A collective petition of at least `threshold` people (重大紧急: a mass
 * visit) is urgent whatever its words — reported to the leaders at once, as
 * the words would (条例第二十五条). What the alert names: 集体信访N人. A threshold
 * of 0 turns it off.
 */
export function collectiveUrgency(collective: { headCount: number } | undefined, threshold: number): string | undefined {
  return collective && threshold > 0 && collective.headCount >= threshold ? `集体信访${collective.headCount}人` : undefined;
}

/** Whether a matched urgency word is collectiveUrgency's head count rather than a word of the petition. */
export const isHeadCountWord = (word: string): boolean => /^集体信访\d+人$/.test(word);

/** The words found (detectUrgency), and the head count when it alone makes the petition urgent. */
export function petitionUrgency(
  text: string,
  collective: { headCount: number } | undefined,
  rules: { lexicon: readonly string[]; collectiveHeadCount: number },
): { urgent: boolean; matched: string[] } {
  const words = detectUrgency(text, rules.lexicon);
  const size = collectiveUrgency(collective, rules.collectiveHeadCount);
  const matched = size ? [...words.matched, size] : words.matched;
  return { urgent: matched.length > 0, matched };
}
