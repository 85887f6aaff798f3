/**
 * A message goes to at most 5 chats at once (docs/protocol.md, Message actions): the app's forward
 * picker stops at 5, and the server holds everyone to it. A forward is one update per chat, so
 * "at once" is a window: copies of one content marked `forwarded` that one identity writes into
 * more than `limits.maxForwardChats` conversations within `limits.forwardWindowMs` are refused
 * (`too_many_forwards`, `details.max`). The content is told by a hash of the message without its
 * id, author, number, times, reply and media ids (a photo is uploaded again for each chat).
 *
 * Each forward is first claimed in `forward_claims` (identity, content, conversation), then the
 * claims within the window are counted: several processes claiming at once may refuse one too
 * many, never let one too many through. A resend of a stored forward finds its claim and passes.
 */
import { createHash } from 'node:crypto';
import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import { headDocName, limits, mediaIdFields, messageOf, type Message } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { forwardClaims } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { messagesIn } from '../consent/messages-in.ts';
import type { SubmitResult } from './submit.ts';

/** Fields that differ between copies of one forwarded message. */
const ownFields = new Set(['id', 'author', 'n', 'at', 'reply', 'forwarded', 'url', 'thumb']);

/** A hash of what a forwarded copy carries of the original (the same in every chat). */
export function forwardedContent(message: Message): string {
  const kept = Object.entries(message)
    .filter(([key]) => !ownFields.has(key) && !mediaIdFields.includes(key))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(kept)).digest('base64url');
}

/** The submit path's answer to a forward beyond the limit. */
export function tooManyForwards(): SubmitResult {
  const reason = { code: 'too_many_forwards', details: { max: limits.maxForwardChats } } as const;
  return {
    kind: 'refused',
    stage: 'validator',
    reason: reason.code,
    details: reason.details,
    message: messageOf(reason),
  };
}

export class ForwardLimit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims the forwards `actor` writes in `update` to conversation document `doc`; false when one
   * of them would be the copy of a message in more chats than allowed (nothing is then claimed).
   */
  async allows(actor: string, doc: string, update: Uint8Array): Promise<boolean> {
    const contents = new Set(
      messagesIn(update)
        .filter((m) => m.author === actor && 'forwarded' in m && m.forwarded === true)
        .map(forwardedContent),
    );
    const conv = headDocName(doc);
    const now = this.clock.now();
    const since = now - limits.forwardWindowMs;
    const claimed: string[] = [];
    for (const content of contents) {
      const mine = and(eq(forwardClaims.actor, actor), eq(forwardClaims.content, content));
      await this.db.delete(forwardClaims).where(and(mine, lt(forwardClaims.at, since)));
      const inserted = await this.db
        .insert(forwardClaims)
        .values({ actor, content, conv, at: now })
        .onConflictDoNothing()
        .returning({ conv: forwardClaims.conv });
      if (inserted.length > 0) claimed.push(content);
      const [row] = await this.db
        .select({ chats: count() })
        .from(forwardClaims)
        .where(and(mine, gte(forwardClaims.at, since)));
      if (inserted.length > 0 && (row?.chats ?? 0) > limits.maxForwardChats) {
        await this.release(actor, conv, claimed);
        return false;
      }
    }
    return true;
  }

  /** Gives back the claims of an update refused here (one refused later keeps them). */
  private async release(actor: string, conv: string, contents: readonly string[]): Promise<void> {
    if (contents.length === 0) return;
    await this.db
      .delete(forwardClaims)
      .where(
        and(
          eq(forwardClaims.actor, actor),
          eq(forwardClaims.conv, conv),
          inArray(forwardClaims.content, [...contents]),
        ),
      );
  }
}
