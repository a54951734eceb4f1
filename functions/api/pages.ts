import { ICON_LINK } from '../../shared/resources/icon.js';
import { escapeHtml } from '../lib/http.js';

/** A page for a person: plain, printable, readable on a phone, no script. */
export function page(title: string, content: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${ICON_LINK}
<style>body{font-family:"Songti SC","SimSun",serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.8}pre{white-space:pre-wrap;font-family:inherit}h1{text-align:center;font-size:1.5em;letter-spacing:.2em}.number{text-align:right}.envelope{margin:0 0 3em;line-height:1.6}.sign{text-align:right;margin:4em 2em 2em 0;line-height:2}.sign span{display:inline-block;text-align:center}@media print{body{margin:0}}</style></head>
<body>${content}</body></html>`;
}

/**
 * A letter as a page to print and post, its text as written: under the
 * addressee's name and address for the envelope's window (a letter for post),
 * and its title when the text has none of its own (a decision letter has).
 * Laid out as an official letter (公文): the title centred, the issuing body
 * and date that close it to the right, with room above them for the seal.
 */
export function printable(subject: string, text: string, post?: { title?: string; caseNumber: string; to?: { name?: string | undefined; address?: string | undefined } }): string {
  const envelope = post?.to?.address
    ? `<p class="envelope">${escapeHtml(post.to.address)}<br>${escapeHtml(post.to.name ?? '信访人')} 收</p>`
    : '';
  const lines = text.replace(/\s+$/, '').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  const ownTitle = first >= 0 && OWN_TITLE.test(lines[first]!.trim()) ? lines[first]!.trim() : undefined;
  const title = ownTitle ?? (post?.title && !text.trimStart().startsWith(post.title) ? post.title : undefined);
  const body = ownTitle ? lines.slice(first + 1) : lines;
  const number = post ? `<p class="number">登记编号 ${escapeHtml(post.caseNumber)}</p>` : '';
  // The closing: the issuing body's name on the line before the date (桐庐县住房和城乡建设局 / 2026年12月7日).
  const dated = body.findLastIndex((line) => ISSUE_DATE.test(line.trim()));
  const signer = dated > 0 ? body[dated - 1]!.trim() : '';
  const closes = dated > 0 && signer !== '' && signer.length <= 40 && !/[：:。]$/.test(signer);
  const pre = (part: readonly string[]) => (part.join('\n').trim() ? `<pre>${escapeHtml(part.join('\n').replace(/^\n+|\n+$/g, ''))}</pre>` : '');
  const content = closes
    ? `${pre(body.slice(0, dated - 1))}<p class="sign"><span>${escapeHtml(signer)}<br>${escapeHtml(body[dated]!.trim())}</span></p>${pre(body.slice(dated + 1))}`
    : pre(body);
  return page(subject, `${envelope}${title ? `<h1>${escapeHtml(title)}</h1>` : ''}${number}${content}`);
}

/** A letter's own title line: 信访事项处理意见书, 不予受理告知书, 越级上访告知单. */
const OWN_TITLE = /^[\p{Script=Han}（）()]{2,24}(?:书|告知|告知单|通知|通知单|意见)$/u;
/** The date a letter is issued, as letters write it: 2026年12月7日. */
const ISSUE_DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
