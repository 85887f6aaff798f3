/**
 * The OpenAPI 3.1 document of the Business API, generated from the route descriptions the
 * server registers (sync/src/contract/routes/business-api.ts): every path, method, parameter,
 * body and answer comes from a route and its zod schemas, so the document cannot promise what
 * the server does not check. Only prose lives here — a summary and the refusals each route can
 * answer — keyed by route name, so a new route does not compile until it is described.
 */
import { z } from 'zod';
import {
  apiErrorSchema,
  apiMessageSchema,
  businessApiRoutes,
  businessApiScopes,
  sendMessageSchema,
  webhookEventSchema,
  type Route,
} from '@souk/sync';

type RouteName = keyof typeof businessApiRoutes;

interface Prose {
  summary: string;
  /** What the success answer is. */
  answer: string;
  /** Other answers with the same body (a replay's 200). */
  alsoAnswers?: Record<string, string>;
  /** Request headers besides the key. */
  headers?: Array<{ name: string; description: string; schema: object }>;
  /** Error answers by status, beside the key's own (401, 403 scope, 429). */
  errors: Record<string, string>;
}

const prose: Record<RouteName, Prose> = {
  send: {
    summary:
      'Send a template, or within the 24-hour window a text, location, contact card or media message',
    answer: 'Sent',
    alsoAnswers: { '200': 'A replay of an earlier request with this Idempotency-Key' },
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Makes retries safe: the same key with the same body answers with the first result (same id).',
        schema: { type: 'string', maxLength: 200 },
      },
    ],
    errors: {
      '400':
        'Invalid request (details.path, details.reason; reply_not_found: replyTo names no message of this conversation)',
      '403':
        'kind not_delivered: a consent rule refused it (details.reason); kind forbidden: terms or suspension',
      '404': 'kind not_on_souk: no person with this number; not_found: no such template',
      '409': 'The Idempotency-Key belongs to another request, or is in progress',
      '422': 'kind refused_update: the message broke a rule of the conversation (details.reason)',
    },
  },
  message: {
    summary: 'A message’s status: sent, delivered, read',
    answer: 'The message',
    errors: { '404': 'No such message of this business' },
  },
  deleteMessage: {
    summary:
      'Delete for everyone a message the business sent through the API, within 48 hours: it becomes a stub on every device',
    answer: 'Deleted',
    errors: {
      '404': 'No such message of this business',
      '422': 'kind refused_update: details.reason delete_too_late (48 hours passed)',
    },
  },
  react: {
    summary:
      'React with one emoji to a message of the conversation with a customer (null removes it); within the 24-hour window',
    answer: 'The reaction',
    errors: {
      '400': 'Invalid request (details.path)',
      '403':
        'kind not_delivered: outside the 24-hour window (details.reason); kind forbidden: terms or suspension',
      '404': 'kind not_on_souk: no person with this number; not_found: no conversation with them',
      '422':
        'kind refused_update: details.reason no_such_message, message_deleted or invalid_reaction',
    },
  },
  stats: {
    summary: 'The business’s statistics',
    answer: 'Statistics',
    errors: { '400': 'Invalid range (details.path)' },
  },
  yjsToken: {
    summary:
      'A single-use token (60 s) for the y-websocket door, wss://<host>/yjs/<doc>?token=… (docs/yjs.md)',
    answer: 'The token',
    errors: {
      '400': 'Invalid request (details.path)',
      '403': 'kind forbidden, details.reason not_readable: the business may not open this document',
    },
  },
};

const keyErrors = {
  '401': 'Missing, unknown or revoked key',
  '403': 'kind forbidden, details.reason scope: the key lacks the route’s scope',
  '429': 'Rate limit of the key reached (details.retryAfterSeconds)',
};

/** A schema as OpenAPI 3.1 takes it (JSON Schema 2020-12): what is sent, or what is answered. */
export const jsonSchemaOf = (schema: z.core.$ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const json = (schema: z.core.$ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: jsonSchemaOf(schema, io) },
});

/** `/v1/messages/:id` → `/messages/{id}` (the document's server URL ends in `/api/v1`). */
export const openApiPath = (path: string) =>
  path.replace(/^\/v1/, '').replace(/:(\w+)/g, (_, name: string) => `{${name}}`);

/** The query schema's properties, one parameter each (required unless optional). */
function queryParameters(query: z.ZodType | undefined) {
  if (!query) return [];
  const object = jsonSchemaOf(query, 'input') as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema,
  }));
}

function operation(name: RouteName, route: Route) {
  const text = prose[name];
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map(([, param]) => ({
    name: param,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const headers = (text.headers ?? []).map((h) => ({ ...h, in: 'header', required: false }));
  const answer = { content: json(route.response, 'output') };
  const errors: Record<string, string> = { ...keyErrors };
  for (const [status, description] of Object.entries(text.errors))
    errors[status] = errors[status] ? `${errors[status]}; ${description}` : description;
  return {
    operationId: name,
    summary: `${text.summary} (scope ${businessApiScopes[name]})`,
    'x-scope': businessApiScopes[name],
    parameters: [...pathParameters, ...queryParameters(route.query), ...headers],
    ...(route.body ? { requestBody: { required: true, content: json(route.body, 'input') } } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: text.answer, ...answer },
      ...Object.fromEntries(
        Object.entries(text.alsoAnswers ?? {}).map(([status, description]) => [
          status,
          { description, ...answer },
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(errors).map(([status, description]) => [
          status,
          { description, content: json(apiErrorSchema, 'output') },
        ]),
      ),
    },
  };
}

function paths() {
  const document: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const [name, route] of Object.entries(businessApiRoutes) as Array<[RouteName, Route]>) {
    const path = openApiPath(route.path);
    document[path] = { ...document[path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return document;
}

export function openApiDocument(serverUrl: string) {
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
        SendMessage: jsonSchemaOf(sendMessageSchema, 'input'),
        Message: jsonSchemaOf(apiMessageSchema, 'output'),
        Error: jsonSchemaOf(apiErrorSchema, 'output'),
        WebhookEvent: jsonSchemaOf(webhookEventSchema, 'output'),
      },
    },
    paths: paths(),
  };
}
