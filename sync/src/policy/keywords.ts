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

export function detectKeyword(text: string): KeywordMatch | null {
  if (text.length > 64) return null;
  const keyword = normalizeKeyword(text);
  const match = Object.hasOwn(optKeywords, keyword) ? optKeywords[keyword] : undefined;
  return match ? { ...match, keyword } : null;
}

const confirmations: Record<
  KeywordLanguage,
  Record<KeywordAction, (business: string) => string>
> = {
  en: {
    opt_out: (b) =>
      `You will no longer receive updates from ${b}. Reply START to receive them again.`,
    opt_in: (b) => `You will receive updates from ${b} again. Reply STOP to stop them.`,
  },
  es: {
    opt_out: (b) => `Ya no recibirás novedades de ${b}. Responde ALTA para volver a recibirlas.`,
    opt_in: (b) => `Volverás a recibir novedades de ${b}. Responde BAJA para dejar de recibirlas.`,
  },
};

/** The confirmation the platform sends back, in the keyword's language. */
export function keywordConfirmation(match: KeywordMatch, businessName: string): string {
  return confirmations[match.language][match.action](businessName);
}
