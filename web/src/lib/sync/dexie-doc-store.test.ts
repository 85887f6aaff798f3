import 'fake-indexeddb/auto';
import { docStoreContract } from '@souk/sync/testing';
import { openDb } from '../db.ts';
import { DexieDocStore } from './dexie-doc-store.ts';

let databases = 0;

docStoreContract('DexieDocStore on fake-indexeddb', async () => {
  const name = `souk-test-${++databases}`;
  return {
    store: new DexieDocStore(openDb(name)),
    reopen: async () => new DexieDocStore(openDb(name)),
  };
});
