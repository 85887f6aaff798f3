/**
 * One party (a person's or a business's device) speaking raw frames, the way a modified app
 * could: it keeps a copy of each document from the `sync` frames it receives, and `write` sends
 * exactly the change made in its callback, then waits for the server's answer to it (`ack` or
 * `error`). A refused change is dropped from the copy, as the real client rolls back.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { protocolVersion, type ServerFrame } from '@souk/sync';
import { rawSocket, type RawSocket } from './raw-socket.ts';
import type { SignedIn } from './people.ts';

export interface RawParty {
  id: string;
  socket: RawSocket;
  /** This party's copy of `doc` (empty until the server sent some of it; replaced on each ack). */
  doc(name: string): Y.Doc;
  /** Asks for `doc` (step 1) and waits for the server's copy. */
  open(name: string): Promise<Y.Doc>;
  /** Sends what `change` does to the copy of `doc`; resolves with the `ack` or `error`. */
  write(name: string, change: (doc: Y.Doc) => void): Promise<ServerFrame>;
  /** Sends `update` as is (a forged one, say); resolves with the `ack` or `error`. */
  send(name: string, update: Uint8Array): Promise<ServerFrame>;
  /** Frames received after `mark` (an index into `socket.frames`). */
  since(mark: number): ServerFrame[];
  close(): void;
}

function body(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function syncPayload(frame: ServerFrame): { type: number; payload: Uint8Array } | null {
  if (frame.type !== 'sync') return null;
  const decoder = decoding.createDecoder(frame.body);
  return { type: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
}

export async function rawParty(
  baseUrl: string,
  who: SignedIn,
  app: 'personal' | 'business' = 'personal',
): Promise<RawParty> {
  const socket = await rawSocket(baseUrl, who.cookie, app);
  const docs = new Map<string, Y.Doc>();
  let applied = 0;
  const docOf = (name: string) => {
    const doc = docs.get(name) ?? new Y.Doc();
    docs.set(name, doc);
    return doc;
  };
  const catchUp = () => {
    for (; applied < socket.frames.length; applied++) {
      const frame = socket.frames[applied]!;
      const sync = syncPayload(frame);
      if (frame.type !== 'sync' || !sync || sync.type === syncProtocol.messageYjsSyncStep1)
        continue;
      Y.applyUpdate(docOf(frame.doc), sync.payload, 'server');
    }
  };
  const after = async (mark: number, match: (f: ServerFrame) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = socket.frames.slice(mark).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no answer from the server');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const answerTo = (name: string, mark: number) =>
    after(mark, (f) => (f.type === 'ack' || f.type === 'error') && f.doc === name);

  const mark = socket.frames.length;
  socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
  await after(mark, (f) => f.type === 'cursor');

  const send = async (name: string, update: Uint8Array) => {
    const before = socket.frames.length;
    socket.send({ type: 'sync', doc: name, body: body(syncProtocol.messageYjsUpdate, update) });
    return answerTo(name, before);
  };

  return {
    id: who.id,
    socket,
    doc: (name) => (catchUp(), docOf(name)),
    async open(name) {
      const before = socket.frames.length;
      const empty = Y.encodeStateVector(new Y.Doc());
      socket.send({ type: 'sync', doc: name, body: body(syncProtocol.messageYjsSyncStep1, empty) });
      // The server's step 1 follows its step 2, which may take several frames.
      await after(
        before,
        (f) =>
          f.type === 'sync' &&
          f.doc === name &&
          syncPayload(f)?.type === syncProtocol.messageYjsSyncStep1,
      );
      catchUp();
      return docOf(name);
    },
    async write(name, change) {
      catchUp();
      const local = docOf(name);
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(local));
      scratch.clientID = local.clientID; // after: Yjs renames a doc that receives its own id
      const before = Y.encodeStateVector(local);
      change(scratch);
      const update = Y.encodeStateAsUpdate(scratch, before);
      const answer = await send(name, update);
      if (answer.type === 'ack') docs.set(name, scratch); // the copy now includes the change
      return answer;
    },
    send,
    since: (from) => socket.frames.slice(from),
    close: () => socket.close(),
  };
}
