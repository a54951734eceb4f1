import { ICON_LINK } from '../../shared/resources/icon.js';
import { escapeHtml } from '../lib/http.js';

/** A page for a person: plain, printable, readable on a phone, no script. */
export function page(title: string, content: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${ICON_LINK}
<style>body{font-family:"Songti SC","SimSun",serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.8}pre{white-space:pre-wrap;font-family:inherit}h1{text-align:center;font-size:1.5em;letter-spacing:.2em}.number{text-align:right}.envelope{margin:0 0 3em;line-height:1.6}@media print{body{margin:0}}</style></head>
<body>${content}</body></html>`;
}

/**
 * A letter as a page to print and post, its text as written: under the
 * addressee's name and address for the envelope's window (a letter for post),
 * and its title when the text has none of its own (a decision letter has).
 */
export function printable(subject: string, text: string, post?: { title?: string; caseNumber: string; to?: { name?: string | undefined; address?: string | undefined } }): string {
  const envelope = post?.to?.address
    ? `<p class="envelope">${escapeHtml(post.to.address)}<br>${escapeHtml(post.to.name ?? '信访人')} 收</p>`
    : '';
  const heading = post?.title && !text.trimStart().startsWith(post.title) ? `<h1>${escapeHtml(post.title)}</h1>` : '';
  const number = post ? `<p class="number">登记编号 ${escapeHtml(post.caseNumber)}</p>` : '';
  return page(subject, `${envelope}${heading}${number}<pre>${escapeHtml(text)}</pre>`);
}
