/**
 * `POST /api/yjs/tokens`: a session's single-use ticket for the y-websocket door (docs/yjs.md),
 * for one document the identity may open (else 403 `forbidden`, `details.reason` `not_readable`).
 * The API key's twin, `POST /api/v1/yjs/tokens`, is in api-v1-routes.ts.
 */
import { Hono } from 'hono';
import { messageOf, SoukError, yjsRoutes, type Actor } from '@souk/sync';
import type { DocStore } from '../sync/doc-store.ts';
import { mayRead } from '../sync/access.ts';
import type { YjsHolder, YjsTokens } from '../yjs/yjs-tokens.ts';
import { register } from './contract-route.ts';
import { requireSession, type Env } from './session.ts';

/** Issues a token for `doc` if `actor` may open it. */
export async function issueYjsToken(
  deps: { tokens: YjsTokens; store: DocStore },
  holder: YjsHolder,
  actor: Actor,
  doc: string,
) {
  if (!(await mayRead(deps.store, doc, actor)))
    throw new SoukError('forbidden', messageOf({ code: 'not_readable' }), {
      reason: 'not_readable',
    });
  return deps.tokens.issue(holder, doc);
}

export function yjsTokenRoutes(deps: { tokens: YjsTokens; store: DocStore }) {
  const routes = new Hono<Env>();
  register(routes, yjsRoutes.token, async (c, { body }) => {
    const session = requireSession(c);
    const identity = session.identity as { id: string; kind: 'person' | 'business' };
    return issueYjsToken(
      deps,
      { kind: 'session', sessionId: session.id, identity },
      identity,
      body.doc,
    );
  });
  return routes;
}
