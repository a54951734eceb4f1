/**
 * The terms a petition is about, for hot topics (what petitioners raise more
 * of this month): words of its subject, or — for a petition registered
 * without one, or with one that says nothing (反映问题, 求助) — of the
 * opening of its matter. Kept on the ledger as terms, not as text.
 */

/**
 * Words every petition uses, which say nothing about what it is about
 * (关于…的问题, 反映…, 请求解决…), and the words of a letter's opening
 * (您好, 我是, 现在…), which a matter's first lines are full of.
 */
const STOP_TERMS: ReadonlySet<string> = new Set([
  '关于', '反映', '问题', '投诉', '请求', '信访', '要求', '希望', '情况', '有关', '相关', '事宜', '一事', '事项',
  '来信', '来访', '来电', '举报', '控告', '检举', '咨询', '建议', '解决', '处理', '申请', '诉求', '落实',
  '我们', '他们', '本人', '我家', '没有', '进行', '存在', '给予', '一直', '多次', '至今', '尚未', '对于',
  '求助', '您好', '你好', '尊敬', '领导', '我是', '你们', '您们', '自己', '大家', '谢谢', '感谢', '恳请', '麻烦',
  '现在', '目前', '已经', '因为', '所以', '但是', '可是', '然而', '可以', '不能', '不是', '这个', '那个', '这样',
  '什么', '怎么', '为什么', '时候', '今年', '去年', '一个', '一些', '部门', '有关部门', '相关部门', '政府', '工作',
  '单位', '上述', '以上', '如下', '特此', '此致', '敬礼', '居住', '位于', '发现', '导致', '造成', '由于', '严重',
]);

/** How much of a matter's opening is read when the subject says nothing: where a petition says what it is about. */
const MATTER_OPENING_CHARS = 120;
/** At most this many terms a case: a petition is about a few things. */
const MAX_TERMS = 12;

/**
 * ICU's dictionary-based word segmentation (built into Node's full ICU,
 * as on Lambda): real words (城南|小区|漏水) rather than overlapping n-grams,
 * with no dependency. Bigrams where Intl.Segmenter is missing.
 */
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : undefined;

/** The distinct terms of a text worth counting: words of two characters or more, not stop-words, not bare numbers. */
export function subjectTerms(subject: string): string[] {
  const words = segmenter
    ? [...segmenter.segment(subject)].filter((s) => s.isWordLike).map((s) => s.segment)
    : bigrams(subject);
  const terms = new Set<string>();
  for (const raw of words) {
    const term = raw.toLowerCase();
    if ([...term].length < 2 || STOP_TERMS.has(term) || /^[\d.,%]+$/.test(term)) continue;
    terms.add(term);
  }
  return [...terms];
}

/**
 * A case's topic terms: its subject's, else its matter's opening's (a visit
 * or call registered without a subject, an email titled 求助) — those marked
 * `fromMatter`, whose words are the petitioner's own and may name people
 * (我叫张伟…): hot topics count them only as far as the office's vocabulary
 * (topicVocabulary) knows them.
 */
export function topicTermsOf(c: { subject?: string | undefined; matter: string }): { terms: string[]; fromMatter: boolean } {
  const fromSubject = c.subject ? subjectTerms(c.subject) : [];
  if (fromSubject.length > 0) return { terms: fromSubject.slice(0, MAX_TERMS), fromMatter: false };
  return { terms: subjectTerms([...c.matter].slice(0, MATTER_OPENING_CHARS).join('')).slice(0, MAX_TERMS), fromMatter: true };
}

/**
 * Whether a term from a matter's words names a topic the office knows: a
 * routing keyword holds it (拖欠 of 拖欠工资) or it holds one (加装电梯 of 电梯).
 * A name, an address or an identity number matches no keyword.
 */
export function knownTopic(term: string, vocabulary: readonly string[]): boolean {
  return vocabulary.some((keyword) => keyword.length >= 2 && (keyword.includes(term) || term.includes(keyword)));
}

function bigrams(text: string): string[] {
  const grams: string[] = [];
  for (const run of text.match(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run];
    if (!/\p{Script=Han}/u.test(run)) grams.push(run);
    else for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  }
  return grams;
}
