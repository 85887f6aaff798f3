/**
 * STOP / START replies: a person who answers a business with just "STOP" (or "BAJA", …) opts out
 * of it; "START" opts back in. The whole message must be the keyword, so "stop sending me stuff"
 * or "no pares" are ordinary messages. Matching ignores case, accents, surrounding whitespace and
 * trailing `. ! ¡`, and uses NFKC so full-width letters from some keyboards match too. The
 * keyword's language picks the language of the confirmation sent back.
 */
export type KeywordAction = 'opt_out' | 'opt_in';
export type KeywordLanguage = 'en' | 'es';

export interface KeywordMatch {
  action: KeywordAction;
  keyword: string;
  language: KeywordLanguage;
}

export const optKeywords: Record<string, Omit<KeywordMatch, 'keyword'>> = {
  STOP: { action: 'opt_out', language: 'en' },
  UNSUBSCRIBE: { action: 'opt_out', language: 'en' },
  BAJA: { action: 'opt_out', language: 'es' },
  PARAR: { action: 'opt_out', language: 'es' },
  CANCELAR: { action: 'opt_out', language: 'es' },
  START: { action: 'opt_in', language: 'en' },
  SUBSCRIBE: { action: 'opt_in', language: 'en' },
  ALTA: { action: 'opt_in', language: 'es' },
  COMENZAR: { action: 'opt_in', language: 'es' },
};

/** Upper case, no accents, no surrounding whitespace or closing punctuation. */
function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/^[¡!\s]+|[.!¡\s]+$/gu, '')
    .toUpperCase();
}

/** A message that is only a keyword (a person's STOP / START), whoever it was sent to. */
export function isKeywordReply(message: { kind: string; text?: string }): boolean {
  return message.kind === 'text' && detectKeyword(message.text ?? '') !== null;
}

export function detectKeyword(text: string): KeywordMatch | null {
  if (text.length > 64) return null;
  const keyword = normalizeKeyword(text);
  const match = Object.hasOwn(optKeywords, keyword) ? optKeywords[keyword] : undefined;
  return match ? { ...match, keyword } : null;
}

/**
 * What each keyword changes, said exactly as the consent rules apply it (policy/messaging.ts):
 * after STOP the business may only answer, within 24 hours of a message the person sends it,
 * with free text, utility or authentication templates; after START it may send every template
 * at any time, while business messages are on.
 */
const confirmations: Record<
  KeywordLanguage,
  Record<KeywordAction, (business: string) => string>
> = {
  en: {
    opt_out: (b) =>
      `You will no longer receive offers or updates from ${b}. It can only answer messages you ` +
      `send it, for 24 hours after each one: replies, order or account updates and codes, never ` +
      `offers. Reply START to receive them again.`,
    opt_in: (b) =>
      `You will receive updates and offers from ${b} again, at any time, while business ` +
      `messages are on in Settings. Reply STOP to stop them.`,
  },
  es: {
    opt_out: (b) =>
      `Ya no recibirás ofertas ni novedades de ${b}. Solo puede contestar a los mensajes que le ` +
      `envíes, durante las 24 horas siguientes a cada uno: respuestas, avisos de pedidos o de tu ` +
      `cuenta y códigos, nunca ofertas. Responde ALTA para volver a recibirlas.`,
    opt_in: (b) =>
      `Volverás a recibir novedades y ofertas de ${b} en cualquier momento, mientras tengas ` +
      `activados los mensajes de empresas en Ajustes. Responde BAJA para dejar de recibirlas.`,
  },
};

/** The confirmation the platform sends back, in the keyword's language. */
export function keywordConfirmation(match: KeywordMatch, businessName: string): string {
  return confirmations[match.language][match.action](businessName);
}
