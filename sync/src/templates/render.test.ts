import { describe, expect, it } from 'vitest';
import { fallbackText, localeChain, renderTemplate, resolveLanguage } from './render.ts';
import { orderShipped } from './fixtures.test-data.ts';

const params = { name: 'Ana', order_id: 'A-1042' };

describe('locale fallback: exact locale, then language, then the default', () => {
  const table: [locale: string, language: string][] = [
    ['es-MX', 'es-MX'], // exact
    ['es_MX', 'es-MX'], // the underscore form some platforms report
    ['es-mx', 'es-MX'], // any case
    ['es-AR', 'es'], // language
    ['es', 'es'],
    ['es-419', 'es'],
    ['es-MX-u-ca-gregory', 'es-MX'], // extensions are ignored
    ['zh-Hant-TW', 'zh-Hant'], // script before language
    ['zh-Hans-CN', 'en'], // another script is another translation: default
    ['zh', 'en'],
    ['en-GB', 'en'],
    ['fr-FR', 'en'], // not translated: the business's default
    ['pt', 'en'],
    ['', 'en'],
    ['not a locale!', 'en'],
  ];
  it.each(table)('%j → %s', (locale, language) => {
    expect(resolveLanguage(orderShipped(), locale)).toBe(language);
  });

  it('uses the business default, whatever it is', () => {
    const template = { ...orderShipped(), defaultLanguage: 'es' };
    expect(resolveLanguage(template, 'fr')).toBe('es');
  });

  it("tries each of a device's languages, with its shorter forms, before the default", () => {
    const withFrench = {
      ...orderShipped(),
      translations: { ...orderShipped().translations, fr: orderShipped().translations.en! },
    };
    const table: [languages: string[], language: string][] = [
      [['es-MX', 'fr'], 'es-MX'],
      [['es-CO', 'fr'], 'es'], // es-CO → es before the next language
      [['de-DE', 'fr-CA', 'es'], 'fr'], // an untranslated first choice is skipped
      [['pt-BR', 'de'], 'en'], // none translated: the business's default
      [[], 'en'],
      [['%%', 'es-AR'], 'es'], // a malformed tag is skipped
    ];
    for (const [languages, language] of table) {
      expect(resolveLanguage(withFrench, languages), languages.join()).toBe(language);
    }
    expect(renderTemplate(withFrench, ['es-MX'], params).language).toBe('es-MX');
  });

  it('lists a locale and its shorter forms', () => {
    expect(localeChain('zh-Hant-TW')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh']);
    expect(localeChain('%%')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('renders the Spanish translation with its header, footer and buttons', () => {
    expect(renderTemplate(orderShipped(), 'es-ES', params)).toEqual({
      language: 'es',
      header: { type: 'text', text: 'Pedido A-1042 enviado' },
      body: 'Hola Ana, tu pedido A-1042 está en camino.',
      footer: 'Panadería Sol',
      buttons: orderShipped().translations.es!.buttons,
      missing: [],
    });
  });

  it('renders a body-only translation without header, footer or buttons', () => {
    expect(renderTemplate(orderShipped(), 'es-MX', params)).toEqual({
      language: 'es-MX',
      body: '¡Qué onda Ana! Tu pedido A-1042 ya va en camino.',
      buttons: [],
      missing: [],
    });
  });

  const table: [label: string, values: Record<string, string>, body: string, missing: string[]][] =
    [
      ['all parameters', params, 'Hi Ana, your order A-1042 is on its way.', []],
      [
        'a missing parameter stays visible',
        { name: 'Ana' },
        'Hi Ana, your order {{order_id}} is on its way.',
        ['order_id'],
      ],
      [
        'values are not expanded again',
        { name: '{{order_id}}', order_id: '7' },
        'Hi {{order_id}}, your order 7 is on its way.',
        [],
      ],
      [
        'replacement patterns are literal',
        { name: '$&$1', order_id: '$$' },
        'Hi $&$1, your order $$ is on its way.',
        [],
      ],
      [
        'extra parameters are ignored',
        { ...params, eta: 'tomorrow' },
        'Hi Ana, your order A-1042 is on its way.',
        [],
      ],
      [
        'inherited names are not parameters',
        { name: 'Ana', order_id: 'x', toString: 'y' },
        'Hi Ana, your order x is on its way.',
        [],
      ],
    ];
  it.each(table)('%s', (_label, values, body, missing) => {
    const rendered = renderTemplate(orderShipped(), 'en', values);
    expect(rendered.body).toBe(body);
    expect(rendered.missing).toEqual(missing);
  });

  it('keeps an image header as it is', () => {
    const template = orderShipped();
    template.translations.en!.header = { type: 'image', url: '/media/abcdefgh12.webp' };
    expect(renderTemplate(template, 'en', params).header).toEqual({
      type: 'image',
      url: '/media/abcdefgh12.webp',
    });
  });
});

describe('fallbackText', () => {
  it('is plain text in the default language, whoever reads it', () => {
    expect(fallbackText(orderShipped(), params)).toBe(
      [
        'Order A-1042 shipped',
        'Hi Ana, your order A-1042 is on its way.',
        'Panadería Sol',
        '• Track: https://sol.es/track\n• Call us: +34600123456\n• Thanks!',
      ].join('\n\n'),
    );
  });

  it('uses the default language when it is not English', () => {
    const template = { ...orderShipped(), defaultLanguage: 'es' };
    expect(fallbackText(template, params)).toMatch(/^Pedido A-1042 enviado\n\nHola Ana/);
  });

  it('is just the body when that is all there is', () => {
    const template = orderShipped();
    template.translations = { en: { body: 'Your code is {{code}}.' } };
    template.category = 'authentication';
    expect(fallbackText(template, { code: '123456' })).toBe('Your code is 123456.');
  });
});
