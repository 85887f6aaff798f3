/**
 * The statistics screen's words, English and Spanish, beside the screen (the app's catalogue
 * is shared by many screens; these keys are only ours). Follows the app's chosen locale.
 */
import { i18n } from '$lib/i18n/index.svelte.ts';

const en = {
  title: 'Statistics',
  range: 'Period',
  days: '{n} days',
  rangeLabel: '{from} – {to}',
  timezone: 'Days in {zone}',
  updatedNow: 'Up to date',
  updatedAgo: 'Figures from {age} ago',
  offline: 'Offline: showing the last figures synced, from {age} ago.',
  noData: 'No figures yet: connect to load them.',
  refresh: 'Refresh',
  loading: 'Loading…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  received: 'Received',
  readRate: 'Read rate',
  readRateHint: 'read ÷ sent',
  optIns: 'Opt-ins',
  optOuts: 'Opt-outs',
  refused: 'Refused',
  perDay: 'Messages per day',
  perDayTable: 'Messages per day, in numbers',
  optInsOverTime: 'Opt-ins and opt-outs',
  optInsTable: 'Opt-ins and opt-outs per day, in numbers',
  day: 'Day',
  templates: 'Templates',
  template: 'Template',
  version: 'Version',
  freeForm: 'Free-form messages',
  noTemplates: 'Nothing sent in this period.',
  broadcasts: 'Broadcasts',
  broadcast: 'Broadcast of {template} v{version}, from {day}',
  noBroadcasts: 'No broadcasts in this period.',
  refusals: 'Refused sends',
  noRefusals: 'No send was refused in this period.',
  reason: 'Reason',
  count: 'Count',
  download: 'Download CSV',
  csvDays: 'per day',
  csvTemplates: 'per template',
  chartSummary: '{label}: {from} to {to}. The figures are in the table below.',
  ageMinutes: '{n} min',
  ageHours: '{n} h',
  ageDays: '{n} d',
  ageJust: 'less than a minute',
  platformTitle: 'Platform figures',
  verified: 'Verified businesses',
  unverified: 'Unverified businesses',
  suspended: 'of them suspended',
  people: 'People',
  messages: 'Messages',
  messagesPerDay: 'Messages per day (all chats, UTC)',
  messagesTable: 'Messages per day, in numbers',
  refusalsByReason: 'Refused sends by reason',
} as const;

export type StatsKey = keyof typeof en;

const es: Record<StatsKey, string> = {
  title: 'Estadísticas',
  range: 'Periodo',
  days: '{n} días',
  rangeLabel: '{from} – {to}',
  timezone: 'Días en {zone}',
  updatedNow: 'Al día',
  updatedAgo: 'Cifras de hace {age}',
  offline: 'Sin conexión: cifras de la última sincronización, de hace {age}.',
  noData: 'Aún no hay cifras: conéctate para cargarlas.',
  refresh: 'Actualizar',
  loading: 'Cargando…',
  sent: 'Enviados',
  delivered: 'Entregados',
  read: 'Leídos',
  received: 'Recibidos',
  readRate: 'Tasa de lectura',
  readRateHint: 'leídos ÷ enviados',
  optIns: 'Altas',
  optOuts: 'Bajas',
  refused: 'Rechazados',
  perDay: 'Mensajes por día',
  perDayTable: 'Mensajes por día, en cifras',
  optInsOverTime: 'Altas y bajas',
  optInsTable: 'Altas y bajas por día, en cifras',
  day: 'Día',
  templates: 'Plantillas',
  template: 'Plantilla',
  version: 'Versión',
  freeForm: 'Mensajes libres',
  noTemplates: 'Nada enviado en este periodo.',
  broadcasts: 'Difusiones',
  broadcast: 'Difusión de {template} v{version}, desde {day}',
  noBroadcasts: 'No hay difusiones en este periodo.',
  refusals: 'Envíos rechazados',
  noRefusals: 'Ningún envío rechazado en este periodo.',
  reason: 'Motivo',
  count: 'Número',
  download: 'Descargar CSV',
  csvDays: 'por día',
  csvTemplates: 'por plantilla',
  chartSummary: '{label}: del {from} al {to}. Las cifras están en la tabla de abajo.',
  ageMinutes: '{n} min',
  ageHours: '{n} h',
  ageDays: '{n} d',
  ageJust: 'menos de un minuto',
  platformTitle: 'Cifras de la plataforma',
  verified: 'Empresas verificadas',
  unverified: 'Empresas sin verificar',
  suspended: 'de ellas suspendidas',
  people: 'Personas',
  messages: 'Mensajes',
  messagesPerDay: 'Mensajes por día (todos los chats, UTC)',
  messagesTable: 'Mensajes por día, en cifras',
  refusalsByReason: 'Envíos rechazados por motivo',
};

export function st(key: StatsKey, params: Record<string, string | number> = {}): string {
  const template = (i18n.locale === 'es' ? es : en)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** How long ago `at` was, in words. */
export function age(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return st('ageJust');
  if (minutes < 60) return st('ageMinutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return st('ageHours', { n: hours });
  return st('ageDays', { n: Math.floor(hours / 24) });
}

export function percent(value: number | null): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    value,
  );
}

export function number(value: number): string {
  return new Intl.NumberFormat(i18n.locale).format(value);
}

/** A day `YYYY-MM-DD` as "12 Mar" in the app's language. */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat(i18n.locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
