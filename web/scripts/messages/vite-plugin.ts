/**
 * Compiles the messages before Vite builds or serves the app, and again in dev when a message file
 * changes. A problem (a plugin not loading from node_modules, a missing key) throws, so the build
 * fails instead of shipping an app without words.
 */
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileMessages } from './compile-messages.ts';

export function soukMessages(webDir: string): Plugin {
  // One compile per process: SvelteKit runs several Vite builds (client, server, worker).
  let compiled: Promise<void> | undefined;
  return {
    name: 'souk-messages',
    async buildStart() {
      compiled ??= compileMessages({ webDir });
      await compiled;
    },
    configureServer(server) {
      const messages = join(webDir, 'messages');
      server.watcher.add(messages);
      server.watcher.on('change', (file) => {
        if (file.startsWith(messages)) {
          compileMessages({ webDir }).catch((error: unknown) =>
            server.config.logger.error(String(error)),
          );
        }
      });
    },
  };
}
