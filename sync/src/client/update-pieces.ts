/**
 * Cuts what a device sends into updates the server accepts (docs/protocol.md, Limits: values,
 * structs and delete-set ranges per update, at most one Yjs client id new to the document per
 * update, frames of at most `maxFrameBytes`). Without it, a backlog written offline (or while
 * the server restarts) goes out as one update, the server refuses it whole, and the device rolls
 * the refused messages back. The server cuts what it sends the same way, by bytes only
 * (`frameLimits`): a catch-up or a document larger than a frame goes out in several.
 *
 * The server checks each update on its own against what it has, so the pieces keep causal
 * order: an item goes out only once the items it is placed next to were sent, in this piece or
 * an earlier one (a device may have several Yjs client ids, and the update lists them by id, not
 * by time). The deletions go out last, after the items they delete.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { limits } from '../limits.ts';

type Struct = Y.Item | Y.GC | Y.Skip;
type Range = { clock: number; len: number };

interface DeleteSet {
  clients: Map<number, Range[]>;
}

export interface PieceLimits {
  items: number;
  bytes: number;
  structs: number;
  ranges: number;
  /** Client ids a piece may introduce (ones neither `base` nor an earlier piece has). */
  newClients: number;
}

/** What one update may hold: the validator's limits, and room in a frame for the document name. */
export const pieceLimits: PieceLimits = {
  items: limits.maxItemsPerUpdate,
  bytes: limits.maxFrameBytes - 4096,
  structs: limits.maxStructsPerUpdate,
  ranges: limits.maxDeleteRangesPerUpdate,
  newClients: limits.maxNewClientsPerUpdate,
};

/** What the server sends a device: only the frame limits (a device does not validate). */
export const frameLimits: PieceLimits = {
  items: Infinity,
  bytes: limits.maxFrameBytes - 4096,
  structs: Infinity,
  ranges: Infinity,
  newClients: Infinity,
};

/** Bytes a delete-set range takes at most (clock and length), and a client's header. */
const rangeBytes = 16;
const clientBytes = 16;

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

/** Whether `update` as a whole is within `max` (no need to cut it). */
function fits(
  update: Uint8Array,
  structs: Struct[],
  ds: DeleteSet,
  base: Map<number, number>,
  max: PieceLimits,
): boolean {
  if (update.length > max.bytes || structs.length > max.structs) return false;
  if (structs.reduce((n, s) => n + itemsIn(s), 0) > max.items) return false;
  const ranges = [...ds.clients.values()].reduce((n, list) => n + list.length, 0);
  if (ranges > max.ranges) return false;
  const fresh = new Set(structs.map((s) => s.id.client).filter((c) => !(base.get(c)! > 0)));
  return fresh.size <= max.newClients;
}

/** The delete set in pieces of at most `max.ranges` ranges and `max.bytes` bytes. */
function splitDeletions(ds: DeleteSet, max: PieceLimits): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let piece = new Map<number, Range[]>();
  let ranges = 0;
  let bytes = 0;
  const flush = () => {
    if (piece.size > 0) pieces.push(encode([], { clients: piece }));
    piece = new Map();
    ranges = 0;
    bytes = 0;
  };
  for (const [client, list] of ds.clients) {
    for (const range of list) {
      const cost = rangeBytes + (piece.has(client) ? 0 : clientBytes);
      if (ranges + 1 > max.ranges || bytes + cost > max.bytes) flush();
      const own = piece.get(client) ?? [];
      if (own.length === 0) {
        piece.set(client, own);
        bytes += clientBytes;
      }
      own.push(range);
      ranges += 1;
      bytes += rangeBytes;
    }
  }
  flush();
  return pieces;
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
  if (max === frameLimits && update.length <= max.bytes) return [update];
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: DeleteSet };
  if (fits(update, structs, ds, base, max)) return [update];

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
  /** Client ids the server has by the time the piece being filled arrives. */
  const known = new Set([...base].filter(([, clock]) => clock > 0).map(([client]) => client));

  const pieces: Uint8Array[] = [];
  let piece: Struct[] = [];
  let fresh = new Set<number>();
  let items = 0;
  let bytes = 0;
  const flush = () => {
    if (piece.length > 0) pieces.push(encode(piece, null));
    fresh.forEach((client) => known.add(client));
    piece = [];
    fresh = new Set();
    items = 0;
    bytes = 0;
  };
  /** Whether one more struct of `client` may join the piece (struct count, new client ids). */
  const room = (client: number) =>
    piece.length < max.structs &&
    (known.has(client) || fresh.has(client) || fresh.size < max.newClients);
  for (let struct = next(); struct; struct = next()) {
    let rest: Struct | null = struct;
    while (rest) {
      const take: Struct = rest;
      const { client } = take.id;
      if (!room(client)) {
        flush();
        continue;
      }
      const size = bytesOf(take);
      if (items + itemsIn(take) <= max.items && bytes + size <= max.bytes) {
        piece.push(take);
        if (!known.has(client)) fresh.add(client);
        items += itemsIn(take);
        bytes += size;
        rest = null;
      } else if (
        take instanceof Y.Item &&
        take.content instanceof Y.ContentAny &&
        take.length > 1
      ) {
        // As many of its values as fit go in this piece (one, in a piece of its own, at least).
        const roomLeft = max.items - items;
        if (roomLeft <= 0 || (piece.length > 0 && bytes + bytesOf(slice(take, 0, 1)) > max.bytes)) {
          flush();
          continue;
        }
        let n = Math.min(take.length - 1, roomLeft);
        while (n > 1 && bytes + bytesOf(slice(take, 0, n)) > max.bytes) n = Math.floor(n / 2);
        piece.push(slice(take, 0, n));
        if (!known.has(client)) fresh.add(client);
        rest = slice(take, n, take.length);
        flush();
      } else if (piece.length > 0) flush();
      else {
        piece.push(take); // too large on its own: the server's refusal says so
        if (!known.has(client)) fresh.add(client);
        rest = null;
        flush();
      }
    }
    sent.set(struct.id.client, struct.id.clock + struct.length);
  }
  flush();
  return [...pieces, ...splitDeletions(ds, max)];
}
