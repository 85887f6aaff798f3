/** Web Push registration, and the Business API's keys and webhook as the business app sets them. */
import { z } from 'zod';
import { pushKeySchema, pushSubscriptionSchema, pushUnsubscribeSchema } from '../../push.ts';
import {
  apiKeyInfoSchema,
  createApiKeySchema,
  createdApiKeySchema,
  setWebhookSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
} from '../../business-api.ts';
import { route } from '../route.ts';

export const pushRoutes = {
  key: route({ method: 'GET', path: '/push/key', response: pushKeySchema }),
  subscribe: route({
    method: 'POST',
    path: '/push/subscriptions',
    body: pushSubscriptionSchema,
    response: z.object({ subscribed: z.boolean() }),
    status: 201,
  }),
  unsubscribe: route({
    method: 'DELETE',
    path: '/push/subscriptions',
    body: pushUnsubscribeSchema,
    response: z.object({ subscribed: z.boolean() }),
  }),
};

export const apiSettingsRoutes = {
  keys: route({ method: 'GET', path: '/business/api-keys', response: z.array(apiKeyInfoSchema) }),
  createKey: route({
    method: 'POST',
    path: '/business/api-keys',
    body: createApiKeySchema,
    response: createdApiKeySchema,
    status: 201,
  }),
  revokeKey: route({
    method: 'DELETE',
    path: '/business/api-keys/:id',
    response: z.object({ revoked: z.boolean() }),
  }),
  webhook: route({
    method: 'GET',
    path: '/business/webhook',
    response: webhookEndpointSchema.nullable(),
  }),
  setWebhook: route({
    method: 'PUT',
    path: '/business/webhook',
    body: setWebhookSchema,
    response: webhookEndpointSchema,
  }),
  removeWebhook: route({
    method: 'DELETE',
    path: '/business/webhook',
    response: z.object({ removed: z.boolean() }),
  }),
  deliveries: route({
    method: 'GET',
    path: '/business/webhook/deliveries',
    response: z.array(webhookDeliverySchema),
  }),
};
