/**
 * The sign-in SMS: a short localised sentence, then the origin-bound line the WebOTP API reads
 * (`@host #code`, the last line; https://wicg.github.io/sms-one-time-codes/), so a browser on the
 * phone offers the code to Souk's own origin only. Short enough for one SMS
 * segment (Spanish needs UCS-2, 70 characters, for the ó).
 */
import type { SmsLocale } from '../code-sender.ts';

const sentences: Record<SmsLocale, (code: string) => string> = {
  en: (code) => `Your Souk code: ${code}. Do not share it.`,
  es: (code) => `Código de Souk: ${code}. No lo compartas.`,
};

/** `host`: the public URL's host name (no port: WebOTP binds to the host); absent, no WebOTP line. */
export function smsText(code: string, locale: SmsLocale, host: string | undefined): string {
  const sentence = sentences[locale](code);
  return host ? `${sentence}\n\n@${host} #${code}` : sentence;
}

// GSM 03.38 basic character set (and its extension table): texts made of these fit 160 per SMS.
const gsm7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ' +
  'ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€';
const gsm7Set = new Set(gsm7);

/** Whether the text needs UCS-2 (Vonage's `type=unicode`): a character outside GSM-7. */
export function needsUnicode(text: string): boolean {
  for (const char of text) if (!gsm7Set.has(char)) return true;
  return false;
}
