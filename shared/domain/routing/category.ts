import type { Category } from '../case.js';

/**
 * The kind of petition (信访事项类别) its own words name, for a case no rule
 * or staff member has classed: 投诉 is a complaint and 纠纷 a dispute (the
 * petitioner names these), then a request for something to be done (求决, the
 * commonest: 请求, 恳请, 要求…解决/处理/赔偿…, 希望…解决), before 咨询/请问 and
 * 建议 — a request that also asks a question or suggests stricter supervision
 * is still a request. A 举报 is found before this (isAccusation). Bare 要求
 * is not a request ("不符合环保要求"). The word found goes into the routing
 * reasons, where staff see it and correct the class when it is wrong.
 */
const CATEGORY_WORDS: readonly (readonly [Category, RegExp])[] = [
  ['complaint', /投诉|申诉/],
  ['dispute', /纠纷|争议|矛盾调解/],
  ['request', /请求|恳请|求助|(?:我|我们|强烈|特此|现)要求|要求.{0,10}(?:解决|处理|赔偿|补发|支付|退还|恢复|整改|维修|查处)|希望.{0,12}(?:解决|处理)|请.{0,6}帮.{0,4}解决/],
  ['consultation', /咨询|请问|想问一下|想了解|是否可以办理|如何办理|怎么办理/],
  ['suggestion', /建议|献言献策|意见和建议/],
];

export function categoryFromWords(text: string): { category: Category; word: string } | undefined {
  for (const [category, pattern] of CATEGORY_WORDS) {
    const found = pattern.exec(text);
    if (found) return { category, word: found[0] };
  }
  return undefined;
}
