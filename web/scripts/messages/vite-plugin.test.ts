/** The build fails, not just warns, when the messages do not compile. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { soukMessages } from './vite-plugin.ts';

const webDir = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of the apps' real project and messages, with `change` applied to it. */
function brokenCopy(change: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'souk-vite-messages-'));
  cpSync(join(webDir, 'project.inlang'), join(dir, 'project.inlang'), { recursive: true });
  cpSync(join(webDir, 'messages'), join(dir, 'messages'), { recursive: true });
  change(dir);
  return dir;
}

const buildStart = (dir: string) =>
  (soukMessages(dir).buildStart as unknown as () => Promise<void>).call({});

describe('the souk-messages Vite plugin', () => {
  it('fails the build when the message plugin is not installed', async () => {
    // The copy has no node_modules: the local plugin path does not exist there.
    const dir = brokenCopy(() => {});
    await expect(buildStart(dir)).rejects.toThrow(/plugin-message-format.* does not exist/);
  });

  it('fails the build when Spanish lacks a key', async () => {
    const dir = brokenCopy((copy) => {
      const settings = join(copy, 'project.inlang/settings.json');
      const parsed = JSON.parse(readFileSync(settings, 'utf8')) as { modules: string[] };
      const local = join(webDir, 'node_modules/@inlang/plugin-message-format/dist/index.js');
      writeFileSync(settings, JSON.stringify({ ...parsed, modules: [local] }));
      const es = join(copy, 'messages/es.json');
      const messages = JSON.parse(readFileSync(es, 'utf8')) as Record<string, string>;
      delete messages['signIn.title'];
      writeFileSync(es, JSON.stringify(messages));
    });
    await expect(buildStart(dir)).rejects.toThrow('es lacks "signIn.title"');
  });
});
