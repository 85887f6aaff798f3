import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import {
  docName,
  initConversation,
  randomId,
  SoukError,
  startChatSchema,
  type StartChatResult,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { conversations } from '../db/schema.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { Clock } from '../clock.ts';
import { parseBody } from './validate.ts';
import { requireSession, type Env } from './session.ts';

/** Starting a private chat: at most one conversation per pair of people. */
export function chatRoutes(deps: { db: Db; auth: AuthService; store: DocStore; clock: Clock }) {
  const routes = new Hono<Env>();
  routes.post('/chats', async (c) => {
    const session = requireSession(c);
    if (session.identity.kind !== 'person')
      throw new SoukError('forbidden', 'Only people start private chats.');
    const { phone } = await parseBody(c, startChatSchema);
    const peer = await deps.auth.findPerson(phone);
    if (!peer) throw new SoukError('not_on_souk', "This number isn't on Souk yet.");
    if (peer.id === session.identity.id)
      throw new SoukError('bad_request', 'That is your own number.');
    const pairKey = [session.identity.id, peer.id].sort().join('+');
    const inserted = await deps.db
      .insert(conversations)
      .values({ id: randomId(16), kind: 'private', pairKey, createdAt: deps.clock.now() })
      .onConflictDoNothing()
      .returning({ id: conversations.id });
    const [row] = await deps.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.pairKey, pairKey)));
    const doc = docName('conv', row!.id);
    if (inserted.length > 0) {
      const participants = [session.identity, peer].map((p) => ({
        id: p.id,
        kind: 'person' as const,
        phone: p.phone,
      }));
      await deps.store.writeAsServer(doc, (d) => initConversation(d, 'private', participants), [
        session.identity.id,
        peer.id,
      ]);
    }
    const result: StartChatResult = {
      doc,
      peer: { id: peer.id, kind: 'person', phone: peer.phone },
    };
    return c.json(result);
  });
  return routes;
}
