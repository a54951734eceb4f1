/**
 * Words that make a petition urgent on intake: threats to life or safety,
 * imminent danger, and mass action. Offices configure their own; this is the
 * default. Chosen to be specific: 打人, 威胁, 汽油, 危房, 泄漏, 讨薪 and
 * 活不下去 are left out because they run through ordinary complaints
 * (neighbour quarrels, 危房改造 subsidies, a leaking pipe, wage arrears,
 * hardship), and so is bare 进京 (进京务工 is work); flagging those would
 * bury the real alarms. 找媒体曝光 is left out too: going to the press is
 * lawful, neither collective action nor danger, and very common in ordinary
 * letters ("再不解决就找媒体曝光").
 *
 * A few words are not read as written but as a threat (THREAT_PATTERNS):
 * 堵门, 堵路, 堵政府, 围堵, 集体去政府, 上街 and 进京上访. Mass action is
 * written in many shapes — 去堵校门, 就要去堵县政府大门, 明天全村集体去市
 * 政府, 进京告状 — and the same characters run through complaints that
 * threaten nothing (车辆堵门, 垃圾堵路, 下水道堵了, 堵车, 被人围堵).
 */
export const DEFAULT_URGENCY_LEXICON: readonly string[] = [
  // Threats to one's own or others' life
  '自杀',
  '轻生',
  '寻死',
  '跳楼',
  '跳河',
  '跳桥',
  '跳江',
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
  // Mass action (堵门 … 进京上访 are read as threats: THREAT_PATTERNS)
  '堵路',
  '堵门',
  '堵政府',
  '围堵',
  '集体去政府',
  '上街',
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

/** A character between 堵 and what is blocked: not 了/着/过 (done, not threatened), 车 (堵车 is traffic), 在 (堵在路上 is stuck), 我 (堵我家门 is done to the petitioner). */
const GAP = '[^，。！？；、：,.!?;:\\s了着过车在我堵]';
/** A character on the way to where the act is done (去县政府门口堵): not 了/着/过, 车 or 我 (去我家门口堵着 is done to the petitioner). */
const WAY = '[^，。！？；、：,.!?;:\\s了着过车我]';
/** People who act together, written just before the act: 我们堵路, 村民们堵门. Not 他们: 他们堵路 is usually a complaint about someone else. */
const WE = '(?:我们|咱们|大家|村民|家长|工人|工友|业主|群众|老百姓|农民工|全村人?|全厂|全体|集体|一起|联合)们?';
/**
 * What, just before the act, makes it a threat rather than a happening: going
 * to do it (去, 要, 准备, 打算), a day to come (明天), the conditional (再不…就,
 * 否则就, 我们就), or the people who will act (WE). 被 (done to the
 * petitioner) and things (车辆堵门, 垃圾堵路) are none of these.
 */
const INTENT = `(?:去|要|准备|打算|计划|决定|约好|商量好|只能|只好|干脆|明天|明日|明早|后天|下周|下星期|马上|立刻|立即|到时候|届时|${WE}|(?:们|大家|否则|不然|要不然)(?:就|便)|再不[^。！？；!?;\\n]{0,12}就)`;
const GOVERNMENT = '(?:政府|党委|机关|市委|县委|区委|省委|镇委|信访局|信访办)';
/** Before these in the same clause, the act is told as done, not threatened: 去年我们去堵过县政府. */
const PAST = /曾|曾经|上次|上回|去年|前年|以前|之前|已经|早就|当时|那次|那天|昨天|前天|上个月|上周|上星期/;

/**
 * The lexicon words read as a threat of mass action rather than as written.
 * Each pattern is matched where its act begins (堵, 把, 去县政府…堵's 去, 围堵,
 * 集体, 上街, 进京), so a negation just before it takes it back as it does a
 * plain word (我们不会去堵路); the intent before it is a lookbehind for the
 * same reason.
 */
const THREAT_PATTERNS: Readonly<Record<string, RegExp>> = {
  // 去堵校门, 就要去堵县政府大门, 明天堵厂门; also 明天去县政府堵门, 去厂门口堵着, 就去把大门堵了
  堵门: new RegExp(
    `(?<=${INTENT})堵${GAP}{0,5}?(?:门|大院|厂区|工厂)` +
      `|(?<=${INTENT}|就)(?:去|到)${WAY}{0,8}?(?:${GOVERNMENT}|门口|大门|厂门|校门|大院|工厂|工地|公司)(?:去|来)?堵(?![车在我路了])` +
      `|(?<=(?:就|要)去?)把${GAP}{0,6}?(?:门|大院)(?:给)?堵(?:了|上|住|死)`,
  ),
  // 去堵路, 就去堵高速, 明天堵桥; also 就去把路堵了
  堵路: new RegExp(
    `(?<=${INTENT})堵${GAP}{0,5}?(?:路|桥|高速|国道|省道)` +
      `|(?<=${INTENT}|就)(?:去|到)${WAY}{0,8}?(?:路口|路上|高速|桥上|桥头)(?:去|来)?堵(?![车在我了])` +
      `|(?<=(?:就|要)去?)把${GAP}{0,6}?(?:路|桥|高速)(?:给)?堵(?:了|上|住|死)`,
  ),
  // 去堵政府, 就去堵县委 (去县政府堵门 is 堵门)
  堵政府: new RegExp(`(?<=${INTENT})堵${GAP}{0,5}?${GOVERNMENT}`),
  // 围堵县政府 — not 被围堵 (done to the petitioner)
  围堵: /(?<!被[^，。！？；,.!?;\s]{0,4})围堵/,
  // 集体去市政府, 明天全村到县委讨说法, 组团去北京 — not 我和老伴一起去市政府 (two people are no mass action)
  集体去政府: new RegExp(`(?:集体|组团|全村|全体|全厂)(?:一起)?(?:去|到|上|找|冲)${GAP}{0,6}?(?:${GOVERNMENT}|北京|省里|市里|县里|省城)`),
  // 上街讨说法, 上街抗议 — not 上街买菜
  上街: /上街(?:去)?(?:讨说法|讨公道|讨个说法|讨个公道|喊冤|抗议|维权|请愿|闹|举牌|示威|游行)/,
  // 进京上访, 进京告状, 到北京去上访, 去北京反映 (bare 进京 is work: 进京务工)
  进京上访: /进京去?(?:上访|告状|反映|讨说法|喊冤|信访)|(?:去|到|上)北京(?:去上访|去?(?:告状|反映|讨说法|讨个说法|喊冤|信访))/,
};

/**
 * Finds lexicon words in the text. A word counts when at least one of its
 * occurrences is not negated, i.e. not preceded by a negation ending at most
 * two characters before it: "我们不会去堵路" is not urgent, "如果再不解决我们
 * 就去堵路" is. The words of THREAT_PATTERNS are read as threats: 去堵校门 is
 * 堵门, 车辆堵门 is not, nor is an act told as past (去年去北京反映过).
 * `matched` lists the words found, in lexicon order.
 */
export function detectUrgency(text: string, lexicon: readonly string[]): { urgent: boolean; matched: string[] } {
  const matched = [...new Set(lexicon.filter((word) => word !== '' && occursUnnegated(text, word)))];
  return { urgent: matched.length > 0, matched };
}

function occursUnnegated(text: string, word: string): boolean {
  const pattern = Object.hasOwn(THREAT_PATTERNS, word) ? THREAT_PATTERNS[word] : undefined;
  if (pattern) return threatened(text, pattern);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!negatedAt(text, at)) return true;
  }
  return false;
}

/** Whether the pattern occurs once neither negated nor told as past. */
function threatened(text: string, pattern: RegExp): boolean {
  const all = new RegExp(pattern.source, 'g');
  for (const match of text.matchAll(all)) {
    const at = match.index;
    if (!negatedAt(text, at) && !toldAsPast(text, at, at + match[0].length)) return true;
  }
  return false;
}

/** The clause around the act says it was done: 去年我们去堵过, 上个月集体去市政府反映过. */
function toldAsPast(text: string, start: number, end: number): boolean {
  const clauseStart = Math.max(...[...'，。！？；,.!?;\n'].map((mark) => text.lastIndexOf(mark, start - 1))) + 1;
  const rest = text.slice(end);
  const clauseEnd = rest.search(/[，。！？；,.!?;\n]/);
  const after = clauseEnd < 0 ? rest : rest.slice(0, clauseEnd);
  return PAST.test(text.slice(clauseStart, start)) || /(?:反映|上访|去|找|告|闹|堵)过|(?:反映|上访|找|问|告|闹)了/.test(after);
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
