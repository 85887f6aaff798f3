import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-static';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { soukMessages } from './scripts/messages/vite-plugin.ts';

export default defineConfig({
  plugins: [
    soukMessages(fileURLToPath(new URL('.', import.meta.url))),
    sveltekit({
      // A static SPA: every route falls back to index.html, which the service worker precaches.
      // Every text file is also written as .br and .gz for the server to pick by Accept-Encoding.
      adapter: adapter({ fallback: 'index.html', strict: false, precompress: true }),
      serviceWorker: { register: false },
      // The built shell carries this policy in a <meta> tag with the hash of its one inline
      // script; the server sends the same policy as a header, with what a meta tag cannot say
      // (frame-ancestors). Styles may be inline: Svelte writes style attributes.
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          // A picked video or audio file is read on the device (poster, duration) from a blob: URL.
          'media-src': ['self', 'blob:'],
          'connect-src': ['self'],
          'font-src': ['self'],
          'manifest-src': ['self'],
          'worker-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  // SOUK_SOURCEMAP=1 writes source maps, to see which modules make a chunk heavy (not shipped).
  build: { sourcemap: process.env.SOUK_SOURCEMAP === '1' },
  resolve: {
    // The full phone metadata stays on the server (see src/lib/phone-lite.ts).
    alias: {
      'libphonenumber-js/max': fileURLToPath(new URL('src/lib/phone-lite.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/sync': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
