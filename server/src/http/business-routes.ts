/**
 * The business app's platform routes under `/api/business/*`. Every one needs a business session
 * (the business app's cookie) and, except accepting the terms, passes the business gate: the
 * current terms accepted and not suspended (403 `forbidden` with the reason otherwise).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  acceptTermsSchema,
  nameChangeRequestSchema,
  photoUpload,
  registerBusinessSchema,
  setCategorySchema,
  SoukError,
  verificationRequestSchema,
} from '@souk/sync';
import type { TermsService } from '../business/terms-service.ts';
import type { BusinessService } from '../business/business-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import type { ProfileService } from '../business/profile-service.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

function businessId(c: Context<Env>): string {
  const session = requireSession(c);
  if (session.identity.kind !== 'business')
    throw new SoukError('forbidden', 'Sign in to Souk Business for this.');
  return session.identity.id;
}

export function businessRoutes(deps: {
  terms: TermsService;
  businesses: BusinessService;
  gate: BusinessGate;
  profiles: ProfileService;
}) {
  const routes = new Hono<Env>();

  routes.use('/business/*', async (c, next) => {
    const id = businessId(c);
    if (c.req.method === 'POST' && c.req.path.endsWith('/business/terms/accept')) return next();
    await requireBusinessGate(deps.gate, id);
    return next();
  });

  routes.post('/business/terms/accept', async (c) => {
    const versions = await parseBody(c, acceptTermsSchema);
    await deps.terms.accept(businessId(c), versions);
    return c.json({ accepted: versions });
  });

  routes.get('/business/me', async (c) => {
    const id = businessId(c);
    const business = await deps.businesses.get(id);
    return c.json({
      business,
      names: business ? await deps.businesses.nameHistory(id) : [],
    });
  });

  routes.post('/business/register', async (c) => {
    const { name, category } = await parseBody(c, registerBusinessSchema);
    return c.json(await deps.businesses.register(businessId(c), name, category), 201);
  });

  routes.post('/business/name-change', async (c) => {
    const { name, reason } = await parseBody(c, nameChangeRequestSchema);
    return c.json(await deps.businesses.requestNameChange(businessId(c), name, reason), 201);
  });

  routes.post('/business/verification', async (c) => {
    const { evidence } = await parseBody(c, verificationRequestSchema);
    return c.json(await deps.businesses.requestVerification(businessId(c), evidence), 201);
  });

  routes.post('/business/category', async (c) => {
    const { category } = await parseBody(c, setCategorySchema);
    await deps.profiles.setCategory(businessId(c), category);
    return c.json({ category });
  });

  // The photo is the request body itself (an image/* type), at most photoUpload.maxBytes.
  routes.post(
    '/business/photo',
    bodyLimit({
      maxSize: photoUpload.maxBytes,
      onError: () => {
        throw new SoukError('too_large', 'The photo can be at most 5 MB.');
      },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!(photoUpload.types as readonly string[]).includes(type))
        throw new SoukError('bad_request', 'The photo must be a JPEG, PNG or WebP image.');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await deps.profiles.setPhoto(businessId(c), bytes));
    },
  );

  return routes;
}
