import { readAsSimplified } from './traditional.js';
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
 * A few words are not read as written but as a threat (READINGS):
 * 堵门, 堵路, 堵政府, 围堵, 集体去政府, 上街, the 上访 words and 跳江/跳河. Mass action is
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
  '喝药',
  '服毒',
  '烧炭',
  '不想活',
  '不想再活',
  '不活了',
  '死了算了',
  '不如死了',
  '死在门口',
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
  // Mass action (堵门 … 进京上访 are read as threats: READINGS)
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
/** 要 as "going to", not 主要/需要/只要/重要 (车主要堵门 is "cars mainly block the gate"). */
const WILL = '(?<![主需只重])要';
/**
 * What, just before the act, makes it a threat rather than a happening: going
 * to do it (去, 要, 准备, 打算), a day to come (明天), the conditional (再不…就,
 * 否则就, 我们就), or the people who will act (WE). 被 (done to the
 * petitioner) and things (车辆堵门, 垃圾堵路) are none of these.
 */
const INTENT = `(?:去|${WILL}|准备|打算|计划|决定|约好|商量好|只能|只好|干脆|明天|明日|明早|后天|下周|下星期|马上|立刻|立即|到时候|届时|${WE}|(?:们|大家|否则|不然|要不然)(?:就|便)|再不[^。！？；!?;\\n]{0,12}就)`;
const GOVERNMENT = '(?:政府|党委|机关|市委|县委|区委|省委|镇委|信访局|信访办)';
/** A character of the same clause. */
const CLAUSE_CHAR = '[^，。！？；、：,.!?;:\\s]';
/** Between 我就 and 死在, what the petitioner does (喝了) — not a fear for someone else (我就怕老人死在家里). */
const SELF_ACT = '[^，。！？；、：,.!?;:\\s怕担忧他她人父母爸妈孩儿女老]';
/** Poisons people threaten to drink. */
const POISON = '(?:农药|敌敌畏|百草枯|草甘膦|老鼠药|耗子药|毒鼠强|安眠药)';
/**
 * A while spent after 堵: 堵半小时, 堵了一个小时, 堵很久 — stuck in traffic
 * (送孩子要去学校门口堵半小时), not blocking anyone.
 */
const DURATION = `(?:了|上|着)?(?:[半一两二三四五六七八九十几数0-9０-９]+${CLAUSE_CHAR}{0,2}?(?:小时|钟头|分钟|个钟)|很久|好久|一阵|好一会|一会)`;
/** What follows a blocked gate or road that makes it no protest: 堵校门接孩子, 堵门的问题, 堵路施工. */
const NOT_PROTEST = `(?:口?(?:接|送|等)|的(?:问题|事|情况|现象|行为)|施工|作业|维修|抢修|${DURATION})`;
/** People who go together: 集体, 全村, 村民, 我们 (with a day or a purpose, 集体去政府). Not 一起 alone: 我和老伴一起 is two people. */
const GROUP = '(?:集体|组团|全村|全体|全厂|全镇|全组|村民|工人|工友|农民工|家长|业主|群众|老百姓|我们|咱们|大家)';
/** Where a group goes to be heard. */
const SEAT = `(?:${GOVERNMENT}|北京|省里|市里|县里|省城)`;
/** What a group goes to the government for, making it a petition: 讨说法, 上访, 反映, 闹, 静坐. */
const PURPOSE = '(?:讨说法|讨个说法|讨公道|讨个公道|要说法|要个说法|上访|信访|反映|闹|静坐|请愿|喊冤|告状|抗议|维权|示威|讨薪|要工资|要钱|找领导)';
/** Errands at a government office: 领取补贴, 办理证件, 办事大厅. */
const ERRAND = '(?:办事|办理|办证|领取|领|缴|交|申请|咨询|开会|上班|报名|登记|盖章|打证明)';
/** A day to come or an intent, making a group's going a threat even without a purpose: 下周我们全厂工人去市委. */
const WHEN = `(?:一起|联合|明天|明日|明早|后天|下周|下星期|下个月|月底|过几天|马上|立刻|立即|到时候|届时|准备|打算|计划|决定|约好|商量好|${WILL}|就|再不|否则|不然)`;
/** Characters between a group and its going, none of them a negation (我们明天不去 is negated, not a threat). */
const ON_THE_WAY = '[^，。！？；、：,.!?;:\\s不没别]';

/**
 * How a lexicon word is read when not as written. `pattern` is matched where
 * the act begins (堵, 把, 去县政府…堵's 去, 围堵, 集体, 上街, 进京), so a
 * negation just before it takes it back as it does a plain word (我们不会去
 * 堵路); the intent before it is a lookbehind for the same reason. `past`:
 * whether the act told as done (去年到北京上访过) is no threat — true for
 * mass action, false for harm to oneself, where a past attempt is still a
 * danger.
 */
interface Reading {
  readonly pattern: RegExp;
  readonly past: boolean;
  /** Urgent only said of the writer's own life (我死了算了), not wished on someone else (他死了算了): saidOfOneself. */
  readonly ownLife?: true;
}

const threat = (pattern: RegExp): Reading => ({ pattern, past: true });

/**
 * The lexicon words read as a threat of mass action rather than as written,
 * and 跳江/跳河, which are also a children's summer swim.
 */
const READINGS: Readonly<Record<string, Reading>> = {
  // 去堵校门, 就要去堵县政府大门, 明天堵厂门; also 明天去县政府堵门, 去厂门口堵着, 就去把大门堵了
  堵门: threat(
    new RegExp(
      `(?<=${INTENT})堵${GAP}{0,5}?(?:门|大院|厂区|工厂)(?!${NOT_PROTEST})` +
        `|(?<=${INTENT}|就)(?:去|到)${WAY}{0,8}?(?:${GOVERNMENT}|门口|大门|厂门|校门|大院|工厂|工地|公司)(?:去|来)?堵(?![车在我路了])(?!${NOT_PROTEST})` +
        `|(?<=(?:就|要)去?)把${GAP}{0,6}?(?:门|大院)(?:给)?堵(?:了|上|住|死)` +
        // Going on now (我们村民已经去县政府门口堵了三天, 工人们还在厂门口堵着): an incident under way, urgent as a threat is.
        `|(?<=${WE}${WAY}{0,4}?)(?:去|到|在)${WAY}{0,8}?(?:${GOVERNMENT}|门口|大门|厂门|大院|工厂|工地|公司)${WAY}{0,2}?堵(?:了[一二两三四五六七八九十几数0-9０-９]{1,3}(?:天|个?星期|周|个?月)|着)`,
    ),
  ),
  // 去堵路, 就去堵高速, 明天堵桥; also 就去把路堵了
  堵路: threat(
    new RegExp(
      `(?<=${INTENT})堵${GAP}{0,5}?(?:路|桥|高速|国道|省道)(?!${NOT_PROTEST})` +
        `|(?<=${INTENT}|就)(?:去|到)${WAY}{0,8}?(?:路口|路上|高速|桥上|桥头)(?:去|来)?堵(?![车在我了])(?!${NOT_PROTEST})` +
        `|(?<=(?:就|要)去?)把${GAP}{0,6}?(?:路|桥|高速)(?:给)?堵(?:了|上|住|死)`,
    ),
  ),
  // 去堵政府, 就去堵县委 (去县政府堵门 is 堵门)
  堵政府: threat(new RegExp(`(?<=${INTENT})堵${GAP}{0,5}?${GOVERNMENT}(?!${NOT_PROTEST})`)),
  // 围堵县政府 — not 被围堵 (done to the petitioner)
  围堵: threat(/(?<!被[^，。！？；,.!?;\s]{0,4})围堵/),
  // A group going to the government with a purpose (集体去市政府讨说法, 全村老少明天去镇政府讨说法) or
  // with a day or intent (下周我们全厂工人去市委, 我们准备集体去市政府) — not on an errand
  // (全村到镇政府领取补贴), and not 我和老伴一起去市政府 (two people are no mass action)
  集体去政府: threat(
    new RegExp(
      `${GROUP}${ON_THE_WAY}{0,6}?(?:去|到|上|找|冲)${GAP}{0,6}?${SEAT}(?!${ERRAND})(?=${CLAUSE_CHAR}{0,4}?${PURPOSE})` +
        `|(?<=${WHEN}${CLAUSE_CHAR}{0,8})${GROUP}${ON_THE_WAY}{0,6}?(?:去|到|上|找|冲)${GAP}{0,6}?${SEAT}(?!${ERRAND})` +
        `|${GROUP}${ON_THE_WAY}{0,6}?${WHEN}${ON_THE_WAY}{0,4}?(?:去|到|上|找|冲)${GAP}{0,6}?${SEAT}(?!${ERRAND})`,
    ),
  ),
  // 上街讨说法, 上街抗议 — not 上街买菜
  上街: threat(/上街(?:去)?(?:讨说法|讨公道|讨个说法|讨个公道|喊冤|抗议|维权|请愿|闹|举牌|示威|游行)/),
  // The 上访 words, read so that one told as done is no threat: 去年到北京上访过
  集体上访: threat(/集体上访/),
  到北京上访: threat(/到北京上访/),
  去北京上访: threat(/去北京上访/),
  // 进京上访, 进京告状, 到北京去上访, 去北京反映 (bare 进京 is work: 进京务工)
  进京上访: threat(/进京去?(?:上访|告状|反映|讨说法|喊冤|信访)|(?:去|到|上)北京(?:去上访|去?(?:告状|反映|讨说法|讨个说法|喊冤|信访))/),
  // Poison made ready or to be drunk: 我已经买好了农药，再不解决我就喝了; 喝了农药; 揣着敌敌畏 — not 农药残留,
  // 农药店, 买了农药打虫, nor 农药污染了井水，我们喝的水 (drinking water, not the poison).
  喝农药: {
    pattern: new RegExp(
      `(?:喝|服|吞)(?:了|下|掉)?(?:一?(?:瓶|整瓶|口))?${POISON}(?!${CLAUSE_CHAR}{0,2}?(?:污染|残留|超标|味|泡|浸|水))` +
        `|(?:买好|备好|准备好|揣着|带着|拿着|藏着)了?${CLAUSE_CHAR}{0,4}?${POISON}(?!${CLAUSE_CHAR}{0,4}?(?:打|喷|施|治|杀虫|除草|防治|灭))` +
        `|${POISON}[^。！？；!?;\n]{0,20}?(?:就|便|当场|马上|立刻|直接|干脆)(?:把它)?喝(?![水的茶酒奶汤粥这那着过])`,
    ),
    past: false,
  },
  // 喝药 is the poison said short (我就喝药, 喝药自杀) — and also medicine (每天喝药, 饭后就喝药), so only as a resolve or with death.
  喝药: { pattern: /(?<![饭完后再])(?:就|干脆|大不了|宁可|宁愿|只好|只能)喝药(?![治调维控降])|喝药(?:自杀|自尽|寻死|死了?算|死给|了结)/, past: false },
  // 烧炭 without 取暖/烤火 (a winter stove) or a charcoal kiln.
  烧炭: { pattern: /烧炭(?!取暖|烤火|窑|炉|厂|场|工|的)/, past: false },
  // Dying at a place, said as resolve by the petitioner: 我就喝了死在村委会门口, 我宁可死在你们面前 — not 父亲死在工地上 (a death told).
  死在门口: {
    pattern: new RegExp(
      `(?:我|俺)们?(?:也|都|真|就|便|干脆|宁可|宁愿|大不了|只能|只好|要|准备|打算|直接|当场|再不[^。！？；!?;\n]{0,12}?就){1,3}${SELF_ACT}{0,6}?死在`,
    ),
    past: false,
  },
  // Said of oneself (我死了算了, 我这样活着还不如死了, 活着没意思，死了算了), not a curse on someone else (这种贪官死了算了,
  // 我觉得老王死了算了, 我说他死了算了): saidOfOneself.
  死了算了: { pattern: /死了算了/, past: false, ownLife: true },
  不如死了: { pattern: /不如死了/, past: false, ownLife: true },
  // 跳江/跳河 — not 跳江游泳 (a swim); still urgent when told as done (他上个月跳河)
  跳江: { pattern: /跳江(?!游泳|洗澡|戏水|玩|嬉戏|摸鱼)/, past: false },
  跳河: { pattern: /跳河(?!游泳|洗澡|戏水|玩|嬉戏|摸鱼)/, past: false },
};

/**
 * A definite time gone by (去年, 上个月, 昨天) — with 了 on the act, it tells
 * the act as done: 上个月全村集体去市政府反映了. Not 已经, 之前, 以前 or 曾,
 * which run through threats (我们已经准备去堵路, 月底之前不解决就去堵路, 曾某).
 */
const PAST_TIME = /去年|前年|上次|上回|上个月|上周|上星期|那次|那天|当时|昨天|前天|曾经/g;
/** An intent or a day to come between a past time and the act makes it a threat again: 去年说好的，明天就去堵路. */
const FUTURE = new RegExp(`明天|明日|明早|后天|下周|下星期|下个月|月底|准备|打算|计划|决定|约好|商量好|马上|立刻|立即|到时候|届时|再不|否则|不然|就去|就要|${WILL}去|将要|即将`);
/** 过 on the act, or on its purpose just after it: 上访过, 去市政府反映过, 去市政府讨过说法. Not 过问, 过年. */
const DONE_AFTER = new RegExp(`^(?:${CLAUSE_CHAR}{0,4}?(?:反映|上访|信访|告状|说法|公道|喊冤|请愿|静坐|闹|堵|去|找|告|问|讨|来|到))?过(?![问年分])`);
/** 了 on the act or its purpose, telling it as done when a past time stands before it. */
const DONE_WITH_LE = new RegExp(`^(?:${CLAUSE_CHAR}{0,4}?(?:反映|上访|信访|告状|说法|公道|喊冤|请愿|静坐|闹|堵|去|找|告|问|讨))?了`);

/**
 * Finds lexicon words in the text. A word counts when at least one of its
 * occurrences is not negated, i.e. not preceded by a negation ending at most
 * two characters before it: "我们不会去堵路" is not urgent, "如果再不解决我们
 * 就去堵路" is. The words of READINGS are read as threats: 去堵校门 is
 * 堵门, 车辆堵门 is not, nor is an act told as past (去年去北京反映过).
 * `matched` lists the words found, in lexicon order.
 */
export function detectUrgency(text: string, lexicon: readonly string[]): { urgent: boolean; matched: string[] } {
  let read = readings.get(lexicon);
  if (!read) readings.set(lexicon, (read = new Map()));
  let matched = read.get(text);
  if (!matched) {
    // Read in simplified characters, the words too: 跳樓 in a Big5 letter is 跳楼, 我們不會去堵路 is taken back.
    const simplified = readAsSimplified(text);
    matched = [...new Set(lexicon.filter((word) => word !== '' && occursUnnegated(simplified, readAsSimplified(word))))];
    if (read.size >= TEXTS_KEPT) read.delete(read.keys().next().value!);
    read.set(text, matched);
  }
  return { urgent: matched.length > 0, matched: [...matched] };
}

/**
 * The words found in the last texts read, by lexicon. Intake asks of one email up to three times
 * whether it is urgent (its urgent lane, the advertising hold, registration), with the other
 * emails of its batch in between, and each reading scans the whole text for every word of the
 * lexicon: the answer depends on the text and the lexicon alone, so it is read once.
 */
const readings = new WeakMap<readonly string[], Map<string, readonly string[]>>();
/** More than the emails in hand at once (an intake batch is 5; the local runtime runs several batches in one process), so that none is read again for its neighbours. */
const TEXTS_KEPT = 32;

function occursUnnegated(text: string, word: string): boolean {
  const reading = Object.hasOwn(READINGS, word) ? READINGS[word] : undefined;
  if (reading) return threatened(text, word, reading);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!negatedAt(text, at) && !(SELF_HARM.has(word) && toldAsDeath(text, at, at + word.length))) return true;
  }
  return false;
}

/** Whether the reading's pattern occurs once neither negated nor (where it counts) told as past. */
function threatened(text: string, word: string, reading: Reading): boolean {
  const { pattern, past } = reading;
  const all = new RegExp(pattern.source, 'g');
  for (const match of text.matchAll(all)) {
    const at = match.index;
    const end = at + match[0].length;
    if (negatedAt(text, at) || (past && toldAsPast(text, at, end)) || (SELF_HARM.has(word) && toldAsDeath(text, at, end))) continue;
    if (reading.ownLife && !saidOfOneself(text, at)) continue;
    return true;
  }
  return false;
}

/** Harm to oneself: urgent even when told as done (a survivor may try again), unless told as a death (toldAsDeath). */
const SELF_HARM: ReadonlySet<string> = new Set([
  '自杀', '轻生', '寻死', '跳楼', '跳河', '跳桥', '跳江', '上吊', '割腕', '自焚', '喝农药', '喝药', '服毒', '烧炭',
]);
/** Words only a death already come to takes (nobody threatens 我就喝农药去世). */
const DEATH_REPORTED = /^[^。！？；!?;\n]{0,8}?(?:去世|身亡|过世|离世|病故|抢救无效|不治)/;
/** Words of dying that a threat also uses (我就喝农药死了算了): a death told only with a past time before them. */
const DEATH_WORD = /^[^。！？；!?;\n]{0,8}?(?:死了|死亡|没了|走了)(?!算了|给)/;
const PAST_MARK = new RegExp(`${PAST_TIME.source}|已经|那年|前几年|\\d{4}年`);
/** Resolve or a day to come before the act: 再不解决我就喝农药死了 is a threat however it ends. */
const RESOLVE = /就|要|会|宁可|宁愿|大不了|干脆|只能|只好|准备|打算|再不|否则|不然|明天|马上/;

/**
 * Someone's death by their own hand told as past (去年邻居喝农药去世了, 他哥哥2019年跳河身亡): a grief or a cause
 * of the complaint, not a life that a leader paged tonight could still reach. A survived attempt stays urgent
 * (他上个月跳河了，被人救了上来), and so does any sentence where the petitioner resolves to act.
 */
function toldAsDeath(text: string, start: number, end: number): boolean {
  const sentenceStart = Math.max(...[...'。！？；!?;\n'].map((mark) => text.lastIndexOf(mark, start - 1))) + 1;
  const before = text.slice(sentenceStart, start);
  if (RESOLVE.test(before)) return false;
  const after = text.slice(end);
  return DEATH_REPORTED.test(after) || (DEATH_WORD.test(after) && PAST_MARK.test(before));
}

/**
 * The act is told as done: 过 on it (去年到北京上访过, 上个月集体去市政府反映过),
 * or 了 on it after a definite past time (上个月全村集体去市政府反映了) with no
 * intent or day to come between (去年说好的，明天集体去市政府上访了 is a threat).
 * Only what stands on the act counts: 已经, 之前, 曾 elsewhere in the clause
 * run through threats (我们已经准备去堵路).
 */
function toldAsPast(text: string, start: number, end: number): boolean {
  const clauseStart = Math.max(...[...'，。！？；,.!?;\n'].map((mark) => text.lastIndexOf(mark, start - 1))) + 1;
  const before = text.slice(clauseStart, start);
  const after = text.slice(end);
  const lastPast = [...before.matchAll(PAST_TIME)].at(-1);
  const sincePast = lastPast ? before.slice(lastPast.index + lastPast[0].length) : before;
  if (FUTURE.test(sincePast)) return false;
  return DONE_AFTER.test(after) || (lastPast !== undefined && DONE_WITH_LE.test(after));
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

/** Someone else named as who should die: 他, 她, 老王, 这种（人）, 那帮, 你们 (老是, 老实 are not a person). */
const SOMEONE_ELSE = /[他她它你]|老(?![是实早想])[\u4e00-\u9fff]|[这那](?:种|帮|些|号|个|群|伙|样的)|贪官|人渣|畜生|混蛋/;
/** A thought or a word said about someone (我觉得…, 我说…, 恨不得…): what follows is whom it is said of. */
const SAID_OF = /^(?:也|就|真|都|还)?(?:觉得|说|看|认为|想|恨不得|巴不得|希望|盼着?|巴望|骂)/;
/** What may stand before 死了算了 with the writer as its subject unsaid: 干脆死了算了, 还不如死了算了. */
const ONLY_ADVERBS = /^(?:真是?|真的|那|那就|还是|就|干脆|索性|倒不如|还不如|不如|还|也|都|活着|这样活着|这么活着)*$/;

/**
 * Whether 死了算了 / 不如死了 at `at` is said of the writer's own life: after
 * the writer (我, 俺, 自己 — the last in the sentence, at most 12 characters
 * before) nobody else is named, nor a thought about someone begun (我觉得老王…);
 * without the writer named, the clause holds nothing but the words (活着没意思，
 * 死了算了; 干脆死了算了) — a name or 这种贪官 there is someone else.
 */
function saidOfOneself(text: string, at: number): boolean {
  const sentence = text.slice(Math.max(...[...'。！？；!?;\n'].map((mark) => text.lastIndexOf(mark, at - 1))) + 1, at);
  const clause = sentence.slice(Math.max(...[...'，,、：: \t　'].map((mark) => sentence.lastIndexOf(mark))) + 1);
  const ownself = sentence.lastIndexOf('自己');
  // Where the writer ends: the 我/俺, or the 己 of 自己.
  const self = Math.max(sentence.lastIndexOf('我'), sentence.lastIndexOf('俺'), ownself < 0 ? -1 : ownself + 1);
  if (self >= 0 && sentence.length - self - 1 <= 12) {
    const tail = sentence.slice(self + 1).replace(/^们/, '');
    return !SOMEONE_ELSE.test(tail) && !(SAID_OF.test(tail) && !ONLY_ADVERBS.test(tail.replace(SAID_OF, '').replace(/[，,、：:\s]/g, '')));
  }
  return ONLY_ADVERBS.test(clause);
}
