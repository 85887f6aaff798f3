/**
 * Checks of a JSON answer without zod, for the few routes a first screen calls before it is drawn
 * (zod is about 27 KB of gzip JavaScript, more than a quarter of a first screen's budget). Each
 * check gives the verdict and the value its route's zod schema would (unknown keys dropped); the
 * tests beside each use hold the two to the same verdicts. Anything else parses with zod.
 */

/** Thrown by a check that does not match; caught by `parsing`. */
class Mismatch {}
const mismatch = (): never => {
  throw new Mismatch();
};

/** Reads a value of type T from an answer, or throws Mismatch. */
export type Check<T> = (value: unknown) => T;

export const string: Check<string> = (v) => (typeof v === 'string' ? v : mismatch());
export const boolean: Check<boolean> = (v) => (typeof v === 'boolean' ? v : mismatch());
/** z.number(): finite. */
export const number: Check<number> = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? v : mismatch();
/** z.number().int().positive(): a safe integer above 0. */
export const positiveInt: Check<number> = (v) =>
  Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : mismatch();

/** z.enum(values). */
export const oneOf =
  <const T extends readonly string[]>(values: T): Check<T[number]> =>
  (v) =>
    values.includes(v as string) ? (v as T[number]) : mismatch();

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v) =>
    v === null ? null : check(v);

export const array =
  <T>(check: Check<T>): Check<T[]> =>
  (v) =>
    Array.isArray(v) ? v.map((item) => check(item)) : mismatch();

/** z.object(shape): every key of the shape checked, the others dropped. */
export const object =
  <T extends object>(shape: { [K in keyof T]: Check<T[K]> }): Check<T> =>
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return mismatch();
    const out = {} as T;
    for (const key of Object.keys(shape) as Array<keyof T>)
      out[key] = shape[key]((v as Record<keyof T, unknown>)[key]);
    return out;
  };

/** A check as the typed client reads a response schema: `safeParse`. */
export function parsing<T>(check: Check<T>) {
  return {
    safeParse(value: unknown): { success: true; data: T } | { success: false } {
      try {
        return { success: true, data: check(value) };
      } catch (error) {
        if (error instanceof Mismatch) return { success: false };
        throw error;
      }
    },
  };
}
