import { describe, expect, it } from 'vitest';
import { lintTemplate } from '@souk/sync';
import { emptyTranslation, fromTemplate, toDraft, type DraftFields } from './draft.ts';

const fields: DraftFields = {
  name: 'order_confirmed',
  category: 'utility',
  defaultLanguage: 'en',
  translations: [
    {
      ...emptyTranslation('en'),
      header: 'Order {{order_id}}',
      body: 'Thanks {{name}}!',
      buttons: [{ type: 'url', text: 'Track', target: ' https://sol.es/t ' }],
    },
    { ...emptyTranslation('es'), header: 'Pedido {{order_id}}', body: '¡Gracias {{name}}!' },
  ],
};

describe('template drafts', () => {
  it('leaves out empty optional fields and publishes lint-clean', () => {
    const draft = toDraft(fields);
    expect(draft.translations.es).toEqual({
      header: { type: 'text', text: 'Pedido {{order_id}}' },
      body: '¡Gracias {{name}}!',
    });
    expect(draft.translations.en?.buttons).toEqual([
      { type: 'url', text: 'Track', url: 'https://sol.es/t' },
    ]);
    expect(lintTemplate({ ...draft, version: 1 })).toEqual([]);
  });

  it('round-trips a published template for its next version', () => {
    expect(toDraft(fromTemplate(toDraft(fields)))).toEqual(toDraft(fields));
  });
});
