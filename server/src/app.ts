/**
 * The HTTP application: API routes, health, the dev outbox and the web app, with one error
 * handler; beside it the sync WebSocket (served by `ws` on the upgrade event, see
 * http/sync-route.ts). Everything it needs comes in through `deps`; nothing is global.
 */
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';
import { SoukError } from '@souk/sync';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/open.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { DevOutbox } from './auth/code-sender.ts';
import type { DocStore } from './sync/doc-store.ts';
import type { SyncServer } from './sync/sync-server.ts';
import type { Submitter } from './submit/submit.ts';
import type { Consent } from './consent/consent.ts';
import type { Platform } from './business/platform.ts';
import { errorHandler } from './errors.ts';
import { requestLog } from './http/request-log.ts';
import { sessionMiddleware, type Env } from './http/session.ts';
import { authRoutes } from './http/auth-routes.ts';
import { chatRoutes } from './http/chat-routes.ts';
import { customerChatRoutes } from './http/customer-routes.ts';
import { personProfileRoutes } from './http/profile-routes.ts';
import { termsRoutes } from './http/terms-routes.ts';
import { businessRoutes } from './http/business-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { directoryRoutes } from './http/directory-routes.ts';
import { chatImageRoutes, mediaRoutes } from './http/media-routes.ts';
import { messageInfoRoutes } from './http/message-routes.ts';
import { uploadResultRoutes, uploadRoutes } from './http/upload-routes.ts';
import type { Uploads } from './media/uploads.ts';
import { templateRoutes } from './http/template-routes.ts';
import type { Broadcasts } from './broadcasts/broadcasts.ts';
import { broadcastRoutes } from './http/broadcast-routes.ts';
import { countRefusedRequests, statsRoutes } from './http/stats-routes.ts';
import type { Stats } from './stats/stats.ts';
import type { Push } from './push/push.ts';
import { pushRoutes } from './http/push-routes.ts';
import type { BusinessApi } from './api/business-api.ts';
import { apiSettingsRoutes, apiV1Routes } from './http/api-v1-routes.ts';
import { syncEndpoint } from './http/sync-route.ts';
import type { LiveSockets } from './http/live-sockets.ts';
import { yjsDoor } from './http/yjs-route.ts';
import { yjsTokenRoutes } from './http/yjs-token-routes.ts';
import type { YjsServer } from './yjs/yjs-server.ts';
import type { YjsTokens } from './yjs/yjs-tokens.ts';
import { mountWebApp } from './http/static-app.ts';
import { linkRoutes } from './http/link-routes.ts';
import { mountLinkPages } from './http/link-pages.ts';
import { clientMiddleware, TrustedProxies } from './http/client-address.ts';
import { devOutboxRoute } from './http/dev-outbox-route.ts';
import { AllowedOrigins, originGuard } from './http/origin-guard.ts';
import { businessApiBodyLimit, sessionBodyLimit } from './http/body-limits.ts';
import { securityHeaders } from './http/security-headers.ts';
import { compressAnswers } from './http/compress-json.ts';
import { opsRoutes } from './http/ops-routes.ts';
import { exportRoutes } from './http/export-route.ts';
import type { Metrics } from './metrics/metrics.ts';

export interface AppDeps {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  database: Database;
  auth: AuthService;
  store: DocStore;
  submit: Submitter;
  consent: Consent;
  sync: SyncServer;
  outbox: DevOutbox | null;
  platform: Platform;
  /** Absent in tests of other parts: no broadcast route. */
  broadcasts?: Broadcasts;
  /** Absent in tests of other parts: no statistics routes. */
  stats?: Stats;
  /** Absent in tests of other parts: no push routes. */
  push?: Push;
  /** Absent in tests of other parts: no Business API. */
  businessApi?: BusinessApi;
  /** Absent in tests of other parts: no /metrics. */
  metrics?: Metrics;
  /** Absent in tests of other parts: no resumable uploads, no on-disk chat files. */
  uploads?: Uploads;
  /** The y-websocket door (/yjs/<doc> and its token routes); absent in tests of other parts. */
  yjs?: { server: YjsServer; tokens: YjsTokens };
}

export interface SoukApp {
  app: Hono;
  /** Attaches the sync WebSocket's upgrade handler to the Node HTTP server. */
  injectWebSocket: (server: Server) => void;
  /** The underlying `ws` server (it does not track its sockets: `sockets` does). */
  wss: WebSocketServer;
  /** The open sockets, /sync and /yjs alike. */
  sockets: LiveSockets;
}

export function createApp(deps: AppDeps): SoukApp {
  const app = new Hono();
  const trusted = new TrustedProxies(deps.config.trustProxy);
  const origins = new AllowedOrigins(deps.config.publicOrigin, deps.config.production);
  // The sync socket is served beside the app, on the HTTP server's upgrade event.
  const yjs = deps.yjs && { tokens: deps.yjs.tokens, store: deps.store };
  const door =
    deps.yjs && yjsDoor({ tokens: deps.yjs.tokens, yjs: deps.yjs.server, logger: deps.logger });
  const sync = syncEndpoint({
    auth: deps.auth,
    sync: deps.sync,
    logger: deps.logger,
    trusted,
    origins,
    ...(door ? { yjs: door } : {}),
  });

  app.onError(errorHandler(deps.logger, deps.metrics));
  app.use('*', securityHeaders({ publicOrigin: deps.config.publicOrigin }));
  app.use('*', requestLog(deps.logger));
  app.use('*', clientMiddleware(trusted));

  app.route(
    '/',
    opsRoutes({
      db: deps.database.db,
      logger: deps.logger,
      metrics: deps.metrics,
      metricsToken: deps.config.metricsToken,
    }),
  );

  const webhooks = deps.businessApi?.webhooks;
  const mediaLinks = webhooks && {
    secretOf: async (businessId: string) => (await webhooks.endpoint(businessId))?.secret ?? null,
    clock: deps.clock,
  };
  app.route('/', mediaRoutes(deps.platform.media, deps.auth, deps.uploads?.files, mediaLinks));
  if (deps.uploads) {
    const { tus, config } = deps.uploads;
    const { media, gate } = deps.platform;
    app.route('/', uploadRoutes({ tus, config, media, auth: deps.auth, gate, origins }));
  }
  app.use('/api/*', compressAnswers());

  if (deps.businessApi) {
    app.use('/api/v1/*', businessApiBodyLimit());
    app.route('/api', apiV1Routes(deps.businessApi, deps.stats, yjs));
  }
  const api = new Hono<Env>();
  api.use('*', originGuard(origins));
  api.use('*', sessionMiddleware(deps.auth));
  api.use('*', sessionBodyLimit());
  if (deps.stats) api.use('/chats', countRefusedRequests(deps.stats, deps.clock));
  api.route(
    '/',
    authRoutes(deps.auth, (id) => {
      deps.sync.closeSession(id);
      deps.yjs?.server.closeSession(id);
      void deps.push?.subscriptions.forgetSession(id).catch((error: unknown) => {
        deps.logger.error({ err: error }, 'could not drop the push subscriptions of a session');
      });
    }),
  );
  const chat = {
    db: deps.database.db,
    auth: deps.auth,
    facts: deps.consent.facts,
    write: deps.submit.write,
    clock: deps.clock,
    gate: deps.platform.gate,
  };
  api.route('/', chatRoutes(chat));
  api.route('/', termsRoutes(deps.platform.terms));
  api.route('/', businessRoutes({ ...deps.platform, db: deps.database.db }));
  // After the business routes: their gate covers /business/link too.
  const { links, handleChanges: changes } = deps.platform;
  api.route('/', linkRoutes({ links, changes, chat }));
  api.route('/', customerChatRoutes({ ...chat, stats: deps.stats }));
  api.route('/', personProfileRoutes(deps.platform.people, deps.platform.personReports));
  api.route('/', templateRoutes({ templates: deps.platform.templates }));
  if (deps.broadcasts)
    api.route('/', broadcastRoutes({ broadcasts: deps.broadcasts, facts: deps.consent.facts }));
  api.route('/', directoryRoutes(deps.platform));
  api.route('/', chatImageRoutes(deps.platform.media, deps.platform.gate));
  const { media, gate } = deps.platform;
  api.route('/', messageInfoRoutes({ db: deps.database.db, store: deps.store, media, gate }));
  if (deps.uploads) api.route('/', uploadResultRoutes(deps.uploads.finisher));
  if (deps.stats) api.route('/', statsRoutes({ db: deps.database.db, stats: deps.stats }));
  if (deps.push) api.route('/', pushRoutes(deps.push));
  if (deps.businessApi)
    api.route(
      '/',
      apiSettingsRoutes(deps.businessApi, (keyId) => deps.yjs?.server.closeSession(`key:${keyId}`)),
    );
  if (yjs) api.route('/', yjsTokenRoutes(yjs));
  api.route('/', adminRoutes({ db: deps.database.db, ...deps.platform }));
  const { operatorToken } = deps.config;
  api.route('/', exportRoutes({ database: deps.database, operatorToken, logger: deps.logger }));
  if (deps.outbox) api.route('/', devOutboxRoute(deps.outbox));
  api.all('*', () => {
    throw new SoukError('not_found', 'No such API route.');
  });
  app.route('/api', api);

  const { webDir, publicOrigin } = deps.config;
  mountLinkPages(app, { links, webDir, publicOrigin, logger: deps.logger });
  mountWebApp(app, webDir, deps.logger);
  return { app, injectWebSocket: sync.attach, wss: sync.wss, sockets: sync.sockets };
}
