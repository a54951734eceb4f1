import { DomainError } from './errors.js';
import { DEPARTMENT_LABELS, type DepartmentKind } from './department.js';
import type { JurisdictionNode, JurisdictionTree } from './jurisdiction.js';
import { CONDUCT, isAccusation, namesPersonAccused, reportExclusion } from './routing/accused.js';
import { chooseDepartments } from './routing/departmental.js';
import { NOT_A_NAME_START, personalName } from './mail/personal-name.js';
import { RELATIVES } from './mail/proxy.js';
import type { RoutingRule, RoutingUnit } from './routing/types.js';

/**
 * 陪访部门: the departments that accompany the leader at one session (the
 * office's rule: 领导在群工办接待群众来访，实行部门负责人陪访制度，陪访部门由接访领导确定。
 * 请陪访部门根据领导接访安排做好陪同接待群众来访的准备). Set by the receiving
 * leader or the petitions office, changed as the bookings show what the
 * visitors will raise. Kept per session (its slot id), versioned like an
 * adjustment: each change is written over the version read.
 */
export interface SessionAccompaniment {
  sessionId: string;
  jurisdiction: string;
  /** The rotation's own day of the session (what the store lists them by). */
  rotationDate: string;
  /** 1 for the first choice; each change adds one. */
  version: number;
  /** Unit ids of the session's jurisdiction, in the order chosen; empty once all were withdrawn. */
  units: string[];
  /** The units of the version before (told they no longer accompany when left out). */
  before?: string[];
  at: string;
  by: string;
}

/** At most this many units at one session: a reception is not a meeting of every department. */
export const MAX_ACCOMPANYING_UNITS = 10;

/** The accompaniment after this choice. Pure; the checks of who, when and which units are the caller's. */
export function nextAccompaniment(
  session: { id: string; jurisdiction: string; rotationDate: string },
  current: SessionAccompaniment | undefined,
  units: readonly string[],
  meta: { at: string; by: string },
): SessionAccompaniment {
  return {
    sessionId: session.id,
    jurisdiction: session.jurisdiction,
    rotationDate: session.rotationDate,
    version: (current?.version ?? 0) + 1,
    units: [...new Set(units)],
    ...(current ? { before: current.units } : {}),
    at: meta.at,
    by: meta.by,
  };
}

/** Whether two choices name the same units (the order chosen does not matter). */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((u) => set.has(u));
}

/** The units a change drops: told they no longer accompany. */
export function withdrawnUnits(accompaniment: SessionAccompaniment): string[] {
  return (accompaniment.before ?? []).filter((u) => !accompaniment.units.includes(u));
}

/** How long a topic line may be in a unit's notice: enough to prepare, not the petitioner's whole account. */
const TOPIC_CHARS = 60;

/** A booked matter as the units' letter reads it: the petitioner's words and how many come. */
export interface AccompanyingMatter {
  matter: string;
  /** 来访人数 (one when absent). */
  partySize?: number;
}

/** What the reading of a matter for one unit needs: every unit of the province (as routing matches them), the tree, and where the session is. */
export interface TopicReading {
  units: readonly (RoutingUnit & { jurisdiction: string })[];
  tree: JurisdictionTree<JurisdictionNode>;
  /** The session's jurisdiction: a short name without its place (住建局) is read as its unit. */
  near: string;
  /** The departmental rules of the session's jurisdiction: what a matter is about when its words cannot be sent. */
  rules: readonly RoutingRule[];
}

/**
 * Wrongdoing by someone in office (a 投诉 of conduct is as much 控告 as a 举报 is, for 条例 第三十条):
 * the routing's conduct words and what a letter says of a bribe or a delay.
 */
const MISCONDUCT = new RegExp(
  `${CONDUCT.source}|索要|索取|收受|受贿|行贿|好处费|红包|回扣|吃请|拿卡|拖延|故意|刁难|打击报复|包庇|徇私|滥用职权|贪污|挪用|克扣|违规|违纪|违法|` +
    // A refusal or delay in handling is as much a complaint of the body as a bribe (派出所不立案, 人社局不给办理, 推来推去).
    `不立案|不受理|不给办理?|不予办理|不处理|推诿|推来推去|拖了|不管|暴力执法|误诊|打人`,
);
/** Someone in office written of: a role or a title (not 领导, whom a letter mostly asks for help). */
const OFFICIAL = /工作人员|经办人|承办人|办事员|科员|干部|负责人|[局科处股所队站院]长|主任|书记|[省市县区镇乡村]长|民警|警察|辅警|协管员|执法人员|执法队员|队员|网格员|窗口人员|医生|护士|老师|教师|校长/;
/**
 * Bodies under a unit, by its kind (config/province.yaml's departments): a complaint of 城关镇派出所 is
 * one of the 公安局 over it, though the matter never names the 公安局.
 */
const SUBORDINATE: Partial<Record<DepartmentKind, RegExp>> = {
  publicSecurity: /派出所|交警|民警|警察|辅警|刑警|看守所/,
  health: /医院|卫生院|卫生室|卫生服务中心|疾控|医生|护士/,
  urbanManagement: /城管|执法队|执法中队|执法人员/,
  education: /学校|中学|小学|幼儿园|[县市区镇乡]?[一二三四五六七八九十\d]+中|老师|教师|校长/,
};

/**
 * Whether a booked matter is kept from one accompanying unit (条例 第三十条:
 * material never goes to the unit or person accused). It is, when it
 * reports or accuses (检举、控告、举报); when the routing's accused-unit
 * detection names that unit or a unit of its kind above it (县住建局不作为 keeps
 * it from the 住建局 and the township's construction office); and, where it
 * writes of wrongdoing in office (索要, 收受, 置之不理, 刁难…), from every unit
 * it names at all, from the unit over a body it names (派出所 → 公安局, 卫生院 →
 * 卫健局), and from every unit when it names someone in office (科长, 医生,
 * 队员…) — a person accused may be of any unit told.
 */
export function matterKeptFrom(matter: string, unit: string, reading: TopicReading): boolean {
  if (isAccusation(matter)) return true;
  const near = reading.near;
  if (reportExclusion({ text: matter, near, complaint: true }, reading.units, reading.tree).excludes(unit)) return true;
  if (!MISCONDUCT.test(matter)) return false;
  // Someone in office and a wrongdoing in one sentence (经办人刘洋索要好处费; 王科长说不归他们管，推来推去), not 希望领导重视，开发商拖延交房.
  const sentences = matter.split(/[。；;！!？?\n]/);
  if (sentences.some((sentence) => OFFICIAL.test(sentence) && MISCONDUCT.test(sentence))) return true;
  // A body under the unit told, and a wrongdoing of it: 城关镇派出所对我被打一案不立案 is kept from the 公安局.
  const kind = reading.units.find((u) => u.id === unit)?.department;
  const below = kind ? SUBORDINATE[kind] : undefined;
  if (below && sentences.some((sentence) => below.test(sentence) && MISCONDUCT.test(sentence))) return true;
  if (reading.units.some((u) => u.people?.some((person) => namesPersonAccused(matter, person)))) return true;
  // Every unit the matter names counts as accused, as in a report: a request to one (请县住建局查处) may be a complaint of it.
  return reportExclusion({ text: matter, category: 'report', near }, reading.units, reading.tree).excludes(unit);
}

// Not global: a global regex's .test() keeps its lastIndex, and the next clause tested was let through.
const CONTACT_WORDS = /电话|手机|联系方式|联系人|身份证|证件号|微信|QQ|qq|邮箱|邮件|号码/;
/** The same, for .replace only. */
const ALL_CONTACT_WORDS = new RegExp(CONTACT_WORDS.source, 'g');
const CJK = '\\u4e00-\\u9fa5';
/** Who a name may follow: a relative (儿子, 父亲…) or a title (科长, 医生…). Longest first, so 老父亲 is not read as 父亲. */
const RELATION_OR_TITLE = new RegExp(
  `(?:${[...RELATIVES, '科长', '局长', '所长', '队长', '站长', '处长', '股长', '院长', '校长', '主任', '书记', '村长', '镇长', '乡长', '医生', '护士', '老师', '民警', '警官', '经办人', '工作人员', '同志', '队员']
    .sort((a, b) => b.length - a.length)
    .join('|')})([${CJK}]{2,3})`,
  'g',
);
/** Whether a clause names a person after a relation or a title: 我儿子张小明, 父亲刘建国 — not 父亲的养老金. */
function namesPerson(clause: string): boolean {
  for (const match of clause.matchAll(RELATION_OR_TITLE)) {
    const after = match[1]!;
    for (const length of [3, 2]) {
      const candidate = after.slice(0, length);
      if (candidate.length === length && personalName(candidate) && !notAName(candidate)) return true;
    }
  }
  return false;
}
/** Words that read as a surname and more but are not a name: 父亲向单位反映, 母亲高血压, 妈妈常年卧床, 儿子王强在…, or a place. */
const notAName = (words: string) => NOT_A_NAME_START.test(words) || /[局县市镇乡府委院厅部单位村组]/.test(words);
/** An aside that tells who the petitioner is: （男，55岁，城关镇人）. */
const PERSONAL_ASIDE = new RegExp(`[（(][^）)]{0,30}?(?:[男女]|\\d+\\s*岁|周岁|身份证|村民|居民|人)[^）)]{0,30}?[）)]`, 'g');
/** A name at the start of a clause before what they raise: 张三反映…, 王某某称…. */
const LEADING_NAME = new RegExp(`^([${CJK}]{1,2}某{1,2}|[${CJK}]{2,3}?)(?=反映|来访|诉称)`);
function withoutLeadingName(clause: string): string {
  const name = LEADING_NAME.exec(clause)?.[1];
  return name && (name.includes('某') || personalName(name)) ? clause.slice(name.length) : clause;
}
/** A clause that says who the petitioner is, how to reach them, or where they live: never in a unit's letter. */
const PERSONAL_CLAUSE = [
  // 本人王秀英, 我叫…, 我是…, 姓名：…
  /本人|我叫|我是|我名叫|我姓|姓名|署名/,
  CONTACT_WORDS,
  // 住城关镇幸福村3组, 家住…, 住址：…
  /^(?:我家|我们家|家)?住(?![房院宅])(?:在|于|址)?[：:]?.{0,12}?(?:省|市|县|区|镇|乡|村|街道|社区|小区|路|街|巷|弄|号|组|栋|幢|室)|家住|住在|住址|地址|门牌/,
  // …村3组, …小区5栋302室, 12号楼
  /[村组社区队][^，,。；;]{0,6}?\d+\s*(?:组|号)|小区[^，,。；;]{0,12}?\d+\s*(?:号|栋|幢|单元|室|楼)|\d+\s*(?:号楼|栋|幢|单元|室)/,
];
/** Numbers that identify a person wherever they stand: ID cards, mobiles, landlines, any long run of digits; and email addresses. */
const PERSONAL_NUMBER = /\d{17}[\dXx]|\d{15}|(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}|0\d{2,3}[-\s]?\d{7,8}|\d{7,}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Fewer characters than this left of the petitioner's words say nothing a unit can prepare from. */
const MIN_TOPIC_CHARS = 4;

/**
 * One booked matter as a unit reads it: the petitioner's words without
 * who they are, their number or their address — a clause that has any, or
 * names a relative or official (父亲刘建国), is left out whole; a number, an
 * aside of sex and age (（男，55岁）) and a name before 反映 are taken out —
 * shortened. When little
 * is left, or nothing can be told apart from the petitioner, the department
 * the matter belongs to by the office's rules (涉及住房和城乡建设方面的事项)
 * stands for it.
 */
export function accompanyingTopic(matter: string, rules: readonly RoutingRule[]): string {
  const clauses = matter
    .replace(/\s+/g, ' ')
    .replace(PERSONAL_NUMBER, '')
    .replace(PERSONAL_ASIDE, '')
    .split(/(?<=[，,。；;！!？?、])/)
    .map((clause) => withoutLeadingName(clause.trim()))
    .filter((clause) => clause && !namesPerson(clause) && !PERSONAL_CLAUSE.some((personal) => personal.test(clause.replace(/[，,。；;！!？?、]$/, ''))));
  const text = clauses.join('').replace(/^[，,。；;！!？?、\s]+/, '').replace(/[，,；;、]$/, '。');
  if (text.replace(/[^\u4e00-\u9fa5A-Za-z0-9]/g, '').length < MIN_TOPIC_CHARS) return subjectOf(matter, rules);
  return text.length > TOPIC_CHARS ? `${text.slice(0, TOPIC_CHARS)}…` : text;
}

function subjectOf(matter: string, rules: readonly RoutingRule[]): string {
  // The words that ask for contact details (身份证, 电话) are not what the matter is about.
  const lead = chooseDepartments({ text: matter.replace(ALL_CONTACT_WORDS, '') }, rules).scores[0]?.department;
  return lead && lead !== 'other' && lead !== 'petitionsOffice' ? `涉及${DEPARTMENT_LABELS[lead]}方面的事项（详情由信访部门现场介绍）` : '事项详情由信访部门现场介绍';
}

/**
 * What one accompanying unit is told the visitors will raise: each booked
 * matter it may read (matterKeptFrom), as accompanyingTopic writes it; the
 * others only counted, for the office to arrange. How many bookings and
 * people there are counts them all: the unit prepares for the room.
 */
export function accompanyingTopics(
  matters: readonly AccompanyingMatter[],
  unit: string,
  reading: TopicReading,
): { lines: string[]; withheld: number; bookings: number; people: number } {
  const lines: string[] = [];
  let withheld = 0;
  for (const { matter } of matters) {
    if (matterKeptFrom(matter, unit, reading)) withheld += 1;
    else lines.push(accompanyingTopic(matter, reading.rules));
  }
  return { lines, withheld, bookings: matters.length, people: matters.reduce((sum, m) => sum + (m.partySize ?? 1), 0) };
}

/** The session's accompanying units were changed by someone else since they were read. */
export class AccompanimentConflict extends DomainError {
  readonly code = 'VersionConflict';
  constructor(sessionId: string, expectedVersion: number) {
    super(`the accompanying units of reception session ${sessionId} were changed by someone else (expected version ${expectedVersion}); reload and try again`, { sessionId, expectedVersion });
    this.chinese = `接待场次 ${sessionId} 的陪访部门已被他人修改，请刷新后重试`;
  }
}

/**
 * The session was adjusted (moved, handed to another leader, cancelled) between
 * reading it and saving its accompanying units: nothing was saved or sent,
 * as the letters would have described a session no longer so (or not held).
 */
export class SessionAdjustedMeanwhile extends DomainError {
  readonly code = 'VersionConflict';
  constructor(sessionId: string, cancelled: boolean) {
    super(`reception session ${sessionId} was ${cancelled ? 'cancelled' : 'adjusted'} while its accompanying units were being saved; nothing was saved or sent`, { sessionId });
    this.chinese = cancelled
      ? `接待场次 ${sessionId} 刚刚已被取消，陪访部门未保存，也未通知任何单位`
      : `接待场次 ${sessionId} 的接待安排刚刚已调整，陪访部门未保存，也未通知任何单位；请刷新后按调整后的安排重新确定`;
  }
}
