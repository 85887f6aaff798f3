/**
 * App weight: the JavaScript and CSS a first visit downloads for the first screen of each app
 * (personal at /, business at /business): the bytes on the wire as Chromium received them from
 * the real server (the precompressed variant it negotiated, its Content-Encoding named), beside
 * the raw size and, for comparison, node:zlib's gzip and brotli at default levels. Builds the
 * web app first (BENCH_SKIP_BUILD=1 to reuse web/build).
 *
 * Counted: the scripts and style sheets the page itself requests in a fresh browser context until
 * the app is ready (html[data-ready="true"], set once it mounted and read its local data) and the
 * network settled. Not counted: what the service worker precaches in the background for offline
 * use — the browser fetches that from the worker, not for the page. Each app is measured signed
 * out (the sign-in screen a first visit sees) and signed in: the personal app's chat list, a
 * registered business's inbox (the screens issue 21's 90 KB and tests/e2e/weight.spec.ts are
 * about), and a business before it registers (its onboarding).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { signIn, type SignedIn } from '../support/people.ts';
import { createOperator, openShop } from '../support/shop.ts';
import { contextFor, withServerAndBrowser } from './browser-bench.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const settleMs = 500;

export interface Weight {
  files: number;
  raw: number;
  /** Response bodies as transferred (compressed as served). */
  wire: number;
  /** Content-Encoding of the responses, by how many had it ('identity' for none). */
  encodings: Record<string, number>;
  gzip: number;
  brotli: number;
  /** The heaviest files by gzip size, to see where the weight is. */
  largest: Array<{ name: string; gzip: number }>;
}

export interface FirstScreen {
  app: 'personal' | 'business';
  path: string;
  /** Who sees it: 'signed out', or the signed-in screen's name. */
  screen: string;
  js: Weight;
  css: Weight;
  /**
   * The scripts asked for before the app marked its first screen drawn (`souk:first-screen`, as
   * tests/e2e/weight.spec.ts counts them); what `js` adds to it loads after (the sync engine).
   */
  jsBeforeDrawn: Weight;
}

const emptyWeight = (): Weight => ({
  files: 0,
  raw: 0,
  wire: 0,
  encodings: {},
  gzip: 0,
  brotli: 0,
  largest: [],
});

interface Loaded {
  kind: 'js' | 'css';
  url: string;
  body: Buffer;
  wire: number;
  encoding: string;
}

function addTo(weight: Weight, { url, body, wire, encoding }: Loaded): void {
  const gzip = gzipSync(body).length;
  weight.files++;
  weight.raw += body.length;
  weight.wire += wire;
  weight.encodings[encoding] = (weight.encodings[encoding] ?? 0) + 1;
  weight.gzip += gzip;
  weight.brotli += brotliCompressSync(body).length;
  weight.largest.push({ name: new URL(url).pathname, gzip });
  weight.largest.sort((a, b) => b.gzip - a.gzip).splice(3);
}

async function measure(
  browser: Browser,
  url: string,
  screen: Omit<FirstScreen, 'js' | 'css' | 'jsBeforeDrawn'>,
  person: SignedIn | null,
): Promise<FirstScreen> {
  const context = await contextFor(browser, url, person);
  const page = await context.newPage();
  const bodies: Array<Promise<Loaded | null>> = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    const kind = type === 'script' ? 'js' : 'css';
    const encoding = response.headers()['content-encoding'] ?? 'identity';
    bodies.push(
      (async (): Promise<Loaded> => {
        const body = await response.body();
        // After the body: the transferred size is known once the response finished.
        const { responseBodySize } = await response.request().sizes();
        return { kind, url: response.url(), body, wire: responseBodySize, encoding };
      })().catch(() => null),
    );
  });
  await page.goto(`${url}${screen.path}`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
  await page.waitForTimeout(settleMs);
  const timing = await page.evaluate(() => ({
    drawn: performance.getEntriesByName('souk:first-screen', 'mark')[0]?.startTime ?? Infinity,
    started: performance.getEntriesByType('resource').map((e) => [e.name, e.startTime] as const),
  }));
  const startedAt = new Map(timing.started);
  const result: FirstScreen = {
    ...screen,
    js: emptyWeight(),
    css: emptyWeight(),
    jsBeforeDrawn: emptyWeight(),
  };
  for (const loaded of await Promise.all(bodies)) {
    if (!loaded) continue;
    addTo(result[loaded.kind], loaded);
    if (loaded.kind === 'js' && (startedAt.get(loaded.url) ?? Infinity) < timing.drawn)
      addTo(result.jsBeforeDrawn, loaded);
  }
  await context.close();
  return result;
}

export async function runAppWeight(): Promise<FirstScreen[]> {
  if (!process.env.BENCH_SKIP_BUILD) {
    execFileSync('pnpm', ['--filter', '@souk/web', 'build'], { cwd: root, stdio: 'ignore' });
  }
  // A data directory of its own, for the operator who publishes the terms a shop accepts.
  const dataDir = mkdtempSync(join(tmpdir(), 'souk-weight-'));
  const operator = '+34677700005';
  try {
    await createOperator({ DATA_DIR: dataDir }, operator);
    return await withServerAndBrowser(
      async (server, browser) => {
        const person = await signIn(server.url, '+34677700003');
        const newcomer = await signIn(server.url, '+34677700004', 'business');
        const shop = await openShop(
          () => server.url,
          { operator, shop: '+34677700006' },
          'Weight Shop',
        );
        const screens: FirstScreen[] = [];
        for (const [app, path, screen, who] of [
          ['personal', '/', 'signed out', null],
          ['personal', '/', 'signed in: the chat list', person],
          ['business', '/business', 'signed out', null],
          ['business', '/business', 'signed in: the inbox', shop.who],
          ['business', '/business', 'signed in, not registered yet: onboarding', newcomer],
        ] as const) {
          screens.push(await measure(browser, server.url, { app, path, screen }, who));
        }
        return screens;
      },
      { DATA_DIR: dataDir },
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const describe = (w: Weight) => {
  const served = Object.entries(w.encodings)
    .map(([encoding, n]) => `${n} ${encoding}`)
    .join(', ');
  return `${w.files} files, ${kb(w.wire)} on the wire (${served}), ${kb(w.raw)} raw; zlib: ${kb(w.gzip)} gzip, ${kb(w.brotli)} brotli`;
};

export function printAppWeight(screens: FirstScreen[]): void {
  for (const s of screens) {
    const which = `${s.app} app (${s.path}, ${s.screen})`;
    console.log(`${which} JS: ${describe(s.js)}`);
    console.log(
      `${which} JS before the first screen is drawn: ${describe(s.jsBeforeDrawn)} (target ≤ 90 KB gzip)`,
    );
    console.log(`${which} CSS: ${describe(s.css)}`);
    const heaviest = s.js.largest.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ');
    console.log(`  heaviest scripts (gzip): ${heaviest}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printAppWeight(await runAppWeight());
