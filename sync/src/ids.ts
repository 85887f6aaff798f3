/** Random, URL-safe identifiers (crypto.getRandomValues exists in browsers and Node ≥ 19). */
// 64 symbols, so a byte maps onto the alphabet without bias.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';

export function randomId(length = 21): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}
