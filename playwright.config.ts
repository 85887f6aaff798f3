import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium.ts';

// End-to-end tests drive Debian's Chromium against one real server (PGlite in a fresh temp dir).
// E2E_PORT lets several runs share a machine.
const port = Number(process.env.E2E_PORT ?? 4317);
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The tests' own API calls (`request`, `page.request`) act as pages of the app: like a browser
    // they name its origin, which the server requires of every signed-in change (docs/protocol.md).
    extraHTTPHeaders: { origin: `http://127.0.0.1:${port}` },
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node tests/e2e/serve.mjs ${port}`,
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
  },
});
