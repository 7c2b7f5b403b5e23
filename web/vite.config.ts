import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// During `npm run dev`, API and Socket.IO calls are proxied to a running chatterd
// (default http://127.0.0.1:8080, override with CHATTER_DEV_TARGET).
const target = process.env.CHATTER_DEV_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline <script>/modulepreload polyfill: the server's CSP is `script-src 'self'`.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/healthz': { target },
      '/socket.io': { target, ws: true },
    },
  },
});
