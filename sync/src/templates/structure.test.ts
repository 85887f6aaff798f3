import { describe, expect, it } from 'vitest';
import { bodyStructureProblems, parameterValueProblem } from './structure.ts';
import { templateMessageReason } from './check-message.ts';
import { orderShipped } from './fixtures.test-data.ts';

describe('parameter values', () => {
  it.each([
    ['Ana', null],
    ['A-1042 (express)', null],
    ['x'.repeat(100), null],
    ['👍🏽'.repeat(100), null], // characters as a person sees them
    ['x'.repeat(101), 'parameter_too_long'],
    ['Ana\nBUY NOW', 'parameter_has_newline'],
    ['Ana\r', 'parameter_has_newline'],
    ['Ana\tB', 'parameter_has_newline'],
    ['Ana\u2028B', 'parameter_has_newline'],
    [`${'x'.repeat(200)}\n`, 'parameter_has_newline'],
  ] as const)('%j → %s', (value, expected) => {
    expect(parameterValueProblem(value)).toBe(expected);
  });
});

describe('template bodies', () => {
  it.each([
    ['Hi {{name}}, your order is ready.', []],
    ['Your code is {{code}}.', []],
    ['Hi {{name}}', ['template_few_words', 'template_parameter_at_edge']],
    ['{{name}}, your order is ready.', ['template_parameter_at_edge']],
    ['  Your order is ready, {{name}}\n', ['template_parameter_at_edge']],
    ['Gracias {{name}}: {{order}}.', ['template_few_words']],
  ] as const)('%j → %j', (body, expected) => {
    expect(bodyStructureProblems(body)).toEqual(expected);
  });
});

describe('templateMessageReason (at send)', () => {
  const template = orderShipped();
  it('refuses a value with a newline or over 100 characters, then an old body against the rules', () => {
    expect(templateMessageReason({ params: { name: 'Ana', order_id: '1' } }, template)).toBeNull();
    expect(
      templateMessageReason({ params: { name: 'Ana\n\nBUY NOW', order_id: '1' } }, template),
    ).toBe('parameter_has_newline');
    expect(
      templateMessageReason({ params: { name: 'a'.repeat(101), order_id: '1' } }, template),
    ).toBe('parameter_too_long');
    const old = orderShipped();
    old.translations.es!.body = '{{name}}: {{order_id}}';
    expect(templateMessageReason({ params: { name: 'Ana', order_id: '1' } }, old)).toBe(
      'template_few_words',
    );
  });
});
