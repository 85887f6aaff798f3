/**
 * Vitest global setup for the unit project: web tests import the compiled messages, so compile
 * them when web/.paraglide is missing or older than a message file or the project settings.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMessages } from './compile-messages.ts';
import { parts } from './keyed-tables.ts';

const webDir = fileURLToPath(new URL('../..', import.meta.url));

function stale(): boolean {
  const output = join(webDir, '.paraglide/keyed-en.js');
  // A part's table (keyed-tables.ts) missing: compiled before that part existed.
  const tables = Object.keys(parts).map((part) => join(webDir, `.paraglide/keyed-en-${part}.js`));
  if ([output, ...tables].some((table) => !existsSync(table))) return true;
  const built = statSync(output).mtimeMs;
  const inputs = [
    join(webDir, 'project.inlang/settings.json'),
    ...readdirSync(join(webDir, 'messages')).map((name) => join(webDir, 'messages', name)),
  ];
  return inputs.some((file) => statSync(file).mtimeMs > built);
}

export default async function setup(): Promise<void> {
  if (stale()) await compileMessages({ webDir });
}
