import type { Petitioner } from '../case.js';
import type { ParsedEmail } from './parsed-email.js';

const CJK = String.raw`\u3400-\u4dbf\u4e00-\u9fff`;
/** A Chinese name: a transcribed name joined by middle dots (买买提·艾力), or two to four characters. */
const NAME = String.raw`[${CJK}]{1,10}(?:[·•・][${CJK}]{1,10})+|[${CJK}]{2,4}`;
const COLON = '[:：]';

/**
 * Registers the petitioner of an email: who sent it (From) and what they wrote
 * about themselves in the text. From, not Reply-To: From is the address the
 * mail provider vouches for and the one replies thread back from; a Reply-To
 * could send the acknowledgement, with the case number, to someone else.
 *
 * Anonymous when the petitioner declares it, or when the email gives no way to
 * identify them (no usable From address, and no name or phone in the text).
 * An anonymous petitioner carries nothing identifying: no name, email, phone
 * or address.
 */
export function petitionerFromEmail(email: ParsedEmail): Petitioner {
  const text = email.text;
  if (declaresAnonymity(text)) return { anonymous: true };
  const address = usableAddress(email.from?.address);
  // What the petitioner wrote (a 姓名 field, then a signature) before what their mail client shows: a display name is often a nickname.
  const name = labelledName(text) ?? signedName(text) ?? personalName(email.from?.name);
  const phone = extractPhone(text);
  if (!address && !name && !phone) return { anonymous: true };
  const home = labelledAddress(text);
  return {
    anonymous: false,
    ...(name ? { name } : {}),
    ...(address ? { email: address } : {}),
    ...(phone ? { phone } : {}),
    ...(home ? { address: home } : {}),
  };
}

/** A mailbox no one reads (noreply@, do-not-reply@): no acknowledgement can reach a person there, and every sender through it shares it. */
const NO_REPLY = /^(?:no|do[-_.]?not)[-_.]?reply(?:[-_.+][^@]*)?@/;

function usableAddress(raw: string | undefined): string | undefined {
  const address = raw?.trim().toLowerCase();
  return address && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) && !NO_REPLY.test(address) ? address : undefined;
}

const NAME_LABELS = '信访人|反映人|举报人|投诉人|来信人|姓\\s*名|联系人|署\\s*名';
const LABELLED_NAME = new RegExp(
  // Not 被反映人/被举报人/对方姓名: that is the person complained about.
  `(?<!被|对方)(?:${NAME_LABELS})\\s*${COLON}\\s*(${NAME})(?:先生|女士|同志)?(?![${CJK}])`,
  'gm',
);
/** Values of a name field that are not a name. */
const NOT_A_NAME = new Set(['匿名', '保密', '本人', '不详', '暂无', '略']);

function labelledName(text: string): string | undefined {
  for (const match of text.matchAll(LABELLED_NAME)) {
    const name = match[1]!;
    if (!NOT_A_NAME.has(name)) return name;
  }
  return undefined;
}

/**
 * The hundred commonest surnames (about 85% of people in China). A display
 * name counts only when it reads as a real name: QQ and 163 display names are
 * mostly nicknames ("快乐小鱼", "万事如意", "QQ邮箱用户"), and a nickname is
 * not a petitioner's name. Four characters only with a compound surname,
 * because four-character nicknames (idioms) are far commoner than such names.
 */
const SURNAMES: ReadonlySet<string> = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文',
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '夏侯', '令狐', '宇文', '司徒'];
const GENERIC_NAME = /\b(?:admin|user|info|service|support|noreply|no-reply|webmaster|test|root|mail)\b|用户|邮箱|管理员|客服|系统/i;
const CJK_ONLY = new RegExp(`^[${CJK}]+$`);
const DOTTED_NAME = new RegExp(`^[${CJK}]{1,10}(?:[·•・][${CJK}]{1,10})+$`);

/** A surname with a form of address (马师傅, 王先生, 李老师, 张总): how others call the person, not their name. */
const FORM_OF_ADDRESS = new RegExp(`^[${CJK}]{1,2}(?:师傅|先生|女士|小姐|老师|同志|大爷|大妈|阿姨|大姐|大哥|老板|经理|主任|书记|局长|县长|市长|镇长|乡长|村长|科长|处长|所长|队长|院长|部长)$|^[${CJK}](?:总|工)$`);

function personalName(displayName: string | undefined): string | undefined {
  const name = displayName?.trim();
  if (!name || name.includes('@') || GENERIC_NAME.test(name) || FORM_OF_ADDRESS.test(name) || CLOSINGS.has(name)) return undefined;
  if (DOTTED_NAME.test(name)) return name;
  if (CJK_ONLY.test(name)) {
    const compound = COMPOUND_SURNAMES.some((s) => name.startsWith(s));
    const fits = compound ? name.length >= 3 && name.length <= 4 : name.length >= 2 && name.length <= 3 && SURNAMES.has(name[0]!);
    return fits ? name : undefined;
  }
  // Latin names need two words ("Wang Fang"): a single token is usually a handle.
  return /^[A-Za-z][A-Za-z'.-]*(?:\s+[A-Za-z][A-Za-z'.-]*){1,3}$/.test(name) ? name : undefined;
}

/** Last lines that read as a name and are not one: the closing words of a letter. */
const CLOSINGS: ReadonlySet<string> = new Set(['谢谢', '谢谢你', '谢谢您', '谢谢了', '万分感谢', '感谢', '敬礼', '此致', '致礼', '盼复', '急盼', '拜托', '求助', '求求', '万望']);
const SIGNATURE_PHONE = String.raw`(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8}`;
/** A last line that is a name alone (方志明), or whose last clause is a name and a telephone number (…跳下去。马建军 13655556666). */
const NAME_LINE = new RegExp(`^(${NAME})[ \\t\\u3000。.]*$`);
const NAME_AND_PHONE = new RegExp(`(?:^|[。！？!?，,；;\\s])(${NAME})[ \\t\\u3000:：,，]*(?:${SIGNATURE_PHONE})[ \\t\\u3000。.]*$`);

/**
 * The name a letter is signed with: its last line is a name alone, or ends in
 * a name and a telephone number. Only what reads as a personal name
 * (personalName: a common surname and two or three characters, or a compound
 * surname), never a form of address (王书记) nor the closing words (谢谢).
 */
function signedName(text: string): string | undefined {
  const last = text.trimEnd().split('\n').pop()?.trim();
  const candidate = last ? (NAME_LINE.exec(last) ?? NAME_AND_PHONE.exec(last))?.[1] : undefined;
  return candidate ? personalName(candidate) : undefined;
}

const ADDRESS_LABEL = new RegExp(`^[ \\t]*(?:家庭住址|联系地址|通讯地址|现住址|居住地址|住址|地址)\\s*${COLON}[ \\t\\u3000]*(.+)$`, 'm');
/** Another field written on the same line ends the address ("住址：…  电话：…"). */
const NEXT_FIELD = new RegExp(`[\\s，,；;]+(?:联系电话|联系方式|电话|手机|邮箱|姓名|身份证)(?:号码?)?\\s*${COLON}.*$`);
const MAX_ADDRESS_LENGTH = 300;

function labelledAddress(text: string): string | undefined {
  const raw = ADDRESS_LABEL.exec(text)?.[1];
  if (!raw) return undefined;
  const address = raw.replace(NEXT_FIELD, '').replace(/[\s，,。；;]+$/, '').trim();
  return address ? address.slice(0, MAX_ADDRESS_LENGTH) : undefined;
}

/**
 * The petitioner's phone number in free text: a mainland mobile (11 digits,
 * optionally +86, grouped 3-4-4 with spaces or dashes) or a landline with its
 * area code. Petitions quote other people's numbers — the foreman's who does
 * not answer, the police station's — and a number taken for the petitioner's
 * makes staff call the wrong person and links strangers' petitions as one
 * person's (重复信访). So a number counts only when the text says it is theirs:
 * on a line labelled 电话/手机/联系方式 (not 包工头电话：), after 我/本人 with
 * nobody else named in between (我是陈秀英138…, 我本人手机139…), before 找我,
 * or alone on a line (a signature: 张伟 13857112345). Case numbers, ID-card and
 * bank numbers and dates are masked first so that their digits are never read
 * as a phone. Mobiles come back as 11 digits, landlines as `0571-88886666`.
 */
export function extractPhone(text: string): string | undefined {
  const masked = maskNonPhoneNumbers(text.normalize('NFKC'));
  for (const label of masked.matchAll(PHONE_LABEL)) {
    if (!ownBy(masked.slice(clauseStart(masked, label.index), label.index))) continue;
    const rest = masked.slice(label.index + label[0].length).split('\n', 1)[0]!;
    const phone = phonesIn(rest)[0];
    if (phone) return phone;
  }
  for (const found of phonesAt(masked)) {
    const before = masked.slice(clauseStart(masked, found.at), found.at);
    const after = masked.slice(found.end).split(CLAUSE_BREAK_RE, 1)[0]!;
    const line = masked.slice(masked.lastIndexOf('\n', found.at - 1) + 1, found.at);
    const signature =
      (SIGNATURE_PREFIX.test(line) && /^[\s。.)）]*(?:\n|$)/.test(masked.slice(found.end)) && !THIRD_PARTY.test(line)) ||
      // The letter's last words, a name and a number after its last sentence (…跳下去。马建军 13655556666): signed, not quoted.
      (/^[\s。.)）]*$/.test(masked.slice(found.end)) && SIGNED_CLAUSE.test(masked.slice(clauseStart(masked, found.at), found.at)) && !THIRD_PARTY.test(masked.slice(clauseStart(masked, found.at), found.at)));
    if ((SELF.test(before) && ownBy(before)) || SELF_AFTER.test(after) || signature) return found.phone;
  }
  return undefined;
}

const PHONE_LABELS = '联系电话|联系方式|联系人|电话号码|手机号码|手机号|电话|手机|座机|办公室|tel|mobile|phone';
/** A label with a colon, or opening a line or a clause (…三个月。电话139…). */
const PHONE_LABEL = new RegExp(`(?:${PHONE_LABELS})\\s*:|(?:^|(?<=[，。；！？,;!?]))[ \\t]*(?:${PHONE_LABELS})`, 'gim');
const SELF = /我|本人|俺/;
/** Someone the petitioner writes about, whose number it would be. */
const THIRD_PARTY = /他|她|其|对方|老板|工头|经理|会计|主任|书记|村长|镇长|局长|所长|队长|派出所|公司|物业|社区|村委|居委|政府|部门|法院|律师|朋友|邻居|同事|工友|家属|儿子|女儿|老公|老婆|丈夫|妻子/g;
const SELF_AFTER = /^\s*(?:找我|联系我|打给我|打我|是我)/;
const CLAUSE_BREAKS = '，。；！？,;!?\n';
const CLAUSE_BREAK_RE = /[，。；！？,;!?\n]/;
/** The clause before a number that ends the letter: a name alone (马建军 13655556666). */
const SIGNED_CLAUSE = /^[ \t\u3000]*[\p{Script=Han}·]{2,6}[ \t\u3000:：(（]*$/u;
/** A signature line: the number alone, or after a name (张伟 13857112345). */
const SIGNATURE_PREFIX = /^[ \t\u3000]*(?:[\p{Script=Han}·]{2,6}[ \t\u3000:：,，(（]*)?$/u;

/** Where the clause holding `at` begins: after the last comma, full stop or line break before it. */
function clauseStart(text: string, at: number): number {
  return Math.max(...[...CLAUSE_BREAKS].map((mark) => text.lastIndexOf(mark, at - 1))) + 1;
}

/** Whether words before a number or label leave it the petitioner's: nobody else named after the last 我/本人 (or at all). */
function ownBy(before: string): boolean {
  const self = Math.max(before.lastIndexOf('我'), before.lastIndexOf('本人'), before.lastIndexOf('俺'));
  const others = [...before.matchAll(THIRD_PARTY)].map((m) => m.index);
  return others.every((at) => at < self);
}

const MOBILE = /(?<![\d-])(?:\+?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})\2(\d{4})(?![\d-])/g;
const LANDLINE = /(?<![\d-])(?:\((0\d{2,3})\)|(0\d{2,3}))[ -]?(\d{3,4})[ -]?(\d{4})(?![\d-])/g;

function phonesAt(text: string): { at: number; end: number; phone: string }[] {
  const found: { at: number; end: number; phone: string }[] = [];
  for (const m of text.matchAll(MOBILE)) found.push({ at: m.index, end: m.index + m[0].length, phone: `${m[1]}${m[3]}${m[4]}` });
  for (const m of text.matchAll(LANDLINE)) found.push({ at: m.index, end: m.index + m[0].length, phone: `${m[1] ?? m[2]}-${m[3]}${m[4]}` });
  return found.sort((a, b) => a.at - b.at);
}

function phonesIn(text: string): string[] {
  return phonesAt(text).map((f) => f.phone);
}

function maskNonPhoneNumbers(text: string): string {
  return text
    .replace(/\b(?:\d{6}|\d{9})-\d{4}-\d{6,}\b/g, ' ') // case numbers (see case-number.ts)
    .replace(/\d{17}[\dXx]|\d{15,}/g, ' ') // ID cards (18 or old 15 digits), bank cards
    .replace(/\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?/g, ' ') // dates
    .replace(/\d{1,2}\s*[:：]\s*\d{2}/g, ' '); // times of day
}

const ANONYMITY = new RegExp(
  [
    // 我匿名举报…, 本人现匿名反映…: said of the writing itself — not 上次我匿名举报过 (an earlier letter), and not by
    // one who says in the same letter that they write under their name (实名).
    '(?<!(?:上次|以前|之前|此前|曾经|曾)[^。！？\\n]{0,4})(?:我|本人)(?:现|特|在此|要|想)?匿名(?:举报|反映|检举|控告|投诉)(?!过)(?![^。！？\\n]*实名)',
    '(?<!收到(?:了)?(?:一封)?)匿名信',
    '不(?:愿意?|便|想)透露(?:本人)?(?:真实)?(?:姓名|身份)',
    `(?:${NAME_LABELS})\\s*${COLON}?\\s*(?:匿名|保密)(?![${CJK}])`,
    // A signature line that is only "匿名" / "匿名群众".
    `^[ \\t\\u3000]*(?:一(?:位|名))?匿名(?:者|群众|人士)?[ \\t\\u3000]*$`,
  ].join('|'),
  'm',
);

/** True when the petitioner says they want to stay anonymous (署名 匿名, 匿名信, 不愿透露姓名). */
export function declaresAnonymity(text: string): boolean {
  return ANONYMITY.test(text);
}
