/**
 * Which messages a query finds, newest first, a page at a time: the search keys (search-index.ts:
 * they sort by time) of the newest `want` messages older than `before` with a word beginning with
 * each query word. Every path reads a bounded part of the index, however common the words:
 *
 * - Each word is probed for at most `rareCap` index entries. A word with fewer ("rare") comes
 *   whole: the rare words' keys are intersected, newest first, and any common words checked on
 *   those messages' rows until the page is full (at most `rareCap` rows).
 * - When every word is common, the index's rows are walked newest first (the primary key is the
 *   time) and checked until the page is full: a word with more than `rareCap` messages of
 *   200,000 is in one of 200 at least, so a page of 50 comes within about 10,000 rows, and a
 *   word in most messages ("de") within a hundred. Reading all of such a word's entries, as the
 *   index did first, costs more the more common the word, for results no one scrolls to.
 * - Common words that seldom come together would make that walk long: once what it has seen
 *   says the page would not fill within `walkBudget` rows, the keys of the two words it saw
 *   least are read whole and intersected, and any other words checked on their rows.
 */
import type { SoukDb } from '../db.ts';
import { matchesAll } from './words.ts';

/** A word with at most this many index entries is read whole. */
export const rareCap = 1000;
/** Rows a walk reads at most, unless what it saw says the page fills within them. */
const walkBudget = 20_000;
/** The walk's first read; each next one is sized by the rate seen, up to `biggestRead`. */
const firstRead = 128;
const biggestRead = 4096;
/** Keys of a word read in the first round of common words seldom together. */
const firstKeys = 1024;
/** Rows checked at a time against the other words. */
const chunk = 200;

/** Sorts after every search key (they begin with digits): "from the newest". */
export const newest = '\uffff';

/** Drops the words another query word begins with: `ca cafe` asks only for `cafe`. */
export function essentialWords(wanted: readonly string[]): string[] {
  return wanted.filter((a, i) => !wanted.some((b, j) => j !== i && b !== a && b.startsWith(a)));
}

const descending = (keys: Iterable<string>, before: string) =>
  [...new Set(keys)].filter((k) => k < before).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));

/** Keeps the candidates (newest first) whose rows have every one of `words`, up to `want`. */
async function checked(
  db: SoukDb,
  candidates: readonly string[],
  words: readonly string[],
  want: number,
): Promise<string[]> {
  if (words.length === 0) return candidates.slice(0, want);
  const found: string[] = [];
  for (let i = 0; i < candidates.length && found.length < want; i += chunk) {
    const rows = await db.search.bulkGet(candidates.slice(i, i + chunk));
    for (const row of rows)
      if (row && matchesAll(row.w, words) && found.push(row.k) === want) break;
  }
  return found;
}

/** The rare words' keys intersected (the smallest set first), then the common words checked. */
function fromRare(
  db: SoukDb,
  rare: string[][],
  common: readonly string[],
  want: number,
  before: string,
  from = '',
): Promise<string[]> {
  const [first, ...others] = [...rare].sort((a, b) => a.length - b.length) as [
    string[],
    ...string[][],
  ];
  const sets = others.map((keys) => new Set(keys));
  const candidates = descending(first, before).filter(
    (k) => k >= from && sets.every((set) => set.has(k)),
  );
  return checked(db, candidates, common, want);
}

interface Walk {
  keys: string[];
  /** Whether the walk answered the query (page full or no older rows). */
  done: boolean;
  /** The oldest key read. */
  last: string;
  /** How many rows it read. */
  read: number;
  /** For each word, how many of the rows read have it. */
  seen: number[];
}

/** Reads the index's rows newest first, keeping those with every word. */
async function walk(
  db: SoukDb,
  words: readonly string[],
  want: number,
  before: string,
): Promise<Walk> {
  const keys: string[] = [];
  const seen = words.map(() => 0);
  let last = before;
  let read = 0;
  for (let size = firstRead; ;) {
    const rows = await db.search.where('k').below(last).reverse().limit(size).toArray();
    for (const row of rows) {
      read++;
      last = row.k;
      let all = true;
      words.forEach((word, i) => {
        if (row.w.some((w) => w.startsWith(word))) seen[i] = seen[i]! + 1;
        else all = false;
      });
      if (all && keys.push(row.k) === want) return { keys, done: true, last, read, seen };
    }
    if (rows.length < size) return { keys, done: true, last, read, seen };
    // At the rate seen so far, would the page fill within the budget?
    const needed = ((want - keys.length) * read) / Math.max(keys.length, 0.5);
    if (read >= 512 && read + needed > walkBudget) return { keys, done: false, last, read, seen };
    // About what the rest of the page needs, a little more; growing at most fourfold.
    size = Math.min(biggestRead, 4 * read, Math.max(firstRead, Math.ceil(needed * 1.25)));
  }
}

/**
 * The search keys of the newest `want` messages older than `before` (a search key; `newest` for
 * the first page) with a word beginning with each of `wanted` (folded query words).
 */
export async function newestMatches(
  db: SoukDb,
  wanted: readonly string[],
  want: number,
  before = newest,
): Promise<string[]> {
  const words = essentialWords(wanted);
  if (words.length === 0 || want <= 0) return [];
  const probes = await Promise.all(
    words.map(
      async (w) =>
        (await db.search
          .where('w')
          .startsWith(w)
          .limit(rareCap + 1)
          .primaryKeys()) as string[],
    ),
  );
  const rare = probes.filter((keys) => keys.length <= rareCap);
  const common = words.filter((_, i) => probes[i]!.length > rareCap);
  if (rare.length > 0) return fromRare(db, rare, common, want, before);
  const walked = await walk(db, words, want, before);
  if (walked.done) return walked.keys;
  return [...walked.keys, ...(await seldomTogether(db, words, walked, want - walked.keys.length))];
}

/**
 * Common words seldom together, older than the walk went: the keys of the two words it saw least
 * are intersected (keys, far cheaper than rows), any other words checked on the rows left. A
 * word's own index entries sort by time, so they are read newest first, more each round (4×)
 * until the page is full; longer words beginning with it (`lunes` for `lun`) come whole. A second
 * word in more than one row of ten would cost more as keys than its checks on those rows.
 */
async function seldomTogether(
  db: SoukDb,
  words: readonly string[],
  { seen, read, last }: Walk,
  want: number,
): Promise<string[]> {
  const [least, second] = words.map((_, i) => i).sort((a, b) => seen[a]! - seen[b]!) as [
    number,
    number | undefined,
  ];
  const pair = second !== undefined && seen[second]! * 10 <= read ? [least, second] : [least];
  const others = words.filter((_, i) => !pair.includes(i));
  const keysOf = async (query: Promise<unknown[]>) => (await query) as string[];
  const longer = await Promise.all(
    pair.map((i) =>
      keysOf(db.search.where('w').between(words[i]!, `${words[i]}\uffff`, false).primaryKeys()),
    ),
  );
  for (let n = firstKeys; ; n *= 4) {
    const own = await Promise.all(
      pair.map((i) =>
        keysOf(db.search.where('w').equals(words[i]!).reverse().limit(n).primaryKeys()),
      ),
    );
    // Older than the oldest key read of a word cut short, what its keys say is not known yet.
    const known = own.reduce(
      (from, keys) => (keys.length < n || keys.at(-1)! < from ? from : keys.at(-1)!),
      '',
    );
    const found = await fromRare(
      db,
      own.map((keys, j) => [...keys, ...longer[j]!]),
      others,
      want,
      last,
      known,
    );
    if (found.length === want || known === '') return found;
  }
}
