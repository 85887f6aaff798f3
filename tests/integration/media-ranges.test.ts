/**
 * `/media/` answers byte ranges (issue 16: a browser seeks in a voice note or a video with
 * `Range`), through the real server on both databases: one range is 206 with `Content-Range` and
 * exactly those bytes, for files on disk and for images; a range no byte satisfies is 416 with
 * the size; hostile ranges (several, negative, malformed, past the end, huge numbers) are either
 * ignored (the whole file, 200) or refused, never answered wrong; an If-Range for another version
 * gets the whole file; and who may see the media is asked first: a stranger's or nobody's range
 * gets the same 404 as anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { parseDocName } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { tusCreate, tusPatch } from '../support/tus.ts';

const size = 100_000;

describe.each(backends)('byte ranges of media on %s', (backend) => {
  const world = consentWorld(backend, '+34 699 000 019', '+3469919');
  let person: Member;
  let stranger: Member;
  let file: Uint8Array;
  let id: string;
  let photo: string;

  beforeAll(async () => {
    await world.start();
    const shop = await world.business('Cintas Sur');
    person = await world.person();
    stranger = await world.person();
    const chat = parseDocName(await world.chatWith(person, shop))!.id;
    file = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
    const target = { base: world.h.server.url, who: person.who };
    const created = await tusCreate(target, { kind: 'document', chat, filename: 'a.pdf' }, size);
    expect((await tusPatch(target, created.location!, 0, file)).status).toBe(204);
    id = created.location!.split('/').at(-1)!;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    const image = await world.h.call(
      person.who,
      'personal',
      'POST',
      `/media/images?chat=${chat}`,
      undefined,
      {
        type: 'image/jpeg',
        raw: new Blob([new Uint8Array(jpeg)]),
      },
    );
    photo = (image.body as { url: string }).url;
  }, 60_000);
  afterAll(() => world.stop());

  const get = (path: string, headers: Record<string, string>, who: Member | null = person) =>
    fetch(`${world.h.server.url}${path}`, {
      headers: { ...headers, ...(who ? { cookie: who.who.cookie } : {}) },
    });
  const bytes = async (answer: Response) => Buffer.from(await answer.arrayBuffer());

  it('answers one range with 206, Content-Range and exactly those bytes', async () => {
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      ['bytes=99000-', 99_000, size - 1],
      ['bytes=-500', size - 500, size - 1],
      ['bytes=90000-999999', 90_000, size - 1],
      ['bytes=0-99999999999999999999999999', 0, size - 1],
      ['bytes=-99999999999999999999999999', 0, size - 1],
      ['bytes=5-5', 5, 5],
    ];
    for (const [range, start, end] of cases) {
      const answer = await get(`/media/${id}`, { range });
      expect(answer.status, range).toBe(206);
      expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(answer.headers.get('content-length')).toBe(String(end - start + 1));
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment/);
      expect((await bytes(answer)).equals(Buffer.from(file.subarray(start, end + 1)))).toBe(true);
    }
    const whole = await get(`/media/${id}`, {});
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(size));
  });

  it('refuses a range past the end, or of no bytes, with 416 and the size', async () => {
    for (const range of [
      `bytes=${size}-`,
      `bytes=${size}-${size + 10}`,
      'bytes=99999999999999999999999-',
      'bytes=-0',
    ]) {
      const answer = await get(`/media/${id}`, { range });
      expect(answer.status, range).toBe(416);
      expect(answer.headers.get('content-range')).toBe(`bytes */${size}`);
      expect((await bytes(answer)).length).toBe(0);
    }
  });

  it('ignores several ranges, malformed ones and other units: the whole file', async () => {
    const many = Array.from({ length: 300 }, () => '0-').join(',');
    for (const range of [
      'bytes=0-0,1-1',
      'bytes=0-99,-1',
      `bytes=${many}`,
      'bytes=--5',
      'bytes=-5-',
      'bytes=50-10',
      'bytes=1e3-',
      'bytes=abc',
      'items=0-9',
    ]) {
      const answer = await get(`/media/${id}`, { range });
      expect(answer.status, range).toBe(200);
      expect(answer.headers.get('content-range')).toBeNull();
      expect((await bytes(answer)).equals(Buffer.from(file))).toBe(true);
    }
  });

  it('sends the whole file when If-Range names another version', async () => {
    const other = await get(`/media/${id}`, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(other.status).toBe(200);
    expect((await bytes(other)).length).toBe(size);
    const same = await get(`/media/${id}`, { range: 'bytes=0-9', 'if-range': `"${id}"` });
    expect(same.status).toBe(206);
    expect((await bytes(same)).length).toBe(10);
  });

  it('ranges an image too', async () => {
    const whole = await bytes(await get(photo, {}));
    const answer = await get(photo, { range: 'bytes=-16' });
    expect(answer.status).toBe(206);
    expect(answer.headers.get('content-type')).toBe('image/webp');
    expect(answer.headers.get('content-range')).toBe(
      `bytes ${whole.length - 16}-${whole.length - 1}/${whole.length}`,
    );
    expect((await bytes(answer)).equals(whole.subarray(whole.length - 16))).toBe(true);
  });

  it('asks who may see the media first: a stranger or nobody gets 404 for any range', async () => {
    for (const who of [stranger, null])
      for (const range of ['bytes=0-99', `bytes=${size}-`, 'bytes=-0', 'bytes=0-0,1-1']) {
        for (const path of [`/media/${id}`, photo]) {
          const answer = await get(path, { range }, who);
          expect(answer.status, `${range} ${path}`).toBe(404);
          expect(answer.headers.get('content-range')).toBeNull();
        }
      }
    const unknown = await get('/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { range: 'bytes=0-9' });
    expect(unknown.status).toBe(404);
  });
});
