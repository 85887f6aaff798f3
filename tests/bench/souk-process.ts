/**
 * A Souk server process for benchmarks: the real `startServer` with the real configuration from
 * the environment, exactly as `server/src/main.ts` starts it, except that the sign-in rate limits
 * are lifted through the exported `authLimits` option (hundreds of people sign in from one
 * loopback address). Run with `--expose-gc`; over IPC it answers `memory` with its own
 * `process.memoryUsage()` after a full collection and the number of documents in memory; and
 * `profile-start` / `profile-stop` (with a file) profile its CPU over a stretch the benchmark
 * chooses (the measured load alone, not start-up and sign-in), answering `profiled`.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createLogger, loadConfig, startServer } from '@souk/server';

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  loadedDocs: number;
  /** Of those, conversation documents (heads and epochs): what history costs. */
  loadedConversationDocs: number;
  /** Their names (`conv:<id>` the head, `conv:<id>~<epoch>` an epoch). */
  conversationDocNames: string[];
}

const config = loadConfig(process.env);
const server = await startServer(config, {
  logger: createLogger(config.logLevel),
  authLimits: { perIp: 1_000_000, perPhone: 1_000_000 },
});

let profiler: Session | null = null;
process.on('message', (request: { type: string; file?: string }) => {
  if (request.type === 'profile-start' || request.type === 'profile-stop') {
    void profile(request.type, request.file);
    return;
  }
  if (request.type !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const conversations = server.store.loadedNames.filter((n) => n.startsWith('conv:'));
  const report: MemoryReport = {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    loadedDocs: server.store.loadedCount,
    loadedConversationDocs: conversations.length,
    conversationDocNames: conversations,
  };
  process.send?.({ type: 'memory', report });
});

async function profile(step: string, file?: string): Promise<void> {
  if (step === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = null;
    if (file) await writeFile(file, JSON.stringify(profile));
  }
  process.send?.({ type: 'profiled' });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
process.send?.({ type: 'ready', url: server.url });
