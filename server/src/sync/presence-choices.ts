/**
 * What a person's preferences document says about their presence (preferences.ts): whether they
 * hide their last seen (and so see no one's), and whom they blocked (who then sees nothing of
 * their presence). Kept in memory for the members of the rooms in use, read again when the
 * document changes.
 */
import { docName, readBlockedPeople, readLastSeenShown, readPreferences } from '@souk/sync';
import type { DocStore } from './doc-store.ts';

export interface PresenceChoices {
  hidesSeen: boolean;
  blocked: ReadonlySet<string>;
}

const defaults: PresenceChoices = { hidesSeen: false, blocked: new Set() };

/** Reads an identity's choices from its preferences document (a business has none: defaults). */
export async function readPresenceChoices(
  store: DocStore,
  identity: string,
): Promise<PresenceChoices> {
  const prefs = await store.copy(docName('prefs', identity));
  const blocked = new Set<string>();
  for (const [id, on] of Object.entries(readBlockedPeople(prefs))) if (on) blocked.add(id);
  for (const [id, on] of Object.entries(readPreferences(prefs).blocked)) if (on) blocked.add(id);
  return { hidesSeen: !readLastSeenShown(prefs), blocked };
}

export class ChoicesCache {
  private readonly known = new Map<string, PresenceChoices>();

  constructor(private readonly read: (identity: string) => Promise<PresenceChoices>) {}

  async load(identities: Iterable<string>): Promise<void> {
    for (const identity of identities)
      if (!this.known.has(identity)) this.known.set(identity, await this.read(identity));
  }

  /** Reads the identity's choices again if they are kept; false when they are not. */
  async reload(identity: string): Promise<boolean> {
    if (!this.known.has(identity)) return false;
    this.known.set(identity, await this.read(identity));
    return true;
  }

  get(identity: string): PresenceChoices {
    return this.known.get(identity) ?? defaults;
  }

  /** Forgets identities no room needs any more. */
  forget(identities: Iterable<string>, stillNeeded: (identity: string) => boolean): void {
    for (const identity of identities) if (!stillNeeded(identity)) this.known.delete(identity);
  }
}
