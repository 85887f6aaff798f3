/**
 * A y-protocols awareness update, read and written entry by entry, so the server can drop the
 * entries a socket may not send (client ids it does not own) and relay the rest unchanged:
 *
 *   varuint count, then per entry: varuint clientID, varuint clock, varstring state (JSON; "null"
 *   when the client left)
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as the client wrote it (JSON text); "null" means gone. */
  state: string;
}

/** The entries of an update, or null when it is malformed (or has trailing bytes). */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      JSON.parse(state);
      entries.push({ clientId, clock, state });
    }
    return decoding.hasContent(decoder) ? null : entries;
  } catch {
    return null;
  }
}

export function writeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
