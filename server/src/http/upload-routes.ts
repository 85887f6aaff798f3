/**
 * `/uploads`: the tus endpoint (media/tus-uploads.ts), outside `/api` because the tus protocol
 * owns its requests and answers. Before tus sees a request: the origin guard, a session (a
 * business through the business gate), and
 * - creating (POST): a known `kind`, a declared `Upload-Length` within that kind's limit, and a
 *   chat the uploader is a member of — refused with reason codes before any byte is stored;
 * - resuming (HEAD, PATCH) or cancelling (DELETE): only the upload's owner; anyone else gets the
 *   404 an unknown upload gets. GET is not served: the bytes come back only as checked media.
 * `GET /api/uploads/:id` (contract `uploadResult`) tells the owner what a finished upload became.
 */
import { Hono } from 'hono';
import { Metadata } from '@tus/server';
import {
  refusalError,
  SoukError,
  uploadKinds,
  uploadRoutes as contract,
  uploadsPath,
} from '@souk/sync';
import type { AuthService } from '../auth/auth-service.ts';
import { requireBusinessGate, type BusinessGate } from '../business/business-gate.ts';
import type { MediaService } from '../business/media-service.ts';
import type { UploadConfig } from '../media/upload-config.ts';
import type { UploadFinisher } from '../media/upload-finish.ts';
import { isUploadKind, uploaderHeader, type TusUploads } from '../media/tus-uploads.ts';
import { register } from './contract-route.ts';
import { originGuard, type AllowedOrigins } from './origin-guard.ts';
import { requireSession, sessionMiddleware, type Env } from './session.ts';

export interface UploadRouteDeps {
  tus: TusUploads;
  config: UploadConfig;
  /** Its membership check: who may upload to a chat. */
  media: MediaService;
  auth: AuthService;
  gate: BusinessGate;
  origins: AllowedOrigins;
}

const notFound = () => new SoukError('not_found', 'No such upload.');

export function uploadRoutes(deps: UploadRouteDeps) {
  const routes = new Hono<Env>();
  for (const path of [uploadsPath, `${uploadsPath}/:id`])
    routes.use(path, originGuard(deps.origins), sessionMiddleware(deps.auth));
  routes.all(uploadsPath, async (c) => {
    if (c.req.method === 'OPTIONS') return deps.tus.handle(c.req.raw);
    if (c.req.method !== 'POST') throw notFound();
    const identity = await signedIn(c, deps.gate);
    await checkCreation(c.req.raw.headers, identity, deps);
    const headers = new Headers(c.req.raw.headers);
    headers.set(uploaderHeader, identity);
    const init: RequestInit & { duplex: 'half' } = { headers, duplex: 'half' };
    return deps.tus.handle(new Request(c.req.raw, init));
  });
  routes.all(`${uploadsPath}/:id`, async (c) => {
    const method = c.req.method;
    if (method === 'OPTIONS') return deps.tus.handle(c.req.raw);
    if (method !== 'HEAD' && method !== 'PATCH' && method !== 'DELETE') throw notFound();
    const identity = await signedIn(c, deps.gate);
    const upload = await deps.tus.info(c.req.param('id'));
    if (!upload || upload.owner !== identity) throw notFound();
    return deps.tus.handle(c.req.raw);
  });
  return routes;
}

/** `GET /api/uploads/:id`: what one's own finished upload became. */
export function uploadResultRoutes(finisher: UploadFinisher) {
  const routes = new Hono<Env>();
  register(routes, contract.uploadResult, async (c, { params }) => {
    const result = await finisher.result(params['id'] ?? '', requireSession(c).identity.id);
    if (!result) throw notFound();
    return result;
  });
  return routes;
}

async function signedIn(c: Parameters<typeof requireSession>[0], gate: BusinessGate) {
  const session = requireSession(c);
  if (session.identity.kind === 'business') await requireBusinessGate(gate, session.identity.id);
  return session.identity.id;
}

async function checkCreation(headers: Headers, identity: string, deps: UploadRouteDeps) {
  let metadata: Record<string, string | null>;
  try {
    metadata = Metadata.parse(headers.get('upload-metadata') ?? undefined) ?? {};
  } catch {
    throw new SoukError('bad_request', 'Upload-Metadata is malformed.');
  }
  const kind = metadata['kind'];
  if (!isUploadKind(kind))
    throw refusalError('bad_request', {
      code: 'upload_kind',
      details: { kinds: [...uploadKinds] },
    });
  const length = headers.get('upload-length');
  if (length === null || !/^\d{1,15}$/.test(length))
    throw refusalError('bad_request', { code: 'upload_length_required' });
  const limit = deps.config.maxBytes[kind];
  if (Number(length) > limit)
    throw refusalError('too_large', {
      code: 'upload_too_large',
      details: { megabytes: Math.round(limit / (1024 * 1024)), limit, kind },
    });
  if (Number(length) === 0) throw refusalError('bad_request', { code: 'upload_empty' });
  const chat = metadata['chat'] ?? '';
  if (
    !/^[A-Za-z0-9_-]{1,64}$/.test(chat) ||
    !(await deps.media.membership.isMember(chat, identity))
  )
    throw refusalError('forbidden', { code: 'not_a_member' });
}
