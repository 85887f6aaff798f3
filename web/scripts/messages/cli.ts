/** `pnpm --filter @souk/web messages`: compile the messages, exit 1 with the problems if any. */
import { fileURLToPath } from 'node:url';
import { compileMessages } from './compile-messages.ts';

try {
  await compileMessages({ webDir: fileURLToPath(new URL('../..', import.meta.url)) });
  // The inlang SDK leaves a timer behind that would keep the process alive for half a minute.
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
