import { isAccusation } from '../routing/accused.js';
import { NOT_A_NAME_START, personalName } from './personal-name.js';

/**
 * 代为反映: who a letter is written for, when it says so. A relative writes for
 * an old or sick parent (我替我父亲王大山反映…, 代我母亲李秀兰写信, 我爸让我帮他写信反映),
 * or one entrusted writes (受我舅舅委托…, a lawyer's 受王某委托): the person the
 * matter concerns is the petitioner, the writer only wrote for them.
 *
 * Conservative, since a misread makes the wrong person the 信访人: only a
 * relative with a verb of writing in the same clause (替我父亲王大山反映, not
 * 我帮我妈交了3万块钱…，特来信投诉: the writer's own matter), or the writer
 * entrusted by a named person. Not a proxy: a writer for their unit (我替单位反映,
 * 受公司委托: the unit's staff writes as themselves), for the public (替群众说句话),
 * a friend or neighbour (their own matter too, as a rule), for a relative who
 * died (我父亲去世后…: the heir writes for themselves), a report about someone
 * else (举报我舅舅…), or someone else entrusted (李四受王五委托，强占我家承包地).
 */
export interface WrittenFor {
  /** What the petitioner is to the writer (父亲, 母亲, 舅舅…); 委托人 when only the entrustment is said. */
  relation: string;
  /** The petitioner's name, when the letter gives it. */
  name?: string;
  /** 受…委托: the writer acts as one entrusted (委托代理人), not only as family. */
  entrusted?: true;
}

/** Words for a relative (the accompanying units' letters read them too: 父亲刘建国 names a person). */
export const RELATIVES = [
  '老父亲', '老母亲', '父亲', '母亲', '爸爸', '妈妈', '老爸', '老妈', '爸', '妈', '爷爷', '奶奶', '外公', '外婆', '姥姥', '姥爷',
  '公公', '婆婆', '岳父', '岳母', '丈夫', '妻子', '老公', '老婆', '爱人', '儿子', '女儿', '哥哥', '姐姐', '弟弟', '妹妹',
  '舅舅', '舅妈', '叔叔', '婶婶', '伯伯', '伯父', '伯母', '姑姑', '姑父', '姨妈', '姨父', '小姨', '大姨', '姑妈',
  '侄子', '侄女', '外甥女', '外甥', '孙子', '孙女', '外孙女', '外孙', '岳父母', '父母', '公婆', '亲戚',
];
const RELATIVE = `(?:${RELATIVES.join('|')})`;
/** How a relation is recorded: the plain word (爸 → 父亲). */
const PLAIN: Readonly<Record<string, string>> = { 爸: '父亲', 爸爸: '父亲', 老爸: '父亲', 老父亲: '父亲', 妈: '母亲', 妈妈: '母亲', 老妈: '母亲', 老母亲: '母亲', 老公: '丈夫', 老婆: '妻子' };
/** 我是张某的女儿: what the petitioner is to the writer, from what the writer is to them. */
const INVERSE: Readonly<Record<string, string>> = {
  儿子: '父母', 女儿: '父母', 孙子: '祖父母', 孙女: '祖父母', 外孙: '外祖父母', 外孙女: '外祖父母', 侄子: '长辈亲属', 侄女: '长辈亲属',
  外甥: '舅舅或姨母', 外甥女: '舅舅或姨母', 妻子: '丈夫', 丈夫: '妻子', 老婆: '丈夫', 老公: '妻子', 爱人: '配偶',
};
const CJK = String.raw`\u3400-\u4dbf\u4e00-\u9fff`;
/**
 * A verb of writing or raising a matter (not 举报: a report about someone is
 * the writer's own; not 申请: 我帮我儿子申请了助学贷款 is something done for them).
 */
const WRITE = '(?:反映|写信|来信|写这封信|求助|申诉|反应|投诉|说明情况|讨个说法|讨说法)';
/** Within one sentence. */
const CLAUSE = '[^。！？!?\\n]';
/** Within one clause: what is done for a relative in one clause (交了钱, 还了网贷) is no writing for them in the next. */
const IN_CLAUSE = '[^，,。；;！？!?\\n]';
/** An aside after the name: 李秀兰（80岁，行动不便）. */
const ASIDE = '(?:[（(][^）)\\n]{0,20}[）)])?';
const DIED = '(?:去世|过世|逝世|病故|病逝|身故|已故|死亡|离世|走了)';

/** 我替我父亲王大山反映 / 代我母亲李秀兰（80岁，行动不便）写信 / 帮我奶奶向贵局反映. */
const FOR_RELATIVE = new RegExp(`(?<![年时世交取请求望])(?:替|代|帮)(?:我的?|我家|家里的?)?(${RELATIVE})([${CJK}·]{0,5})${ASIDE}${IN_CLAUSE}{0,8}?${WRITE}`, 'g');
/** 我爸让我帮他写信反映 / 我舅舅托我替他反映. */
const ASKED_BY_RELATIVE = new RegExp(`(?:我的?|我家)(${RELATIVE})([${CJK}·]{0,5}?)(?:让|叫|托|委托|请|要)我${IN_CLAUSE}{0,6}?(?:帮|替|代)(?:他|她|其|他们|她们)${IN_CLAUSE}{0,10}?${WRITE}`, 'g');
/** 受我舅舅委托 / 受王大山委托 / 受当事人张三（的）委托 — not 受单位委托. */
const ENTRUSTED_BY = new RegExp(`受(?:我的?)?(${RELATIVE}|当事人)?([${CJK}·]{0,5}?)(?:的)?(?:全权)?委托`, 'g');
/**
 * What may stand in its clause before 受…委托 when the writer is the one
 * entrusted: nothing (受我舅舅委托，…) or the writer (本人受王大山委托); not
 * another (李四受王五委托, 律师张华受李四委托, 还受张某委托).
 */
const WRITER_BEFORE_ENTRUSTED = /(?:^|[，,：:；;。！？!?\n]\s*)(?:(?:我|本人)(?:现|今|特|谨|已)?)?$/;
/** 我是张某的女儿: the petitioner's name, said by their relative. */
const RELATIVE_OF = new RegExp(`我是([${CJK}·]{2,5}?)的(${RELATIVE})`);

/** Where a letter is sent, read after the relative as if a name (替我父亲向贵局反映: 向 is also a surname). */
const NOT_A_NAME = /[贵局县市镇乡府委院厅部]/;

/** The name at the start of `after` (up to the next mark or verb), if it reads as a personal name. */
function leadingName(after: string): string | undefined {
  for (let length = Math.min(after.length, 4); length >= 2; length--) {
    const candidate = after.slice(0, length);
    if (personalName(candidate) && !NOT_A_NAME.test(candidate)) return candidate;
  }
  return undefined;
}

const plain = (relation: string) => PLAIN[relation] ?? relation;
/** Every word for the relative the letter named (爸, 父亲, 老父亲…). */
function wordsFor(said: string): string[] {
  const synonyms = RELATIVES.filter((word) => plain(word) === plain(said));
  return synonyms.length ? synonyms : [said];
}

/**
 * Whether the relative written for died (我父亲去世后…: the heir writes for
 * themselves) — that relative, by any of their words: 我母亲病逝后，我替我父亲反映 is for 父亲.
 */
function died(said: string, text: string): boolean {
  return new RegExp(`(?:${wordsFor(said).join('|')})${CLAUSE}{0,8}${DIED}`).test(text);
}

/**
 * The relative's name said elsewhere in the letter (我父亲马长福，78岁…; 代我母亲（钟秀兰，电话…）), when the
 * proxy phrase gave none: that relative by any of their words, a name, then a mark or an age.
 */
function nameOfRelative(said: string, text: string): string | undefined {
  for (const match of text.matchAll(new RegExp(`(?:${wordsFor(said).join('|')})[（(]?([${CJK}·]{2,4}?)(?=[，,、。；;（()）\\s]|\\d)`, 'g'))) {
    const name = match[1]!;
    if (personalName(name) && !NOT_A_NAME.test(name) && !NOT_A_NAME_START.test(name)) return name;
  }
  return undefined;
}

/** Who the letter is written for, when it says it is written for a relative or one who entrusted the writer. */
export function writtenFor(text: string): WrittenFor | undefined {
  const found = proxyPhrase(text);
  if (!found) return undefined;
  if (found.relation !== '委托人' && died(found.said, text)) return undefined;
  const named = found.name ?? RELATIVE_OF.exec(text)?.[1] ?? (found.relation !== '委托人' ? nameOfRelative(found.said, text) : undefined);
  const name = named && personalName(named) ? named : undefined;
  return { relation: found.relation, ...(name ? { name } : {}), ...(found.entrusted ? { entrusted: true as const } : {}) };
}

/** The proxy phrase found, with the relative's word as the letter said it (`said`: 爸, for 父亲). */
function proxyPhrase(text: string): (WrittenFor & { said: string }) | undefined {
  for (const pattern of [FOR_RELATIVE, ASKED_BY_RELATIVE]) {
    for (const match of text.matchAll(pattern)) {
      const name = leadingName(match[2] ?? '');
      return { relation: plain(match[1]!), said: match[1]!, ...(name ? { name } : {}) };
    }
  }
  // A report's 受张某委托 is what the accused did, never the writer's errand.
  const accusation = isAccusation(text);
  for (const match of text.matchAll(ENTRUSTED_BY)) {
    if (accusation || !WRITER_BEFORE_ENTRUSTED.test(text.slice(0, match.index))) continue;
    const name = leadingName(match[2] ?? '');
    // 受单位委托, 受群众委托: no person entrusted the writer.
    if (!match[1] && !name) continue;
    const relation = match[1] && match[1] !== '当事人' ? plain(match[1]) : '委托人';
    return { relation, said: match[1] ?? '委托人', ...(name ? { name } : {}), entrusted: true };
  }
  const relativeOf = RELATIVE_OF.exec(text);
  // 我是张某的女儿，他让我帮他写信: asked by the one they are the relative of.
  if (relativeOf && new RegExp(`(?:让|叫|托|请)我${IN_CLAUSE}{0,6}?(?:帮|替|代)(?:他|她)${IN_CLAUSE}{0,10}?${WRITE}`).test(text)) {
    const relation = INVERSE[relativeOf[2]!] ?? '亲属';
    return { relation, said: relation };
  }
  return undefined;
}
