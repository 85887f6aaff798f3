/**
 * The browsers that asked for notifications. A session is one browser, so it holds at most one
 * subscription (a newer endpoint replaces the older: nobody can point one session at many
 * endpoints). A browser has one endpoint for the whole origin, so its personal and business
 * sessions may each hold a row for it; within one app the newest session takes it over (a
 * browser is signed in to one identity per app). Rows go with their session (sign-out,
 * revocation) and with an endpoint the push service says is gone; revoked sessions' rows are
 * never used meanwhile.
 */
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import type { App, PushSubscriptionJson } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { pushSubscriptions, sessions } from '../db/schema.ts';
import type { Session } from '../auth/auth-service.ts';
import type { Clock } from '../clock.ts';

export interface PushTarget {
  identityId: string;
  app: App;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export class PushSubscriptions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async save(session: Session, subscription: PushSubscriptionJson): Promise<void> {
    const { endpoint, keys } = subscription;
    await this.db.transaction(async (tx) => {
      // One subscription per session (a session is one browser), and per app one session per
      // endpoint: a newer session on this browser takes it over.
      await tx
        .delete(pushSubscriptions)
        .where(
          or(
            and(
              eq(pushSubscriptions.sessionId, session.id),
              ne(pushSubscriptions.endpoint, endpoint),
            ),
            and(
              eq(pushSubscriptions.endpoint, endpoint),
              eq(pushSubscriptions.app, session.app),
              ne(pushSubscriptions.sessionId, session.id),
            ),
          ),
        );
      await tx
        .insert(pushSubscriptions)
        .values({
          sessionId: session.id,
          endpoint,
          identityId: session.identity.id,
          app: session.app,
          p256dh: keys.p256dh,
          auth: keys.auth,
          createdAt: this.clock.now(),
        })
        .onConflictDoUpdate({
          target: [pushSubscriptions.sessionId, pushSubscriptions.endpoint],
          set: { p256dh: keys.p256dh, auth: keys.auth },
        });
    });
  }

  /** Whether the session had this endpoint. */
  async remove(sessionId: string, endpoint: string): Promise<boolean> {
    const removed = await this.db
      .delete(pushSubscriptions)
      .where(
        and(eq(pushSubscriptions.sessionId, sessionId), eq(pushSubscriptions.endpoint, endpoint)),
      )
      .returning({ endpoint: pushSubscriptions.endpoint });
    return removed.length > 0;
  }

  async forgetSession(sessionId: string): Promise<void> {
    await this.db.delete(pushSubscriptions).where(eq(pushSubscriptions.sessionId, sessionId));
  }

  /** The push service answered 404 or 410: the browser dropped it, for every session. */
  async dropEndpoint(endpoint: string): Promise<void> {
    await this.db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
  }

  /** The live sessions' subscriptions of these identities. */
  async of(identityIds: string[]): Promise<PushTarget[]> {
    if (identityIds.length === 0) return [];
    const rows = await this.db
      .select({
        identityId: pushSubscriptions.identityId,
        app: pushSubscriptions.app,
        endpoint: pushSubscriptions.endpoint,
        p256dh: pushSubscriptions.p256dh,
        auth: pushSubscriptions.auth,
      })
      .from(pushSubscriptions)
      .innerJoin(sessions, eq(sessions.id, pushSubscriptions.sessionId))
      .where(and(inArray(pushSubscriptions.identityId, identityIds), isNull(sessions.revokedAt)));
    return rows.map(({ p256dh, auth, ...row }) => ({ ...row, keys: { p256dh, auth } }));
  }
}
