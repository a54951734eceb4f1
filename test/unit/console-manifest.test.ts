import type { Manifest } from 'vite';
import { describe, expect, it } from 'vitest';
import { firstLoad, htmlFirstLoad, lazyLoads, staticClosure } from '../../scripts/lib/console-manifest.js';

/** A Vite manifest shaped like the console's: an entry, a vendor chunk it imports, and a lazy page sharing a chunk. */
const manifest: Manifest = {
  'index.html': { file: 'assets/index-A1.js', src: 'index.html', isEntry: true, imports: ['_react-B2.js'], dynamicImports: ['src/pages/Workbench/index.tsx'], css: ['assets/index-C3.css'] },
  '_react-B2.js': { file: 'assets/react-B2.js', name: 'react' },
  'src/pages/Workbench/index.tsx': { file: 'assets/Workbench-D4.js', src: 'src/pages/Workbench/index.tsx', isDynamicEntry: true, imports: ['_react-B2.js', '_Table-E5.js'] },
  '_Table-E5.js': { file: 'assets/Table-E5.js', name: 'Table', imports: ['_react-B2.js'] },
};

describe('the console bundle benchmark reads the Vite manifest', () => {
  it('counts the entry and its static imports in the first load, never a dynamic import', () => {
    expect(firstLoad(manifest)).toEqual({ js: ['assets/index-A1.js', 'assets/react-B2.js'], css: ['assets/index-C3.css'] });
  });

  it('weighs a lazy page by what it adds to the first load', () => {
    expect(lazyLoads(manifest)).toEqual([
      { key: 'src/pages/Workbench/index.tsx', file: 'assets/Workbench-D4.js', route: true, js: ['assets/Workbench-D4.js', 'assets/Table-E5.js'], css: [] },
    ]);
  });

  it('tells a route (a landing page) from a chunk a page loads after it', () => {
    const nested: Manifest = {
      ...manifest,
      'src/pages/Workbench/index.tsx': { ...manifest['src/pages/Workbench/index.tsx']!, dynamicImports: ['src/pages/Workbench/Audit.tsx'] },
      'src/pages/Workbench/Audit.tsx': { file: 'assets/Audit-F6.js', isDynamicEntry: true, imports: ['src/pages/Workbench/index.tsx'] },
    };
    expect(lazyLoads(nested).map((l) => [l.key, l.route])).toEqual([
      ['src/pages/Workbench/Audit.tsx', false],
      ['src/pages/Workbench/index.tsx', true],
    ]);
  });

  it('visits a chunk imported twice once, and names an import the manifest lacks', () => {
    expect(staticClosure(manifest, ['src/pages/Workbench/index.tsx'])).toEqual(['src/pages/Workbench/index.tsx', '_react-B2.js', '_Table-E5.js']);
    expect(() => staticClosure({ a: { file: 'a.js', imports: ['_gone.js'] } }, ['a'])).toThrow(/_gone\.js/);
  });

  it('reads the first load index.html asks for: module script, module preloads, stylesheet', () => {
    const html = `<head>
      <script type="module" crossorigin src="/assets/index-A1.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-B2.js">
      <link rel="stylesheet" crossorigin href="/assets/index-C3.css">
      <link rel="icon" href="/favicon.ico">
    </head>`;
    expect(htmlFirstLoad(html)).toEqual(firstLoad(manifest));
  });
});
