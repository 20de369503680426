// Builds the web client into dist/, the folder the C server serves (WEB_ROOT). In development
// `npx vite` proxies the API and the socket to a server on :4000.
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env.OPENCHAT_DEV_SERVER ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The server gives assets/<name>-<hash>.<ext> a year-long immutable cache.
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
