/**
 * Templates over HTTP: the business publishes and lists its own (`/business/templates`, behind
 * the business gate like every business route), and any signed-in device fetches a business's
 * pack (`/templates/:businessId/pack`) with ETag revalidation: a device that has the current
 * pack gets a 304 and no body.
 */
import { Hono } from 'hono';
import { SoukError, templateRoutes as described } from '@souk/sync';
import type { TemplateService } from '../templates/template-service.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

const packMaxAgeSeconds = 31 * 24 * 60 * 60;

export function templateRoutes(deps: { templates: TemplateService }) {
  const routes = new Hono<Env>();

  const businessOf = (session: ReturnType<typeof requireSession>) => {
    if (session.identity.kind !== 'business')
      throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
    return session.identity.id;
  };

  register(routes, described.list, (c) => deps.templates.latest(businessOf(requireSession(c))));

  register(routes, described.publish, (c, { body }) =>
    deps.templates.publish(businessOf(requireSession(c)), body),
  );

  register(routes, described.pack, async (c, { params }) => {
    requireSession(c);
    const pack = await deps.templates.pack(params.businessId!);
    // Cached as long as a device keeps a pack (31 days); the app's refreshes revalidate with the
    // ETag (`cache: 'no-cache'`), so a newer version is never missed and an unchanged one is a 304.
    c.header('Cache-Control', `private, max-age=${packMaxAgeSeconds}`);
    return { etag: `"${pack.templates.length}-${pack.publishedAt}"`, value: pack };
  });

  return routes;
}
