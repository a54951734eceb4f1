/**
 * What a browser loads of the staff console, read from Vite's build manifest
 * (`.vite/manifest.json`) and its index.html. Pure: no file system, no build;
 * scripts/lib/bench-console-bundle.ts feeds it and weighs the files.
 */
import type { Manifest } from 'vite';

/** Files (relative to dist, e.g. `assets/index-Wn2c3J0Q.js`) of one load. */
export interface LoadFiles {
  js: string[];
  css: string[];
}

/** A chunk loaded only when a route asks for it (`import()`), and what it brings that the first load has not. */
export interface LazyLoad extends LoadFiles {
  /** The manifest key: the source file the chunk was built from (e.g. `src/pages/Workbench/index.tsx`). */
  key: string;
  /** The chunk's own file. */
  file: string;
  /** A page a visitor can land on: the entry imports it (a lazy route), not another lazy chunk (e.g. the case page's audit trail). */
  route: boolean;
}

/**
 * The manifest keys reached from `start` through static imports only: what the
 * browser must fetch before the code of `start` runs. Dynamic imports (lazy
 * routes) are left out: they load later, on demand. Order: depth first, each once.
 */
export function staticClosure(manifest: Manifest, start: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk "${key}" (imported but not listed)`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  start.forEach(visit);
  return [...seen];
}

function filesOf(manifest: Manifest, keys: readonly string[]): LoadFiles {
  const js = keys.map((key) => manifest[key]!.file).filter((file) => /\.m?js$/.test(file));
  const css = [...new Set(keys.flatMap((key) => manifest[key]!.css ?? []))];
  return { js, css };
}

/** The first load: every entry chunk (`isEntry`), its static imports, and the CSS they carry. */
export function firstLoad(manifest: Manifest): LoadFiles {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (entries.length === 0) throw new Error('the manifest has no entry chunk');
  return filesOf(manifest, staticClosure(manifest, entries));
}

/**
 * Each chunk loaded by a dynamic import (a lazy route), with the static imports
 * it adds to the first load: what the browser fetches when that page is first
 * opened (files the first load already brought are not counted again).
 */
export function lazyLoads(manifest: Manifest): LazyLoad[] {
  const first = firstLoad(manifest);
  const loaded = new Set([...first.js, ...first.css]);
  const routes = new Set(Object.values(manifest).flatMap((chunk) => (chunk.isEntry ? (chunk.dynamicImports ?? []) : [])));
  return Object.keys(manifest)
    .filter((key) => manifest[key]!.isDynamicEntry)
    .sort()
    .map((key) => {
      const files = filesOf(manifest, staticClosure(manifest, [key]));
      return {
        key,
        file: manifest[key]!.file,
        route: routes.has(key),
        js: files.js.filter((file) => !loaded.has(file)),
        css: files.css.filter((file) => !loaded.has(file)),
      };
    });
}

/**
 * What index.html makes the browser fetch at once: module scripts, module
 * preloads and stylesheets, as paths relative to dist (`/assets/x.js` →
 * `assets/x.js`). A cross-check of {@link firstLoad}: Vite writes these tags
 * from the same graph, so the two must name the same files.
 */
export function htmlFirstLoad(html: string): LoadFiles {
  const js: string[] = [];
  const css: string[] = [];
  const local = (url: string) => url.replace(/^\.?\//, '');
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag) && attr('type') === 'module' && attr('src')) js.push(local(attr('src')!));
    else if (/^<link/i.test(tag) && attr('rel') === 'modulepreload' && attr('href')) js.push(local(attr('href')!));
    else if (/^<link/i.test(tag) && attr('rel') === 'stylesheet' && attr('href')) css.push(local(attr('href')!));
  }
  return { js, css };
}
