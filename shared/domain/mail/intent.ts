/**
 * What a petitioner's reply to one of our letters asks for, read from their
 * own words (not the quoted letter below them): a review (申请复查 / 复核), or
 * their answer to the follow-up (满意 / 不满意). Anything else is material for
 * the case and nothing more.
 */
export type PetitionerIntent = { kind: 'review'; level: 'review' | 'reReview' | 'either' } | { kind: 'followUp'; satisfied: boolean } | undefined;

/** Where the quoted original starts in common Chinese and English mail clients. */
const QUOTE_START = [
  /^-{2,}\s*(原始邮件|Original Message|回复的原邮件)\s*-{2,}/im,
  /^在.{4,80}写道[：:]\s*$/m,
  /^On .{4,200}wrote:\s*$/m,
  /^发件人[：:]/m,
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
  const words = ownWords(text);
  const review = REVIEW.exec(words);
  if (review) return { kind: 'review', level: review[3] === '复核' ? 'reReview' : review[3] === '复查' ? 'review' : 'either' };
  if (UNSATISFIED.test(words)) return { kind: 'followUp', satisfied: false };
  if (SATISFIED.test(words)) return { kind: 'followUp', satisfied: true };
  return undefined;
}
