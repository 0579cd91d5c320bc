// tools/web/vite.config.ts: one page, relative asset paths, served by `ddx serve` from memory. DDX_WEB_OUT sets the
// output folder (CMake builds into the build tree); `npm run dev` proxies /v1 to a `ddx serve` on port 8080.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: './',
  build: {
    outDir: process.env.DDX_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000, // Graphviz in WebAssembly is one large chunk, loaded only when a network is drawn
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' }, fs: { allow: ['../..'] } },
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
