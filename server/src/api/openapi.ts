/**
 * The OpenAPI 3.1 document of the Business API, generated from the zod schemas the routes parse
 * with (sync/src/business-api.ts), so what it promises is what the server checks.
 */
import { z } from 'zod';
import {
  apiErrorSchema,
  apiMessageSchema,
  businessStatsSchema,
  sendMessageSchema,
  statsRangeQuerySchema,
  webhookEventSchema,
} from '@souk/sync';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

const error = (description: string) => ({ description, content: json(apiErrorSchema) });

export function openApiDocument(serverUrl: string) {
  const idempotencyKey = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes retries safe: the same key with the same body answers with the first result (same id).',
    schema: { type: 'string', maxLength: 200 },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Souk Business API',
      version: '1',
      description:
        'Send templates and in-window texts to customers, read their status and statistics. ' +
        'Every consent rule of the app applies. Webhook events have the `WebhookEvent` shape and ' +
        'are signed: `Souk-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from Souk Business.' },
      },
      schemas: {
        SendMessage: z.toJSONSchema(sendMessageSchema, { io: 'input' }),
        Message: z.toJSONSchema(apiMessageSchema),
        Error: z.toJSONSchema(apiErrorSchema),
        WebhookEvent: z.toJSONSchema(webhookEventSchema),
      },
    },
    paths: {
      '/messages': {
        post: {
          summary: 'Send a template, or a text within the 24-hour window (scope messages:send)',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(sendMessageSchema, 'input') },
          responses: {
            '201': { description: 'Sent', content: json(apiMessageSchema) },
            '200': {
              description: 'A replay of an earlier request with this Idempotency-Key',
              content: json(apiMessageSchema),
            },
            '400': error('Invalid request (details.path, details.reason)'),
            '401': error('Missing, unknown or revoked key'),
            '403': error(
              'kind not_delivered: a consent rule refused it (details.reason); kind forbidden: scope, terms or suspension',
            ),
            '404': error(
              'kind not_on_souk: no person with this number; not_found: no such template',
            ),
            '409': error('The Idempotency-Key belongs to another request, or is in progress'),
            '429': error('Rate limit of the key reached'),
          },
        },
      },
      '/messages/{id}': {
        get: {
          summary: 'A message’s status: sent, delivered, read (scope messages:send)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The message', content: json(apiMessageSchema) },
            '404': error('No such message of this business'),
          },
        },
      },
      '/stats': {
        get: {
          summary: 'The business’s statistics (scope stats:read)',
          parameters: Object.entries(statsRangeQuerySchema.shape).map(([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
          })),
          responses: {
            '200': { description: 'Statistics', content: json(businessStatsSchema) },
          },
        },
      },
    },
  };
}
