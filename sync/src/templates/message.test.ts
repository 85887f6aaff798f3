import { describe, expect, it } from 'vitest';
import { templateMessageSchema } from './message.ts';

const valid = {
  id: 'msg_12345678',
  author: 'b_shop',
  n: 3,
  at: 1_700_000_000_000,
  kind: 'template',
  template: 'order_shipped',
  version: 2,
  category: 'utility',
  params: { name: 'Ana', order_id: 'A-1042' },
  fallback: 'Hi Ana, your order A-1042 is on its way.',
};

describe('templateMessageSchema', () => {
  const table: [label: string, change: Record<string, unknown>, ok: boolean][] = [
    ['a valid message', {}, true],
    ['with a chosen language', { language: 'es-MX' }, true],
    ['no parameters', { params: {} }, true],
    ['version 0', { version: 0 }, false],
    ['a bad template name', { template: 'Order Shipped' }, false],
    ['a bad language', { language: 'spanish' }, false],
    ['a bad parameter name', { params: { 'order-id': '1' } }, false],
    ['a parameter that is not text', { params: { order_id: 1 } }, false],
    ['an overlong parameter', { params: { order_id: 'x'.repeat(257) } }, false],
    ['no fallback', { fallback: '  ' }, false],
    ['an unknown field', { html: '<b>hi</b>' }, false],
    ['a text kind', { kind: 'text' }, false],
  ];
  it.each(table)('%s → %s', (_label, change, ok) => {
    expect(templateMessageSchema.safeParse({ ...valid, ...change }).success).toBe(ok);
  });
});
