/**
 * The Business API screen's words, English and Spanish, beside the screen (like the statistics
 * screen's): keys, the webhook endpoint and its delivery log. Follows the app's chosen locale.
 */
import { i18n } from '$lib/i18n/index.svelte.ts';

const en = {
  open: 'Business API and webhooks',
  title: 'Business API',
  intro:
    'Your own systems can send notifications and read statistics with an API key. The guide: docs/business-api.md; the reference: /api/v1/openapi.json.',
  keys: 'API keys',
  keyName: 'Name',
  scopes: 'Scopes',
  scopeSend: 'Send messages',
  scopeStats: 'Read statistics',
  scopeSync: 'Sync documents (Yjs)',
  create: 'Create key',
  shownOnce: 'Copy this key now: it will not be shown again.',
  copy: 'Copy',
  copied: 'Copied',
  done: 'Done',
  noKeys: 'No keys yet.',
  prefix: 'Key',
  created: 'Created',
  lastUsed: 'Last used',
  never: 'never',
  revoked: 'Revoked',
  revoke: 'Revoke',
  confirmRevoke: 'Revoke the key {name}? Systems using it stop working at once.',
  webhook: 'Webhook',
  webhookHint:
    'Souk POSTs events (sent, delivered, read, refused, customer messages, opt-ins and opt-outs) to this HTTPS address, signed with the secret.',
  url: 'Endpoint URL',
  save: 'Save endpoint',
  remove: 'Remove endpoint',
  secretOnce: 'Signing secret — copy it now, it will not be shown again:',
  noWebhook: 'No endpoint.',
  deliveries: 'Recent deliveries',
  noDeliveries: 'No deliveries yet.',
  event: 'Event',
  status: 'Status',
  attempts: 'Attempts',
  error: 'Last error',
  when: 'When',
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
  refresh: 'Refresh',
} as const;

export type ApiKeysKey = keyof typeof en;

const es: Record<ApiKeysKey, string> = {
  open: 'API para empresas y webhooks',
  title: 'API para empresas',
  intro:
    'Tus sistemas pueden enviar notificaciones y leer estadísticas con una clave de API. La guía: docs/business-api.md; la referencia: /api/v1/openapi.json.',
  keys: 'Claves de API',
  keyName: 'Nombre',
  scopes: 'Permisos',
  scopeSend: 'Enviar mensajes',
  scopeStats: 'Leer estadísticas',
  scopeSync: 'Sincronizar documentos (Yjs)',
  create: 'Crear clave',
  shownOnce: 'Copia esta clave ahora: no se volverá a mostrar.',
  copy: 'Copiar',
  copied: 'Copiada',
  done: 'Hecho',
  noKeys: 'Aún no hay claves.',
  prefix: 'Clave',
  created: 'Creada',
  lastUsed: 'Último uso',
  never: 'nunca',
  revoked: 'Revocada',
  revoke: 'Revocar',
  confirmRevoke: '¿Revocar la clave {name}? Los sistemas que la usan dejarán de funcionar.',
  webhook: 'Webhook',
  webhookHint:
    'Souk envía por POST los eventos (enviado, entregado, leído, rechazado, mensajes de clientes, altas y bajas) a esta dirección HTTPS, firmados con el secreto.',
  url: 'URL del endpoint',
  save: 'Guardar endpoint',
  remove: 'Quitar endpoint',
  secretOnce: 'Secreto de firma — cópialo ahora, no se volverá a mostrar:',
  noWebhook: 'Sin endpoint.',
  deliveries: 'Entregas recientes',
  noDeliveries: 'Aún no hay entregas.',
  event: 'Evento',
  status: 'Estado',
  attempts: 'Intentos',
  error: 'Último error',
  when: 'Cuándo',
  pending: 'pendiente',
  delivered: 'entregado',
  failed: 'fallido',
  refresh: 'Actualizar',
};

export function at(key: ApiKeysKey, params: Record<string, string | number> = {}): string {
  const template = (i18n.locale === 'es' ? es : en)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
