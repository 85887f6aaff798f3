/** What `startServer` takes beyond the configuration, and what it hands back. */
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { authLimits } from './auth/auth-service.ts';
import type { CodeSender, DevOutbox } from './auth/code-sender.ts';
import type { DeliveryListener, DeliveryOptions } from './auth/code-delivery.ts';
import type { DocStore } from './sync/doc-store.ts';
import type { SocketLimits } from './sync/socket-guard.ts';
import type { AutoReplies } from './inbox/auto-replies.ts';
import type { Stats } from './stats/stats.ts';
import type { LogFollower, LogFollowerOptions } from './db/log-follower.ts';
import type { Push } from './push/push.ts';
import type { BusinessApi } from './api/business-api.ts';
import type { Submitter } from './submit/submit.ts';
import type { DispatcherOptions } from './webhooks/dispatcher.ts';
import type { YjsDoorOptions } from './yjs/create-yjs-door.ts';
import type { CreateOptions } from './broadcasts/broadcast-create.ts';

export interface StartOptions extends YjsDoorOptions {
  logger?: Logger;
  clock?: Clock;
  /** Replaces the configured code sender (and disables the dev outbox). */
  codeSender?: CodeSender;
  /** Told how each code delivery ended, by sender (metrics). */
  onCodeDelivery?: DeliveryListener;
  /** Delivery timings beyond the configured deadline (tests shorten the retry pauses). */
  codeDelivery?: Partial<DeliveryOptions>;
  /** How long a document may stay unused in memory. */
  idleUnloadMs?: number;
  /** Compact a document after this many stored updates (default 500). */
  compactAfter?: number;
  /** Messages per conversation epoch (default 1000). */
  epochSize?: number;
  /** Bytes per conversation epoch (default limits.maxEpochBytes). */
  epochBytes?: number;
  /** When the log follower (statistics, webhook events) reads after a commit (tests hold it back). */
  logFollower?: Partial<LogFollowerOptions>;
  /** Overrides of the sign-in rate limits (tests and load tools). */
  authLimits?: Partial<typeof authLimits>;
  /** Business API: requests per key per minute, webhook dispatcher timings (tests). */
  apiLimits?: { perMinute?: number };
  webhooks?: Partial<DispatcherOptions>;
  /** What one sync socket may cost (sync/socket-guard.ts); tests lower them. */
  socketLimits?: Partial<SocketLimits>;
  /** How a broadcast job's recipients are stored (tests pause a creation between batches). */
  broadcastCreation?: Pick<CreateOptions, 'batchSize' | 'afterBatch'>;
  /** Process metrics (CPU, memory, event loop) at /metrics: the one server of a process only. */
  processMetrics?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  store: DocStore;
  /** The one submit path (tests drive server-built writes through it). */
  submit: Submitter;
  /** `settled()` once every consumer of the log (statistics, webhooks, the purge) has it so far. */
  follower: Pick<LogFollower, 'settled'>;
  stats: Stats;
  push: Push;
  businessApi: BusinessApi;
  /** Greeting and away messages; `settled()` once every committed update so far is handled. */
  autoReplies: Pick<AutoReplies, 'settled'>;
  outbox: DevOutbox | null;
  /** Deletes expired unfinished uploads now (a timer does it too). */
  sweepUploads(): Promise<number>;
  close(): Promise<void>;
}

/** Souk refuses to start as configured; `message` is the one line to show. */
export class StartupRefused extends Error {}
