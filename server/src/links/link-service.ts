/**
 * What a business's link (`/c/<handle>`) shows and counts. The page holds only what the business's
 * profile already shows anyone: name, ✅, category, photo, description, hours (read from the
 * `profile:<id>` document, keeping only valid fields, as devices do). A suspended business's link
 * leads nowhere. Uses are counted per handle and UTC day: visits (page loads), and people who
 * started a chat or opted in from it, each person once a day.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  docName,
  preferencesFor,
  readPreferences,
  readProfile,
  SoukError,
  type LinkPage,
  type LinkStats,
  type StatsRangeQuery,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses, linkActions, linkVisits } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { DocStore } from '../sync/doc-store.ts';
import type { HandleRegistry } from '../business/handle-registry.ts';

const dayMs = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class LinkService {
  constructor(
    private readonly db: Db,
    private readonly store: DocStore,
    private readonly clock: Clock,
    readonly handles: HandleRegistry,
  ) {}

  /** As committed in the database, whichever process committed it. */
  private async read(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.store.readStored(name));
    return doc;
  }

  /** The page of `handle`, or null when no active business has it (or had it lately). */
  async page(handle: string): Promise<LinkPage | null> {
    const found = await this.handles.resolve(handle);
    if (!found) return null;
    const [business] = await this.db
      .select()
      .from(businesses)
      .where(and(eq(businesses.id, found.businessId), eq(businesses.status, 'active')));
    if (!business) return null;
    const profile = readProfile(await this.read(docName('profile', business.id)));
    return {
      handle: found.current,
      businessId: business.id,
      // The table is the truth for name and ✅ (the profile mirrors them).
      name: business.name,
      verified: business.verified,
      category: profile.category ?? null,
      photo: profile.photo ?? null,
      description: profile.description ?? null,
      hours: profile.hours ?? null,
    };
  }

  /** The page, or `not_found`. */
  async require(handle: string): Promise<LinkPage> {
    const page = await this.page(handle);
    if (!page) throw new SoukError('not_found', 'No business has this link.');
    return page;
  }

  async countVisit(page: LinkPage): Promise<void> {
    await this.db
      .insert(linkVisits)
      .values({
        handle: page.handle,
        day: utcDay(this.clock.now()),
        businessId: page.businessId,
        count: 1,
      })
      .onConflictDoUpdate({
        target: [linkVisits.handle, linkVisits.day],
        set: { count: sql`${linkVisits.count} + 1` },
      });
  }

  /** Counts the person once a day per kind; returns whether this call counted. */
  async countAction(page: LinkPage, kind: 'chat' | 'opt_in', personId: string): Promise<boolean> {
    const rows = await this.db
      .insert(linkActions)
      .values({
        handle: page.handle,
        day: utcDay(this.clock.now()),
        kind,
        personId,
        businessId: page.businessId,
      })
      .onConflictDoNothing()
      .returning({ handle: linkActions.handle });
    return rows.length > 0;
  }

  /** Whether the person's own preferences say they receive the business's updates. */
  async optedIn(personId: string, businessId: string): Promise<boolean> {
    const prefs = readPreferences(await this.read(docName('prefs', personId)));
    return preferencesFor(prefs, businessId).optedIn;
  }

  async stats(businessId: string, query: StatsRangeQuery): Promise<LinkStats> {
    const to = query.to ?? utcDay(this.clock.now());
    const from =
      query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - ((query.days ?? 30) - 1) * dayMs);
    if (from > to) throw new SoukError('bad_request', 'from must not be after to.');
    const [visits, actions] = await Promise.all([
      this.db
        .select()
        .from(linkVisits)
        .where(
          and(
            eq(linkVisits.businessId, businessId),
            gte(linkVisits.day, from),
            lte(linkVisits.day, to),
          ),
        ),
      this.db
        .select({
          handle: linkActions.handle,
          day: linkActions.day,
          kind: linkActions.kind,
          count: sql<number>`count(*)::int`,
        })
        .from(linkActions)
        .where(
          and(
            eq(linkActions.businessId, businessId),
            gte(linkActions.day, from),
            lte(linkActions.day, to),
          ),
        )
        .groupBy(linkActions.handle, linkActions.day, linkActions.kind)
        .orderBy(asc(linkActions.day)),
    ]);
    const rows = new Map<string, LinkStats['rows'][number]>();
    const row = (day: string, handle: string) => {
      const key = `${day} ${handle}`;
      let found = rows.get(key);
      if (!found) rows.set(key, (found = { day, handle, visits: 0, chats: 0, optIns: 0 }));
      return found;
    };
    for (const v of visits) row(v.day, v.handle).visits += v.count;
    for (const a of actions)
      row(a.day, a.handle)[a.kind === 'chat' ? 'chats' : 'optIns'] += Number(a.count);
    const sorted = [...rows.values()].sort((a, b) =>
      a.day === b.day ? a.handle.localeCompare(b.handle) : a.day.localeCompare(b.day),
    );
    return { from, to, rows: sorted };
  }
}
