import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `npm run dev` the API runs on :8000 and Vite proxies /api to it, so the browser sees one origin.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false } },
  },
  // The manifest lets scripts/bundle-size.mjs tell the first load from the lazily loaded pages.
  build: { outDir: 'dist', sourcemap: true, manifest: true },
});
