/** A small, valid template used by the template tests; each case changes one thing. */
import type { Template } from './template.ts';

export function orderShipped(): Template {
  return {
    name: 'order_shipped',
    version: 2,
    category: 'utility',
    defaultLanguage: 'en',
    translations: {
      en: {
        header: { type: 'text', text: 'Order {{order_id}} shipped' },
        body: 'Hi {{name}}, your order {{order_id}} is on its way.',
        footer: 'Panadería Sol',
        buttons: [
          { type: 'url', text: 'Track', url: 'https://sol.es/track' },
          { type: 'phone', text: 'Call us', phone: '+34600123456' },
          { type: 'quick_reply', text: 'Thanks!' },
        ],
      },
      es: {
        header: { type: 'text', text: 'Pedido {{order_id}} enviado' },
        body: 'Hola {{name}}, tu pedido {{order_id}} está en camino.',
        footer: 'Panadería Sol',
        buttons: [
          { type: 'url', text: 'Seguir', url: 'https://sol.es/track' },
          { type: 'phone', text: 'Llámanos', phone: '+34600123456' },
          { type: 'quick_reply', text: '¡Gracias!' },
        ],
      },
      'es-MX': {
        body: '¡Qué onda {{name}}! Tu pedido {{order_id}} ya va en camino.',
      },
      'zh-Hant': {
        body: '您好 {{name}}，您的訂單 {{order_id}} 已出貨。',
      },
    },
  };
}
