/**
 * The y-websocket door (docs/yjs.md): `WebsocketProvider` cannot send a cookie or a header, so a
 * client first exchanges its session here (or its API key at `POST /api/v1/yjs/tokens`) for a
 * single-use token that names one document and expires after `yjsTokenTtlMs`; the token goes in
 * the socket's URL, `/yjs/<doc>?token=…`.
 */
import { z } from 'zod';
import { route } from '../route.ts';

/** How long a token may wait before it is used. */
export const yjsTokenTtlMs = 60_000;

/** Where the door is: a provider's `serverUrl` is the origin (ws/wss) followed by this. */
export const yjsPathPrefix = '/yjs';

export const yjsTokenRequestSchema = z.object({ doc: z.string().min(1).max(200) }).strict();
export type YjsTokenRequest = z.infer<typeof yjsTokenRequestSchema>;

export const yjsTokenSchema = z.object({
  token: z.string(),
  doc: z.string(),
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: z.number(),
});
export type YjsToken = z.infer<typeof yjsTokenSchema>;

export const yjsRoutes = {
  token: route({
    method: 'POST',
    path: '/yjs/tokens',
    body: yjsTokenRequestSchema,
    response: yjsTokenSchema,
    status: 201,
  }),
};
