/**
 * Cuts what a device sends into updates the server accepts (docs/protocol.md: at most
 * `maxItemsPerUpdate` values per update, frames of at most `maxFrameBytes`). Without it, a
 * backlog written offline (or while the server restarts) goes out as one update, the server
 * refuses it whole, and the device rolls the refused messages back.
 *
 * The server checks each update on its own against what it has, so the pieces keep causal
 * order: an item goes out only once the items it is placed next to were sent, in this piece or
 * an earlier one (a device has several Yjs client ids after a restart, and the update lists
 * them by id, not by time). The deletions go out last, after the items they delete.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { limits } from '../limits.ts';

type Struct = Y.Item | Y.GC | Y.Skip;

interface DeleteSet {
  clients: Map<number, Array<{ clock: number; len: number }>>;
}

export interface PieceLimits {
  items: number;
  bytes: number;
}

/** What one update may hold: the item limit, and room in a frame for the document name. */
export const pieceLimits: PieceLimits = {
  items: limits.maxItemsPerUpdate,
  bytes: limits.maxFrameBytes - 4096,
};

/** Values the validator counts for a struct (one per value set; a deleted run counts once). */
function itemsIn(struct: Struct): number {
  if (!(struct instanceof Y.Item)) return 0;
  return struct.content instanceof Y.ContentAny ? struct.content.getLength() : 1;
}

function bytesOf(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoding.length(encoder.restEncoder) + 16; // plus a client's header, at most
}

/** Values `from` to `to` of an item whose content is a list of values, as an item of its own. */
function slice(item: Y.Item, from: number, to: number): Y.Item {
  const { client, clock } = item.id;
  const values = (item.content as Y.ContentAny).getContent().slice(from, to);
  return new Y.Item(
    Y.createID(client, clock + from),
    null,
    from > 0 ? Y.createID(client, clock + from - 1) : item.origin,
    null,
    item.rightOrigin,
    from > 0 ? null : item.parent,
    from > 0 ? null : item.parentSub,
    new Y.ContentAny(values),
  );
}

function encode(structs: Struct[], ds: DeleteSet | null): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0]!.id.clock);
    for (const struct of list) struct.write(encoder, 0);
  }
  const deletions = ds ? [...ds.clients] : [];
  encoding.writeVarUint(encoder.restEncoder, deletions.length);
  for (const [client, ranges] of deletions) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * `update` (what the server lacks beyond `base`, a state vector it has) as updates within
 * `max`, in the order to send them. An update that fits is returned as it is.
 */
export function splitUpdate(
  update: Uint8Array,
  base: Map<number, number>,
  max: PieceLimits = pieceLimits,
): Uint8Array[] {
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
  const total = structs.reduce((n, s) => n + itemsIn(s), 0);
  if (total <= max.items && update.length <= max.bytes) return [update];

  const queues = new Map<number, Struct[]>();
  for (const struct of structs) {
    const queue = queues.get(struct.id.client) ?? [];
    queue.push(struct);
    queues.set(struct.id.client, queue);
  }
  const sent = new Map(base);
  const has = (id: Y.ID | null) => id === null || id.clock < (sent.get(id.client) ?? 0);
  const ready = (struct: Struct) =>
    !(struct instanceof Y.Item) ||
    (has(struct.origin) &&
      has(struct.rightOrigin) &&
      !(struct.parent instanceof Y.ID && !has(struct.parent)));
  /** The next struct to send: one whose neighbours went out (any, if none: the server judges). */
  const next = (): Struct | undefined => {
    for (const queue of queues.values()) if (queue[0] && ready(queue[0])) return queue.shift();
    for (const queue of queues.values()) if (queue[0]) return queue.shift();
    return undefined;
  };

  const pieces: Uint8Array[] = [];
  let piece: Struct[] = [];
  let items = 0;
  let bytes = 0;
  const flush = () => {
    if (piece.length > 0) pieces.push(encode(piece, null));
    piece = [];
    items = 0;
    bytes = 0;
  };
  for (let struct = next(); struct; struct = next()) {
    let rest: Struct | null = struct;
    while (rest) {
      const take: Struct = rest;
      const size = bytesOf(take);
      if (items + itemsIn(take) <= max.items && bytes + size <= max.bytes) {
        piece.push(take);
        items += itemsIn(take);
        bytes += size;
        rest = null;
      } else if (
        take instanceof Y.Item &&
        take.content instanceof Y.ContentAny &&
        take.length > 1
      ) {
        // As many of its values as fit go in this piece (one, in a piece of its own, at least).
        const room = max.items - items;
        if (room <= 0 || (piece.length > 0 && bytes + bytesOf(slice(take, 0, 1)) > max.bytes)) {
          flush();
          continue;
        }
        let n = Math.min(take.length - 1, room);
        while (n > 1 && bytes + bytesOf(slice(take, 0, n)) > max.bytes) n = Math.floor(n / 2);
        piece.push(slice(take, 0, n));
        rest = slice(take, n, take.length);
        flush();
      } else if (piece.length > 0) flush();
      else {
        piece.push(take); // too large on its own: the server's refusal says so
        rest = null;
        flush();
      }
    }
    sent.set(struct.id.client, struct.id.clock + struct.length);
  }
  flush();
  if (ds.clients.size > 0) pieces.push(encode([], ds));
  return pieces;
}
