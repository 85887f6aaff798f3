import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

// `pnpm screens`: the gallery in docs/screens/, drawn by the same server the e2e suite starts.
export default defineConfig({ ...base, testDir: 'tests/screens', timeout: 180_000 });
