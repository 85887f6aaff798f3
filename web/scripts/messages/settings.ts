/**
 * The inlang project's settings, and the rule that its plugins load from node_modules. Left to
 * its defaults, an inlang project names its plugins by CDN address; offline, the plugin does not
 * load, the SDK only warns, and Paraglide compiles no messages at all. So every module must be a
 * local file that exists and exports a plugin able to load message files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ProjectSettings {
  baseLocale: string;
  locales: string[];
  modules: string[];
  'plugin.inlang.messageFormat'?: { pathPattern?: string };
}

export function readSettings(projectDir: string): ProjectSettings {
  return JSON.parse(readFileSync(join(projectDir, 'settings.json'), 'utf8')) as ProjectSettings;
}

/** Problems with the plugins: a URL, a missing file, or a file that is not a message plugin. */
export async function pluginProblems(webDir: string, settings: ProjectSettings): Promise<string[]> {
  const modules = settings.modules ?? [];
  if (modules.length === 0) return ['project.inlang/settings.json names no plugin module'];
  const problems: string[] = [];
  for (const module of modules) {
    if (/^[a-z]+:/i.test(module)) {
      problems.push(`plugin ${module} is fetched from the network: name a file in node_modules`);
      continue;
    }
    // The inlang SDK resolves a module against the folder that holds project.inlang.
    const path = resolve(webDir, module);
    if (!existsSync(path)) {
      problems.push(`plugin ${module} does not exist (${path}): run pnpm install`);
      continue;
    }
    try {
      const plugin = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
      const loads =
        typeof plugin === 'object' &&
        plugin !== null &&
        ('loadMessages' in plugin || 'importFiles' in plugin);
      if (!loads) problems.push(`plugin ${module} exports no message loader`);
    } catch (error) {
      problems.push(`plugin ${module} does not load: ${String(error)}`);
    }
  }
  return problems;
}

/** Where the message file of `locale` lives, from the plugin's path pattern. */
export function messageFilePath(webDir: string, settings: ProjectSettings, locale: string): string {
  const pattern = settings['plugin.inlang.messageFormat']?.pathPattern;
  if (!pattern) throw new Error('project.inlang/settings.json has no messageFormat pathPattern');
  return join(webDir, pattern.replace('{locale}', locale));
}
