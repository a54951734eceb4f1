import type { Petitioner } from '../case.js';
import type { ParsedEmail } from './parsed-email.js';
import { personalName } from './personal-name.js';
import { writtenFor } from './proxy.js';

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
  const name = labelledName(text) ?? selfIntroducedName(text) ?? signedName(text) ?? personalName(email.from?.name);
  const phone = extractPhone(text);
  if (!address && !name && !phone) return { anonymous: true };
  const home = labelledAddress(text);
  // 代为反映: the person the matter concerns is the petitioner; the name the letter is signed with is the writer's.
  const writtenForWhom = writtenFor(text);
  if (writtenForWhom) {
    const writerName = name && name !== writtenForWhom.name ? name : undefined;
    return {
      anonymous: false,
      ...(writtenForWhom.name ? { name: writtenForWhom.name } : {}),
      ...(address ? { email: address } : {}),
      ...(phone ? { phone } : {}),
      ...(home ? { address: home } : {}),
      writtenBy: {
        relation: writtenForWhom.relation,
        ...(writtenForWhom.entrusted ? { entrusted: true } : {}),
        ...(writerName ? { name: writerName } : {}),
        ...(address ? { email: address } : {}),
      },
    };
  }
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
 * The name a writer gives themselves in a sentence: 我叫冯建, 本人陈志强, 我是桐庐县分水镇村民赵德明. Only what
 * reads as a personal name (personalName) and ends where a name ends, so 我叫他老王, 本人常年在外 and 我是村民
 * name nobody.
 */
const SELF_INTRODUCED = new RegExp(
  `(?:我叫|我名叫|我的名字叫|我的名字是|本人(?:名叫|叫|是)?|(?:我|本人)(?:是|系)[^，。！？；,!?;\\n]{0,20}?(?:村民|居民|业主|职工|工人|农民工|农民|市民|群众|退休职工|退休教师|教师|个体户|台湾同胞|台灣同胞))(${NAME})`,
  'g',
);
/** What may follow a name in a sentence: a mark, a space, or the words of self-description (男, 今年, 家住, 身份证…). */
const AFTER_A_NAME = /^(?:$|[\s，。,.、；;：:！!？?（(]|(?:男|女|现年|今年|家住|住在|住|身份证|电话|手机|联系|系|是|，|的?(?:丈夫|妻子|儿子|女儿|父亲|母亲)))/;

function selfIntroducedName(text: string): string | undefined {
  for (const match of text.matchAll(SELF_INTRODUCED)) {
    const written = match[1]!;
    const after = text.slice(match.index + match[0].length);
    // The name regex takes up to four characters: try each length, longest first, for the one that ends as a name does.
    for (let length = Math.min(written.length, 4); length >= 2; length--) {
      const candidate = written.slice(0, length);
      if (AFTER_A_NAME.test(written.slice(length) + after) && personalName(candidate)) return candidate;
    }
  }
  return undefined;
}

const SIGNATURE_PHONE = String.raw`(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8}`;
/** A last line that is a name alone (方志明), or whose last clause is a name and a telephone number (…跳下去。马建军 13655556666). */
const NAME_LINE = new RegExp(`^(${NAME})[ \\t\\u3000。.]*$`);
const DATE_LINE = /^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|[二〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号])$/;
/**
 * …or a name, a label perhaps, a number and perhaps the writer's address: 村民 吴海军 电话135…, 周强 电话137… 地址…,
 * 许静 135… 住…, 曹红 139… 桐庐县凤川街道三鑫村.
 */
const NAME_AND_PHONE = new RegExp(
  `(?:^|[。！？!?，,；;\\s])(${NAME})[ \\t\\u3000:：,，]*(?:(?:联系)?(?:电话|手机号?)[ \\t\\u3000:：]*)?(?:${SIGNATURE_PHONE})` +
    `(?:[ \\t\\u3000。.]*$|[ \\t\\u3000，,]+(?:地址|住址|家住|现住|住|[${CJK}]{1,20}?(?:省|市|县|区|镇|乡|街道|村|社区|小区|路|街|号))[^\\n]*$)`,
);

/**
 * The name a letter is signed with: its last line is a name alone, or ends in
 * a name and a telephone number. Only what reads as a personal name
 * (personalName: a common surname and two or three characters, or a compound
 * surname), never a form of address (王书记) nor the closing words (谢谢).
 */
function signedName(text: string): string | undefined {
  // A date under the signature (陈志强\n2026年12月7日) is the letter's last line, not its signer.
  const lines = text.trimEnd().split('\n').map((line) => line.trim());
  while (lines.length > 1 && DATE_LINE.test(lines.at(-1)!)) lines.pop();
  const last = lines.at(-1);
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
    // 0571-65012345 / 139-5718-8888: both are theirs; the mobile reaches them away from home (and takes a text).
    const phones = phonesIn(rest);
    const phone = phones.find((p) => /^1/.test(p)) ?? phones[0];
    if (phone) return phone;
  }
  for (const found of phonesAt(masked)) {
    const before = masked.slice(clauseStart(masked, found.at), found.at);
    const after = masked.slice(found.end).split(CLAUSE_BREAK_RE, 1)[0]!;
    if ((SELF.test(before) && ownBy(before)) || SELF_AFTER.test(after) || signedWith(masked, found)) return found.phone;
  }
  return undefined;
}

/**
 * A number that signs the letter: at the end of a line, alone or after the writer's name, in a sentence of its
 * own — 张伟 13857112345, 王秀英  手机139…, 村民 吴海军 电话135…, 淳安县临岐镇 程大山 139…, …很危险。李明 135… —
 * perhaps followed by their address (周强 电话137… 地址…, 许静 135… 住…, 曹红 139… 桐庐县…). Not the second of
 * a list (代表：何师傅 139…，吕师傅 139…: whose is the sender's is not said), nor a third party's or a service's.
 */
function signedWith(text: string, found: { at: number; end: number }): boolean {
  const sentence = text.slice(Math.max(...[...'。！？!?\n'].map((mark) => text.lastIndexOf(mark, found.at - 1))) + 1, found.at);
  const rest = text.slice(found.end).split('\n', 1)[0]!;
  return SIGNATURE.test(sentence) && SIGNATURE_END.test(rest) && !THIRD_PARTY.test(sentence) && !SERVICE.test(sentence);
}

const PHONE_LABELS = '联系电话|联系方式|联系人|电话号码|手机号码|手机号|电话|手机|座机|办公室|聯繫電話|聯絡電話|聯繫方式|聯絡方式|電話|手機|tel|mobile|phone';
/** A label with a colon, or opening a line or a clause (…三个月。电话139…). */
const PHONE_LABEL = new RegExp(`(?:${PHONE_LABELS})\\s*:|(?:^|(?<=[，。；！？,;!?]))[ \\t]*(?:${PHONE_LABELS})`, 'gim');
const SELF = /我|本人|俺/;
/** Someone the petitioner writes about, whose number it would be. */
const THIRD_PARTY = /他|她|其|对方|老板|工头|经理|会计|主任|书记|村长|镇长|局长|所长|队长|派出所|公司|物业|社区|村委|居委|政府|部门|法院|律师|朋友|邻居|同事|工友|家属|儿子|女儿|老公|老婆|丈夫|妻子/g;
const SELF_AFTER = /^\s*(?:找我|联系我|打给我|打我|是我)/;
const CLAUSE_BREAKS = '，。；！？,;!?\n';
const CLAUSE_BREAK_RE = /[，。；！？,;!?\n]/;
/**
 * What stands before a signing number in its sentence: nothing, or a name — perhaps after a place or a word of
 * who they are (淳安县临岐镇 程大山, 村民 吴海军) and before a label (王秀英  手机, 周强 电话).
 */
const SIGNATURE = /^[ \t\u3000]*(?:[\p{Script=Han}·]{2,14}[ \t\u3000]+)?(?:[\p{Script=Han}·]{2,6}[ \t\u3000:：,，(（]*)?(?:(?:联系)?(?:电话|手机号?|联系方式|電話|手機)[ \t\u3000:：]*)?$/u;
/** After a signing number on its line: nothing, or the writer's address (地址…, 住…, 桐庐县凤川街道三鑫村). */
const SIGNATURE_END = /^[ \t\u3000。.)）]*$|^[ \t\u3000，,]+(?:地址|住址|家住|现住|住)|^[ \t\u3000，,]+[\p{Script=Han}]{1,20}?(?:省|市|县|区|镇|乡|街道|村|社区|小区|路|街|号)/u;
/** A service's number, not a person's: 市长热线 12345, 物业客服. */
const SERVICE = /热线|客服|服务|值班|报警|举报|投诉电话|监督电话/;

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

/** A Taiwan mobile (09xx xxx xxx): petitioners from Taiwan write it as at home; kept as written, 10 digits. */
const TAIWAN_MOBILE = /(?<![\d-])(09\d{2})([ -]?)(\d{3})\2(\d{3})(?![\d-])/g;

function phonesAt(text: string): { at: number; end: number; phone: string }[] {
  const found: { at: number; end: number; phone: string }[] = [];
  for (const m of text.matchAll(MOBILE)) found.push({ at: m.index, end: m.index + m[0].length, phone: `${m[1]}${m[3]}${m[4]}` });
  for (const m of text.matchAll(TAIWAN_MOBILE)) found.push({ at: m.index, end: m.index + m[0].length, phone: `${m[1]}${m[3]}${m[4]}` });
  // 0912345678 would also read as the landline 091-2345678: the Taiwan mobile it is comes first.
  for (const m of text.matchAll(LANDLINE)) {
    if (found.some((f) => f.at < m.index + m[0].length && m.index < f.end)) continue;
    found.push({ at: m.index, end: m.index + m[0].length, phone: `${m[1] ?? m[2]}-${m[3]}${m[4]}` });
  }
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
    // 只能匿名, 选择匿名: resigned to it — not 不想匿名 (no such verb before it) nor 上次匿名反映过.
    '(?:只能|只好|只得|选择|决定|还是|特此|在此|故)匿名(?!信)',
    // A clause that opens with it: 匿名举报住建局… — not 匿名举报人 (a person), not 上次匿名反映过 (the clause opens with 上次).
    '(?:^|[，。！？；,!?;])[ \\t\\u3000]*(?:现|特|今)?匿名(?:举报|反映|检举|控告|投诉)(?![人者信过])(?![^。！？\\n]*实名)',
    // Signed as someone who knows, not by name: 一个知情人, 知情群众.
    '(?:^|[。！？!?])[ \\t\\u3000]*(?:一(?:个|位|名))?(?:知情人士?|知情者|知情群众|知情党员)[ \\t\\u3000。.]*$',
  ].join('|'),
  'm',
);

/** True when the petitioner says they want to stay anonymous (署名 匿名, 匿名信, 不愿透露姓名). */
export function declaresAnonymity(text: string): boolean {
  return ANONYMITY.test(text);
}
