/** The business's templates and broadcasts, and the statistics of a business and the platform. */
import { z } from 'zod';
import {
  broadcastAudienceRequestSchema,
  broadcastAudienceSchema,
  broadcastRequestSchema,
  publishTemplateSchema,
  templatePackSchema,
  templateSchema,
} from '../../templates/template.ts';
import { businessStatsSchema, platformStatsSchema, statsRangeQuerySchema } from '../../stats.ts';
import { appSchema } from '../../api.ts';
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
   * The schema checks the shape (a 400 with `details.path`); then the template lint checks the
   * product's rules, and its 400 lists every problem in `details.issues`, each with its code.
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
  /** How many chats a broadcast addresses and how many the rules let it reach, sending nothing. */
  broadcastAudience: route({
    method: 'POST',
    path: '/business/broadcasts/audience',
    body: broadcastAudienceRequestSchema,
    response: broadcastAudienceSchema,
  }),
  /**
   * A business's pack, for any signed-in device: it keeps the ETag and asks again with
   * `If-None-Match`; while nothing was published the answer is 304 with no body.
   */
  pack: route({
    method: 'GET',
    path: '/templates/:businessId/pack',
    response: templatePackSchema,
    revalidate: true,
  }),
};

/** `?table=` of the CSV (per day or per template), beside the range; `app` names the app in a link. */
export const statsCsvQuerySchema = statsRangeQuerySchema.extend({
  table: z.enum(['days', 'templates'], { error: 'table is days or templates.' }).default('days'),
  app: appSchema.optional(),
});

export const statsRoutes = {
  business: route({
    method: 'GET',
    path: '/business/stats',
    query: statsRangeQuerySchema,
    response: businessStatsSchema,
  }),
  /** The same figures as a CSV file (a download link in the app; text for the typed client). */
  csv: route({
    method: 'GET',
    path: '/business/stats.csv',
    query: statsCsvQuerySchema,
    response: z.string(),
    responseType: 'text/csv',
  }),
  platform: route({
    method: 'GET',
    path: '/admin/stats',
    query: statsRangeQuerySchema,
    response: platformStatsSchema,
  }),
};
