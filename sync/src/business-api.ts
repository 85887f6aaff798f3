/**
 * The Business API (`/api/v1/*`, keys, webhooks): every request and answer as a zod schema. The
 * server parses with these and generates its OpenAPI document from the same schemas
 * (server/src/api/openapi.ts), so the document cannot drift from what the routes accept. The
 * business app manages keys and the webhook endpoint with the `/api/business/*` schemas below.
 */
import { z } from 'zod';
import {
  languageTagSchema,
  parameterNameSchema,
  templateNameSchema,
} from './templates/template.ts';
import { templateLimits } from './templates/template.ts';
import { limits } from './limits.ts';
import { apiKindContentShape, apiKindKeys } from './kinds/api-content.ts';
import { everydayKinds } from './kinds/schemas.ts';
import { messageIdSchema } from './docs/message-base.ts';

/**
 * What a key may do: send messages (and read their status), read statistics, open the business's
 * documents through the y-websocket door (`POST /api/v1/yjs/tokens`, docs/yjs.md).
 */
export const apiScopes = ['messages:send', 'stats:read', 'documents:sync'] as const;
export const apiScopeSchema = z.enum(apiScopes);
export type ApiScope = z.infer<typeof apiScopeSchema>;

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    scopes: z.array(apiScopeSchema).min(1).max(apiScopes.length),
  })
  .strict();
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

export const apiKeyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The start of the key, enough to recognise it. */
  prefix: z.string(),
  scopes: z.array(apiScopeSchema),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;

/** The answer to creating a key: the only time the whole key is shown. */
export const createdApiKeySchema = apiKeyInfoSchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const sendMessageSchema = z
  .object({
    /** The customer's phone number, international format (+34…). */
    to: z.string().trim().min(4).max(20).describe('the customer’s phone number, e.g. +34600000001'),
    template: z
      .object({
        name: templateNameSchema,
        /** `auto` (default): the template's default language; each device renders its own. */
        language: z.union([z.literal('auto'), languageTagSchema]).default('auto'),
        parameters: z
          .record(parameterNameSchema, z.string().max(templateLimits.parameterValueChars))
          .default({}),
      })
      .strict()
      .optional(),
    /** Free-form text: only within 24 hours of the customer's last message. */
    text: z.string().trim().min(1).max(limits.maxMessageChars).optional(),
    /** Free-form too: a location, a contact card, or media by media id (docs/business-api.md). */
    ...apiKindContentShape,
    /** The id of a message of this conversation the new one answers (quoted, with a snapshot). */
    replyTo: messageIdSchema
      .optional()
      .describe('the id of a message of the conversation this one answers (shown quoted)'),
  })
  .strict()
  .refine(
    (b) =>
      [b.template, b.text, ...apiKindKeys.map((key) => b[key])].filter((v) => v !== undefined)
        .length === 1,
    { message: `Give exactly one of template, text, ${apiKindKeys.join(', ')}.` },
  );
export type SendMessage = z.infer<typeof sendMessageSchema>;

/** `POST /api/v1/reactions`: set, change (`emoji`) or remove (`null`) the business's reaction. */
export const reactSchema = z
  .object({
    to: z.string().trim().min(4).max(20).describe('the customer’s phone number, e.g. +34600000001'),
    message: messageIdSchema.describe('the id of a message of the conversation with `to`'),
    emoji: z.string().min(1).max(32).nullable().describe('one emoji; null removes the reaction'),
  })
  .strict();
export type React = z.infer<typeof reactSchema>;

export const apiReactionSchema = z.object({
  message: z.string(),
  emoji: z.string().nullable(),
  at: z.number(),
});
export type ApiReaction = z.infer<typeof apiReactionSchema>;

/** The answer to deleting one's message for everyone (`DELETE /api/v1/messages/:id`). */
export const apiDeletedSchema = z.object({ id: z.string(), deletedAt: z.number() });
export type ApiDeleted = z.infer<typeof apiDeletedSchema>;

export const apiMessageStatusSchema = z.enum(['sent', 'delivered', 'read']);
export type ApiMessageStatus = z.infer<typeof apiMessageStatusSchema>;

export const apiMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  kind: z.enum(['template', 'text', ...everydayKinds]),
  template: z.string().optional(),
  status: apiMessageStatusSchema,
  createdAt: z.number(),
  sentAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
  readAt: z.number().nullable(),
});
export type ApiMessage = z.infer<typeof apiMessageSchema>;

export const apiErrorSchema = z.object({
  kind: z.string().describe('the error code: bad_request, unauthenticated, forbidden, …'),
  message: z.string(),
  details: z
    .object({ reason: z.string().optional() })
    .catchall(z.unknown())
    .optional()
    .describe('details.reason names the consent rule a refused message broke'),
});

export const webhookEventTypes = [
  'message.sent',
  'message.reaction',
  'message.edited',
  'message.deleted',
  'message.delivered',
  'message.read',
  'message.refused',
  'message.received',
  'customer.opted_in',
  'customer.opted_out',
] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** The body Souk POSTs to a webhook endpoint (signed: `Souk-Signature: t=<unix>,v1=<hex>`). */
export const webhookEventSchema = z.object({
  id: z.string(),
  type: webhookEventTypeSchema,
  createdAt: z.number(),
  businessId: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const setWebhookSchema = z.object({ url: z.string().trim().url().max(2000) }).strict();

export const webhookEndpointSchema = z.object({
  url: z.string(),
  createdAt: z.number(),
  /** Only in the answer to setting the endpoint. */
  secret: z.string().optional(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  lastError: z.string().nullable(),
  lastStatus: z.number().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
