import type { ParsedEmail } from './parsed-email.js';

/**
 * 疑似广告: marketing that passed SPF/DKIM and every machine-mail check (代开发票,
 * 无抵押贷款, SEO 推广, 加微信领红包…). A petitions office does not register it,
 * but it must never lose a petition: such mail is held for staff (登记为信访事项
 * or 确认无效), never dropped, and only when nothing in it reads as a citizen's
 * own matter. A complaint about a loan company, fraud by an advertiser, an
 * advertisement pasted as evidence (这个贷款公司骗了我) is a petition.
 */
export type AdvertisingVerdict = { advertising: false } | { advertising: true; signs: string[] };

/** Marketing phrases, by kind; a sign is the phrase found. */
const MARKETING: readonly RegExp[] = [
  // 代开发票, 增值税专用发票, 各类发票
  /代开(?:各[类种]|正规)?发票|增值税(?:专用|普通)?发票|开具?各[类种]发票|正规发票|发票代开|点数优惠/g,
  // 贷款
  /无抵押|免抵押|无担保|当天放款|当日放款|快速放款|极速放款|秒批|秒到账|低息贷款|额度最高|最高可贷|信用贷|黑户可贷|不看征信|不查征信/g,
  // 推广
  /\bSEO\b|网站推广|网络推广|包上首页|百度首页|关键词排名|快速排名|整站优化|精准引流|精准客源|群发/gi,
  // 引流
  /加(?:我)?(?:微信|[vV薇威]信?|扣扣|QQ)|微信号[:：]|联系QQ|[Qq]{2}[:：]\s*\d{5,}|扫码(?:添加|领取|关注)/g,
  // 促销
  /领取?红包|领红包|免费领取|限时(?:优惠|特价|抢购)|优惠券|促销|特价|大酬宾|折扣|包邮|日赚|兼职|刷单|招商加盟|代理加盟|稳赚|高回报/g,
  // 退订
  /退订|回复?\s*(?:TD|T)\s*退|取消订阅|unsubscribe/gi,
];

/**
 * Words of a citizen's own matter: a complaint, a request to the office, harm
 * done to them, a question, their place, or 广告 itself (an advertiser does not
 * call its mail one; a citizen writing about one does). Any one makes the mail
 * a petition, whatever else it holds.
 */
const OWN_MATTER =
  /骗|诈骗|欺诈|上当|受骗|投诉|举报|检举|控告|反映|信访|维权|恳请|请求|求助|拖欠|退款|退钱|赔偿|损失|骚扰|催收|威胁|恐吓|政府|领导|广告|不管|没人管|合法|违法|违规|非法|请问|想问|咨询|小区|村里|邻居|有关部门|监管|查处|报警|派出所|(?:请|要求|帮忙|帮我|给我|尽快)[^。！？\n]{0,6}(?:处理|解决)|我(?:被|家|的钱|们家)/;
/** A link in the text. */
const LINK = /https?:\/\/[^\s<>"）)]+|www\.[^\s<>"）)]+/gi;

/**
 * Whether an email reads as advertising: at least two marketing phrases (or
 * one among many links), and not one word of a citizen's own matter. Read on
 * the subject and the text together.
 */
export function advertisingOf(email: Pick<ParsedEmail, 'subject' | 'text'>): AdvertisingVerdict {
  const words = `${email.subject}\n${email.text}`;
  if (OWN_MATTER.test(words)) return { advertising: false };
  const signs = [...new Set(MARKETING.flatMap((pattern) => [...words.matchAll(pattern)].map((m) => m[0])))];
  const links = words.match(LINK)?.length ?? 0;
  // Links alone only when there is little else: a citizen may send several links to what they complain of, with their words.
  const linksOnly = links >= 5 && words.replace(LINK, '').replace(/\s+/g, '').length < 200;
  if (signs.length >= 2 || (signs.length === 1 && links >= 2) || linksOnly) {
    return { advertising: true, signs: [...signs, ...(links >= 2 ? [`链接${links}个`] : [])] };
  }
  return { advertising: false };
}
