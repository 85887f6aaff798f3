import { describe, expect, it } from 'vitest';
import { checkTemplate, lintTemplate, type TemplateIssueCode } from './lint.ts';
import type { Template } from './template.ts';
import { orderShipped } from './fixtures.test-data.ts';

type Edit = (t: Template) => void;
const es = (t: Template) => t.translations.es!;
const en = (t: Template) => t.translations.en!;

const table: [label: string, edit: Edit, expected: [path: string, code: TemplateIssueCode][]][] = [
  ['the fixture is clean', () => {}, []],
  [
    'no buttons, no header, no footer',
    (t) => {
      t.translations = { en: { body: 'Hello, thanks for your visit.' } };
    },
    [],
  ],
  [
    'body of exactly 1024 characters',
    (t) => {
      t.translations = { en: { body: `Hello you all ${'x'.repeat(1010)}` } };
    },
    [],
  ],
  [
    'body of 1025 characters',
    (t) => {
      t.translations = { en: { body: `Hello you all ${'x'.repeat(1011)}` } };
    },
    [['translations.en.body', 'too_long']],
  ],
  [
    'limits count what a person sees (graphemes)',
    (t) => {
      t.translations = { en: { body: 'Thanks for your order.', footer: '👍🏽'.repeat(60) } };
    },
    [],
  ],
  [
    'header of 61 characters',
    (t) => {
      en(t).header = { type: 'text', text: 'x'.repeat(61) };
    },
    [['translations.en.header.text', 'too_long']],
  ],
  [
    'footer of 61 characters',
    (t) => {
      es(t).footer = 'x'.repeat(61);
    },
    [['translations.es.footer', 'too_long']],
  ],
  [
    'button text of 26 characters',
    (t) => {
      en(t).buttons![2] = { type: 'quick_reply', text: 'x'.repeat(26) };
    },
    [['translations.en.buttons.2.text', 'too_long']],
  ],
  [
    'four buttons',
    (t) => {
      en(t).buttons!.push({ type: 'quick_reply', text: 'More' });
    },
    [['translations.en.buttons', 'too_many_buttons']],
  ],
  [
    'empty body',
    (t) => {
      t.translations['es-MX']!.body = '  ';
    },
    [
      ['translations.es-MX.body', 'empty'],
      ['translations.es-MX.body', 'parameter_mismatch'],
    ],
  ],
  [
    'ftp link',
    (t) => {
      es(t).buttons![0] = { type: 'url', text: 'Ver', url: 'ftp://sol.es/x' };
    },
    [['translations.es.buttons.0.url', 'bad_link']],
  ],
  [
    'javascript link',
    (t) => {
      es(t).buttons![0] = { type: 'url', text: 'Ver', url: 'javascript:alert(1)' };
    },
    [['translations.es.buttons.0.url', 'bad_link']],
  ],
  [
    'link without a domain',
    (t) => {
      es(t).buttons![0] = { type: 'url', text: 'Ver', url: 'http://192.168.0.1/admin' };
    },
    [['translations.es.buttons.0.url', 'bad_link']],
  ],
  [
    'phone not in E.164',
    (t) => {
      en(t).buttons![1] = { type: 'phone', text: 'Call', phone: '600 123 456' };
    },
    [['translations.en.buttons.1.phone', 'bad_phone']],
  ],
  [
    'phone that does not exist',
    (t) => {
      en(t).buttons![1] = { type: 'phone', text: 'Call', phone: '+3400000' };
    },
    [['translations.en.buttons.1.phone', 'bad_phone']],
  ],
  [
    'phone with spaces (not canonical)',
    (t) => {
      en(t).buttons![1] = { type: 'phone', text: 'Call', phone: '+34 600 123 456' };
    },
    [['translations.en.buttons.1.phone', 'bad_phone']],
  ],
  [
    'translation misses a parameter',
    (t) => {
      es(t).body = 'Hola, tu pedido {{order_id}} está en camino.';
    },
    [['translations.es.body', 'parameter_mismatch']],
  ],
  [
    'translation adds a parameter',
    (t) => {
      t.translations['zh-Hant']!.body += ' ({{eta}})';
    },
    [['translations.zh-Hant.body', 'parameter_mismatch']],
  ],
  [
    'parameters may move between header and body',
    (t) => {
      es(t).header = { type: 'text', text: '¡Hola {{name}}!' };
      es(t).body = 'Tu pedido {{order_id}} está en camino.';
    },
    [],
  ],
  [
    'a parameter with a bad name',
    (t) => {
      t.translations = { en: { body: 'Hi {{Order-ID}}, your order is ready.' } };
    },
    [['translations.en.body', 'bad_parameter']],
  ],
  [
    'unbalanced braces',
    (t) => {
      t.translations = { en: { body: 'Hi {{name}, your order is ready.' } };
    },
    [['translations.en.body', 'bad_parameter']],
  ],
  [
    'a parameter in the footer',
    (t) => {
      en(t).footer = 'Order {{order_id}}';
    },
    [['translations.en.footer', 'bad_parameter']],
  ],
  [
    'a parameter in a button',
    (t) => {
      en(t).buttons![2] = { type: 'quick_reply', text: 'Re {{order_id}}' };
    },
    [['translations.en.buttons.2.text', 'bad_parameter']],
  ],
  [
    'default language missing',
    (t) => {
      t.defaultLanguage = 'fr';
    },
    [['defaultLanguage', 'missing_default_language']],
  ],
  [
    'image header',
    (t) => {
      en(t).header = { type: 'image', url: '/media/abcdefgh12.webp' };
      es(t).header = { type: 'image', url: '/media/abcdefgh12.webp' };
    },
    [],
  ],
  // WhatsApp's structure rules (structure.ts): three words of fixed text, no parameter at an edge.
  [
    'fewer than three words of fixed text',
    (t) => {
      t.translations = { en: { body: 'Thanks {{name}}!' } };
    },
    [['translations.en.body', 'template_few_words']],
  ],
  [
    'a parameter at the very start',
    (t) => {
      es(t).body = '{{name}}, tu pedido {{order_id}} está en camino.';
    },
    [['translations.es.body', 'template_parameter_at_edge']],
  ],
  [
    'a parameter at the very end, whitespace around it ignored',
    (t) => {
      en(t).body = 'Hi {{name}}, your order is {{order_id}}  ';
    },
    [['translations.en.body', 'template_parameter_at_edge']],
  ],
  [
    'nothing but parameters',
    (t) => {
      t.translations = { en: { body: '{{name}} {{order_id}}' } };
    },
    [
      ['translations.en.body', 'template_few_words'],
      ['translations.en.body', 'template_parameter_at_edge'],
    ],
  ],
  [
    'words in any script count, punctuation does not',
    (t) => {
      t.translations['zh-Hant']!.body = '您好 {{name}}，{{order_id}}。';
      es(t).body = 'Hola {{name}} — {{order_id}} ¡ya!';
    },
    [
      ['translations.es.body', 'template_few_words'],
      ['translations.zh-Hant.body', 'template_few_words'],
    ],
  ],
  [
    'bad name',
    (t) => {
      t.name = 'Order Shipped';
    },
    [['name', 'shape']],
  ],
  [
    'bad category',
    (t) => {
      (t as { category: string }).category = 'promo';
    },
    [['category', 'shape']],
  ],
  [
    'bad language tag',
    (t) => {
      t.translations['ES_mx'] = { body: 'x' };
    },
    [['translations.ES_mx', 'shape']],
  ],
  [
    'unknown button type',
    (t) => {
      (en(t).buttons as unknown[])[0] = { type: 'copy_code', text: 'Copy' };
    },
    [['translations.en.buttons.0.type', 'shape']],
  ],
];

describe('lintTemplate', () => {
  it.each(table)('%s', (_label, edit, expected) => {
    const template = orderShipped();
    edit(template);
    const issues = lintTemplate(template);
    expect(issues.map((i) => [i.path, i.code])).toEqual(expected);
    for (const issue of issues) expect(issue.message).toMatch(/^[A-Z"].*[.)]$|^Invalid/);
  });

  it('explains a parameter mismatch by name', () => {
    const template = orderShipped();
    template.translations.es!.body = 'Hola {{nombre}}, tu pedido {{order_id}}.';
    expect(lintTemplate(template)[0]?.message).toBe(
      'This translation must use the same parameters as the default language: missing {{name}} and has extra {{nombre}}.',
    );
  });

  it('checkTemplate returns the parsed template or every issue', () => {
    expect(checkTemplate(orderShipped())).toEqual({ ok: true, template: orderShipped() });
    const check = checkTemplate({ ...orderShipped(), version: 0 });
    expect(check.ok).toBe(false);
    expect(checkTemplate('nope')).toMatchObject({
      ok: false,
      issues: [{ path: '', code: 'shape' }],
    });
  });
});
