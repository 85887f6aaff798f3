/**
 * Content negotiation for compressed bodies: which of the encodings we have the client takes,
 * by Accept-Encoding with its q-values (RFC 9110 §12.5.3). Brotli first when both are equally
 * welcome; `null` means the identity body.
 */
export type Encoding = 'br' | 'gzip';

const preference: readonly Encoding[] = ['br', 'gzip'];

/** `gzip;q=0.5, br` → Map { gzip → 0.5, br → 1 }. */
function weights(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (token === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^q=([0-9.]+)$/.exec(param);
      if (match) q = Math.min(1, Number(match[1]) || 0);
    }
    result.set(token, q);
  }
  return result;
}

export function chooseEncoding(
  acceptEncoding: string | undefined,
  available: readonly Encoding[],
): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = weights(acceptEncoding);
  const wildcard = accepted.get('*') ?? 0;
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of preference) {
    if (!available.includes(encoding)) continue;
    const q = accepted.get(encoding) ?? wildcard;
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

/** Adds Accept-Encoding to a response's Vary (once). */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (vary === '*' || (vary && /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary))) return;
  headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}
