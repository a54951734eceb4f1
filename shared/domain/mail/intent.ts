/**
 * What a petitioner's reply to one of our letters asks for, read from their
 * own words (not the quoted letter below them): a review (申请复查 / 复核), or
 * their answer to the follow-up (满意 / 不满意). On a withdrawn case, a reply
 * saying the withdrawal was not theirs is read by withdrawalDisputeIn. Anything
 * else is material for the case and nothing more.
 */
import { FREE_WILL } from '../withdrawal.js';
import { readAsSimplified } from './traditional.js';

export type PetitionerIntent = { kind: 'review'; level: 'review' | 'reReview' | 'either' } | { kind: 'followUp'; satisfied: boolean } | undefined;

/** Where the quoted original starts in common Chinese and English mail clients. */
const QUOTE_START = [
  /^-{2,}\s*(原始邮件|原始郵件|Original Message|回复的原邮件|回覆的原郵件)\s*-{2,}/im,
  /^在.{4,80}(写|寫)道[：:]\s*$/m,
  /^On .{4,200}wrote:\s*$/m,
  /^发件人[：:]/m,
  // Outlook and Foxmail in traditional Chinese (Hong Kong, Taiwan).
  /^(寄件者|寄件人|發件人)[：:]/m,
  /^From:\s/m,
];

/** The reply's own text: above the quoted letter, without `>` lines. */
export function ownWords(text: string): string {
  let end = text.length;
  for (const pattern of QUOTE_START) {
    const match = pattern.exec(text);
    if (match && match.index < end) end = match.index;
  }
  return text
    .slice(0, end)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n')
    .trim();
}

const REVIEW = /(申请|要求|请求|提出)(进行)?(复查|复核)/;
const UNSATISFIED = /(不满意|不太满意|很不满意|非常不满意|不认可|不接受)/;
const SATISFIED = /(非常满意|很满意|比较满意|基本满意|满意)/;

export function petitionerIntent(text: string): PetitionerIntent {
  // 不滿意, 申請複查 in a Big5 reply are the same answers.
  const words = readAsSimplified(ownWords(text));
  const review = REVIEW.exec(words);
  if (review) return { kind: 'review', level: review[3] === '复核' ? 'reReview' : review[3] === '复查' ? 'review' : 'either' };
  if (UNSATISFIED.test(words)) return { kind: 'followUp', satisfied: false };
  if (SATISFIED.test(words)) return { kind: 'followUp', satisfied: true };
  return undefined;
}

/**
 * Words that say a withdrawal (撤回) was not the petitioner's own: never made
 * (我没有撤回, 不是我撤回的, 没有要撤回), made in their name (被人冒充, 冒用查询码),
 * not wanted (不同意撤回, 不想撤回), against their will (并非本人意愿), or a plea
 * to go on (恢复办理). Each names the petitioner (我 / 本人) or a negation
 * before 撤回, so the 撤回告知 quoted below a reply (撤回并非您本人真实意愿的，请…)
 * never matches by itself.
 */
const DISPUTE = [
  /(?:没有|没|并没有|从没有?|从来没有?|从未|并未|未曾)(?:要|想|申请|提出|同意|说过?要?|打算)?过?撤回(?!的?必要)/,
  /(?:不是|并非|并不是)(?:我|本人)(?:本人)?(?:自己)?(?:自愿|主动)?(?:要|申请|提出|办理|操作)?的?撤(?:回|的)/,
  /(?:不是|并非|并不是)(?:我|本人)(?:本人)?(?:自己)?(?:打|签|写|提出|申请|说|办)的/,
  /(?:不是|并非|并不是|违背)(?:我|本人)(?:本人)?的?(?:真实)?(?:意愿|本意|意思)/,
  /撤回.{0,12}?(?:不是|并非|并不是)(?:我|本人)/,
  /(?:不是|并非|并不是|非)(?:我|本人)?(?:自愿|主动)撤回/,
  /(?:不同意|不愿意?|不想|不要|没想)撤回/,
  /冒充|冒用|冒名|假冒|盗用/,
  // Asking to go on — not saying there is no need to (不需要再继续处理了, 没想过要继续办理).
  /(?<!(?:不需要|不用|无需|不必|不要|不再|没必要|用不着|没想过?)[再要去]?)(?:恢复|继续)(?:办理|处理|受理)/,
];
/** Pressure (as pressureIn in shared/domain/withdrawal.ts reads a portal withdrawal's reason), counted when the words speak of withdrawing (撤). */
const PRESSURE = /逼|被迫|迫于|威胁|施压|强迫|胁迫|不得不|不得已/;
/** Saying the opposite — nobody pressed them (FREE_WILL, as on the portal), it was their own wish — is taken out before the words are read. */
const VOLUNTARY = /(?:确实|确系|确是)是?(?:我|本人)(?:本人)?(?:自愿|自己)?(?:申请|提出|要求)?的?撤回/g;

/**
 * The words of a reply to a withdrawn case that dispute the withdrawal, as
 * they stand in it; undefined for anything else (thanks, a new question).
 * Only the petitioner's own words are read, not the letter they quote.
 */
export function withdrawalDisputeIn(text: string): string | undefined {
  const words = readAsSimplified(ownWords(text)).replace(FREE_WILL, '　').replace(VOLUNTARY, '　');
  for (const pattern of DISPUTE) {
    const match = pattern.exec(words);
    if (match) return match[0];
  }
  const pressed = PRESSURE.exec(words);
  return pressed && words.includes('撤') ? pressed[0] : undefined;
}

/** Asking to withdraw (我要撤回, 申请撤回这个信访, 不用再处理了): the petitioner's own words, never the letters they quote. */
const WITHDRAWAL_REQUEST = /(?:要|想|申请|决定|现|特此|请求|希望)撤回|撤回(?:这个|此|本|该|我的|上述)?(?:信访|投诉|反映|举报|申请|事项)|不(?:用|需要|必)再?(?:处理|办理|调查)了/;

/**
 * The words of a reply asking to withdraw the petition (撤回), as they stand in
 * it; undefined for anything else, and for words saying the opposite (我没有
 * 撤回, 不想撤回: withdrawalDisputeIn). Staff record a withdrawal only after
 * checking it is the petitioner's own wish; this only tells them it was asked.
 */
export function withdrawalRequestIn(text: string): string | undefined {
  if (withdrawalDisputeIn(text)) return undefined;
  return WITHDRAWAL_REQUEST.exec(readAsSimplified(ownWords(text)))?.[0];
}
