/**
 * The bare reference: `@y/websocket-server` (no auth, no validation, no persistence) in its own
 * process, driven by plain y-websocket-protocol clients — one socket per person and document,
 * since that protocol has no multiplexing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { driveMeasured, watchArrivals, type Figures, type Workload } from './load.ts';
import { freePort, waitForPort } from '../support/ports.ts';

const messageSync = 0;

export async function startReference(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  // The package exports no ./server; its bin script sits beside package.json.
  const entry = join(
    dirname(createRequire(import.meta.url).resolve('@y/websocket-server/package.json')),
    'src/server.js',
  );
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  await waitForPort(port);
  return { url: `ws://127.0.0.1:${port}`, process: child };
}

function connect(url: string, doc: Y.Doc): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep1(encoder, doc);
      socket.send(encoding.toUint8Array(encoder));
      resolve(socket);
    });
    socket.on('error', reject);
    socket.on('message', (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== messageSync) return; // awareness etc.
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, messageSync);
      syncProtocol.readSyncMessage(decoder, reply, doc, socket);
      if (encoding.length(reply) > 1) socket.send(encoding.toUint8Array(reply));
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === socket) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeUpdate(encoder, update);
      socket.send(encoding.toUint8Array(encoder));
    });
  });
}

export async function runReference(workload: Workload): Promise<Figures> {
  const server = await startReference();
  const latencies: number[] = [];
  const senders: Array<{ doc: Y.Doc; me: string }> = [];
  const sockets: WebSocket[] = [];
  for (let person = 0; person < workload.people; person++) {
    const doc = new Y.Doc();
    const me = `p${person}`;
    watchArrivals(doc, me, latencies);
    sockets.push(await connect(`${server.url}/conv-${Math.floor(person / 2)}`, doc));
    senders.push({ doc, me });
  }
  try {
    return await driveMeasured(server.process.pid!, senders, workload, latencies);
  } finally {
    sockets.forEach((s) => s.close());
    server.process.kill();
  }
}
