/**
 * The Business API's parts, built once per process: keys, the send path, message status,
 * webhook endpoints, the events derived from commits and the delivery dispatcher.
 */
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { LogFollower } from '../db/log-follower.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Consent } from '../consent/consent.ts';
import type { Platform } from '../business/platform.ts';
import type { RecordRefusal } from '../stats/refusals.ts';
import type { ServerWrite } from '../submit/submit.ts';
import { WebhookService } from '../webhooks/webhook-service.ts';
import { BusinessEvents } from '../webhooks/business-events.ts';
import { Dispatcher, dispatcherDefaults, type DispatcherOptions } from '../webhooks/dispatcher.ts';
import type { GuardOptions } from '../webhooks/address-guard.ts';
import { ApiKeys, type ApiKeyOptions } from './api-keys.ts';
import { ApiMessages } from './api-messages.ts';
import { ApiActions } from './api-actions.ts';
import { MessageStatus } from './message-status.ts';
import { ApiMedia } from './api-media.ts';
import type { Uploads } from '../media/uploads.ts';

export interface BusinessApiOptions {
  guard: GuardOptions;
  keys?: Partial<ApiKeyOptions>;
  dispatcher?: Partial<DispatcherOptions>;
  /** Told of each failed webhook attempt (`final`: given up), for metrics. */
  onWebhookFailure?: (final: boolean) => void;
  /** Where webhook media links point (SOUK_PUBLIC_URL, else the server's own address). */
  origin?: () => string;
}

export interface BusinessApi {
  keys: ApiKeys;
  messages: ApiMessages;
  /** Reactions and deleting for everyone. */
  actions: ApiActions;
  webhooks: WebhookService;
  /** Runs one delivery pass now (tests); the timer runs them anyway. */
  deliverNow(): Promise<void>;
  /** Resolves once every commit seen so far has been turned into events. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createBusinessApi(deps: {
  db: Db;
  /** The log follower the webhook events are a consumer of (started by the caller). */
  follower: LogFollower;
  store: DocStore;
  /** The submit path's server-built writes (submit/submit.ts): how API messages are sent. */
  write: ServerWrite;
  auth: AuthService;
  consent: Consent;
  platform: Platform;
  clock: Clock;
  logger: Logger;
  options: BusinessApiOptions;
  /** Counts a refused send in the statistics, as the sync path's refusals are. */
  recordRefusal?: RecordRefusal;
  /** Where media sent by URL is kept, as uploads are. */
  uploads: Pick<Uploads, 'files' | 'config'>;
}): BusinessApi {
  const { db, clock, logger, options } = deps;
  const webhooks = new WebhookService(db, clock, options.guard);
  const status = new MessageStatus(db, deps.store, clock, webhooks, deps.consent.facts);
  const delivery = { ...dispatcherDefaults, ...options.dispatcher };
  const events = new BusinessEvents(
    db,
    deps.consent.facts,
    status,
    webhooks,
    clock,
    delivery.keepMs,
  );
  deps.follower.register(events.consumer);
  const dispatcher = new Dispatcher(
    db,
    webhooks,
    clock,
    logger,
    delivery,
    options.onWebhookFailure,
    options.origin,
  );
  dispatcher.start();
  const keys = new ApiKeys(db, clock, { perMinute: 120, ...options.keys });
  const messages = new ApiMessages({
    db,
    clock,
    store: deps.store,
    write: deps.write,
    auth: deps.auth,
    consent: deps.consent,
    gate: deps.platform.gate,
    templates: deps.platform.templates,
    webhooks,
    status,
    ...(deps.recordRefusal ? { recordRefusal: deps.recordRefusal } : {}),
    media: new ApiMedia(deps.uploads.files, deps.uploads.config, { guard: options.guard }),
  });
  const actions = new ApiActions({
    db,
    clock,
    store: deps.store,
    write: deps.write,
    auth: deps.auth,
    gate: deps.platform.gate,
  });
  return {
    keys,
    messages,
    actions,
    webhooks,
    deliverNow: () => dispatcher.tick(),
    settled: () => deps.follower.settled(events.consumer.name),
    close: () => dispatcher.close(),
  };
}
