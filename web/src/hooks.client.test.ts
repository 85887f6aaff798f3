import { expect, it } from 'vitest';

it('leaves zod jitless, whichever loads first', async () => {
  await import('./hooks.client.ts');
  const { z } = await import('zod');
  expect(z.config().jitless).toBe(true);
});
