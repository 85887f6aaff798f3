/**
 * Resumable uploads under load (issue 16, item 5): `BENCH_UPLOADERS` devices (20) each upload a
 * `BENCH_UPLOAD_MB` file (50 MB) as a document to one of their chats, all at once, through the
 * tus endpoint the apps use, in the device's 4 MiB chunks (one PATCH after another per device, as
 * tus-js-client sends them). Reported: the wall time from the first POST to the last finished
 * upload, the throughput it makes, the slowest device, and the server's memory: its resident set
 * sampled every 100 ms by the kernel's count (peak and mean, no forced collection), beside the
 * idle figures (heap and RSS after a full collection) before and after. The bytes are streamed
 * from one repeated buffer, so the client side holds no file.
 */
import { request } from 'node:http';
import { createStorage, inParallel, mb, pairUp, signInMany, startSouk } from './souk.ts';
import type { MemoryReport } from './souk-process.ts';
import type { SignedIn } from '../support/people.ts';

const uploaders = Number(process.env.BENCH_UPLOADERS ?? 20);
const fileBytes = Number(process.env.BENCH_UPLOAD_MB ?? 50) * 1024 * 1024;
/** The device's chunk (web/src/lib/outbox/upload-runner.ts). */
const chunkBytes = 4 * 1024 * 1024;

export interface UploadFigures {
  uploaders: number;
  fileBytes: number;
  seconds: number;
  slowestSeconds: number;
  statuses: Record<string, number>;
  before: MemoryReport;
  after: MemoryReport;
  peakRss: number;
  meanRss: number;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function tusHeaders(base: string, who: SignedIn, extra: Record<string, string>) {
  return {
    'tus-resumable': '1.0.0',
    'x-souk-app': 'personal',
    origin: base,
    cookie: who.cookie,
    ...extra,
  };
}

async function create(base: string, who: SignedIn, chat: string): Promise<string> {
  const metadata = `kind ${b64('document')},chat ${b64(chat)},filename ${b64('bench.bin')}`;
  const response = await fetch(`${base}/uploads`, {
    method: 'POST',
    headers: tusHeaders(base, who, {
      'upload-length': String(fileBytes),
      'upload-metadata': metadata,
    }),
  });
  if (response.status !== 201)
    throw new Error(`create: ${response.status} ${await response.text()}`);
  return new URL(response.headers.get('location')!, base).href;
}

const filler = Buffer.alloc(256 * 1024, 'Souk upload benchmark. ');

/** One PATCH of `length` bytes at `offset`, streamed; resolves with the status. */
function patch(url: string, base: string, who: SignedIn, offset: number, length: number) {
  return new Promise<number>((resolve, reject) => {
    const req = request(url, {
      method: 'PATCH',
      headers: tusHeaders(base, who, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'content-length': String(length),
      }),
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    let left = length;
    const more = () => {
      while (left > 0) {
        const piece = filler.subarray(0, Math.min(filler.length, left));
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

async function uploadOne(base: string, who: SignedIn, chat: string): Promise<[number, number]> {
  const started = performance.now();
  const url = await create(base, who, chat);
  let status = 0;
  for (let offset = 0; offset < fileBytes; offset += chunkBytes) {
    status = await patch(url, base, who, offset, Math.min(chunkBytes, fileBytes - offset));
    if (status !== 204) break;
  }
  return [status, (performance.now() - started) / 1000];
}

export async function runUploads(): Promise<UploadFigures> {
  const storage = await createStorage('pglite');
  const souk = await startSouk(storage);
  try {
    const people = await signInMany(souk.url, uploaders * 2);
    const chats = await pairUp(souk.url, people);
    const before = (await souk.memory(), await souk.memory());
    const samples: number[] = [];
    const sampler = setInterval(() => void souk.rss().then((rss) => samples.push(rss)), 100);
    const started = performance.now();
    const results = await inParallel(uploaders, uploaders, (i) =>
      uploadOne(souk.url, people[2 * i]!, chats[i]!.slice('conv:'.length)),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const after = await souk.memory();
    const statuses: Record<string, number> = {};
    for (const [status] of results) statuses[status] = (statuses[status] ?? 0) + 1;
    return {
      uploaders,
      fileBytes,
      seconds,
      slowestSeconds: Math.max(...results.map(([, s]) => s)),
      statuses,
      before,
      after,
      peakRss: Math.max(...samples),
      meanRss: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    };
  } finally {
    await souk.stop();
    await storage.drop();
  }
}

export function printUploads(f: UploadFigures): void {
  const total = f.uploaders * f.fileBytes;
  console.log(
    `uploads: ${f.uploaders} devices × ${mb(f.fileBytes)} at once, ${mb(chunkBytes)} chunks`,
  );
  console.log(
    `  ${mb(total)} in ${f.seconds.toFixed(1)} s: ${mb(total / f.seconds)}/s ` +
      `(slowest device ${f.slowestSeconds.toFixed(1)} s); last PATCH statuses ${JSON.stringify(f.statuses)}`,
  );
  console.log(
    `  server RSS while uploading: peak ${mb(f.peakRss)}, mean ${mb(f.meanRss)}; ` +
      `idle before ${mb(f.before.rss)} (heap+external ${mb(f.before.heapUsed + f.before.external)}), ` +
      `after ${mb(f.after.rss)} (heap+external ${mb(f.after.heapUsed + f.after.external)})`,
  );
}
