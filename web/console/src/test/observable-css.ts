/**
 * antd writes its CSS-in-JS into <style> elements (innerHTML), and happy-dom
 * matches every rule of every stylesheet on each getComputedStyle — which
 * Testing Library calls for each candidate of a role query (hidden? accessible
 * name?) and user-event for each click (pointer-events). That matching was the
 * larger part of a page test's time. Of antd's declarations a test can only
 * observe the ones below: what hides an element, what refuses clicks, generated
 * text. So the stylesheets keep exactly those (selectors and media/supports
 * conditions unchanged, so the same elements are hidden) and drop the rest
 * (colours, sizes, spacing, animations), which no assertion reads — except
 * the custom properties those declarations read (antd's grid takes display
 * from --ant-grid-display).
 */
const OBSERVABLE = new Set(['display', 'visibility', 'pointer-events', 'content']);

/** CSS as stylis serialises it, as a tree of blocks and declarations; quotes and parentheses respected. */
type Block = { prelude: string; items: (Block | string)[] };

function parse(css: string): Block {
  const root: Block = { prelude: '', items: [] };
  const stack = [root];
  let text = '';
  let quote = '';
  let depth = 0;
  for (const ch of css) {
    if (quote) {
      text += ch;
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === '{') {
      const block: Block = { prelude: text.trim(), items: [] };
      stack[stack.length - 1]!.items.push(block);
      stack.push(block);
      text = '';
      continue;
    } else if (depth === 0 && (ch === ';' || ch === '}')) {
      if (text.trim()) stack[stack.length - 1]!.items.push(text.trim());
      text = '';
      if (ch === '}' && stack.length > 1) stack.pop();
      continue;
    }
    text += ch;
  }
  if (text.trim()) root.items.push(text.trim());
  return root;
}

const declared = (declaration: string) => declaration.slice(0, declaration.indexOf(':')).trim();
const referenced = (declaration: string) => [...declaration.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]!);

/**
 * Custom properties the observable declarations read (`display: var(--ant-grid-display)`),
 * and the ones those read, across every stylesheet filtered so far.
 */
const needed = new Set<string>();

function collect(block: Block, custom: Map<string, string[]>) {
  for (const item of block.items) {
    if (typeof item !== 'string') collect(item, custom);
    else if (declared(item).startsWith('--')) custom.set(declared(item), [...(custom.get(declared(item)) ?? []), ...referenced(item)]);
    else if (OBSERVABLE.has(declared(item).toLowerCase())) referenced(item).forEach((name) => needed.add(name));
  }
}

function serialise(block: Block, top: boolean): string {
  let out = '';
  for (const item of block.items) {
    if (typeof item === 'string') {
      // A declaration inside a rule, or a statement at the top (`@layer a, b;`, `@import`).
      const name = declared(item);
      if (top || OBSERVABLE.has(name.toLowerCase()) || needed.has(name)) out += `${item};`;
    } else if (!/^@(-\w+-)?keyframes\b/i.test(item.prelude) && !/^@font-face\b/i.test(item.prelude)) {
      const inner = serialise(item, false);
      if (inner) out += `${item.prelude}{${inner}}`;
    }
  }
  return out;
}

export function observableCss(css: string): string {
  const tree = parse(css);
  const custom = new Map<string, string[]>();
  collect(tree, custom);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...needed]) {
      for (const next of custom.get(name) ?? []) {
        if (!needed.has(next)) {
          needed.add(next);
          grew = true;
        }
      }
    }
  }
  return serialise(tree, true);
}

/** Filters what is written into a <style>'s innerHTML; reading it back gives what was written (antd compares it before rewriting). */
export function keepOnlyObservableCss() {
  const proto = window.HTMLStyleElement.prototype;
  const inner = Object.getOwnPropertyDescriptor(window.Element.prototype, 'innerHTML')!;
  const written = new WeakMap<Element, { css: string; kept: string }>();
  Object.defineProperty(proto, 'innerHTML', {
    configurable: true,
    get(this: HTMLStyleElement) {
      const html: string = inner.get!.call(this);
      const last = written.get(this);
      return last && last.kept === html ? last.css : html;
    },
    set(this: HTMLStyleElement, css: string) {
      const kept = observableCss(css);
      written.set(this, { css, kept });
      inner.set!.call(this, kept);
    },
  });
}
