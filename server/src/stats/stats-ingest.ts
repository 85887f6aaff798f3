/**
 * Counting: turns committed updates into statistics, incrementally and exactly once.
 *
 * Why it is shaped so: the committed rows of `doc_updates` are the log. A batch takes the one
 * `stats_cursor` row FOR UPDATE, reads the rows after it (up to the committed counter, so no row
 * that commits later is skipped), counts them and moves the cursor — all in one transaction. The
 * counts and the cursor commit together, so an update is counted once whichever process counts
 * it, however often processes restart, and processes that race simply take turns on the row
 * (the loser finds nothing left to do: no N× work). The hub only says "something committed".
 *
 * Compaction may have folded rows into a document's snapshot before they were counted; the
 * snapshot is then counted in their place, at its sequence number. Everything counted from it is
 * idempotent on its own: a message is a fact row keyed by (conversation, message id), inserted
 * once; a receipt is a watermark raised only upwards, covering each message once (its
 * delivered/read flags flip once); an opt-in is a state compared with the last counted one.
 *
 * Delivered and read are counted on the day the message was sent. A person whose preferences say
 * read receipts off when their receipt was committed counts as delivered only, whatever the
 * receipt claims.
 */
import { and, eq, gt, inArray, like, lte, or, sql, type AnyColumn } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  dayIn,
  docName,
  headDocName,
  parseDocName,
  readPreferences,
  type Message,
} from '@souk/sync';
import type { Database, Db } from '../db/open.ts';
import {
  docClients,
  docSnapshots,
  docUpdates,
  seqCounter,
  statsCursor,
  statsMessages,
  statsOptIns,
  statsReceipts,
} from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Hub } from '../sync/hub.ts';
import { decodeConversationUpdate, type DecodedUpdate } from './decode.ts';
import { readDocAt, type StatsFacts } from './facts.ts';
import { Tally, type DailyKey, type Executor } from './tally.ts';

interface LogRow {
  seq: number;
  doc: string;
  data: Uint8Array;
  /** 0 for a snapshot (counted now). */
  createdAt: number;
}

export interface StatsIngestOptions {
  /** Sequence numbers per transaction. */
  batchSize: number;
  /** How long after a commit counting starts (commits in between share the batch). */
  delayMs: number;
  /** A pass this often, whatever the hub says. */
  sweepMs: number;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Only conversations and preferences carry anything counted. */
const counted = (doc: AnyColumn) => or(like(doc, 'conv:%'), like(doc, 'prefs:%'));

/** One batch's view of people's preferences, as of the update being counted. */
class PrefsAt {
  private readonly docs = new Map<string, Y.Doc>();
  constructor(private readonly db: Executor) {}

  async get(personId: string, seq: number): Promise<Y.Doc> {
    let doc = this.docs.get(personId);
    if (!doc) {
      doc = await readDocAt(this.db, docName('prefs', personId), seq);
      this.docs.set(personId, doc);
    }
    return doc;
  }

  /** The row at `seq` of this person's preferences: the cached copy moves with it. */
  async advance(personId: string, seq: number, update: Uint8Array): Promise<Y.Doc> {
    const cached = this.docs.get(personId);
    if (cached) {
      Y.applyUpdate(cached, update);
      return cached;
    }
    return this.get(personId, seq);
  }
}

export class StatsIngest {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly sweep: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly database: Database,
    hub: Hub,
    private readonly facts: StatsFacts,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: StatsIngestOptions,
  ) {
    this.unsubscribe = hub.subscribe(() => this.schedule());
    this.sweep = setInterval(() => void this.flush().catch(() => {}), options.sweepMs);
    this.sweep.unref();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {}); // logged in flush
    }, this.options.delayMs);
  }

  /** Counts everything committed before the call; resolves when it is counted. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.chain.then(async () => {
      this.queued = null;
      while (!(await this.batch()));
    });
    this.queued = run;
    this.chain = run.catch((error: unknown) => {
      this.logger.error({ err: error }, 'counting statistics failed; the next pass retries');
    });
    return run;
  }

  /** One transaction: count the rows after the cursor; true when nothing committed is left. */
  private batch(): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      await tx.insert(statsCursor).values({ id: 1, seq: 0 }).onConflictDoNothing();
      const [cursor] = await tx
        .select({ seq: statsCursor.seq })
        .from(statsCursor)
        .where(eq(statsCursor.id, 1))
        .for('update');
      const [counter] = await tx
        .select({ value: seqCounter.value })
        .from(seqCounter)
        .where(eq(seqCounter.id, 1));
      const from = cursor?.seq ?? 0;
      const committed = counter?.value ?? 0;
      const upto = Math.min(committed, from + this.options.batchSize);
      if (upto <= from) return true;
      const started = performance.now();
      const rows = await this.readLog(tx, from, upto);
      const tally = new Tally();
      const prefs = new PrefsAt(tx);
      for (const row of rows) await this.count(tx, row, tally, prefs);
      await tally.flush(tx);
      await tx.update(statsCursor).set({ seq: upto }).where(eq(statsCursor.id, 1));
      this.logger.debug(
        { from, upto, rows: rows.length, ms: Math.round(performance.now() - started) },
        'counted',
      );
      return upto >= committed;
    });
  }

  /** The rows in (from, upto], and snapshots that stand for compacted ones: one statement. */
  private async readLog(tx: Tx, from: number, upto: number): Promise<LogRow[]> {
    const rows = await tx
      .select({
        seq: docUpdates.seq,
        doc: docUpdates.doc,
        data: docUpdates.data,
        createdAt: docUpdates.createdAt,
      })
      .from(docUpdates)
      .where(and(gt(docUpdates.seq, from), lte(docUpdates.seq, upto), counted(docUpdates.doc)))
      .unionAll(
        tx
          .select({
            seq: docSnapshots.uptoSeq,
            doc: docSnapshots.doc,
            data: docSnapshots.data,
            createdAt: sql<number>`0::bigint`.as('created_at'),
          })
          .from(docSnapshots)
          .where(
            and(
              gt(docSnapshots.uptoSeq, from),
              lte(docSnapshots.uptoSeq, upto),
              counted(docSnapshots.doc),
            ),
          ),
      );
    return rows
      .map((r) => ({ ...r, seq: Number(r.seq), createdAt: Number(r.createdAt) }))
      .sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt);
  }

  private async count(tx: Tx, row: LogRow, tally: Tally, prefs: PrefsAt): Promise<void> {
    const name = parseDocName(row.doc);
    if (name?.kind === 'conv') await this.countConversation(tx, row, tally, prefs);
    else if (name?.kind === 'prefs') await this.countPreferences(tx, row, name.id, tally, prefs);
  }

  private async countConversation(
    tx: Tx,
    row: LogRow,
    tally: Tally,
    prefs: PrefsAt,
  ): Promise<void> {
    const decoded = decodeConversationUpdate(row.data);
    if (decoded.messages.length === 0 && decoded.receipts.length === 0) return;
    const head = headDocName(row.doc);
    const { businessId, personId } = await this.facts.partiesOf(tx, head);
    const at = row.createdAt || this.clock.now();
    const messages = decoded.messages.filter((m) => m.kind !== 'system' && m.n > 0);
    if (!businessId || !personId) {
      // Private chats keep no fact rows: their update rows are counted once, by the cursor; a
      // snapshot's messages were counted from their rows already (or are lost to the figures).
      if (row.createdAt > 0)
        for (const m of messages) tally.addPlatform(dayIn('UTC', Math.min(m.at, at)), 'messages');
      return;
    }
    if (messages.length > 0)
      await this.countMessages(tx, head, businessId, personId, messages, at, tally);
    if (decoded.receipts.length > 0)
      await this.countReceipts(tx, row.seq, head, personId, decoded.receipts, tally, prefs);
  }

  private async countMessages(
    tx: Tx,
    head: string,
    businessId: string,
    personId: string,
    messages: Message[],
    at: number,
    tally: Tally,
  ): Promise<void> {
    const zone = await this.facts.timezoneOf(tx, businessId);
    const [seen] = await tx
      .select({ d: statsReceipts.d, r: statsReceipts.r })
      .from(statsReceipts)
      .where(and(eq(statsReceipts.conv, head), eq(statsReceipts.reader, personId)));
    const utcDays = new Map<string, string>();
    const values = messages
      .filter((m) => m.author === businessId || m.author === personId)
      .map((m) => {
        const when = Math.min(m.at, at);
        utcDays.set(m.id, dayIn('UTC', when));
        const outgoing = m.author === businessId;
        const template = m.kind === 'template' ? templateOf(m) : null;
        return {
          conv: head,
          id: m.id,
          businessId,
          outgoing,
          n: m.n,
          day: dayIn(zone, when),
          template: template?.template ?? '',
          version: template?.version ?? 0,
          broadcast: template?.broadcast ?? '',
          delivered: outgoing && (seen?.d ?? 0) >= m.n,
          read: outgoing && (seen?.r ?? 0) >= m.n,
        };
      });
    if (values.length === 0) return;
    const inserted = await tx
      .insert(statsMessages)
      .values(values)
      .onConflictDoNothing()
      .returning();
    for (const fact of inserted) {
      tally.addPlatform(utcDays.get(fact.id) ?? fact.day, 'messages');
      if (!fact.outgoing) {
        tally.addDaily(keyOf(fact), 'received');
        continue;
      }
      tally.addDaily(keyOf(fact), 'sent');
      if (fact.delivered) tally.addDaily(keyOf(fact), 'delivered');
      if (fact.read) tally.addDaily(keyOf(fact), 'read');
    }
  }

  /** The person's receipt watermarks: the business's messages they newly cover. */
  private async countReceipts(
    tx: Tx,
    seq: number,
    head: string,
    personId: string,
    receipts: DecodedUpdate['receipts'],
    tally: Tally,
    prefs: PrefsAt,
  ): Promise<void> {
    const clients = [...new Set(receipts.map((r) => r.client))];
    const owners = await tx
      .select({ client: docClients.clientId, identity: docClients.identityId })
      .from(docClients)
      .where(and(eq(docClients.doc, head), inArray(docClients.clientId, clients)));
    const personal = new Set(owners.filter((o) => o.identity === personId).map((o) => o.client));
    const theirs = receipts.filter((r) => personal.has(r.client)).map((r) => r.receipt);
    if (theirs.length === 0) return;
    const readOn = readPreferences(await prefs.get(personId, seq)).readReceipts;
    const claimedR = Math.max(...theirs.map((r) => r.r));
    const r = readOn ? claimedR : 0;
    const d = Math.max(claimedR, ...theirs.map((x) => x.d));
    const [before] = await tx
      .select({ d: statsReceipts.d, r: statsReceipts.r })
      .from(statsReceipts)
      .where(and(eq(statsReceipts.conv, head), eq(statsReceipts.reader, personId)));
    const next = { d: Math.max(before?.d ?? 0, d), r: Math.max(before?.r ?? 0, r) };
    if (before && next.d === before.d && next.r === before.r) return;
    await tx
      .insert(statsReceipts)
      .values({ conv: head, reader: personId, ...next })
      .onConflictDoUpdate({ target: [statsReceipts.conv, statsReceipts.reader], set: next });
    const mark = async (field: 'delivered' | 'read', upto: number) => {
      const column = field === 'delivered' ? statsMessages.delivered : statsMessages.read;
      const flipped = await tx
        .update(statsMessages)
        .set({ [field]: true })
        .where(
          and(
            eq(statsMessages.conv, head),
            eq(statsMessages.outgoing, true),
            lte(statsMessages.n, upto),
            eq(column, false),
          ),
        )
        .returning();
      for (const fact of flipped) tally.addDaily(keyOf(fact), field);
    };
    if (next.d > (before?.d ?? 0)) await mark('delivered', next.d);
    if (next.r > (before?.r ?? 0)) await mark('read', next.r);
  }

  private async countPreferences(
    tx: Tx,
    row: LogRow,
    personId: string,
    tally: Tally,
    prefs: PrefsAt,
  ): Promise<void> {
    const { optIn } = readPreferences(await prefs.advance(personId, row.seq, row.data));
    const businesses = Object.keys(optIn);
    if (businesses.length === 0) return;
    const counted = new Map(
      (
        await tx
          .select({
            businessId: statsOptIns.businessId,
            optedIn: statsOptIns.optedIn,
            seq: statsOptIns.seq,
          })
          .from(statsOptIns)
          .where(eq(statsOptIns.personId, personId))
      ).map((r) => [r.businessId, r]),
    );
    const at = row.createdAt || this.clock.now();
    for (const businessId of businesses) {
      const now = optIn[businessId] === true;
      const before = counted.get(businessId);
      // A state counted from this update or a later one (a recount from an earlier cursor).
      if (before && Number(before.seq) >= row.seq) continue;
      if ((before?.optedIn ?? false) === now) continue;
      const state = { optedIn: now, seq: row.seq };
      await tx
        .insert(statsOptIns)
        .values({ personId, businessId, ...state })
        .onConflictDoUpdate({ target: [statsOptIns.personId, statsOptIns.businessId], set: state });
      const day = dayIn(await this.facts.timezoneOf(tx, businessId), at);
      tally.addEvent(businessId, day, now ? 'opt_in' : 'opt_out');
    }
  }

  /**
   * Moves the cursor back to `seq` and counts again from there: what was counted already is
   * recognised and not counted twice (a check of idempotency; also for a restored backup).
   * Refusals and private chats' messages are the exception: they keep no facts.
   */
  async rewind(seq: number): Promise<void> {
    await this.flush();
    await this.database.db.update(statsCursor).set({ seq }).where(eq(statsCursor.id, 1));
    await this.flush();
  }

  /** Stops listening and waits for a running batch. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}

function keyOf(fact: typeof statsMessages.$inferSelect): DailyKey {
  return {
    businessId: fact.businessId,
    day: fact.day,
    template: fact.template,
    version: fact.version,
    broadcast: fact.broadcast,
  };
}

/** A template message's statistics keys, read defensively (the shape check is light). */
function templateOf(message: Message): { template: string; version: number; broadcast: string } {
  const m = message as { template?: unknown; version?: unknown; broadcast?: unknown };
  return {
    template: typeof m.template === 'string' ? m.template.slice(0, 64) : '',
    version: typeof m.version === 'number' && Number.isInteger(m.version) ? m.version : 0,
    broadcast: typeof m.broadcast === 'string' ? m.broadcast.slice(0, 64) : '',
  };
}
