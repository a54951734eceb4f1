/**
 * What the deployed bundles have in place of `postcss` (an esbuild alias,
 * infra/bundling.ts). sanitize-html imports postcss's `parse` for one purpose:
 * filtering the CSS of style attributes a policy keeps. The mail sanitiser keeps
 * none and turns that parsing off, so this is never called; if a policy ever
 * keeps styles, it fails loudly here rather than passing CSS through unchecked.
 */
export function parse(): never {
  throw new Error('postcss is not in this bundle (infra/bundling.ts STYLE_PARSER_ALIAS): the HTML sanitiser must not parse style attributes');
}
