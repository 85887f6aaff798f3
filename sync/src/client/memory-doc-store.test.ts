import { MemoryDocStore } from './memory-doc-store.ts';
import { docStoreContract } from './testing/doc-store-contract.ts';

docStoreContract('MemoryDocStore', async () => {
  const store = new MemoryDocStore();
  // Memory is the storage: a restarted app over the same store loads from its log again.
  return { store, reopen: async () => store };
});
