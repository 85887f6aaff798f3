import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and integration tests that start real servers.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'sync/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'web/src/**/*.test.ts',
            'web/scripts/**/*.test.ts',
          ],
          // Web tests import the messages Paraglide compiles (only when they changed).
          globalSetup: ['web/scripts/messages/vitest-setup.ts'],
          exclude: ['**/*.pg.test.ts', '**/node_modules/**'],
          // A few server tests open an in-memory PGlite with every migration: seconds, not ms.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'server/src/**/*.pg.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
