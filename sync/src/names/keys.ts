/**
 * When two names are the same name to a reader: comparison keys for names (businesses' names,
 * later people's display names). Two names collide when their key sets share a key.
 *
 * Why it is shaped so:
 * - The main key is NFKC → case fold → Unicode TR39 confusable skeleton → case fold. NFKC turns
 *   fullwidth letters and ligatures into plain ones ("Ｚａｒａ", "ﬁ"), the first fold makes case
 *   irrelevant, the skeleton (Unicode's confusables.txt, from the `unhomoglyph` package, never a
 *   hand-written table) maps look-alikes from other scripts onto one prototype ("Ζаrа" with a
 *   Cyrillic а), and the last fold evens out the prototypes' own case.
 * - Folding first loses capital look-alikes: Greek "ΒΑΝΚ" folds to "βανκ", whose lowercase
 *   letters no longer look like "bank", and "PayPaI" (capital i) folds to "paypai". So two more
 *   keys keep case, as TR39 itself does: the skeleton of the name as typed ("PayPaI" = "PayPal")
 *   and of the name in capitals ("ΒΑΝΚ" = "Bank" = "BANK"). Folding after those would merge a
 *   real L with the l that stands for I ("PILL" and "PILI"), so they are not folded. Keys are
 *   compared kind by kind (each carries its kind as a prefix); any one matching is a collision.
 * - The skeleton follows TR39: decompose (NFD), drop default-ignorable characters (zero-width
 *   spaces and joiners, which nobody sees), map each character, decompose again.
 * - Spaces and punctuation do not tell names apart to a reader ("A.B.C." = "ABC"), so the keys keep
 *   letters, marks and digits only.
 * - Against protected names (the platform's, verified businesses') the keys go further: digits
 *   read as letters (`0`→o, `1`→l, `3`→e, `4`→a, `5`→s …; TR39 already reads 0 and 1 so) and
 *   accents and other marks are dropped. Among ordinary businesses "Tienda 24" and "Tienda Za" may
 *   both exist; nobody may pass for a verified "Zara" with "Z4ra" or "Zárá".
 */
import unhomoglyph from 'unhomoglyph';

/** Bumped whenever the keys change (a new confusables table, a new rule): stored keys are recomputed. */
export const nameKeysVersion = 1;

/** Digits read as the letter they pass for, against protected names. */
const readsAs: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'b',
  '7': 't',
  '8': 'b',
  '9': 'g',
};
/** The same in capitals, for the capitals key ("Z4RA" passes for "ZARA"). */
const readsAsCapital: Record<string, string> = Object.fromEntries(
  Object.entries(readsAs).map(([digit, letter]) => [digit, letter.toUpperCase()]),
);

const defaultIgnorable = /\p{Default_Ignorable_Code_Point}/gu;
const notLetterMarkOrDigit = /[^\p{L}\p{M}\p{N}]/gu;
const marks = /\p{M}/gu;
const digit = /[0-9]/g;

/** Full case folding as far as JavaScript has it: upper then lower folds "ß" to "ss" and "ς" to "σ". */
function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/** TR39 skeleton: NFD, drop default ignorables, map each character to its prototype, NFD. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD').replace(defaultIgnorable, '')).normalize('NFD');
}

export interface NameKeys {
  /** Compared with every other business's keys. */
  strict: string[];
  /** Compared with protected names' protected keys. */
  protected: string[];
}

function lettersOnly(text: string): string {
  return text.replace(notLetterMarkOrDigit, '');
}

/** The kinds of key: folded (the main one), as typed, in capitals. */
const kinds: Array<[prefix: string, key: (text: string) => string, reads: Record<string, string>]> =
  [
    ['f:', (text) => caseFold(skeleton(caseFold(text))), readsAs],
    ['t:', (text) => skeleton(text), readsAs],
    ['u:', (text) => skeleton(text.toUpperCase()), readsAsCapital],
  ];

/** The name's comparison keys, each prefixed with its kind (a name of no letter or digit has none). */
export function nameKeys(name: string): NameKeys {
  const compatible = name.normalize('NFKC');
  const strict: string[] = [];
  const loose: string[] = [];
  for (const [prefix, key, reads] of kinds) {
    const text = lettersOnly(key(compatible));
    if (!text) continue;
    strict.push(prefix + text);
    const read = text.replace(marks, '').replace(digit, (c) => reads[c] ?? c);
    if (read) loose.push(prefix + read);
  }
  return { strict: [...new Set(strict)], protected: [...new Set(loose)] };
}

/** Whether two key lists share a key. */
export function sharesKey(a: readonly string[], b: readonly string[]): boolean {
  return a.some((key) => b.includes(key));
}
