// The Web Crypto global exists in browsers and in Node ≥ 19; sync uses only this part of it,
// and declares it here so the package needs neither DOM nor Node type definitions.
declare const crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
// Timers exist in every JavaScript host; declared for the same reason.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;
