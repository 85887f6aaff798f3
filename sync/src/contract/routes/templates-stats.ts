/** The business's templates and broadcasts, and the statistics of a business and the platform. */
import { z } from 'zod';
import {
  broadcastAudienceRequestSchema,
  broadcastJobSchema,
  broadcastPreviewSchema,
  broadcastRequestSchema,
  broadcastResultsQuerySchema,
  broadcastResultsSchema,
} from '../../templates/broadcast.ts';
import {
  publishTemplateSchema,
  templatePackSchema,
  templateSchema,
} from '../../templates/template.ts';
import { businessStatsSchema, platformStatsSchema, statsRangeQuerySchema } from '../../stats.ts';
import { appSchema } from '../../api.ts';
import { route } from '../route.ts';

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
  /** Starts a broadcast job (the same `key`: the same job) and answers its progress. */
  broadcast: route({
    method: 'POST',
    path: '/business/broadcasts',
    body: broadcastRequestSchema,
    response: broadcastJobSchema,
    status: 201,
  }),
  /** Whom a broadcast would reach, a few rendered messages and the unusable rows; sends nothing. */
  broadcastAudience: route({
    method: 'POST',
    path: '/business/broadcasts/audience',
    body: broadcastAudienceRequestSchema,
    response: broadcastPreviewSchema,
  }),
  broadcastProgress: route({
    method: 'GET',
    path: '/business/broadcasts/:id',
    response: broadcastJobSchema,
  }),
  /** A page of results, one per customer, in the order they are sent. */
  broadcastResults: route({
    method: 'GET',
    path: '/business/broadcasts/:id/results',
    query: broadcastResultsQuerySchema,
    response: broadcastResultsSchema,
  }),
  /** Stops sending; what was sent stays sent, the rest is `cancelled`. */
  broadcastCancel: route({
    method: 'POST',
    path: '/business/broadcasts/:id/cancel',
    response: broadcastJobSchema,
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
