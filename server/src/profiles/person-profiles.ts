/**
 * People's profiles (`person:<personId>`, sync/src/docs/person-profile.ts) as the HTTP routes
 * change them: the display name, checked against look-alikes of the platform's name and of every
 * verified business's (the same keys and index as business names, name-registry.ts), the about
 * line, and the photo (resized and stripped of metadata like a business's, media-service.ts).
 * Each is written into the profile document as the platform; the name is also kept on the
 * person's identity row, which businesses search their customers by.
 */
import { eq } from 'drizzle-orm';
import {
  refusalError,
  docName,
  personProfileMap,
  readPersonProfile,
  validateDisplayName,
  type PersonProfile,
  type PersonProfileUpdate,
} from '@souk/sync';
import type { Db } from '../db/open.ts';
import { identities } from '../db/schema.ts';
import { asPlatform, type ServerWrite } from '../submit/submit.ts';
import type { MediaService } from '../business/media-service.ts';
import type { NameRegistry } from '../business/name-registry.ts';
import type { DocStore } from '../sync/doc-store.ts';

export interface PersonProfileDeps {
  db: Db;
  write: ServerWrite;
  media: MediaService;
  names: NameRegistry;
  store: DocStore;
}

export class PersonProfiles {
  constructor(private readonly deps: PersonProfileDeps) {}

  async read(personId: string): Promise<PersonProfile> {
    return readPersonProfile(await this.deps.store.copy(docName('person', personId)));
  }

  /** Changes what `update` names (null removes it); refuses a name that breaks a rule. */
  async update(personId: string, update: PersonProfileUpdate): Promise<PersonProfile> {
    const name = update.name == null ? update.name : await this.checkedName(update.name);
    if (name !== undefined)
      await this.deps.db
        .update(identities)
        .set({ displayName: name })
        .where(eq(identities.id, personId));
    await asPlatform(this.deps.write, docName('person', personId), (doc) => {
      const map = personProfileMap(doc);
      for (const [key, value] of [
        ['name', name],
        ['about', update.about === '' ? null : update.about],
      ] as const) {
        if (value === null && map.has(key)) map.delete(key);
        else if (typeof value === 'string' && map.get(key) !== value) map.set(key, value);
      }
    });
    return this.read(personId);
  }

  async setPhoto(personId: string, bytes: Uint8Array): Promise<{ photo: string }> {
    const image = await this.deps.media.storePhoto(personId, bytes);
    await asPlatform(this.deps.write, docName('person', personId), (doc) => {
      const map = personProfileMap(doc);
      if (map.get('photo') !== image.url) map.set('photo', image.url);
    });
    return { photo: image.url };
  }

  async removePhoto(personId: string): Promise<void> {
    await asPlatform(this.deps.write, docName('person', personId), (doc) => {
      personProfileMap(doc).delete('photo');
    });
  }

  /** The normalised name, or the refusal: its own rules first, then look-alikes. */
  private async checkedName(input: string): Promise<string> {
    const checked = validateDisplayName(input);
    if (!checked.ok) throw refusalError('bad_request', { code: checked.code });
    const found = await this.deps.names.collision(this.deps.db, checked.name, null, {
      taken: false,
    });
    if (found) throw refusalError('conflict', { code: found.code });
    return checked.name;
  }
}
