import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:3000';

/**
 * The staff console. `npm run dev:console` serves it with hot reload and
 * passes /api (prefix stripped, as the local gateway does) and /local to the
 * local API started by `npm start`.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, '') },
      '/local': { target: api, changeOrigin: true },
    },
  },
});
