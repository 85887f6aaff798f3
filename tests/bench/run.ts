/**
 * Runs the benchmarks one after another (never side by side: they would share the cores they
 * measure), or only those named: `pnpm bench footprint long-history`. Sizes come from the
 * environment (see docs/benchmarks.md). The browser benchmarks need the built web app; the
 * first of them to run builds it once.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runThroughput } from './throughput.ts';
import { printFootprint, runFootprint } from './footprint.ts';
import { runLongHistories } from './long-history.ts';
import { printAppWeight, runAppWeight } from './app-weight.ts';
import { printBrowserCatchUp, runBrowserCatchUp } from './browser-catch-up.ts';
import { printColdStart, runColdStart } from './cold-start.ts';
import { printAbuseMemory, runAbuseMemory } from './abuse-memory.ts';
import { printSearch, runSearch } from './search.ts';
import { runBroadcasts } from './broadcast.ts';
import { printUploads, runUploads } from './uploads.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function buildWebOnce(): void {
  if (process.env.BENCH_SKIP_BUILD) return;
  console.log('building the web app (pnpm --filter @souk/web build)…');
  execFileSync('pnpm', ['--filter', '@souk/web', 'build'], { cwd: root, stdio: 'ignore' });
  process.env.BENCH_SKIP_BUILD = '1';
}

const benchmarks: Record<string, () => Promise<void>> = {
  throughput: async () => {
    await runThroughput();
  },
  footprint: async () => printFootprint(await runFootprint()),
  'long-history': async () => {
    await runLongHistories();
  },
  'app-weight': async () => {
    buildWebOnce();
    printAppWeight(await runAppWeight());
  },
  'catch-up': async () => {
    buildWebOnce();
    printBrowserCatchUp(await runBrowserCatchUp());
  },
  'cold-start': async () => {
    buildWebOnce();
    printColdStart(await runColdStart());
  },
  'abuse-memory': async () => printAbuseMemory(await runAbuseMemory()),
  uploads: async () => printUploads(await runUploads()),
  search: async () => {
    buildWebOnce();
    printSearch(await runSearch());
  },
  broadcast: async () => {
    await runBroadcasts();
  },
};

// Other work on the machine skews every figure: say how busy it was.
const machineLoad = () => `load average ${loadavg()[0]!.toFixed(2)} over the last minute`;

/**
 * With BENCH_QUIET_LOAD set, waits (up to BENCH_QUIET_WAIT seconds, 900) for a quieter machine,
 * and says so when it did not get one.
 */
async function waitForQuiet(): Promise<void> {
  const threshold = Number(process.env.BENCH_QUIET_LOAD);
  if (!threshold) return;
  const seconds = Number(process.env.BENCH_QUIET_WAIT ?? 900);
  const deadline = Date.now() + seconds * 1000;
  while (loadavg()[0]! > threshold && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5000));
  if (loadavg()[0]! > threshold)
    console.log(
      `the machine did not get quiet (load average ≤ ${threshold}) within ${seconds} s: ` +
        'the figures below are from a busy machine',
    );
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`,
  );
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  await waitForQuiet();
  console.log(`\n# ${name} (${machineLoad()})`);
  const started = Date.now();
  await benchmarks[name]!();
  console.log(`(${name} took ${((Date.now() - started) / 1000).toFixed(0)} s; ${machineLoad()})`);
}
