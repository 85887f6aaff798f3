import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Session tokens and codes are stored only as SHA-256 hashes. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');

export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
