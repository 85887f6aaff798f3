/** Web Push, built once per process: the VAPID keys, the subscriptions and the notifier. */
import type { Database } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Hub } from '../sync/hub.ts';
import { loadVapidKeys } from './vapid.ts';
import { PushSubscriptions } from './subscriptions.ts';
import { PushNotifier } from './notifier.ts';
import type { EndpointPolicy } from './endpoint.ts';
import type { PushFailure, ReadPreferences } from './notifier.ts';

export interface PushOptions extends EndpointPolicy {
  /** The VAPID contact push services may write to (`mailto:` or `https:`). */
  subject: string;
  /** Told of each push that could not be sent, for metrics. */
  onFailure?: (reason: PushFailure) => void;
  /** The recipients' preferences documents (a muted chat is not notified). */
  preferences?: ReadPreferences;
}

export interface Push {
  publicKey: string;
  subscriptions: PushSubscriptions;
  policy: EndpointPolicy;
  /** Resolves once every push under way has been sent or given up. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function createPush(
  database: Database,
  hub: Hub,
  store: DocStore,
  clock: Clock,
  logger: Logger,
  options: PushOptions,
): Promise<Push> {
  const keys = await loadVapidKeys(database.db, clock.now());
  const subscriptions = new PushSubscriptions(database.db, clock);
  const notifier = new PushNotifier({
    db: database.db,
    hub,
    store,
    subscriptions,
    keys,
    subject: options.subject,
    policy: { allowLoopbackHttp: options.allowLoopbackHttp },
    clock,
    logger,
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    ...(options.preferences ? { preferences: options.preferences } : {}),
  });
  return {
    publicKey: keys.publicKey,
    subscriptions,
    policy: { allowLoopbackHttp: options.allowLoopbackHttp },
    settled: () => notifier.settled(),
    close: async () => {
      notifier.close();
      await notifier.settled();
    },
  };
}
