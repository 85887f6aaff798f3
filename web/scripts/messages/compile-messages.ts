/**
 * Compiles messages/<locale>.json with Paraglide into web/.paraglide, and fails — throws — when
 * the result would not say every message in every locale: a plugin that does not load from
 * node_modules, a key missing in a locale, or a compiled table lacking a message. Paraglide by
 * itself only warns in those cases. Used by the Vite build, `pnpm check` and the unit tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@inlang/paraglide-js';
import { catalogueProblems, type Catalogue } from './catalogue-check.ts';
import {
  exportedNames,
  keyedTableDeclaration,
  keyedTableModule,
  messageFunctions,
  parts,
  partTableDeclaration,
  type Part,
  runtimeDeclaration,
  runtimeModule,
} from './keyed-tables.ts';
import { messageFilePath, pluginProblems, readSettings } from './settings.ts';

export class MessagesError extends Error {
  constructor(readonly problems: string[]) {
    super(`Messages do not compile:\n  ${problems.join('\n  ')}`);
    this.name = 'MessagesError';
  }
}

export interface CompileOptions {
  /** The folder holding project.inlang (web/). */
  webDir: string;
  /** Where Paraglide writes; web/.paraglide unless a test says otherwise. */
  outdir?: string;
}

export function readCatalogues(webDir: string): Record<string, Catalogue> {
  const settings = readSettings(join(webDir, 'project.inlang'));
  const catalogues: Record<string, Catalogue> = {};
  for (const locale of settings.locales) {
    const file = messageFilePath(webDir, settings, locale);
    const { $schema: _schema, ...messages } = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
    catalogues[locale] = messages;
  }
  return catalogues;
}

export async function compileMessages({
  webDir,
  outdir = join(webDir, '.paraglide'),
}: CompileOptions): Promise<void> {
  const settings = readSettings(join(webDir, 'project.inlang'));
  const catalogues = readCatalogues(webDir);
  const before = [
    ...(await pluginProblems(webDir, settings)),
    ...catalogueProblems(settings.baseLocale, catalogues),
  ];
  if (before.length > 0) throw new MessagesError(before);

  await compile({
    project: join(webDir, 'project.inlang'),
    outdir,
    outputStructure: 'locale-modules',
    // The language chosen on this device (custom-saved, defined in src/lib/i18n), else the
    // browser's languages, else English. Not Paraglide's localStorage strategy: it would store
    // the browser's language on the first visit as if it had been chosen.
    strategy: ['custom-saved', 'preferredLanguage', 'baseLocale'],
    emitReadme: false,
    // Overwrite in place: a test run reading the tables while a build compiles never finds
    // the folder emptied.
    cleanOutdir: false,
  });

  const names = exportedNames(readFileSync(join(outdir, 'messages', '_index.js'), 'utf8'));
  const keys = Object.keys(catalogues[settings.baseLocale] ?? {});
  for (const locale of settings.locales) {
    const functions = messageFunctions(
      readFileSync(join(outdir, 'messages', `${locale}.js`), 'utf8'),
    );
    writeFileSync(join(outdir, `keyed-${locale}.js`), keyedTableModule(locale, names, functions));
    writeFileSync(
      join(outdir, `keyed-${locale}.d.ts`),
      keyedTableDeclaration(locale, keys, settings.baseLocale),
    );
    for (const part of Object.keys(parts) as Part[]) {
      writeFileSync(
        join(outdir, `keyed-${locale}-${part}.js`),
        keyedTableModule(locale, names, functions, part),
      );
      writeFileSync(
        join(outdir, `keyed-${locale}-${part}.d.ts`),
        partTableDeclaration(settings.baseLocale),
      );
    }
  }
  writeFileSync(join(outdir, 'locale-runtime.js'), runtimeModule());
  writeFileSync(join(outdir, 'locale-runtime.d.ts'), runtimeDeclaration(settings.locales));
  const after = await compiledProblems(outdir, settings.locales, catalogues);
  if (after.length > 0) throw new MessagesError(after);
}

/** Every message of every locale is a function in its table and says what the source says. */
async function compiledProblems(
  outdir: string,
  locales: string[],
  catalogues: Record<string, Catalogue>,
): Promise<string[]> {
  const problems: string[] = [];
  const tableOf = async (name: string) => {
    const url = `${pathToFileURL(join(outdir, `${name}.js`)).href}?t=${Date.now()}`;
    return ((await import(url)) as { default: Record<string, unknown> }).default;
  };
  for (const locale of locales) {
    // The main table and its parts: each message in one of them.
    const table = Object.assign(
      {},
      await tableOf(`keyed-${locale}`),
      ...(await Promise.all(Object.keys(parts).map((part) => tableOf(`keyed-${locale}-${part}`)))),
    ) as Record<string, unknown>;
    for (const [key, source] of Object.entries(catalogues[locale] ?? {})) {
      const message = table[key];
      if (typeof message !== 'function') {
        problems.push(`${locale} "${key}" was not compiled`);
        continue;
      }
      const inputs = new Proxy({}, { get: (_, name) => `{${String(name)}}` });
      if (message(inputs) !== source) problems.push(`${locale} "${key}" compiled to other text`);
    }
  }
  return problems;
}
