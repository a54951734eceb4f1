import type { ParsedEmail } from './parsed-email.js';

/**
 * 疑似广告: marketing that passed SPF/DKIM and every machine-mail check (代开发票,
 * 无抵押贷款, SEO 推广, 加微信领红包…). A petitions office does not register it,
 * but it must never lose a petition: such mail is held for staff (登记为信访事项
 * or 确认无效), never dropped, and only when nothing in it reads as a citizen's
 * own matter. Holding a petition costs its writer the case number and the
 * acknowledgement, registering an advertisement costs staff one closure: every
 * doubt registers. A complaint about a loan company, fraud by an advertiser, an
 * advertisement pasted as evidence (这个贷款公司骗了我) is a petition.
 */
export type AdvertisingVerdict = { advertising: false } | { advertising: true; signs: string[] };

/**
 * Marketing phrases, by kind; a sign is the phrase found. Contact details
 * (QQ：123…, 微信号：…, 联系电话) are no sign: a citizen gives theirs too.
 */
const MARKETING: Readonly<Record<string, RegExp>> = {
  invoice: /代开(?:各[类种]|正规)?发票|增值税(?:专用|普通)?发票|开具?各[类种]发票|正规发票|发票代开|点数优惠|税点低|可验(?:证|票)后付款/g,
  loan: /无抵押|免抵押|无担保|当天放款|当日放款|快速放款|极速放款|秒批|秒到账|低息贷款|额度最高|最高可贷|信用贷|黑户可贷|不看征信|不查征信/g,
  promotion: /\bSEO\b|网站推广|网络推广|包上首页|百度首页|关键词排名|快速排名|整站优化|精准引流|精准客源|群发/gi,
  // An invitation to add the sender, not an address given.
  contactInvite: /加(?:我)?(?:微信|[vV薇威]信?|扣扣|QQ)|扫码(?:添加|领取|关注)/g,
  offer: /领取?红包|领红包|免费领取|限时(?:优惠|特价|抢购)|优惠券|促销|特价|大酬宾|折扣|包邮|日赚|兼职|刷单|招商加盟|代理加盟|稳赚|高回报/g,
  unsubscribe: /退订|回复?\s*(?:TD|T)\s*退|取消订阅|unsubscribe/gi,
};
/**
 * One kind spoken this densely (专业SEO，网站推广，包上首页，关键词排名) is an advertisement of that trade.
 * Not `offer`: 兼职刷单日赚, 招商加盟稳赚高回报, 促销优惠券包邮 are what a fraud victim or a cheated
 * customer quotes, however many; an offer holds only beside a second kind (an invitation to add the
 * sender, an unsubscribe line, a trade's words).
 */
const DENSE = 3;
const DENSE_KINDS: ReadonlySet<string> = new Set(['invoice', 'loan', 'promotion']);

/**
 * Words of a citizen's own matter: a complaint, a request to the office, harm
 * done to them, money owed or taken, their place, or 广告 itself (a citizen writing
 * about one; an advertiser says only 本广告长期有效) — in simplified
 * or traditional characters. Any one makes the mail a petition, whatever else it holds.
 */
const OWN_MATTER = new RegExp(
  [
    '骗|诈骗|欺诈|上当|受骗|投诉|举报|检举|控告|反映|信访|维权|恳请|请求|求助|拖欠|欠|工资|押金|失联|联系不上|收费|多收|不发货|退款|退钱|赔偿|损失',
    '骚扰|催收|威胁|恐吓|政府|领导|(?<![本此])广告|不管|没人管|合法|违法|违规|非法|请问|想问|咨询|小区|村里|邻居|有关部门|监管|查处|报警|派出所',
    '騙|詐騙|投訴|舉報|檢舉|損失|賠償|維權|請問|請求|請幫|幫我|幫忙|問一下|諮詢|詢問|違法|報警',
    // Harm done, money handed over, a promise broken, others harmed with the writer (加盟商, 家长, 会员).
    '拉黑|跑路|血本无归|关门|不兑现|不能用|垫付|交了|付了|收了|家长|会员|加盟商|受害|客服不|不回复|假的',
    '(?:请|要求|帮忙|帮我|给我|尽快)[^。！？\\n]{0,6}(?:处理|解决)|我(?:被|家|的钱|们家)',
  ].join('|'),
);
/**
 * The writer telling what happened to them: 我/本人/我家 soon followed by a
 * verb of their own doings (我在网上找…, 我去年交了…, 我母亲在街上…). Not 加我微信,
 * 联系我们, 我公司/我司 (an advertiser speaking of its firm), nor 我们 (专业团队的我们
 * 承诺…): the firm's voice, which only its grievances below make a citizen's.
 */
const FIRST_PERSON = new RegExp(
  String.raw`(?:(?<![加找联系扫私])(?:我(?![们司行]|公司)|本人|我家)[^，,。！!？?\n]{0,6}?(?:在|被|给|交|付|转|买|花|借|找|去|到|住|要|想|已|向|遇|收到|接到|看到|发现|没|不|一直|刚|今年|去年|上个?月|多次|先后|曾|于|因|和|跟|的(?:钱|家|房|孩子|父|母|爸|妈|工资|车|店|地))` +
    String.raw`|我们(?:被|的钱|家|村|厂|单位|都被|一直|多次|交了|付了|花了|买了|转了|没有?收到|去年|今年|上个?月))`,
);
/** A question the writer asks (这是真的吗？ 是否合法？), not an advertiser's hook (网站没流量？). */
const QUESTION = /(?:吗|嗎|呢|嘛|是否|是不是|真的|真假|合法|正规|正規|怎么办|怎麼辦|为什么|為什麼|能不能|可不可以|能否)[^。！!？?\n]{0,6}[？?]/;
/** An English letter about the writer's own matter (a wage complaint with links and a footer). */
const OWN_MATTER_EN =
  /\b(?:my|our)\s+(?:employer|boss|company|salary|wages?|money|deposit|landlord|family|house|home|child|son|daughter|father|mother|parents?)\b|\bnot (?:been )?paid\b|\bowe[sd]?\b|\bcheated\b|\bscam(?:med)?\b|\bfraud\b|\bcomplain(?:t|ing)?\b|\brefund\b|\bplease help\b/i;
/** A link in the text. */
const LINK = /https?:\/\/[^\s<>"）)]+|www\.[^\s<>"）)]+/gi;

/** Whether the words read as the sender's own matter, in any of the ways above. */
function ownMatter(words: string): boolean {
  return OWN_MATTER.test(words) || FIRST_PERSON.test(words) || QUESTION.test(words) || OWN_MATTER_EN.test(words);
}

/**
 * Whether an email reads as advertising: marketing phrases of at least two
 * kinds (or one trade's kind spoken densely, never offers alone), and not one word of a citizen's own
 * matter. Links alone hold nothing: a citizen sends links to the news and
 * evidence of what they complain of. Read on the subject and the text together.
 */
export function advertisingOf(email: Pick<ParsedEmail, 'subject' | 'text'>): AdvertisingVerdict {
  const words = `${email.subject}\n${email.text}`;
  if (ownMatter(words)) return { advertising: false };
  const found = Object.entries(MARKETING).map(([kind, pattern]) => ({ kind, signs: [...new Set([...words.matchAll(pattern)].map((m) => m[0]))] }));
  const kinds = found.filter(({ signs }) => signs.length > 0);
  if (kinds.length < 2 && !kinds.some(({ kind, signs }) => DENSE_KINDS.has(kind) && signs.length >= DENSE)) return { advertising: false };
  const links = words.match(LINK)?.length ?? 0;
  return { advertising: true, signs: [...kinds.flatMap(({ signs }) => signs), ...(links >= 2 ? [`链接${links}个`] : [])] };
}
