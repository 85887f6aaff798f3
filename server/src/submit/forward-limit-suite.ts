/**
 * The forward limit's rules as one suite, run on both databases (forward-limit.test.ts on PGlite,
 * forward-limit.pg.test.ts on PostgreSQL): a sixth chat within the window is refused and keeps no
 * claim, a resend or another message is no sixth chat, the window ends, and only the writer's own
 * copies marked forwarded count.
 */
import * as Y from 'yjs';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendForward, appendText, limits, type Message } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { forwardClaims } from '../db/schema.ts';
import { ForwardLimit } from './forward-limit.ts';

let made = 0;

/** A message of someone else's to forward (each call another id, the same content). */
export const original = (text: string): Message => ({
  id: `original-${++made}`,
  author: 'u_someone',
  n: 1,
  at: 1,
  kind: 'text',
  text,
});

/** An update in which `author` forwards copies of `messages` into one chat. */
export function forwards(author: string, ...messages: Message[]): Uint8Array {
  const doc = new Y.Doc();
  for (const message of messages) appendForward([doc], author, message, 1);
  return Y.encodeStateAsUpdate(doc);
}

/** A writer of its own, so tests sharing a database do not count each other's claims. */
export const freshActor = () => `u_fwd_${++made}_${Math.random().toString(36).slice(2, 8)}`;

/** How many claims `actor` holds in conversation `conv`. */
export async function claims(db: Db, actor: string, conv: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(forwardClaims)
    .where(and(eq(forwardClaims.actor, actor), eq(forwardClaims.conv, conv)));
  return row?.n ?? 0;
}

export function forwardLimitSuite(database: () => Db): void {
  describe('ForwardLimit', () => {
    let now = 1_700_000_000_000;
    const clock = { now: () => now };
    const chats = (n: number) => Array.from({ length: n }, (_, i) => `conv:chat${i}`);

    it('refuses a sixth chat within the window and keeps no claim of it', async () => {
      const db = database();
      const limit = new ForwardLimit(db, clock);
      const actor = freshActor();
      const offer = original('Offer: two for one');
      const [sixth, ...five] = chats(limits.maxForwardChats + 2).reverse();
      for (const conv of five.slice(0, limits.maxForwardChats))
        expect(await limit.allows(actor, conv, forwards(actor, offer))).toBe(true);
      expect(await limit.allows(actor, sixth!, forwards(actor, offer))).toBe(false);
      expect(await claims(db, actor, sixth!)).toBe(0);
      // A resend into one of the five (an epoch document counts as its chat), or another
      // message into the sixth: not a sixth chat.
      expect(await limit.allows(actor, `${five[0]}~1`, forwards(actor, offer))).toBe(true);
      const other = forwards(actor, original('Something else'));
      expect(await limit.allows(actor, sixth!, other)).toBe(true);
      now += limits.forwardWindowMs + 1;
      expect(await limit.allows(actor, sixth!, forwards(actor, offer))).toBe(true);
    });

    it('gives back every claim of a refused update, not only the copy over the limit', async () => {
      const db = database();
      const limit = new ForwardLimit(db, clock);
      const actor = freshActor();
      const offer = original('Spread widely');
      for (const conv of chats(limits.maxForwardChats))
        expect(await limit.allows(actor, conv, forwards(actor, offer))).toBe(true);
      const both = forwards(actor, original('New and fine'), original('Another new'), offer);
      expect(await limit.allows(actor, 'conv:one-more', both)).toBe(false);
      expect(await claims(db, actor, 'conv:one-more')).toBe(0);
    });

    it('counts only the writer’s own copies marked forwarded', async () => {
      const db = database();
      const limit = new ForwardLimit(db, clock);
      const actor = freshActor();
      const doc = new Y.Doc();
      appendText(doc, actor, 'Offer: two for one', now);
      appendForward([doc], 'u_someone_else', original('Offer: two for one'), now);
      const update = Y.encodeStateAsUpdate(doc);
      for (const conv of chats(limits.maxForwardChats + 1))
        expect(await limit.allows(actor, conv, update)).toBe(true);
      expect(await claims(db, actor, 'conv:chat0')).toBe(0);
    });
  });
}
