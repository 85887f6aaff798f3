import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-static';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      // A static SPA: every route falls back to index.html, which the service worker precaches.
      adapter: adapter({ fallback: 'index.html', strict: false }),
      serviceWorker: { register: false },
    }),
  ],
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/sync': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
