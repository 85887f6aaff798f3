/** Test helpers for device-side sync (`@souk/sync/testing`): in-memory sockets, a small server, the store contract. */
export * from './socket-pair.ts';
export * from './test-server.ts';
export * from './doc-store-contract.ts';
export * from './forged-updates.ts';
export { kindSamples } from '../../kinds/samples.ts';
