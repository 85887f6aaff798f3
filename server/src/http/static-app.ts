/**
 * Serves the built web app (WEB_DIR): hashed assets under /_app/immutable cached for a year,
 * everything else (HTML, service-worker.js, the manifest) revalidated on every use. Navigations
 * to client-side routes get the SPA shell: `<WEB_DIR>/business/index.html` (or `business.html`) under
 * /business and likewise under /admin when those exist, else `<WEB_DIR>/index.html`.
 * API and sync paths, and paths that look like files, are never answered with HTML.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Logger } from '../logger.ts';

const sections = ['business', 'admin'] as const;

/** The shell (relative to WEB_DIR) for a navigation to `path`. */
export function shellFor(path: string, webDir: string): string {
  for (const section of sections) {
    if (path !== `/${section}` && !path.startsWith(`/${section}/`)) continue;
    for (const shell of [`${section}/index.html`, `${section}.html`]) {
      if (existsSync(join(webDir, shell))) return shell;
    }
  }
  return 'index.html';
}

export function mountWebApp(app: Hono, webDir: string, logger: Logger): void {
  if (!existsSync(join(webDir, 'index.html'))) {
    logger.warn(
      { webDir },
      'web app not built: serving the API only (run pnpm --filter @souk/web build)',
    );
    return;
  }
  // serveStatic wants a path relative to the working directory.
  const root = relative(process.cwd(), webDir) || '.';
  const files = serveStatic({ root });
  app.use('*', async (c, next) => {
    // serveStatic builds its Response before any hook could add headers: set them on the result.
    const found = await files(c, next);
    if (found instanceof Response && found.ok) {
      const immutable = c.req.path.startsWith('/_app/immutable/');
      found.headers.set(
        'cache-control',
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    return found;
  });
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path === '/sync' || /\.[a-z0-9]+$/i.test(path)) return next();
    c.header('cache-control', 'no-cache');
    return serveStatic({ root, path: shellFor(path, webDir) })(c, next);
  });
}
