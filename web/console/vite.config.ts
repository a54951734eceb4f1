import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { ICON_DATA_URI } from '../../shared/resources/icon.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

/** The service's icon in the page's head, inline: the browser then never asks for /favicon.ico. */
const icon: Plugin = {
  name: 'xinfang-icon',
  transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href: ICON_DATA_URI }, injectTo: 'head' }],
};

/**
 * The staff console. `npm run dev:console` serves it with hot reload and
 * passes /api (prefix stripped, as the local gateway does) and /local to the
 * local API started by `npm start`, and /config.json to its gateway.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), icon],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        // React and its router change less often than the app: their chunk stays cached across releases.
        // Ant Design is left to the pages' chunks, so a page loads only the components it uses.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router|@tanstack)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, '') },
      '/local': { target: api, changeOrigin: true },
      // The runtime configuration (staff picker locally), answered by the gateway as CloudFront's bucket does on AWS.
      '/config.json': { target: api, changeOrigin: true },
    },
  },
});
