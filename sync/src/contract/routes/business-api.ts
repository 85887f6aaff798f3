/**
 * The Business API, `/api/v1/*`, for a business's own servers: an API key instead of a session
 * (server/src/http/api-v1-routes.ts checks it, and the route's scope, before the body). Sending
 * answers 201, or 200 with `Idempotent-Replayed: true` when an Idempotency-Key repeats a request.
 * Its OpenAPI document is generated from these descriptions (server/src/api/openapi.ts).
 */
import { z } from 'zod';
import {
  apiDeletedSchema,
  apiMessageSchema,
  apiReactionSchema,
  reactSchema,
  sendMessageSchema,
  type ApiScope,
} from '../../business-api.ts';
import { businessStatsSchema, statsRangeQuerySchema } from '../../stats.ts';
import { route } from '../route.ts';
import { yjsTokenRequestSchema, yjsTokenSchema } from './yjs.ts';

export const businessApiRoutes = {
  send: route({
    method: 'POST',
    path: '/v1/messages',
    body: sendMessageSchema,
    response: apiMessageSchema,
    status: 201,
  }),
  message: route({ method: 'GET', path: '/v1/messages/:id', response: apiMessageSchema }),
  /** Delete for everyone one of the business's messages sent through the API (within 48 h). */
  deleteMessage: route({ method: 'DELETE', path: '/v1/messages/:id', response: apiDeletedSchema }),
  react: route({
    method: 'POST',
    path: '/v1/reactions',
    body: reactSchema,
    response: apiReactionSchema,
  }),
  stats: route({
    method: 'GET',
    path: '/v1/stats',
    query: statsRangeQuerySchema,
    response: businessStatsSchema,
  }),
  /** A single-use ticket for `/yjs/<doc>` (docs/yjs.md), for a document the business may open. */
  yjsToken: route({
    method: 'POST',
    path: '/v1/yjs/tokens',
    body: yjsTokenRequestSchema,
    response: yjsTokenSchema,
    status: 201,
  }),
};

/** The scope of the key each route needs. */
export const businessApiScopes = {
  send: 'messages:send',
  message: 'messages:send',
  deleteMessage: 'messages:send',
  react: 'messages:send',
  stats: 'stats:read',
  yjsToken: 'documents:sync',
} as const satisfies Record<keyof typeof businessApiRoutes, ApiScope>;

/** The API's own description, for anyone (no key). */
export const businessApiDocRoutes = {
  openApi: route({
    method: 'GET',
    path: '/v1/openapi.json',
    response: z.looseObject({
      openapi: z.string(),
      paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    }),
  }),
};
