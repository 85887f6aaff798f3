/**
 * A hand-driven tus 1.0 client for tests: every request is built here, so a test can send what a
 * hostile or broken client would (no length, a foreign upload, a PATCH cut off mid-body).
 */
import { request } from 'node:http';
import type { SignedIn } from './people.ts';

export interface TusTarget {
  base: string;
  who: SignedIn | null;
  app?: 'personal' | 'business';
}

function headers(t: TusTarget, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'tus-resumable': '1.0.0',
    'x-souk-app': t.app ?? 'personal',
    origin: t.base,
    ...(t.who ? { cookie: t.who.cookie } : {}),
    ...extra,
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export async function tusCreate(
  t: TusTarget,
  meta: Record<string, string>,
  length: number | null,
): Promise<{ status: number; location: string | null; body: string }> {
  const metadata = Object.entries(meta)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
  const extra: Record<string, string> = { 'upload-metadata': metadata };
  if (length === null) extra['upload-defer-length'] = '1';
  else extra['upload-length'] = String(length);
  const response = await fetch(`${t.base}/uploads`, { method: 'POST', headers: headers(t, extra) });
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: await response.text(),
  };
}

export async function tusHead(t: TusTarget, location: string) {
  const response = await fetch(new URL(location, t.base), { method: 'HEAD', headers: headers(t) });
  return { status: response.status, offset: Number(response.headers.get('upload-offset') ?? -1) };
}

export async function tusPatch(t: TusTarget, location: string, offset: number, bytes: Uint8Array) {
  const response = await fetch(new URL(location, t.base), {
    method: 'PATCH',
    headers: headers(t, {
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
    }),
    body: new Blob([new Uint8Array(bytes)]),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * A PATCH whose connection dies mid-body: it announces `announced` bytes, sends `sent` of them,
 * then the socket is destroyed (a phone losing signal).
 */
export function tusPatchCutOff(
  t: TusTarget,
  location: string,
  offset: number,
  sent: Uint8Array,
  announced: number,
): Promise<void> {
  return new Promise((resolve) => {
    const req = request(new URL(location, t.base), {
      method: 'PATCH',
      headers: headers(t, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'content-length': String(announced),
      }),
    });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(sent, () => {
      req.destroy();
      resolve();
    });
  });
}
