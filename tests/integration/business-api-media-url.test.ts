/**
 * Issue 16, item 5: the Business API sends media by URL. Souk fetches the file from a real local
 * HTTP server the test starts, sniffs its type, and keeps it as private media of the chat: the
 * message names it, the customer can fetch it, a stranger cannot. What must not be fetched or
 * kept is refused with its reason code and leaves nothing behind (no message, no file): a
 * redirect, an error status, a file over the kind's limit (declared or streamed), the wrong type
 * for the kind, an empty file, an answer that never comes, a message outside the window. Private
 * and loopback addresses are refused, before any connection, unless the server allows them (the
 * test flag SOUK_WEBHOOKS_ALLOW_PRIVATE, on by default outside production).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { conversationParts } from '@souk/sync';
import { backends } from '../support/server.ts';
import type { SignedIn } from '../support/people.ts';
import { apiWorld, hour } from './business-api-support.ts';

const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
  Buffer.alloc(3000, 0x20),
  Buffer.from('\ntrailer\n<<>>\n%%EOF\n'),
]);

/** One Ogg page holding an Opus header: what a voice note file starts with. */
function oggOpus(): Buffer {
  const head = Buffer.concat([
    Buffer.from('OpusHead'),
    Buffer.from([1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0]),
  ]);
  const page = Buffer.alloc(27);
  page.write('OggS');
  page[5] = 2; // first page of the stream
  page[26] = 1; // one segment
  return Buffer.concat([page, Buffer.from([head.length]), head, Buffer.alloc(200, 1)]);
}
const opus = oggOpus();
const limit = 1024 * 1024; // SOUK_UPLOAD_DOCUMENT_MB=1

/** The file server a business's own system would link to. */
function fileServer() {
  const hanging: ServerResponse[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    res.on('error', () => {}); // Souk hangs up on what it refuses
    switch (req.url) {
      case '/invoice.pdf':
        return res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      case '/note.ogg':
        return res.writeHead(200, { 'content-type': 'audio/ogg' }).end(opus);
      case '/page.html': // said to be audio, is HTML
        return res.writeHead(200, { 'content-type': 'audio/ogg' }).end('<html>hi</html>');
      case '/empty':
        return res.writeHead(200, { 'content-type': 'application/pdf' }).end();
      case '/moved':
        return res.writeHead(302, { location: '/invoice.pdf' }).end();
      case '/declared-big':
        res.writeHead(200, { 'content-length': String(limit + 1) });
        return res.write(pdf); // the rest never comes: the length alone is refused
      case '/streamed-big': // chunked: no length to refuse up front
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write(pdf);
        return res.end(Buffer.alloc(limit, 0x20));
      case '/never':
        hanging.push(res);
        return;
      default:
        return res.writeHead(404).end();
    }
  });
  return {
    server,
    requests: () => requests,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
        }),
      ),
    close: () => {
      hanging.forEach((res) => res.destroy());
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(backends)('media by URL through the Business API, on %s', (backend) => {
  const mediaDir = mkdtempSync(join(tmpdir(), 'souk-media-url-'));
  const env = {
    SOUK_MEDIA_DIR: mediaDir,
    SOUK_UPLOAD_DOCUMENT_MB: '1',
    SOUK_MEDIA_URL_TIMEOUT_MS: '3000',
  };
  const world = apiWorld(backend, '+34 676 500 001', '+3467650', {}, env);
  // The same, without the flag that lets a server fetch from private addresses.
  const strict = apiWorld(
    backend,
    '+34 676 600 001',
    '+3467660',
    {},
    {
      SOUK_WEBHOOKS_ALLOW_PRIVATE: '0',
      SOUK_MEDIA_DIR: join(mediaDir, 'strict'),
    },
  );
  const files = fileServer();
  let origin: string;
  let shop: SignedIn;
  let key: string;

  beforeAll(async () => {
    origin = await files.listen();
    await world.start();
    shop = await world.business('Farmacia Sol');
    key = await world.key(shop, ['messages:send']);
  });
  afterAll(async () => {
    await world.stop();
    await strict.stop();
    await files.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  /** A customer in a chat with the shop; `wrote`: the customer's 24-hour window is open. */
  async function customer(wrote: boolean) {
    const person = await world.person();
    const reply = await world.h.call(person.who, 'personal', 'POST', '/chats', {
      businessId: shop.id,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const doc = reply.body.doc as string;
    await person.device.open(doc);
    if (wrote) expect(await world.say(person, doc, 'Hola')).toMatchObject({ type: 'ack' });
    return { ...person, doc };
  }
  const stored = async (doc: string) => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await world.h.server.store.readStored(doc));
    return conversationParts(copy).messages.toArray();
  };
  const media = (path: string, cookie: string) =>
    fetch(`${world.h.server.url}${path}`, { headers: { cookie } });
  /** Files kept and files waiting in staging (tus keeps its own there, named otherwise). */
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  const onDisk = () => ({
    kept: list(join(mediaDir, 'files')).length,
    fetching: list(join(mediaDir, 'staging')).filter((f) => f.startsWith('url-')),
  });

  it('keeps a document and a voice note fetched by URL as media only the chat can see', async () => {
    const inside = await customer(true);
    const document = await world.api(key, 'POST', '/messages', {
      to: inside.who.phone,
      document: { url: `${origin}/invoice.pdf`, name: 'factura-42.pdf', pages: 1 },
    });
    expect(document.status, JSON.stringify(document.body)).toBe(201);
    expect(document.body.kind).toBe('document');
    const voice = await world.api(key, 'POST', '/messages', {
      to: inside.who.phone,
      voice: { url: `${origin}/note.ogg`, durationMs: 1200, waveform: [0, 128, 255] },
    });
    expect(voice.status, JSON.stringify(voice.body)).toBe(201);

    const [, sentDocument, sentVoice] = await stored(inside.doc);
    expect(sentDocument).toMatchObject({
      kind: 'document',
      mime: 'application/pdf',
      size: pdf.length,
      name: 'factura-42.pdf',
      pages: 1,
    });
    expect(sentVoice).toMatchObject({ kind: 'voice', mime: 'audio/ogg', size: opus.length });
    expect(sentDocument).not.toHaveProperty('url');
    const stranger = await world.person();
    for (const [message, bytes] of [
      [sentDocument, pdf],
      [sentVoice, opus],
    ] as const) {
      const id = (message as { media: string }).media;
      const mine = await media(`/media/${id}`, inside.who.cookie);
      expect(mine.status).toBe(200);
      expect(Buffer.from(await mine.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await media(`/media/${id}`, stranger.who.cookie)).status).toBe(404);
    }
    expect(onDisk()).toEqual({ kept: 2, fetching: [] });
  });

  it('refuses what it must not fetch or keep, with reason codes, leaving nothing', async () => {
    const inside = await customer(true);
    const before = { messages: (await stored(inside.doc)).length, disk: onDisk() };
    const send = (content: Record<string, unknown>, to = inside.who.phone) =>
      world.api(key, 'POST', '/messages', { to, ...content });
    const document = (path: string) => ({
      document: { url: `${origin}${path}`, name: 'x.pdf' },
    });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [document('/moved'), 400, 'media_url'],
      [document('/missing'), 400, 'media_url'],
      [document('/declared-big'), 400, 'upload_too_large'],
      [document('/streamed-big'), 400, 'upload_too_large'],
      [document('/empty'), 400, 'upload_empty'],
      [document('/never'), 400, 'media_url'],
      [
        { voice: { url: `${origin}/page.html`, durationMs: 1000, waveform: [] } },
        400,
        'upload_content',
      ],
      [{ audio: { url: `${origin}/invoice.pdf`, name: 'song.mp3' } }, 400, 'upload_content'],
    ];
    for (const [content, status, reason] of cases) {
      const reply = await send(content);
      expect(reply.status, JSON.stringify(content)).toBe(status);
      expect(reply.body.details?.reason, JSON.stringify(reply.body)).toBe(reason);
    }
    // The file comes by URL or by id, and its type and size are Souk's to say.
    for (const extra of [{ media: 'abcdefgh12' }, { mime: 'application/pdf' }, { size: 10 }]) {
      const both = await send({ document: { ...document('/invoice.pdf').document, ...extra } });
      expect(both.status).toBe(400);
      expect(both.body.message).toMatch(/leave out/);
    }
    const notHttp = await send({ document: { url: 'file:///etc/passwd', name: 'x' } });
    expect(notHttp.status).toBe(400);

    // Outside the window: refused before the chat exists, and after (the window closed).
    const never = await customer(false);
    const refused = await send(document('/invoice.pdf'), never.who.phone);
    expect(refused.body).toMatchObject({ details: { reason: 'outside_window' } });
    world.advance(24 * hour + 1);
    const closed = await send(document('/invoice.pdf'));
    expect(closed.body).toMatchObject({ details: { reason: 'outside_window' } });

    expect((await stored(inside.doc)).length).toBe(before.messages);
    expect(await stored(never.doc)).toEqual([]);
    expect(onDisk()).toEqual(before.disk);
  });

  it('fetches nothing from a private or loopback address without the test flag', async () => {
    await strict.start();
    const business = await strict.business('Óptica Mar');
    const strictKey = await strict.key(business, ['messages:send']);
    const person = await strict.person();
    const chat = await strict.h.call(person.who, 'personal', 'POST', '/chats', {
      businessId: business.id,
    });
    const doc = chat.body.doc as string;
    await person.device.open(doc);
    expect(await strict.say(person, doc, 'Hola')).toMatchObject({ type: 'ack' });
    const port = new URL(origin).port;
    const asked = files.requests();
    for (const url of [
      `http://127.0.0.1:${port}/invoice.pdf`,
      `https://127.0.0.1:${port}/invoice.pdf`,
      `https://[::1]:${port}/invoice.pdf`,
      'https://10.1.2.3/invoice.pdf',
      'https://169.254.169.254/latest/meta-data',
      `https://localhost:${port}/invoice.pdf`,
    ]) {
      const reply = await strict.api(strictKey, 'POST', '/messages', {
        to: person.who.phone,
        document: { url, name: 'x.pdf' },
      });
      expect(reply.status, url).toBe(400);
      expect(reply.body.details?.reason, url).toBe('media_url');
    }
    expect(files.requests()).toBe(asked);
  });
});
