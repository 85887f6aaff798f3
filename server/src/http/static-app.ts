/**
 * Serves the built web app (WEB_DIR): hashed assets under /_app/immutable cached for a year,
 * everything else (HTML, service-worker.js, the manifest) revalidated on every use. Text files
 * go out precompressed as the client accepts (static-files.ts). Navigations to client-side
 * routes get the SPA shell: `<WEB_DIR>/business/index.html` (or `business.html`) under /business
 * and likewise under /admin when those exist, else `<WEB_DIR>/index.html` (a bare /business moves
 * to /business/, inside the business worker's scope). Every file carries
 * the app's Content-Security-Policy from the build (shell-policy.ts): the shell needs it, and
 * the service worker runs under the policy its own script arrives with.
 * API and sync paths, and paths that look like files, are never answered with HTML.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Hono } from 'hono';
import type { Logger } from '../logger.ts';
import { fileResponse } from './static-files.ts';
import { ShellPolicies } from './shell-policy.ts';

const sections = ['business', 'admin'] as const;
const immutableCache = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

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

/** The file under `webDir` a URL path names, or null when it would step outside or is odd. */
function fileFor(webDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/(^|[/\\])\.\.?([/\\]|$)|\\|\0/.test(decoded)) return null;
  const path = join(webDir, decoded);
  return path.startsWith(webDir + sep) ? path : null;
}

export function mountWebApp(app: Hono, webDir: string, logger: Logger): void {
  if (!existsSync(join(webDir, 'index.html'))) {
    logger.warn(
      { webDir },
      'web app not built: serving the API only (run pnpm --filter @souk/web build)',
    );
    return;
  }
  const policies = new ShellPolicies((path) =>
    logger.warn({ path }, 'the built app carries no Content-Security-Policy: rebuild the web app'),
  );
  const appPolicy = () => policies.of(join(webDir, 'index.html'));

  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = fileFor(webDir, c.req.path);
    const immutable = c.req.path.startsWith('/_app/immutable/');
    const found = path
      ? fileResponse(c, path, {
          'cache-control': immutable ? immutableCache : revalidate,
          'content-security-policy': appPolicy(),
        })
      : null;
    return found ?? next();
  });
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path === '/sync' || /\.[a-z0-9]+$/i.test(path)) return next();
    // Souk Business's worker is scoped to /business/: a page opened at /business is outside it.
    if (path === '/business' && existsSync(join(webDir, 'business', 'index.html')))
      return c.redirect(`/business/${new URL(c.req.url).search}`, 302);
    const shell = join(webDir, shellFor(path, webDir));
    const found = fileResponse(c, shell, {
      'cache-control': revalidate,
      'content-security-policy': policies.of(shell),
    });
    return found ?? next();
  });
}
