import type * as Y from 'yjs';
import { coversState, mergeStates, stateOf } from './state-vectors.ts';

/**
 * Per connection: what was sent of each document (the server's state then, plus what went out),
 * and the documents with changes sent that the server has not acknowledged yet.
 */
export class SentChanges {
  private readonly sent = new Map<string, Map<number, number>>();
  private readonly unacked = new Set<string>();

  /** A new connection: nothing sent on it yet. */
  clear(): void {
    this.sent.clear();
    this.unacked.clear();
  }

  /** What was sent of `name`, or `server` (a copy) when nothing was yet. */
  of(name: string, server: Map<number, number>): Map<number, number> {
    return this.sent.get(name) ?? new Map(server);
  }

  /** Everything `doc` holds now counts as sent, on top of `sent` (from `of`). */
  record(name: string, sent: Map<number, number>, doc: Y.Doc): void {
    mergeStates(sent, stateOf(doc));
    this.sent.set(name, sent);
  }

  /** A refusal rolled the document back: nothing of it is in flight. */
  forget(name: string): void {
    this.sent.delete(name);
    this.unacked.delete(name);
  }

  /**
   * Checks one document against the server's state after either changed: only its standing can
   * have changed, so a catch-up of thousands of documents checks each once, not all after each.
   */
  check(name: string, server: Map<number, number>): void {
    const sent = this.sent.get(name);
    if (sent && !coversState(server, sent)) this.unacked.add(name);
    else this.unacked.delete(name);
  }

  get inFlight(): boolean {
    return this.unacked.size > 0;
  }
}
