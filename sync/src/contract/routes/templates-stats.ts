/** The business's templates and broadcasts, and the statistics of a business and the platform. */
import { z } from 'zod';
import {
  broadcastRequestSchema,
  publishTemplateSchema,
  templateSchema,
} from '../../templates/template.ts';
import { businessStatsSchema, platformStatsSchema, statsRangeQuerySchema } from '../../stats.ts';
import { reasonCodes } from '../codes.ts';
import { route } from '../route.ts';

export const broadcastResultSchema = z.object({
  broadcast: z.string(),
  template: z.string(),
  version: z.number(),
  sent: z.number(),
  refused: z.number(),
  results: z.array(
    z.object({
      conversation: z.string(),
      personId: z.string(),
      phone: z.string().nullable(),
      status: z.enum(['sent', 'refused']),
      messageId: z.string().optional(),
      // A code this app does not know (a newer server) reads as `unknown`.
      reason: z.enum(reasonCodes).catch('unknown').optional(),
      message: z.string().optional(),
    }),
  ),
});

export const templateRoutes = {
  list: route({ method: 'GET', path: '/business/templates', response: z.array(templateSchema) }),
  /**
   * The server checks the body with its template lint (whose report is the 400's details), not
   * with this schema alone: it stays a hand-registered route (server/src/http/template-routes.ts).
   */
  publish: route({
    method: 'POST',
    path: '/business/templates',
    body: publishTemplateSchema,
    response: templateSchema,
    status: 201,
  }),
  broadcast: route({
    method: 'POST',
    path: '/business/broadcasts',
    body: broadcastRequestSchema,
    response: broadcastResultSchema,
    status: 201,
  }),
};

export const statsRoutes = {
  business: route({
    method: 'GET',
    path: '/business/stats',
    query: statsRangeQuerySchema,
    response: businessStatsSchema,
  }),
  platform: route({
    method: 'GET',
    path: '/admin/stats',
    query: statsRangeQuerySchema,
    response: platformStatsSchema,
  }),
};
