import { describe, expect, it } from 'vitest';
import { checkTemplateMessage } from './check-message.ts';
import { fallbackText } from './render.ts';
import { orderShipped } from './fixtures.test-data.ts';
import type { TemplateMessage } from './message.ts';

const template = orderShipped();
const params = { name: 'Ana', order_id: 'A-1042' };

function message(change: Partial<TemplateMessage> = {}): TemplateMessage {
  return {
    id: 'msg_12345678',
    author: 'b_shop',
    n: 1,
    at: 1,
    kind: 'template',
    template: 'order_shipped',
    version: 2,
    category: 'utility',
    params,
    fallback: fallbackText(template, params),
    ...change,
  };
}

describe('checkTemplateMessage', () => {
  it('accepts the template’s own rendering, with or without a chosen language', () => {
    expect(checkTemplateMessage(message(), template)).toBeNull();
    expect(checkTemplateMessage(message({ language: 'es-MX' }), template)).toBeNull();
  });

  const refusals: Array<[string, Partial<TemplateMessage> | null, RegExp]> = [
    ['an unknown template or version', null, /no published template/],
    ['a category other than the template’s', { category: 'marketing' }, /category/],
    ['a language the template lacks', { language: 'fr' }, /no fr translation/],
    ['a missing parameter', { params: { name: 'Ana' } }, /missing parameters: order_id/],
    ['an unknown parameter', { params: { ...params, coupon: 'X' } }, /unknown parameters: coupon/],
    ['free text smuggled in the fallback', { fallback: 'Buy now! 50% off' }, /fallback/],
  ];
  it.each(refusals)('refuses %s', (_, change, reason) => {
    const result =
      change === null
        ? checkTemplateMessage(message(), null)
        : checkTemplateMessage(
            message({
              ...change,
              ...(change.params && !change.fallback
                ? { fallback: fallbackText(template, change.params) }
                : {}),
            }),
            template,
          );
    expect(result).toMatch(reason);
  });
});
