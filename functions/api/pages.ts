import { ICON_LINK } from '../../shared/resources/icon.js';
import { escapeHtml } from '../lib/http.js';

/** A page for a person: plain, printable, readable on a phone, no script. */
export function page(title: string, content: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${ICON_LINK}
<style>body{font-family:"Songti SC","SimSun",serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.8}pre{white-space:pre-wrap;font-family:inherit}@media print{body{margin:0}}</style></head>
<body>${content}</body></html>`;
}

/** A letter as a page to print and post, its text as written. */
export function printable(subject: string, text: string): string {
  return page(subject, `<pre>${escapeHtml(text)}</pre>`);
}
