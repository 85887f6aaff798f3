/**
 * What counting needs to know besides the update itself, read inside the counting transaction:
 * who is in a conversation (never changes, so remembered), a business's timezone (remembered
 * for a minute), and a document as it was at a sequence number (a person's preferences when
 * their receipt was sent).
 */
import * as Y from 'yjs';
import { and, eq, lte } from 'drizzle-orm';
import { docName, readProfile } from '@souk/sync';
import { docMembers, docSnapshots, docUpdates, identities } from '../db/schema.ts';
import type { Executor } from './tally.ts';

export interface Parties {
  businessId: string | null;
  personId: string | null;
}

const timezoneTtlMs = 60_000;
const maxRemembered = 20_000;

/** A document from its snapshot and its rows up to `seq` (all rows when `seq` is omitted). */
export async function readDocAt(db: Executor, name: string, seq?: number): Promise<Y.Doc> {
  const [snapshot] = await db
    .select({ data: docSnapshots.data })
    .from(docSnapshots)
    .where(eq(docSnapshots.doc, name));
  const rows = await db
    .select({ data: docUpdates.data })
    .from(docUpdates)
    .where(
      seq === undefined
        ? eq(docUpdates.doc, name)
        : and(eq(docUpdates.doc, name), lte(docUpdates.seq, seq)),
    )
    .orderBy(docUpdates.seq);
  const doc = new Y.Doc({ guid: name }); // a guid of its own would draw 31 random numbers
  const parts = [...(snapshot ? [snapshot.data] : []), ...rows.map((r) => r.data)];
  if (parts.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(parts));
  return doc;
}

export class StatsFacts {
  private readonly parties = new Map<string, Parties>();
  private readonly timezones = new Map<string, { zone: string; until: number }>();

  constructor(private readonly now: () => number) {}

  /** The business and the person of a conversation (by its head document name). */
  async partiesOf(db: Executor, head: string): Promise<Parties> {
    const known = this.parties.get(head);
    if (known) return known;
    const rows = await db
      .select({ id: docMembers.identityId, kind: identities.kind })
      .from(docMembers)
      .innerJoin(identities, eq(identities.id, docMembers.identityId))
      .where(eq(docMembers.doc, head));
    const business = rows.filter((r) => r.kind === 'business');
    const people = rows.filter((r) => r.kind === 'person');
    const parties: Parties =
      business.length === 1 && people.length === 1
        ? { businessId: business[0]!.id, personId: people[0]!.id }
        : { businessId: null, personId: null };
    if (rows.length >= 2) {
      if (this.parties.size >= maxRemembered) this.parties.clear();
      this.parties.set(head, parties);
    }
    return parties;
  }

  /** The business's timezone from its profile's opening hours; UTC when it has none. */
  async timezoneOf(db: Executor, businessId: string): Promise<string> {
    const known = this.timezones.get(businessId);
    if (known && known.until > this.now()) return known.zone;
    const profile = readProfile(await readDocAt(db, docName('profile', businessId)));
    const zone = profile.hours?.timezone ?? 'UTC';
    if (this.timezones.size >= maxRemembered) this.timezones.clear();
    this.timezones.set(businessId, { zone, until: this.now() + timezoneTtlMs });
    return zone;
  }
}
