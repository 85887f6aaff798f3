/**
 * The parts of a business profile that go through HTTP rather than the profile document: the
 * category (the `businesses` table is what search reads) and the photo (only a server-made
 * image may be shown). Both end up in `profile:<businessId>`, written as the platform.
 * Also the directory: people search active businesses by name and category.
 */
import { and, asc, desc, eq, ilike, type SQL } from 'drizzle-orm';
import { docName, type BusinessCategory, type BusinessSummary, type StoredPhoto } from '@souk/sync';
import type { Db } from '../db/open.ts';
import { businesses } from '../db/schema.ts';
import { asPlatform, type ServerWrite } from '../submit/submit.ts';
import type { MediaService } from './media-service.ts';

const searchLimit = 50;

/** `%` and `_` typed by a person are letters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class ProfileService {
  constructor(
    private readonly db: Db,
    private readonly write: ServerWrite,
    private readonly media: MediaService,
  ) {}

  async setCategory(id: string, category: BusinessCategory): Promise<void> {
    await this.db.update(businesses).set({ category }).where(eq(businesses.id, id));
    await this.writeProfile(id, 'category', category);
  }

  async setPhoto(id: string, bytes: Uint8Array): Promise<StoredPhoto> {
    const image = await this.media.storePhoto(id, bytes);
    await this.writeProfile(id, 'photo', image.url);
    return { photo: image.url };
  }

  private writeProfile(id: string, key: 'category' | 'photo', value: string): Promise<unknown> {
    return asPlatform(this.write, docName('profile', id), (doc) => {
      const profile = doc.getMap('profile');
      if (profile.get(key) !== value) profile.set(key, value);
    });
  }

  async search(q: string, category?: BusinessCategory): Promise<BusinessSummary[]> {
    const where: SQL[] = [eq(businesses.status, 'active')];
    if (q) where.push(ilike(businesses.name, `%${literal(q)}%`));
    if (category) where.push(eq(businesses.category, category));
    const rows = await this.db
      .select({
        id: businesses.id,
        name: businesses.name,
        category: businesses.category,
        verified: businesses.verified,
      })
      .from(businesses)
      .where(and(...where))
      .orderBy(desc(businesses.verified), asc(businesses.name))
      .limit(searchLimit);
    return rows.map((row) => ({ ...row, category: row.category as BusinessCategory }));
  }
}
