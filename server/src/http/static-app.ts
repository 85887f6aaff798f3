/**
 * Serves the built web app: hashed assets cached for a year, everything else revalidated, and
 * the SPA shell for navigations to client-side routes (API paths are never answered with HTML).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Logger } from '../logger.ts';

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
  app.use(
    '*',
    serveStatic({
      root,
      onFound: (path, c) => {
        const immutable = path.includes('/_app/immutable/');
        c.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path === '/sync' || /\.[a-z0-9]+$/i.test(path)) return next();
    c.header('cache-control', 'no-cache');
    return serveStatic({ root, path: 'index.html' })(c, next);
  });
}
