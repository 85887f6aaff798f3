/**
 * Chat media stays in its chat: every media address a new message names must be an upload bound
 * to this conversation. Public media (profile photos, template header images) may appear only in
 * template messages. The server answers who owns a media id (`MediaLookup`, preloaded before the
 * validator runs, since rules are synchronous); without a lookup (devices) the rule is skipped.
 */
import { mediaIdsIn } from '../docs/media-url.ts';
import type { RuleRefusal, WriteContext } from './rules.ts';

export interface MediaAccess {
  /** Served to anyone (profile photos, template images). */
  public: boolean;
  /** The conversation ids a chat upload is bound to. */
  chats: readonly string[];
}

/** Who a media id belongs to; undefined for an id the server does not know. */
export type MediaLookup = (id: string) => MediaAccess | undefined;

export function checkMessageMedia(
  message: { kind: string },
  ctx: WriteContext,
): RuleRefusal | null {
  const lookup = ctx.media;
  if (!lookup) return null;
  for (const id of mediaIdsIn(message)) {
    const access = lookup(id);
    const allowed =
      access !== undefined &&
      (access.chats.includes(ctx.name.id) || (access.public && message.kind === 'template'));
    if (!allowed) return { code: 'foreign_media', details: { media: id } };
  }
  return null;
}
