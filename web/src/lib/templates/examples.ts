/** Typical utility templates a shop starts from, in English and Spanish. */
import type { TemplateDraft } from '@souk/sync';

export const exampleTemplates: TemplateDraft[] = [
  {
    name: 'order_confirmed',
    category: 'utility',
    defaultLanguage: 'en',
    translations: {
      en: {
        header: { type: 'text', text: 'Order {{order_id}} confirmed' },
        body: 'Hi {{name}}, thank you for your order {{order_id}}. We will let you know when it ships.',
      },
      es: {
        header: { type: 'text', text: 'Pedido {{order_id}} confirmado' },
        body: 'Hola {{name}}, gracias por tu pedido {{order_id}}. Te avisaremos cuando salga.',
      },
    },
  },
  {
    name: 'order_shipped',
    category: 'utility',
    defaultLanguage: 'en',
    translations: {
      en: {
        body: 'Good news, {{name}}: order {{order_id}} is on its way.',
        buttons: [{ type: 'quick_reply', text: 'Thanks!' }],
      },
      es: {
        body: 'Buenas noticias, {{name}}: el pedido {{order_id}} ya está en camino.',
        buttons: [{ type: 'quick_reply', text: '¡Gracias!' }],
      },
    },
  },
  {
    name: 'order_delayed',
    category: 'utility',
    defaultLanguage: 'en',
    translations: {
      en: { body: 'Sorry, {{name}}: order {{order_id}} is delayed. New date: {{date}}.' },
      es: {
        body: 'Lo sentimos, {{name}}: el pedido {{order_id}} se retrasa. Nueva fecha: {{date}}.',
      },
    },
  },
  {
    name: 'service_incident',
    category: 'utility',
    defaultLanguage: 'en',
    translations: {
      en: { body: 'Hi {{name}}, we have an incident: {{details}}. We are working on it.' },
      es: { body: 'Hola {{name}}, tenemos una incidencia: {{details}}. Estamos en ello.' },
    },
  },
];
