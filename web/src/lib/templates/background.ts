/**
 * The service worker's side of template packs: on Periodic Background Sync (where the browser
 * offers it), refresh the packs that are due in each app's database on this device — the same
 * PackStore and schedule the open app uses, so a refresh here counts there.
 */
import Dexie from 'dexie';
import type { App } from '@souk/sync';
import { openDb } from '$lib/db.ts';
import { PackStore } from './pack-store.ts';

const databases: Array<[name: string, app: App]> = [
  ['souk-personal', 'personal'],
  ['souk-business', 'business'],
];

/** Refreshes the due packs of `only`'s database (each app's worker its own), or of both. */
export async function refreshPacksInBackground(only?: App): Promise<void> {
  for (const [name, app] of databases) {
    if ((only && app !== only) || !(await Dexie.exists(name))) continue;
    const db = openDb(name);
    try {
      await new PackStore(db, app).refreshDue();
    } finally {
      db.close();
    }
  }
}
