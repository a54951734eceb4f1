import type { Collective, Petitioner } from '../case.js';
import { MAX_REPRESENTATIVES } from '../registration.js';
import { extractPhone } from './petitioner.js';

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万';

/**
 * A number written in Chinese numerals or Arabic digits: `三十二` → 32,
 * `一百零五` → 105, `两千` → 2000, `一百二` → 120 (spoken short form),
 * `两万三千` → 23000. Undefined when the text is not a number.
 */
export function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '' || ![...text].every((c) => NUMERAL_CHARS.includes(c))) return undefined;
  const wan = text.indexOf('万');
  if (wan < 0) return belowTenThousand(text);
  const high = wan === 0 ? 1 : belowTenThousand(text.slice(0, wan));
  const rest = text.slice(wan + 1);
  // 一万二 is 12000: a lone digit after 万 counts in thousands.
  const low = rest === '' ? 0 : rest.length === 1 && rest in DIGITS ? DIGITS[rest]! * 1000 : belowTenThousand(rest);
  return high === undefined || low === undefined ? undefined : high * 10000 + low;
}

function belowTenThousand(text: string): number | undefined {
  let total = 0;
  let pending: number | undefined;
  let lastUnit = 10000;
  let afterZero = false;
  for (const char of text) {
    const digit = DIGITS[char];
    const unit = UNITS[char];
    if (digit !== undefined) {
      if (pending !== undefined) return undefined; // two digits in a row: "三二"
      if (digit === 0) afterZero = true;
      else pending = digit;
    } else if (unit !== undefined) {
      if (unit >= lastUnit) return undefined; // "十百"
      total += (pending ?? 1) * unit; // "十二": a leading unit means one of it
      pending = undefined;
      lastUnit = unit;
      afterZero = false;
    } else {
      return undefined;
    }
  }
  if (pending !== undefined) {
    // 一百二 is 120: a last digit straight after 百 or 千 (no 零) counts in the next unit down.
    total += !afterZero && lastUnit >= 100 && lastUnit < 10000 ? (pending * lastUnit) / 10 : pending;
  }
  return total;
}

/** People who petition together; 户 counts households, which is how villagers and owners count themselves. */
const GROUP = '村民|群众|职工|工人|业主|住户|居民|农民工|农民|农户|家长|员工|商户|租户|教师|退休人员|退役军人';
const GROUP_NOUN = new RegExp(GROUP);
/** A count: Arabic or Chinese numerals, with 几/数 ("几十户" → 10) or 多/余/来/几 ("100多名" → 100) read as a lower bound. */
const COUNT = `(?<![第\\d${NUMERAL_CHARS}])(?:几|数)?(\\d+|[${NUMERAL_CHARS}]+)(?:多|余|来|几)?`;
const HEAD_COUNT = new RegExp(
  `${COUNT}(?:户(?!口)(?:[\\u4e00-\\u9fff]{0,2}?(?:${GROUP}))?|(?:名|位|个)[\\u4e00-\\u9fff]{0,2}?(?:${GROUP})|(?:人|名)(?=联名|联合签名|共同签名))`,
  'g',
);
/** A count that describes how many are affected, not how many are writing ("全村共有300户", "涉及200多户"). */
const DESCRIPTIVE = /(?:共有|约有|涉及|影响|波及|其中)$/;
const FIRST_PERSON = /(?:我们|我等|咱们|全体)[^。！？!?；;\n]{0,15}$/;
const PETITIONING = /^[^。！？!?；;\n]{0,8}?(?:联名|联合签名|共同签名|反映|请求|要求|投诉|举报|上访|申请|呼吁)/;
const JOINT_ACTION = /联名|联合签名|共同签名|集体签名|共同署名|共同反映|集体反映|联合反映/;
/**
 * A clause that names an attachment (附业主联名情况说明PDF, 详见附件): the joint action it names is the
 * attached paper's, not the sender's. Not 附近 (附近村民联名反映).
 */
const ATTACHMENT_CLAUSE = /[^，。；！？,;!?\n]*(?:附(?![近属和加])|详见|见附件)[^，。；！？,;!?\n]*/g;
/** 全体业主; also 全部/所有 + a group where 我们 speak (我们…明天全部工人到市政府), not 拖欠所有工人工资. */
const ALL_OF_GROUP = new RegExp(
  `全体(?:[\\u4e00-\\u9fff]{0,2}?)(?:${GROUP})|(?<=(?:我们|咱们)[^。！？!?\\n]{0,20})(?:全部|所有)(?:[\\u4e00-\\u9fff]{0,2}?)(?:${GROUP})`,
);

interface HeadCount {
  count: number;
  /** The phrase names the petitioners themselves ("我们56名职工", "32户村民反映"). */
  speaks: boolean;
  descriptive: boolean;
}

function headCounts(text: string): HeadCount[] {
  const counts: HeadCount[] = [];
  for (const match of text.matchAll(HEAD_COUNT)) {
    const count = chineseNumber(match[1]!);
    if (count === undefined || count < 2) continue;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 12);
    const descriptive = DESCRIPTIVE.test(before);
    const hasGroupNoun = GROUP_NOUN.test(match[0]);
    const speaks = !descriptive && hasGroupNoun && (FIRST_PERSON.test(before) || PETITIONING.test(after));
    counts.push({ count, speaks, descriptive });
  }
  return counts;
}

/** One Han character, including the rare ones of names (Extension A, and B+ as surrogate pairs: 䶮, 𠀀). */
const HAN = '(?:[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]|[\\ud840-\\ud87f][\\udc00-\\udfff])';
const CJK_NAME = `${HAN}{1,10}(?:[·•・]${HAN}{1,10})+|${HAN}{2,4}`;
const PHONE = '(?:\\+?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}|(?:\\(0\\d{2,3}\\)|0\\d{2,3})[ -]?\\d{3,4}[ -]?\\d{4}';
/** One listed person: a name, perhaps with a phone ("张三(13800001111)", "李四 电话:139…"), then a separator. */
const LISTED_PERSON = new RegExp(
  `\\s*(${CJK_NAME})(?:等(?:\\d+|[${NUMERAL_CHARS}]+)?[人名户]?)?(?:\\s*\\(?\\s*(?:电话|手机|联系电话)?\\s*:?\\s*(${PHONE})\\s*\\)?)?\\s*(?:[、，,;；/]|\\s|$)`,
  'y',
);
/** 代表 but not 法定代表(人) (a company's legal representative) or 人大代表 (a deputy). */
const REPRESENTATIVES_LABEL = /(?<!法定|人大|政协)(?:推选|推举|选出的|群众|村民|业主|职工|工人|联系人)?代表\s*:/g;
/** A list of signatories, perhaps with its count (联名人（共20人）：). */
const SIGNATORIES_LABEL = new RegExp(`(?:联名人|签名人|联署人|签名)(?:名单)?(?:如下)?\\s*(?:\\(\\s*共?\\s*([\\d${NUMERAL_CHARS}]+)\\s*[人名户位]\\s*\\))?\\s*:`, 'g');
/** The same label with its list on the following lines, numbered. */
const SIGNATORIES_BLOCK = new RegExp(`${SIGNATORIES_LABEL.source}[ \\t]*\\n`, 'g');
/**
 * Representatives named in a sentence: 我们推选邱国强（137…）、骆建华（…）为代表. The list must read
 * as names and nothing else (推选村里的老党员为代表 names nobody).
 */
const INLINE_REPRESENTATIVES = /(?<!法定|人大|政协)(?:推选|推举|选出|选举|公推)了?([^。！？!?\n]{2,160}?)(?:为|作为|担任|当|做)(?:我们的|大家的)?(?:群众|村民|业主|职工|工人)?代表/g;
/** Characters that are in words, not names: 推选老党员为代表. */
const NOT_IN_A_NAME = /[的们员人我他她村组户]/;

/** The people listed after each occurrence of a label, up to the end of the line or sentence. */
function listedPeople(text: string, label: RegExp): Petitioner[] {
  const people: Petitioner[] = [];
  for (const match of text.matchAll(label)) {
    const list = text.slice(match.index + match[0].length).split(/[\n。！？!?]/, 1)[0]!;
    LISTED_PERSON.lastIndex = 0;
    for (let item = LISTED_PERSON.exec(list); item; item = LISTED_PERSON.exec(list)) {
      // "王五等" / "王五等人": the list trails off, the name is 王五.
      const name = item[1]!.length > 2 ? item[1]!.replace(/等人?$/, '') : item[1]!;
      if (people.some((p) => p.name === name)) continue;
      const phone = item[2] ? extractPhone(item[2]) : undefined;
      people.push({ anonymous: false, name, ...(phone ? { phone } : {}) });
    }
  }
  return people;
}

/** A label that introduces a numbered list of representatives on the following lines: "推选代表如下（共5人）：". */
const REPRESENTATIVES_BLOCK = new RegExp(
  `(?<!法定|人大|政协)(?:推选|推举|选出的|群众|村民|业主|职工|工人)?代表(?:名单)?(?:如下)?\\s*(?:\\(\\s*共?\\s*[\\d${NUMERAL_CHARS}]+\\s*[人名位]\\s*\\))?\\s*:[ \\t]*\\n`,
  'g',
);
const NUMBERED_PERSON = new RegExp(`^\\s*(?:\\d+|[${NUMERAL_CHARS}]+)\\s*[.、)]\\s*(${CJK_NAME})(?=[，,、\\s(]|$)(.*)$`);

/** The people listed between 推选 and 为代表, when the whole list reads as names. */
function inlineRepresentatives(text: string): Petitioner[] {
  const people: Petitioner[] = [];
  for (const match of text.matchAll(INLINE_REPRESENTATIVES)) {
    const list = match[1]!.trim();
    const found: Petitioner[] = [];
    LISTED_PERSON.lastIndex = 0;
    let item = LISTED_PERSON.exec(list);
    for (; item; item = LISTED_PERSON.exec(list)) {
      const name = item[1]!;
      if (NOT_IN_A_NAME.test(name)) break;
      const phone = item[2] ? extractPhone(item[2]) : undefined;
      found.push({ anonymous: false, name, ...(phone ? { phone } : {}) });
      if (LISTED_PERSON.lastIndex >= list.length) break;
    }
    if (LISTED_PERSON.lastIndex < list.length || found.length === 0) continue;
    for (const person of found) if (!people.some((p) => p.name === person.name)) people.push(person);
  }
  return people;
}

/** The people of numbered lines after a block label, each with the phone on their line. */
function listedBlock(text: string, label: RegExp = REPRESENTATIVES_BLOCK): Petitioner[] {
  const people: Petitioner[] = [];
  for (const match of text.matchAll(label)) {
    for (const line of text.slice(match.index + match[0].length).split('\n')) {
      if (line.trim() === '') continue;
      const item = NUMBERED_PERSON.exec(line);
      if (!item) break;
      const name = item[1]!;
      if (people.some((p) => p.name === name)) continue;
      const phone = extractPhone(item[2] ?? '');
      people.push({ anonymous: false, name, ...(phone ? { phone } : {}) });
    }
  }
  return people;
}

/**
 * A collective petition (集体访) in the text: several petitioners raising one
 * matter together. Undefined for an individual petition.
 *
 * Collective when the text shows people acting together: joint signing
 * (联名, 联合签名, 共同反映…), 全体 + a group, a count of a group that speaks
 * for itself ("我们56名职工", "32户村民反映"), listed representatives or
 * signatories. A count alone is not enough: "全村共有300户" describes the
 * village, and "我家3口人" a family.
 *
 * The head count is the first count the petitioners give (households for 户),
 * raised to the number of people listed. With no count at all it is the
 * number listed, at least 2: a lower bound that staff correct, because
 * joint action is certain and the Collective record needs a number.
 */
export function detectCollective(text: string, subject?: string): Collective | undefined {
  // Full-width digits, colons and brackets (３２户, 张三（138…）) fold to ASCII. The subject often carries
  // the group's own count (芦茨村20户村民联名信): read as the letter's first line.
  const normalized = (subject?.trim() ? `${subject.trim()}\n${text}` : text).normalize('NFKC');
  const counts = headCounts(normalized);
  const representatives = [...listedPeople(normalized, REPRESENTATIVES_LABEL), ...listedBlock(normalized), ...inlineRepresentatives(normalized)].filter(
    (person, i, all) => all.findIndex((p) => p.name === person.name) === i,
  );
  const signatories = [...listedPeople(normalized, SIGNATORIES_LABEL), ...listedBlock(normalized, SIGNATORIES_BLOCK)].filter(
    (person, i, all) => all.findIndex((p) => p.name === person.name) === i,
  );
  // 联名人（共20人）：the count the list's own heading gives.
  const signatoriesStated = Math.max(0, ...[...normalized.matchAll(SIGNATORIES_LABEL)].map((m) => (m[1] ? (chineseNumber(m[1]) ?? 0) : 0)));
  const acting =
    JOINT_ACTION.test(normalized.replace(ATTACHMENT_CLAUSE, '')) ||
    ALL_OF_GROUP.test(normalized) ||
    counts.some((c) => c.speaks) ||
    representatives.length > 0 ||
    signatories.length >= 2;
  if (!acting) return undefined;
  // The count the petitioners give of themselves, else the first that is not descriptive.
  const stated = (counts.find((c) => c.speaks) ?? counts.find((c) => !c.descriptive))?.count ?? 0;
  const headCount = Math.max(stated, signatoriesStated, signatories.length, representatives.length, 2);
  // 条例 第二十条: no more than 5. Which five is the group's choice, not the parser's: none is kept, the office agrees them.
  if (representatives.length > MAX_REPRESENTATIVES) return { headCount, representatives: [], representativesToAgree: { named: representatives.length } };
  return { headCount, representatives };
}
