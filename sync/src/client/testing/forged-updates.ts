/**
 * Yjs updates no honest client writes, built byte by byte as an attacker would (tests of the
 * validator's bounds and of the server, `@souk/sync/testing`).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

type Struct = Y.Item | Y.GC;

/** An update of `structs` (all of one client, consecutive from the first's clock) and `ranges`. */
export function forgedUpdate(
  structs: Struct[],
  ranges: Array<{ client: number; clock: number; len: number }> = [],
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, structs.length > 0 ? 1 : 0);
  if (structs.length > 0) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(structs[0]!.id.client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  // Each range under its own client header, in the order given: nothing sorted or merged.
  encoding.writeVarUint(encoder.restEncoder, ranges.length);
  for (const { client, clock, len } of ranges) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoder.writeDsClock(clock);
    encoder.writeDsLen(len);
  }
  return encoder.toUint8Array();
}

/** `n` items with no content at all, at one clock, in root `key` (Yjs never writes one). */
export function emptyItems(client: number, clock: number, n: number, key: string): Y.Item[] {
  return Array.from({ length: n }, () => rootItem(client, clock, key, []));
}

/** `n` garbage-collected runs of one clock each: structs with nothing to judge. */
export function gcRuns(client: number, clock: number, n: number): Y.GC[] {
  return Array.from({ length: n }, (_, i) => new Y.GC(Y.createID(client, clock + i), 1));
}

/** One value in root array `key`, written by `client` at `clock` (a message, say). */
export function valueItem(client: number, clock: number, key: string, value: unknown): Y.Item {
  return rootItem(client, clock, key, [value]);
}

/** An item of root array `key` holding `values`, with no neighbours. */
function rootItem(client: number, clock: number, key: string, values: unknown[]): Y.Item {
  return new Y.Item(
    Y.createID(client, clock),
    null,
    null,
    null,
    null,
    key as unknown as Y.AbstractType<unknown>,
    null,
    new Y.ContentAny(values),
  );
}
