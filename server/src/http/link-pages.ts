/**
 * `/c/<handle>`: a business's link, answered by the server itself so previews work without
 * scripts (links/link-html.ts). A handle the business renamed within `handleRedirectMs` redirects
 * (301, keeping `?text=`); an unknown or expired one is a 404. The web app, when built, then shows
 * the page from `/api/links/<handle>` under the app's own policy.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { isHandle } from '@souk/sync';
import type { Logger } from '../logger.ts';
import type { LinkService } from '../links/link-service.ts';
import { linkHtml, notFoundHtml, standalonePolicy } from '../links/link-html.ts';
import { ShellPolicies } from './shell-policy.ts';

export function mountLinkPages(
  app: Hono,
  deps: { links: LinkService; webDir: string; publicOrigin: string | undefined; logger: Logger },
): void {
  const shellPath = join(deps.webDir, 'index.html');
  const policies = new ShellPolicies((path) =>
    deps.logger.warn({ path }, 'the built app carries no Content-Security-Policy'),
  );
  let cached: { mtimeMs: number; html: string } | null = null;
  const shell = (): string | null => {
    if (!existsSync(shellPath)) return null;
    const { mtimeMs } = statSync(shellPath);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(shellPath, 'utf8') };
    return cached.html;
  };

  app.get('/c/:handle', async (c) => {
    const html = shell();
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': html === null ? standalonePolicy : policies.of(shellPath),
    };
    const handle = c.req.param('handle');
    const page = isHandle(handle) ? await deps.links.page(handle) : null;
    if (!page) return c.body(notFoundHtml(html), 404, headers);
    if (page.handle !== handle) {
      const query = new URL(c.req.url).search;
      return c.redirect(`/c/${page.handle}${query}`, 301);
    }
    const origin = deps.publicOrigin ?? new URL(c.req.url).origin;
    return c.body(linkHtml(html, page, origin), 200, headers);
  });
}
