/**
 * The search panel's results (SearchPanel.svelte): the first page each time the asked query
 * changes, the next page on demand (scrolled to), and what is shown read again when the device's
 * index or chats change while the panel is open. Not a Dexie live query: a live query records
 * every key its reads return and, while writes go on, reads again before it shows anything; here
 * a result is shown as soon as it is read, and a write asks for a fresh one.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { ChatRow, SoukDb } from '../db.ts';
import { searchChats, searchMessages, type MessageResults } from './search-query.ts';

export interface SearchShown extends MessageResults {
  /** The query these results answer. */
  asked: string;
  chats: ChatRow[];
}

const pageSize = 50;
/** Writes come in bursts (a projection, a backfill): read again once they pause this long. */
const settleMs = 100;

export class SearchResults {
  /** The results of the last query read (null before any, or when nothing is asked). */
  shown = $state.raw<SearchShown | null>(null);
  readonly #db: SoukDb;
  #asked = '';
  /**
   * Counts the reads; a read older than the one shown is dropped. (A newer one is shown even when
   * a still newer one is under way: while writes go on, such as a backfill, each write asks for
   * a read, and dropping all but the newest would show nothing until the writes stop.)
   */
  #generation = 0;
  #shownGeneration = 0;
  #loadingMore = false;
  /** The chats by recency, read when the panel opens and again after they change. */
  #chats: Promise<ChatRow[]> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(db: SoukDb) {
    this.#db = db;
  }

  /** Reads the first page for `query` ('' shows nothing). */
  ask(query: string): void {
    this.#asked = query;
    if (query === '') this.shown = null;
    void this.#read(pageSize, true);
  }

  /** Reads the next page after the shown ones; asked again while it reads, it does nothing. */
  async more(): Promise<void> {
    const shown = this.shown;
    if (!shown?.more || this.#loadingMore) return;
    this.#loadingMore = true;
    try {
      const page = await searchMessages(this.#db, shown.asked, pageSize, shown.next);
      if (this.shown !== shown) return;
      this.shown = { ...shown, ...page, hits: [...shown.hits, ...page.hits] };
    } finally {
      this.#loadingMore = false;
    }
  }

  /**
   * Reads the chats (for their names) before anything is typed, and reads again (as many
   * messages as are shown) after writes to the index or chats.
   */
  follow(): () => void {
    void this.#chatList();
    const [index, chats] = ['search', 'chats'].map((table) => `idb://${this.#db.name}/${table}/`);
    const changed = (parts: ObservabilitySet) => {
      const written = Object.keys(parts);
      if (written.some((part) => part.startsWith(chats!))) this.#chats = null;
      else if (!written.some((part) => part.startsWith(index!))) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(
        () => void this.#read(Math.max(pageSize, this.shown?.hits.length ?? 0), false),
        settleMs,
      );
    };
    Dexie.on('storagemutated', changed);
    return () => {
      clearTimeout(this.#timer);
      Dexie.on.storagemutated.unsubscribe(changed);
    };
  }

  #chatList(): Promise<ChatRow[]> {
    return (this.#chats ??= this.#db.chats.orderBy('lastAt').reverse().toArray());
  }

  async #read(limit: number, measured: boolean): Promise<void> {
    const asked = this.#asked;
    const generation = ++this.#generation;
    if (asked === '') return;
    const started = performance.now();
    const [chats, messages] = await Promise.all([
      this.#chatList(),
      searchMessages(this.#db, asked, limit),
    ]);
    // Benchmarks read this measure: one query, chats and index to rows.
    if (measured) performance.measure('souk:search', { start: started, detail: asked });
    if (asked !== this.#asked || generation < this.#shownGeneration) return;
    this.#shownGeneration = generation;
    this.shown = { asked, chats: searchChats(chats, asked), ...messages };
  }
}
