/**
 * The Business API, `/api/v1/*`, for a business's own servers: an API key instead of a session
 * (server/src/http/api-v1-routes.ts checks it, and the route's scope, before the body). Sending
 * answers 201, or 200 with `Idempotent-Replayed: true` when an Idempotency-Key repeats a request.
 */
import { apiMessageSchema, sendMessageSchema } from '../../business-api.ts';
import { businessStatsSchema, statsRangeQuerySchema } from '../../stats.ts';
import { route } from '../route.ts';

export const businessApiRoutes = {
  send: route({
    method: 'POST',
    path: '/v1/messages',
    body: sendMessageSchema,
    response: apiMessageSchema,
    status: 201,
  }),
  message: route({ method: 'GET', path: '/v1/messages/:id', response: apiMessageSchema }),
  stats: route({
    method: 'GET',
    path: '/v1/stats',
    query: statsRangeQuerySchema,
    response: businessStatsSchema,
  }),
};
