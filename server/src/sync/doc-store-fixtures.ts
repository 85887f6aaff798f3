/** What the document store's tests share: two people, a device's copy, a device's change. */
import * as Y from 'yjs';
import { platformActor, type Actor } from '@souk/sync';
import type { DocStore } from './doc-store.ts';

export const alice: Actor = { id: 'u_alice', kind: 'person' };
export const bob: Actor = { id: 'u_bob', kind: 'person' };
export const participants = [alice, bob].map((p) => ({
  id: p.id,
  kind: 'person' as const,
  phone: '',
}));

/** A device's copy of the store's document. */
export async function copyOf(store: DocStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await store.diff(name, new Uint8Array([0]))).update);
  return doc;
}

/** The update `edit` makes on a device's copy. */
export function change(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * The platform's write of `edit` (a new conversation's participants, say), validated like any:
 * what the submit path does for the server's own changes, without its gates.
 */
export async function platformWrite(
  store: DocStore,
  name: string,
  edit: (doc: Y.Doc) => void,
  members: string[] = [],
): Promise<void> {
  const update = change(await copyOf(store, name), edit);
  const result = await store.apply(name, update, platformActor, {
    members: { doc: name, ids: members },
  });
  if (result.kind === 'refused') throw new Error(result.reason.code);
}
