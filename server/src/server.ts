/** Starts Souk: database, document store, fan-out, HTTP and sync on one port; `close()` is graceful. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { limits } from '@souk/sync';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';
import { systemClock } from './clock.ts';
import { openDatabase } from './db/open.ts';
import { AuthService, authLimits } from './auth/auth-service.ts';
import { DevOutbox } from './auth/code-sender.ts';
import { CodeDelivery, deliveryDefaults } from './auth/code-delivery.ts';
import { smsSender } from './auth/sms/choose-sender.ts';
import { noSenderLine } from './auth/sms/sms-config.ts';
import { DocStore, readUpdate } from './sync/doc-store.ts';
import { LocalHub, PostgresHub, type Hub } from './sync/hub.ts';
import { SyncServer } from './sync/sync-server.ts';
import { startRemotePresence } from './sync/presence-remote.ts';
import { socketLimits } from './sync/socket-guard.ts';
import { createApp } from './app.ts';
import { createPlatform } from './business/platform.ts';
import { createUploads } from './media/uploads.ts';
import { purgeConsumer } from './submit/purge-deleted.ts';
import { templateGate } from './templates/template-gate.ts';
import { Broadcasts } from './broadcasts/broadcasts.ts';
import { profileNames } from './broadcasts/customer-names.ts';
import { createConsent } from './consent/consent.ts';
import { AutoReplies } from './inbox/auto-replies.ts';
import { createStats } from './stats/stats.ts';
import { LogFollower, logFollowerDefaults } from './db/log-follower.ts';
import { createPush } from './push/push.ts';
import { createBusinessApi } from './api/business-api.ts';
import { Submitter, type ServerWrite } from './submit/submit.ts';
import { ForwardLimit } from './submit/forward-limit.ts';
import { webhookQueueDepth } from './webhooks/queue-depth.ts';
import { Metrics, observeSubmits } from './metrics/metrics.ts';
import { createYjsDoor } from './yjs/create-yjs-door.ts';
import { clientOwner } from './yjs/client-owner.ts';
import { closeSockets } from './sync/close-sockets.ts';
import { ScheduledExports } from './export/scheduled-exports.ts';
import { StartupRefused, type RunningServer, type StartOptions } from './start-options.ts';

/** How long an idle HTTP connection stays open (see below). */
const keepAliveMs = 65_000;
export { StartupRefused, type RunningServer, type StartOptions };

export async function startServer(
  config: Readonly<Config>,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const logCodes = !config.production;
  const configured =
    options.codeSender ?? (config.sms.sender ? smsSender(config.sms.sender) : null);
  const outbox = configured || !config.devOutbox ? null : new DevOutbox(logger, logCodes);
  // In production a code must reach a phone: no sender, no start (the outbox only on purpose).
  if (config.production && !configured && !outbox) throw new StartupRefused(noSenderLine);
  const sender = configured ?? outbox ?? new DevOutbox(logger, logCodes);
  const metrics = new Metrics();
  if (options.processMetrics) metrics.collectProcessMetrics();
  const delivery = new CodeDelivery(
    sender,
    logger.child({ part: 'sign-in' }),
    { ...deliveryDefaults, deadlineMs: config.sms.deadlineMs, ...options.codeDelivery },
    (name, result) => {
      metrics.codeDeliveries.inc({ sender: name, result });
      options.onCodeDelivery?.(name, result);
    },
  );
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const auth = new AuthService(
    database.db,
    clock,
    delivery,
    {
      ...authLimits,
      perIp: config.codesPerIp,
      perPhone: config.codesPerPhone,
      ...options.authLimits,
    },
    { caps: config.sms.caps, webOtpHost: config.webOtpHost },
  );

  const hub: Hub =
    database.sql === null
      ? new LocalHub()
      : await PostgresHub.start(
          database.sql,
          (seq, doc) => readUpdate(database.db, seq, doc),
          logger.child({ part: 'hub' }),
        );
  const store = new DocStore(database, hub, clock, logger.child({ part: 'store' }), {
    compactAfter: options.compactAfter ?? 500,
  });
  // The platform's services write through the submit path, whose business gate is theirs.
  const write: ServerWrite = (doc, actor, build, opts) => submit.write(doc, actor, build, opts);
  const platform = createPlatform(database.db, store, clock, write);
  // Names that already look like another's are kept and go to the console's review queue.
  const flagged = await platform.businesses.names.sweep();
  if (flagged > 0) logger.info({ flagged }, 'look-alike business names filed for review');
  // Handles the migration generated get their look-alike keys; a business without one gets one.
  await platform.businesses.handles.sweep();
  await platform.businesses.handles.fillMissing();
  const consent = createConsent(database.db, store, hub, clock);
  // The one follower of the committed log: statistics and webhook events register with it.
  const follower = new LogFollower(database.db, hub, logger.child({ part: 'log' }), {
    ...logFollowerDefaults,
    delayMs: config.followerDelayMs,
    ...options.logFollower,
  });
  const stats = createStats(database, follower, clock, logger.child({ part: 'stats' }));
  // Every message, from an app or the server: a genuine template, the consent rules, counted.
  const deliveryGate = stats.countRefusals(
    templateGate(platform.templates, consent.gate, logger.child({ part: 'templates' })),
  );
  const media = {
    lookupFor: (update: Uint8Array) => platform.media.membership.lookupFor(update),
    // A message deleted for everyone: its media goes, rows and files on disk.
    release: async (ids: readonly string[], conversation: string) =>
      uploads.files.remove(await platform.media.membership.release(ids, conversation)),
  };
  const submit = new Submitter({
    store,
    businessGate: platform.gate,
    deliveryGate,
    facts: consent.facts,
    media,
    forwards: new ForwardLimit(database.db, clock),
    clock,
    logger: logger.child({ part: 'submit' }),
    epochSize: options.epochSize ?? 1000,
    epochBytes: options.epochBytes ?? limits.maxEpochBytes,
    observe: observeSubmits(metrics),
  });
  const autoReplies = new AutoReplies(
    database.db,
    store,
    submit.write,
    hub,
    consent.facts,
    platform.gate,
    clock,
    logger.child({ part: 'inbox' }),
  );
  const push = await createPush(database, hub, store, clock, logger.child({ part: 'push' }), {
    subject: config.push.contact,
    allowLoopbackHttp: config.push.allowLoopbackHttp,
    onFailure: (reason) => metrics.pushFailures.inc({ reason }),
    // A person who muted a chat is not notified of it (their preferences, as committed).
    preferences: (ids) => consent.facts.preferences(ids),
  });
  const broadcasts = new Broadcasts(
    {
      db: database.db,
      store,
      write: submit.write,
      facts: consent.facts,
      clock,
      templates: platform.templates,
      names: profileNames(database.db),
      flush: () => stats.flush(),
      logger: logger.child({ part: 'broadcasts' }),
    },
    { ...config.broadcasts, ...options.broadcastCreation, exclusive: database.kind === 'pglite' },
  );
  const uploads = createUploads(database.db, clock, logger, config.uploads, platform.media);
  // Known once listening: webhook media links point here when no public URL is configured.
  let ownOrigin = '';
  const businessApi = createBusinessApi({
    uploads,
    db: database.db,
    follower,
    store,
    write: submit.write,
    auth,
    consent,
    platform,
    clock,
    recordRefusal: stats.recordRefusal,
    logger: logger.child({ part: 'business-api' }),
    options: {
      guard: { allowPrivate: config.webhooks.allowPrivate },
      keys: options.apiLimits,
      dispatcher: { baseDelayMs: config.webhooks.retryBaseMs, ...options.webhooks },
      onWebhookFailure: (final) => metrics.webhookFailures.inc({ final: String(final) }),
      origin: () => config.publicOrigin ?? ownOrigin,
    },
  });
  // Deleted messages' purge: from the log, after the consumers above have read what it compacts.
  follower.register(purgeConsumer({ store, media, write: submit.write }, () => clock.now()));
  await follower.start();
  const sync = new SyncServer(
    store,
    hub,
    await store.currentSeq(),
    logger.child({ part: 'sync' }),
    submit,
    { ...socketLimits, ...options.socketLimits },
    clientOwner(database.db),
    await startRemotePresence(database.sql, config, logger),
  );
  const yjs = createYjsDoor({ db: database.db, store, hub, submit, clock, logger }, options);
  const { app, injectWebSocket, wss, sockets } = createApp({
    yjs,
    config,
    uploads,
    logger,
    clock,
    database,
    auth,
    store,
    submit,
    consent,
    sync,
    outbox,
    platform,
    stats,
    push,
    broadcasts,
    businessApi,
    metrics,
  });
  metrics.watch({
    sockets: () => sockets.size,
    documents: () => store.loadedCount,
    webhookQueue: () => webhookQueueDepth(database.db),
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  // Idle keep-alive connections outlive every client's and proxy's own idle timeout (60 s at
  // most load balancers): one closed by the server just as a client reuses it resets that request.
  Object.assign(server, { keepAliveTimeout: keepAliveMs, headersTimeout: keepAliveMs + 1000 });
  injectWebSocket(server as Server);
  const idleMs = options.idleUnloadMs ?? 5 * 60 * 1000;
  const unloadTimer = setInterval(() => store.unloadIdle(idleMs), Math.min(idleMs, 60_000));
  unloadTimer.unref();
  const { exports } = config;
  const scheduled = exports && new ScheduledExports(database, exports, clock, logger);
  scheduled?.start();
  // Broadcasts left running by the last process carry on (each customer is sent once).
  broadcasts.runner.start();
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  ownOrigin = `http://${host}:${port}`;
  logger.debug({ port, database: database.kind, codes: sender.name }, 'listening');
  if (sender.paid && !config.webOtpHost)
    logger.warn('SOUK_PUBLIC_URL is not set: sign-in SMS carry no WebOTP line (@host #code)');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    submit,
    follower,
    stats,
    push,
    businessApi,
    autoReplies,
    outbox,
    sweepUploads: () => uploads.sweep(),
    close: () => {
      closing ??= (async () => {
        clearInterval(unloadTimer);
        uploads.close();
        await broadcasts.runner.close();
        await scheduled?.close();
        // Stop accepting, close the sockets (devices will resend anything unacknowledged),
        // let in-flight writes commit, then end idle HTTP keep-alive connections.
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await sync.close();
        yjs.server.close();
        await closeSockets(wss, sockets);
        autoReplies.close();
        await autoReplies.settled();
        await submit.settled();
        await store.drain();
        (server as Server).closeIdleConnections();
        // Writes are done: a client holding a request open (a body that never comes) would keep
        // the process up for minutes, so such connections end after a moment's grace.
        const cutOff = setTimeout(() => (server as Server).closeAllConnections(), 2_000);
        await httpClosed;
        clearTimeout(cutOff);
        await push.close();
        await follower.close();
        await businessApi.close();
        store.close();
        await hub.close();
        await database.close();
      })();
      return closing;
    },
  };
}
