/**
 * What one committed update — or a snapshot standing for compacted ones — adds to the figures.
 * Every step is idempotent on its own, so counting a snapshot whose rows were partly counted
 * already is safe:
 * - a message is a fact row keyed by (conversation, message id), inserted once;
 * - a receipt raises a per-(conversation, reader) watermark; the business's messages it newly
 *   covers flip their delivered/read flags once, and a message counted after its receipt takes
 *   the flags from the watermark;
 * - an opt-in is a state compared with the last counted one and the update it came from.
 * A person whose preferences said read receipts off when their receipt was committed counts as
 * delivered only, whatever the receipt claims. Delivered and read count on the day of the send.
 */
import { and, eq, inArray, lte } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  dayIn,
  docName,
  headDocName,
  parseDocName,
  readPreferences,
  type Message,
} from '@souk/sync';
import type { Tx } from '../db/log-follower.ts';
import type { LogRow } from '../db/committed-log.ts';
import { docClients, statsMessages, statsOptIns, statsReceipts } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { decodeConversationUpdate, type DecodedUpdate } from './decode.ts';
import { countActions } from './count-actions.ts';
import { readDocAt, type StatsFacts } from './facts.ts';
import type { DailyKey, Executor, Tally } from './tally.ts';

/** One batch's view of people's preferences, as of the update being counted. */
export class PrefsAt {
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

export class UpdateCounter {
  constructor(
    private readonly facts: StatsFacts,
    private readonly clock: Clock,
  ) {}

  /** Adds what `row` carries to `tally` (and the fact tables, in `tx`). */
  async count(tx: Tx, row: LogRow, tally: Tally, prefs: PrefsAt): Promise<void> {
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
    const { actions } = decoded;
    if (decoded.messages.length === 0 && decoded.receipts.length === 0 && actions.length === 0)
      return;
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
    if (actions.length > 0)
      await countActions(tx, this.facts, head, businessId, actions, at, tally);
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
    const kindOf = new Map(messages.map((m) => [m.id, m.kind]));
    for (const fact of inserted) {
      tally.addPlatform(utcDays.get(fact.id) ?? fact.day, 'messages');
      const kind = kindOf.get(fact.id) ?? 'text';
      tally.addKind(businessId, fact.day, kind, fact.outgoing ? 'sent' : 'received');
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
