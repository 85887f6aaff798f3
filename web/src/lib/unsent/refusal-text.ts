/**
 * Why a message was not sent, in the reader's language. The server's refusal names a reason
 * code (protocol v2) or, from a v1 server, an error kind and an English sentence: `refusalCode`
 * turns either into one code, `refusalText` says it. Tests assert codes, never sentences.
 */
import { refusalReasonOf, termsRequiredMessage, type ErrorKind } from '@souk/sync';

export type Lang = 'en' | 'es';

const sentences: Record<string, Record<Lang, string>> = {
  business_suspended: {
    en: 'This business is suspended and cannot send messages.',
    es: 'Este negocio está suspendido y no puede enviar mensajes.',
  },
  blocked_by_recipient: {
    en: 'This contact does not accept messages from you.',
    es: 'Este contacto no acepta tus mensajes.',
  },
  blocked_recipient: {
    en: 'You blocked this contact. Unblock it to send a message.',
    es: 'Bloqueaste este contacto. Desbloquéalo para enviar un mensaje.',
  },
  business_to_business: {
    en: 'Businesses cannot message other businesses.',
    es: 'Los negocios no pueden escribir a otros negocios.',
  },
  outside_window: {
    en: "More than 24 hours have passed since the customer's last message. Only templates can be sent now.",
    es: 'Han pasado más de 24 horas desde el último mensaje del cliente. Ahora solo se pueden enviar plantillas.',
  },
  business_messages_off: {
    en: 'This person has turned off business messages.',
    es: 'Esta persona desactivó los mensajes de negocios.',
  },
  not_opted_in: {
    en: 'This person has not opted in to receive updates from your business.',
    es: 'Esta persona no aceptó recibir novedades de tu negocio.',
  },
  template_mismatch: {
    en: 'This template message does not match a published template of yours.',
    es: 'Este mensaje no coincide con ninguna plantilla publicada tuya.',
  },
  terms_not_accepted: {
    en: 'Accept the current Terms of Service and Privacy Policy first.',
    es: 'Primero acepta los Términos del servicio y la Política de privacidad vigentes.',
  },
  forbidden: {
    en: 'You cannot write in this chat.',
    es: 'No puedes escribir en este chat.',
  },
  unknown_document: {
    en: 'This chat does not exist on the server.',
    es: 'Este chat no existe en el servidor.',
  },
  unknown: {
    en: 'The server refused this message.',
    es: 'El servidor rechazó este mensaje.',
  },
};

/** The reason code of a refusal from what a v1 error frame carries (kind and sentence). */
export function refusalCode(kind: ErrorKind, message: string): string {
  const consent = refusalReasonOf(message);
  if (consent) return consent;
  if (message === termsRequiredMessage) return 'terms_not_accepted';
  if (kind === 'forbidden' && /suspended/i.test(message)) return 'business_suspended';
  if (kind === 'forbidden' || kind === 'unknown_document') return kind;
  return 'unknown';
}

/** The sentence for a reason code (or error kind); an unknown one gets the generic refusal. */
export function refusalText(code: string, lang: Lang): string {
  return (sentences[code] ?? sentences.unknown!)[lang];
}
