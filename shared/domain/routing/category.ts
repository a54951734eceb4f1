import type { Category } from '../case.js';

/**
 * The kind of petition (信访事项类别) its own words name, for a case no rule
 * or staff member has classed: 投诉 is a complaint, 纠纷 a dispute, 建议 a
 * suggestion, 咨询 a question, 请求/要求…解决 a request (求决, the commonest).
 * Checked in that order, so "投诉…建议尽快处理" is a complaint. A 举报 is found
 * before this (isAccusation). The word found goes into the routing reasons,
 * where staff see it and correct the class when it is wrong.
 */
const CATEGORY_WORDS: readonly (readonly [Category, RegExp])[] = [
  ['complaint', /投诉|申诉/],
  ['dispute', /纠纷|争议|矛盾调解/],
  ['suggestion', /建议|献言献策|意见和建议/],
  ['consultation', /咨询|请问|想问一下|想了解|是否可以办理|如何办理|怎么办理/],
  ['request', /请求|要求|恳请|求助|申请|希望.{0,12}解决|请.{0,6}帮.{0,4}解决/],
];

export function categoryFromWords(text: string): { category: Category; word: string } | undefined {
  for (const [category, pattern] of CATEGORY_WORDS) {
    const found = pattern.exec(text);
    if (found) return { category, word: found[0] };
  }
  return undefined;
}
