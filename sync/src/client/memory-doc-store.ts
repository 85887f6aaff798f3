/** A ClientDocStore kept in memory: for Node tools, tests and benchmarks. */
import * as Y from 'yjs';
import type { ClientDocStore } from './types.ts';

export class MemoryDocStore implements ClientDocStore {
  readonly docs = new Map<string, Y.Doc>();
  private readonly serverStates = new Map<string, Uint8Array>();
  private readonly pending = new Set<string>();
  private cursor = '';

  async open(name: string): Promise<Y.Doc> {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = new Y.Doc();
      this.docs.set(name, doc);
    }
    return doc;
  }

  async reset(name: string): Promise<Y.Doc> {
    this.docs.get(name)?.destroy();
    this.docs.delete(name);
    this.serverStates.delete(name);
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
