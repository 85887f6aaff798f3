/**
 * A small stand-in for the web app's build, laid out as adapter-static writes it with precompress:
 * each text file beside its .br and .gz, the shell with SvelteKit's CSP meta tag.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const fakeScript = `export const greeting = ${JSON.stringify('hola '.repeat(400))};\n`;
export const fakePolicy = "default-src 'self'; script-src 'self' 'sha256-abc='";
export const fakeShell = `<!doctype html><html><head><meta http-equiv="content-security-policy" content="${fakePolicy}"></head><body>Souk</body></html>`;

export function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souk-web-'));
  const write = (path: string, text: string, compressed = true) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    if (!compressed) return;
    writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${path}.gz`), gzipSync(text));
  };
  write('index.html', fakeShell);
  write('service-worker.js', fakeScript);
  write('_app/immutable/entry/app.abc123.js', fakeScript);
  write('manifest.webmanifest', '{"name":"Souk"}', false);
  return dir;
}
