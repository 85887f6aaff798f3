/**
 * The second build entry, beside SvelteKit's own (run after `vite build`, see package.json):
 * Souk Business's HTML shell and service worker, so the business app installs and caches as
 * itself.
 *  - build/business/index.html: SvelteKit's shell with the business app's title, description,
 *    Apple home-screen title and touch icon (the server serves it under /business:
 *    server/src/http/static-app.ts). Only those lines change, so the shell's
 *    Content-Security-Policy (the hash of its one inline script) still holds.
 *  - build/business/service-worker.js: src/business-worker.ts, bundled into one classic script,
 *    with the build's file list (what `$service-worker` gives SvelteKit's worker) and version.
 * Both written precompressed too (.br, .gz), as the adapter writes everything else.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const web = fileURLToPath(new URL('../../', import.meta.url));
const out = join(web, 'build');

/** Every file under `dir`, as URL paths below `base` (precompressed copies left out). */
function walk(dir: string, base: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path, base);
    if (/\.(br|gz)$/.test(name)) return [];
    return ['/' + relative(base, path).split(sep).join('/')];
  });
}

function writeCompressed(path: string, content: string | Buffer): void {
  writeFileSync(path, content);
  writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(
    `${path}.br`,
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}

/** Replaces exactly one occurrence: a shell that changed shape fails the build, not the app. */
function replaceOnce(html: string, from: string, to: string): string {
  const at = html.indexOf(from);
  if (at < 0 || html.indexOf(from, at + 1) >= 0) throw new Error(`shell: expected one ${from}`);
  return html.slice(0, at) + to + html.slice(at + from.length);
}

export function businessShell(html: string): string {
  const edits: [string, string][] = [
    ['<title>Souk</title>', '<title>Souk Business</title>'],
    [
      'content="Souk: chat with people and the shops you choose, even offline."',
      'content="Souk Business: talk with your customers — inbox, labels, templates and statistics."',
    ],
    [
      '<meta name="apple-mobile-web-app-title" content="Souk"',
      '<meta name="apple-mobile-web-app-title" content="Souk Business"',
    ],
    [
      '<link rel="apple-touch-icon" href="/apple-touch-icon.png"',
      '<link rel="apple-touch-icon" href="/business/apple-touch-icon.png"',
    ],
    ['<link rel="icon" href="/icon.svg"', '<link rel="icon" href="/business/icon.svg"'],
  ];
  return edits.reduce((shell, [from, to]) => replaceOnce(shell, from, to), html);
}

async function main(): Promise<void> {
  mkdirSync(join(out, 'business'), { recursive: true });
  writeCompressed(
    join(out, 'business', 'index.html'),
    businessShell(readFileSync(join(out, 'index.html'), 'utf8')),
  );

  const precache = {
    build: walk(join(out, '_app', 'immutable'), out),
    files: walk(join(web, 'static'), join(web, 'static')),
  };
  const { version } = JSON.parse(readFileSync(join(out, '_app', 'version.json'), 'utf8')) as {
    version: string;
  };
  await build({
    configFile: false,
    logLevel: 'warn',
    resolve: {
      alias: {
        $lib: join(web, 'src', 'lib'),
        'libphonenumber-js/max': join(web, 'src', 'lib', 'phone-lite.ts'),
      },
    },
    define: {
      // Library mode leaves this to the app; a worker has no `process`.
      'process.env.NODE_ENV': JSON.stringify('production'),
      __SOUK_PRECACHE__: JSON.stringify(precache),
      __SOUK_VERSION__: JSON.stringify(version),
    },
    build: {
      outDir: join(out, 'business'),
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      lib: {
        entry: join(web, 'src', 'business-worker.ts'),
        formats: ['iife'],
        name: 'soukBusinessWorker',
        fileName: () => 'service-worker.js',
      },
    },
  });
  const worker = join(out, 'business', 'service-worker.js');
  writeCompressed(worker, readFileSync(worker));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
