/** What an avatar shows: a phone number's last two digits, or a name's first letters (two words). */
export function initials(label: string): string {
  const trimmed = label.trim();
  if (/^\+?[\d\s]+$/.test(trimmed)) return trimmed.replace(/\s/g, '').slice(-2);
  const words = trimmed.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const first = (w: string | undefined) => (w ? Array.from(w)[0]! : '');
  return (first(words[0]) + first(words[1])).toLocaleUpperCase();
}
