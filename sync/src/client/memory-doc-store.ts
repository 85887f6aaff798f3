/**
 * A ClientDocStore kept in memory: for Node tools, tests and benchmarks. Like the Dexie store it
 * keeps each document as a log of updates and loads a fresh Y.Doc from it on every `open`, so a
 * new SyncClient over the same store behaves like an app restarted on the same device.
 */
import * as Y from 'yjs';
import type { ClientDocStore } from './types.ts';
import { splitLog } from './update-log.ts';

export class MemoryDocStore implements ClientDocStore {
  /** The document each name was last opened as (tests read these). */
  readonly docs = new Map<string, Y.Doc>();
  private readonly logs = new Map<string, Uint8Array[]>();
  private readonly serverStates = new Map<string, Uint8Array>();
  private readonly pending = new Set<string>();
  private cursor = '';

  async open(name: string): Promise<Y.Doc> {
    const log = this.logs.get(name) ?? [];
    this.logs.set(name, log);
    const doc = new Y.Doc();
    if (log.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(log), this);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.docs.get(name) === doc) this.logs.get(name)!.push(update);
    });
    this.docs.set(name, doc);
    return doc;
  }

  async rollback(name: string, serverState: Uint8Array): Promise<Y.Doc> {
    const rows = (this.logs.get(name) ?? []).map((data) => ({ data }));
    const { covered } = splitLog(rows, Y.decodeStateVector(serverState));
    this.logs.set(
      name,
      covered.map((row) => row.data),
    );
    return this.open(name);
  }

  async loadServerState(name: string): Promise<Uint8Array | null> {
    return this.serverStates.get(name) ?? null;
  }

  async saveServerState(name: string, stateVector: Uint8Array): Promise<void> {
    this.serverStates.set(name, stateVector);
  }

  async pendingDocs(): Promise<string[]> {
    return [...this.pending];
  }

  async setPending(name: string, pending: boolean): Promise<void> {
    if (pending) this.pending.add(name);
    else this.pending.delete(name);
  }

  async loadCursor(): Promise<string> {
    return this.cursor;
  }

  async saveCursor(cursor: string): Promise<void> {
    this.cursor = cursor;
  }
}
