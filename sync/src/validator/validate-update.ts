/**
 * The update validator: decides, before anything is applied or stored, whether an identity may
 * make every change inside a Yjs update to a document.
 *
 * Yjs encodes an inserted item's place by its neighbours (origin / right origin), not by its
 * parent, so the parent and map key of most items can only be found by looking the neighbour up
 * — in the same update or in the server's copy of the document. Once every new item is located
 * at a root and key, and every deleted item is known, the per-kind rules (rules.ts) judge them.
 *
 * Client ids are not trusted: each Yjs client id is bound to the identity that first wrote with
 * it in this document (`ownerOf`), so nobody can write, or reserve clock ranges, as another.
 *
 * Nothing an update carries may make the document unusable for others (docs/protocol.md, Limits):
 * its structs and delete-set ranges are bounded (bounds.ts), and it introduces at most one new
 * client id, within the identity's allowance in the document.
 */
import * as Y from 'yjs';
import { platformActor, type Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { limits } from '../limits.ts';
import { docRules, type RuleRefusal, type Write, type WriteContext } from './rules.ts';
import type { ValidatorReason } from '../contract/codes.ts';
import type { ConversationDocs } from '../docs/chat-rules.ts';
import type { MediaLookup } from './media-rule.ts';
import { checkDeleteSet, checkNewClients, checkStructs, type DeleteSet } from './bounds.ts';

export type Verdict =
  | {
      ok: true;
      newClients: number[];
      items: number;
      /** New structs and removals: 0 when the server already has everything in the update. */
      changes: number;
      /** The ids of the new messages it writes (the server records their receive times). */
      messages: string[];
    }
  /** `reason`: a code of contract/codes.ts `validatorReasons`; `details` when it names something. */
  | { ok: false; reason: ValidatorReason; details?: Record<string, unknown> };

export interface ValidateOptions {
  name: DocName;
  actor: Actor;
  now: number;
  /** The identity bound to a Yjs client id in this document, if any. */
  ownerOf(client: number): string | undefined;
  /**
   * A conversation's documents by epoch (the one validated included): message ids are unique
   * and tombstones find their message across them. Without it, this document alone.
   */
  conversation?: ConversationDocs;
  /**
   * How many client ids this identity's devices have bound in this document (server-built
   * writes' aside). Without it the per-identity allowance is not checked.
   */
  boundClients?(identity: string): number;
  /** Whose each media id a message names is (the server's, preloaded): see media-rule.ts. */
  media?: MediaLookup;
  /** A write the server built (its own client id, one per process): outside that allowance. */
  serverBuilt?: boolean;
}

interface Place {
  root: string;
  key: string | null;
}

type Struct = Y.Item | Y.GC | Y.Skip;

class Refusal extends Error {
  constructor(readonly refusal: RuleRefusal) {
    super(refusal.code);
  }
}

const refuse = (code: ValidatorReason, details?: Record<string, unknown>): never => {
  throw new Refusal(details ? { code, details } : { code });
};

export function validateUpdate(doc: Y.Doc, update: Uint8Array, options: ValidateOptions): Verdict {
  try {
    return check(doc, update, options);
  } catch (error) {
    if (error instanceof Refusal) {
      const { code, details } = error.refusal;
      return details ? { ok: false, reason: code, details } : { ok: false, reason: code };
    }
    return { ok: false, reason: 'malformed_update' };
  }
}

function check(doc: Y.Doc, update: Uint8Array, options: ValidateOptions): Verdict {
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
  const bound = checkStructs(structs) ?? checkDeleteSet(ds);
  if (bound) throw new Refusal(bound);
  const rules = docRules[options.name.kind];
  const newClients = new Set<number>();
  // Judge only what the server lacks: a resent backlog's structs often begin with items it
  // stored before (Yjs merges a device's consecutive messages into one struct), and those must
  // not count as written again. diffUpdate cuts such structs at the stored clock.
  const fresh = collectNewStructs(doc, unseen(doc, update), options, newClients);
  const allowance = checkNewClients(newClients.size, options);
  if (allowance) throw new Refusal(allowance);
  const { sets, removed } = placeWrites(doc, fresh, ds);
  if (sets.length > limits.maxItemsPerUpdate)
    refuse('too_many_changes', { max: limits.maxItemsPerUpdate });

  // Every set is known before any is judged, so a rule may refer to another write of the update.
  const { name, actor, now, ownerOf } = options;
  const conversation = options.conversation ?? alone(doc, name.epoch);
  const ctx: WriteContext = { doc, name, actor, now, sets, removed, conversation, ownerOf };
  if (options.media) ctx.media = options.media;
  for (const write of sets) {
    const refusal = rules.set(write, ctx);
    if (refusal) throw new Refusal(refusal);
  }
  for (const write of removed) {
    const refusal = rules.remove(write, ctx);
    if (refusal) throw new Refusal(refusal);
  }
  return {
    ok: true,
    newClients: [...newClients],
    items: sets.length,
    changes: fresh.length + removed.length,
    // A stub replaces a message that has its receive time already.
    messages: sets.flatMap(({ root, key, value }) =>
      root === 'messages' && key === null && (value as { kind?: unknown }).kind !== 'deleted'
        ? [(value as { id: string }).id]
        : [],
    ),
  };
}

/**
 * What an update sets and removes, located, judged by nothing (null if unreadable: the validator
 * refuses it then): what a write names, read before it is validated (server/src/sync/epoch-index.ts).
 */
export function writesOf(doc: Y.Doc, update: Uint8Array): Write[] | null {
  try {
    const { ds } = Y.decodeUpdate(update) as { ds: DeleteSet };
    const anyone = { actor: platformActor, ownerOf: () => undefined };
    const fresh = collectNewStructs(doc, unseen(doc, update), anyone, new Set());
    return Object.values(placeWrites(doc, fresh, ds)).flat();
  } catch {
    return null;
  }
}

/** The update's structs the server lacks (diffUpdate cuts a struct at the stored clock). */
const unseen = (doc: Y.Doc, update: Uint8Array): Struct[] =>
  (Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc))) as { structs: Struct[] }).structs;

function placeWrites(doc: Y.Doc, fresh: Struct[], ds: DeleteSet) {
  const places = locateAll(doc, fresh);
  const sets: Write[] = [];
  for (const item of fresh) {
    if (!(item instanceof Y.Item)) continue;
    const place = places.get(item);
    if (place === undefined) continue; // its neighbour was garbage-collected: Yjs drops it, harmless
    for (const value of valuesOf(item)) sets.push({ ...place, value });
  }
  return { sets, removed: removals(doc, ds, fresh, places) };
}

function alone(doc: Y.Doc, epoch: number): ConversationDocs {
  const docs: Array<Y.Doc | undefined> = []; // sparse: only this epoch
  docs[epoch] = doc;
  return docs;
}

/** Structs the server does not have yet, after checking they continue what it has, with no gaps. */
function collectNewStructs(
  doc: Y.Doc,
  structs: Struct[],
  options: Pick<ValidateOptions, 'actor' | 'ownerOf'>,
  newClients: Set<number>,
): Struct[] {
  const fresh: Struct[] = [];
  let previous: Struct | undefined;
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (struct instanceof Y.Skip) refuse('update_has_gaps');
    const state = Y.getState(doc.store, client);
    if (previous?.id.client !== client && clock > state) {
      refuse('missing_dependencies');
    }
    previous = struct;
    if (clock + struct.length <= state) continue; // already stored
    const owner = options.ownerOf(client);
    if (owner === undefined) newClients.add(client);
    else if (owner !== options.actor.id) refuse('client_id_taken');
    fresh.push(struct);
  }
  return fresh;
}

/** Finds the root and key of each new item, resolving neighbours until nothing more resolves. */
function locateAll(doc: Y.Doc, fresh: Struct[]): Map<Y.Item, Place | undefined> {
  const places = new Map<Y.Item, Place | undefined>();
  let pending = fresh.filter((s): s is Y.Item => s instanceof Y.Item);
  while (pending.length > 0) {
    const unresolved: Y.Item[] = [];
    for (const item of pending) {
      const place = locate(doc, item, fresh, places);
      if (place === 'unknown') unresolved.push(item);
      else places.set(item, place);
    }
    if (unresolved.length === pending.length) refuse('missing_dependencies');
    pending = unresolved;
  }
  return places;
}

function locate(
  doc: Y.Doc,
  item: Y.Item,
  fresh: Struct[],
  places: Map<Y.Item, Place | undefined>,
): Place | undefined | 'unknown' {
  const parent = item.parent as unknown;
  if (typeof parent === 'string') return { root: parent, key: item.parentSub };
  if (parent !== null) refuse('nested_type');
  // The wire format carries a parent exactly when an item has no neighbour, so one is set here.
  const neighbour = (item.origin ?? item.rightOrigin)!;
  const local = fresh.find((s) => containsId(s, neighbour));
  if (local !== undefined) {
    if (!(local instanceof Y.Item)) return undefined;
    return places.has(local) ? places.get(local) : 'unknown';
  }
  if (neighbour.clock >= Y.getState(doc.store, neighbour.client)) return 'unknown';
  return placeOfStored(doc, Y.getItem(doc.store, neighbour) as Struct);
}

function containsId(struct: Struct, id: Y.ID): boolean {
  return (
    struct.id.client === id.client &&
    struct.id.clock <= id.clock &&
    id.clock < struct.id.clock + struct.length
  );
}

function placeOfStored(doc: Y.Doc, struct: Struct): Place | undefined {
  if (!(struct instanceof Y.Item)) return undefined;
  const parent = struct.parent as Y.AbstractType<unknown> | null;
  if (parent === null || parent._item !== null) refuse('nested_type');
  return { root: Y.findRootTypeKey(parent!), key: struct.parentSub };
}

function valuesOf(item: Y.Item): unknown[] {
  if (item.content instanceof Y.ContentAny) return item.content.getContent();
  if (item.content instanceof Y.ContentDeleted) return [undefined];
  return refuse('unsupported_content');
}

/** Every not-yet-deleted value the update's delete set removes, with its place. */
function removals(
  doc: Y.Doc,
  ds: DeleteSet,
  fresh: Struct[],
  places: Map<Y.Item, Place | undefined>,
): Write[] {
  const writes: Write[] = [];
  for (const [client, ranges] of ds.clients) {
    const stored = doc.store.clients.get(client) ?? [];
    const state = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      const end = clock + len;
      if (clock < state && stored.length > 0) {
        for (let i = Y.findIndexSS(stored, clock); i < stored.length; i++) {
          const struct = stored[i] as Struct;
          if (struct.id.clock >= Math.min(end, state)) break;
          if (!(struct instanceof Y.Item) || struct.deleted) continue;
          const place = placeOfStored(doc, struct);
          if (!place) continue;
          // Yjs merges consecutive values of one client into one item: only those in the range go.
          const from = Math.max(clock, struct.id.clock) - struct.id.clock;
          const to = Math.min(end, state, struct.id.clock + struct.length) - struct.id.clock;
          const values = struct.content.getContent().slice(from, to);
          for (const value of values.length > 0 ? values : [undefined])
            writes.push({ ...place, value });
        }
      }
      if (end > state) {
        const inUpdate = fresh.filter(
          (s) =>
            s.id.client === client &&
            s.id.clock < end &&
            s.id.clock + s.length > Math.max(clock, state),
        );
        const covered = inUpdate.reduce((sum, s) => sum + s.length, 0);
        if (covered === 0) refuse('missing_dependencies');
        for (const struct of inUpdate) {
          const place = struct instanceof Y.Item ? places.get(struct) : undefined;
          if (place) writes.push({ ...place, value: undefined });
        }
      }
    }
  }
  return writes;
}
