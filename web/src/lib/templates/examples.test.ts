import { describe, expect, it } from 'vitest';
import { lintTemplate } from '@souk/sync';
import { exampleTemplates } from './examples.ts';

describe('example templates', () => {
  it.each(exampleTemplates.map((t) => [t.name, t] as const))('%s is lint-clean', (_, t) => {
    expect(lintTemplate({ ...t, version: 1 })).toEqual([]);
  });
});
