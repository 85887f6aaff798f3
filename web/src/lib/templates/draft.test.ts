import { describe, expect, it } from 'vitest';
import { lintTemplate } from '@souk/sync';
import {
  emptyTranslation,
  fromTemplate,
  imageMissing,
  toDraft,
  type DraftFields,
  type TranslationFields,
} from './draft.ts';

const fields: DraftFields = {
  name: 'order_confirmed',
  category: 'utility',
  defaultLanguage: 'en',
  translations: [
    {
      ...emptyTranslation('en'),
      headerType: 'text',
      header: 'Order {{order_id}}',
      body: 'Thanks {{name}}, see you soon!',
      buttons: [{ type: 'url', text: 'Track', target: ' https://sol.es/t ' }],
    },
    {
      ...emptyTranslation('es'),
      headerType: 'text',
      header: 'Pedido {{order_id}}',
      body: '¡Gracias {{name}}, hasta pronto!',
    },
  ],
};

describe('template drafts', () => {
  it('leaves out empty optional fields and publishes lint-clean', () => {
    const draft = toDraft(fields);
    expect(draft.translations.es).toEqual({
      header: { type: 'text', text: 'Pedido {{order_id}}' },
      body: '¡Gracias {{name}}, hasta pronto!',
    });
    expect(draft.translations.en?.buttons).toEqual([
      { type: 'url', text: 'Track', url: 'https://sol.es/t' },
    ]);
    expect(lintTemplate({ ...draft, version: 1 })).toEqual([]);
  });

  it('round-trips a published template for its next version', () => {
    expect(toDraft(fromTemplate(toDraft(fields)))).toEqual(toDraft(fields));
  });

  it('publishes an image header and keeps it when the template is edited again', () => {
    const url = '/media/Ab3_-x9ZQk2mP0rT7uVw1yXz4cDe5fGh.webp';
    const [en, es] = fields.translations as [TranslationFields, TranslationFields];
    const withImage: DraftFields = {
      ...fields,
      translations: [
        // The text typed before choosing a photo stays in the fields but is not published.
        {
          ...en,
          headerType: 'image',
          headerImage: url,
          body: 'Order {{order_id}} for {{name}} is ready.',
        },
        { ...es, body: '¡Gracias {{name}}, hasta pronto!' },
      ],
    };
    const draft = toDraft(withImage);
    expect(draft.translations.en?.header).toEqual({ type: 'image', url });
    expect(draft.translations.es?.header).toEqual({ type: 'text', text: 'Pedido {{order_id}}' });
    expect(lintTemplate({ ...draft, version: 1 })).toEqual([]);

    const again = fromTemplate(draft);
    expect(again.translations[0]).toMatchObject({ headerType: 'image', headerImage: url });
    expect(again.translations[1]).toMatchObject({ headerType: 'text', headerImage: '' });
    expect(toDraft(again)).toEqual(draft);
  });

  it('publishes no header for "none", or for an image not uploaded yet', () => {
    const none = { ...emptyTranslation('en'), body: 'Hi', header: 'typed, then none' };
    expect(toDraft({ ...fields, translations: [none] }).translations.en).toEqual({ body: 'Hi' });
    const waiting = { ...none, headerType: 'image' as const };
    expect(imageMissing(waiting)).toBe(true);
    expect(toDraft({ ...fields, translations: [waiting] }).translations.en).toEqual({ body: 'Hi' });
    expect(imageMissing({ ...waiting, headerImage: '/media/Ab3_-x9ZQk2mP0rT.webp' })).toBe(false);
  });
});
