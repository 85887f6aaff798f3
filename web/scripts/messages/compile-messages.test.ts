/**
 * The build's message gate, on a small project in a temporary folder compiled by the real
 * Paraglide: it compiles what is right and throws on each way the words could go missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '@inlang/paraglide-js';
import { compileMessages, MessagesError } from './compile-messages.ts';

const webDir = fileURLToPath(new URL('../..', import.meta.url));
const localPlugin = join(webDir, 'node_modules/@inlang/plugin-message-format/dist/index.js');

function project(options: { module?: string; es?: Record<string, string> } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'souk-messages-'));
  mkdirSync(join(dir, 'project.inlang'));
  mkdirSync(join(dir, 'messages'));
  const settings = {
    baseLocale: 'en',
    locales: ['en', 'es'],
    modules: [options.module ?? localPlugin],
    'plugin.inlang.messageFormat': { pathPattern: './messages/{locale}.json' },
  };
  writeFileSync(join(dir, 'project.inlang/settings.json'), JSON.stringify(settings));
  const en = { 'signIn.codeHint': 'We sent a code to {phone}.', appName: 'Souk' };
  const es = options.es ?? { 'signIn.codeHint': 'Enviamos un código al {phone}.', appName: 'Souk' };
  writeFileSync(join(dir, 'messages/en.json'), JSON.stringify(en));
  writeFileSync(join(dir, 'messages/es.json'), JSON.stringify(es));
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  const error = await compileMessages({ webDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MessagesError);
  return (error as MessagesError).problems;
}

describe('compileMessages', () => {
  it('compiles every message of every locale into tables called by name', async () => {
    const dir = project();
    await compileMessages({ webDir: dir });
    const table = async (locale: string) =>
      (
        (await import(pathToFileURL(join(dir, `.paraglide/keyed-${locale}.js`)).href)) as {
          default: Record<string, (inputs: object) => string>;
        }
      ).default;
    expect((await table('es'))['signIn.codeHint']!({ phone: '+34 600' })).toBe(
      'Enviamos un código al +34 600.',
    );
    expect((await table('en')).appName!({})).toBe('Souk');
    expect(readFileSync(join(dir, '.paraglide/keyed-en.d.ts'), 'utf8')).toContain('"appName"');
  }, 60_000);

  it('fails when a locale lacks a key', async () => {
    const dir = project({ es: { appName: 'Souk' } });
    expect(await problemsOf(dir)).toEqual(['es lacks "signIn.codeHint"']);
  });

  it('fails when the plugin is named by a network address or is not installed', async () => {
    const cdn = 'https://cdn.jsdelivr.net/npm/@inlang/plugin-message-format@4/dist/index.js';
    expect(await problemsOf(project({ module: cdn }))).toEqual([
      `plugin ${cdn} is fetched from the network: name a file in node_modules`,
    ]);
    const missing = './node_modules/@inlang/plugin-that-is-not-installed/dist/index.js';
    expect((await problemsOf(project({ module: missing })))[0]).toMatch(/does not exist/);
  });

  it('fails when a module is not a message plugin', async () => {
    const dir = project();
    writeFileSync(join(dir, 'not-a-plugin.js'), 'export default { key: "nothing" };');
    const settings = join(dir, 'project.inlang/settings.json');
    const parsed = JSON.parse(readFileSync(settings, 'utf8')) as { modules: string[] };
    writeFileSync(settings, JSON.stringify({ ...parsed, modules: ['./not-a-plugin.js'] }));
    expect(await problemsOf(dir)).toEqual(['plugin ./not-a-plugin.js exports no message loader']);
  });

  it('is needed: Paraglide alone compiles no message, without failing, when the plugin is missing', async () => {
    const dir = project({ module: './node_modules/@inlang/plugin-that-is-not-installed/x.js' });
    await compile({ project: join(dir, 'project.inlang'), outdir: join(dir, 'out') });
    expect(readFileSync(join(dir, 'out/messages/_index.js'), 'utf8')).not.toMatch(/appName/);
  }, 60_000);
});
