/**
 * Businesses' handles and links (issue 19, items 1 and 2), through the real server as an attacker
 * and a stranger would use them: malformed, reserved and look-alike handles refused with their
 * reason and nothing stored; the link's page served signed out with preview tags in the HTML,
 * every value escaped and the app's policy kept; unknown handles 404; a renamed handle (after the
 * operator's review) redirecting with its `?text=` and staying its business's for 90 days; chats
 * and opt-ins from a link counted per link and day, an opt-in only when the person chose it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { setOptIn } from '@souk/sync';
import { backends } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { platformHarness } from '../support/platform.ts';
import { fakeBuild, fakePolicy } from '../support/fake-build.ts';

const day = 86_400_000;

describe.each(backends)('on %s', (backend) => {
  let now = Date.parse('2026-12-05T10:00:00Z');
  const clock = { now: () => now };
  const webDir = fakeBuild();
  const platform = platformHarness(
    backend,
    '+34 655 710 001',
    '+34655710002',
    { clock },
    { WEB_DIR: webDir, SOUK_PUBLIC_URL: 'https://souk.example' },
  );
  const { admin, asBusiness, newBusiness, acceptCurrent, publish, call } = platform;

  async function register(name: string, handle?: string) {
    const business = await newBusiness();
    await acceptCurrent(business);
    const reply = await asBusiness(business, 'POST', '/business/register', {
      name,
      category: 'food',
      ...(handle === undefined ? {} : { handle }),
    });
    return { business, reply };
  }

  async function withHandle(name: string, handle?: string): Promise<SignedIn> {
    const { business, reply } = await register(name, handle);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return business;
  }

  const html = (path: string) =>
    fetch(`${platform.server.url}${path}`, { redirect: 'manual' }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      text: await r.text(),
    }));

  beforeAll(async () => {
    await platform.start();
    await publish('tos', 'Terms.');
    await publish('privacy', 'Privacy.');
  });
  afterAll(async () => {
    await platform.cleanup();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('registers with a chosen handle, or makes one from the name', async () => {
    const chosen = await withHandle('Panadería Luna', 'panaderia-luna');
    expect((await asBusiness(chosen, 'GET', '/business/link')).body).toEqual({
      handle: 'panaderia-luna',
      previous: [],
      pending: null,
    });
    const made = await withHandle('Café Olé & Co');
    expect((await asBusiness(made, 'GET', '/business/link')).body.handle).toBe('cafe-ole-co');
    // The same name again (a look-alike name is refused, so a different one with the same letters).
    const again = await withHandle('Cafe-Ole Co.');
    expect((await asBusiness(again, 'GET', '/business/link')).body.handle).toMatch(
      /^cafe-ole-co-[a-z0-9]{4}$/,
    );
  });

  it('refuses malformed, reserved and look-alike handles, storing nothing', async () => {
    await withHandle('Tienda Sol', 'tienda-sol');
    const verified = await withHandle('Zara Moda', 'zara-moda-shop');
    await asBusiness(verified, 'POST', '/business/verification', { evidence: 'Registry 7.' });
    const pending = await admin('GET', '/admin/verifications?status=pending');
    const request = pending.body.find((r: { businessId: string }) => r.businessId === verified.id);
    await admin('POST', `/admin/verifications/${request.id}/approve`, {});

    const cases: Array<[string, string]> = [
      ['ab', 'handle_invalid'],
      ['Tienda-Luz', 'handle_invalid'],
      ['tienda_luz', 'handle_invalid'],
      ['-tienda', 'handle_invalid'],
      ['tienda-', 'handle_invalid'],
      ['tien--da', 'handle_invalid'],
      ['tiendа-luz', 'handle_invalid'], // Cyrillic а
      ['x'.repeat(31), 'handle_invalid'],
      ['admin', 'handle_reserved'],
      ['adm1n', 'handle_reserved'],
      ['support', 'handle_reserved'],
      ['souk', 'handle_reserved'],
      ['s0uk-help', 'handle_reserved'],
      ['zara-moda', 'handle_reserved'], // a verified business's name
      ['z4ra-moda', 'handle_reserved'],
      ['tienda-sol', 'handle_taken'],
      ['tiendasol', 'handle_taken'],
      ['tienda-s0l', 'handle_taken'],
      ['t1enda-sol', 'handle_taken'],
      ['panaderia1una', 'handle_taken'],
    ];
    for (const [handle, code] of cases) {
      const { business, reply } = await register(
        `Otra Tienda ${String.fromCharCode(97 + cases.findIndex((c) => c[0] === handle))}`,
        handle,
      );
      expect(reply.body.details?.reason, handle).toBe(code);
      expect(reply.status, handle).toBe(code === 'handle_invalid' ? 400 : 409);
      expect((await asBusiness(business, 'GET', '/business/me')).body.business, handle).toBeNull();
    }
  });

  it('serves the page signed out, with escaped preview tags under the app policy', async () => {
    const shop = await withHandle("Tom & Jerry's Bakery", 'tom-jerry');
    const hostile = `"><script>alert(1)</script><meta property="og:title" content="Bank`;
    expect((await platform.writeOwnProfile(shop, 'description', hostile)).type).toBe('ack');

    const json = await call(null, 'personal', 'GET', '/links/tom-jerry');
    expect(json).toMatchObject({
      status: 200,
      body: { handle: 'tom-jerry', name: "Tom & Jerry's Bakery", verified: false },
    });
    expect(json.body.description).toBe(hostile);

    const page = await html('/c/tom-jerry?text=Hola');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      `${fakePolicy}; frame-ancestors 'none'`,
    );
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain(
      '<meta property="og:title" content="Tom &amp; Jerry&#39;s Bakery">',
    );
    expect(page.text).toContain(
      '<meta property="og:url" content="https://souk.example/c/tom-jerry">',
    );
    expect(page.text).toContain('<meta name="twitter:card" content="summary">');
    expect(page.text).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // Exactly one og:title: the description cannot add its own.
    expect(page.text.match(/property="og:title"/g)).toHaveLength(1);
    // The shell is still the app's.
    expect(page.text).toContain('<body>');
    expect(page.text).toContain('Souk</body>');
  });

  it('answers unknown and malformed handles with 404', async () => {
    for (const path of ['/c/nobody-here', '/c/ab', '/c/%3Cscript%3E', '/c/ADMIN'])
      expect((await html(path)).status, path).toBe(404);
    expect((await call(null, 'personal', 'GET', '/links/nobody-here')).status).toBe(404);
    expect((await call(null, 'personal', 'GET', '/links/..%2Fadmin')).status).toBe(404);
  });

  it('changes a handle only through review; the old one redirects for 90 days', async () => {
    const shop = await withHandle('Frutería Ana', 'fruteria-ana');
    const rival = await withHandle('Frutería Bea', 'fruteria-bea');
    expect(
      (await asBusiness(shop, 'POST', '/business/handle-change', { handle: 'fruteria-bea' })).body
        .details.reason,
    ).toBe('handle_taken');
    const asked = await asBusiness(shop, 'POST', '/business/handle-change', {
      handle: 'ana-fruta',
    });
    expect(asked.status).toBe(201);
    // Not yet: the link still is the old one, and nobody else can take the wanted one's look-alike.
    expect((await call(null, 'personal', 'GET', '/links/ana-fruta')).status).toBe(404);
    expect(
      (await asBusiness(rival, 'POST', '/business/handle-change', { handle: 'ana-fruta' })).status,
    ).toBe(201); // a request only; the first approved wins
    const queue = (await admin('GET', '/admin/handle-changes?status=pending')).body as Array<{
      id: string;
      businessId: string;
    }>;
    const mine = queue.find((r) => r.businessId === shop.id)!;
    const theirs = queue.find((r) => r.businessId === rival.id)!;
    expect((await call(shop, 'business', 'GET', '/admin/handle-changes')).status).toBe(403);
    expect((await admin('POST', `/admin/handle-changes/${mine.id}/approve`, {})).status).toBe(200);
    const late = await admin('POST', `/admin/handle-changes/${theirs.id}/approve`, {});
    expect(late.body.details.reason).toBe('handle_taken');

    const moved = await html('/c/fruteria-ana?text=Hola%20%3Cb%3E');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/c/ana-fruta?text=Hola%20%3Cb%3E');
    expect((await call(null, 'personal', 'GET', '/links/fruteria-ana')).body.handle).toBe(
      'ana-fruta',
    );
    expect((await asBusiness(shop, 'GET', '/business/link')).body.previous).toEqual([
      { handle: 'fruteria-ana', until: now + 90 * day },
    ]);
    // Within 90 days the old handle is still its business's.
    const { reply } = await register('Frutería Carla', 'fruteria-ana');
    expect(reply.body.details.reason).toBe('handle_taken');

    now += 91 * day;
    expect((await html('/c/fruteria-ana')).status).toBe(404);
    expect((await withHandle('Frutería Dora', 'fruteria-ana')) !== null).toBe(true);
    expect((await call(null, 'personal', 'GET', '/links/fruteria-ana')).body.name).toBe(
      'Frutería Dora',
    );
  });

  it('counts visits, chats and opt-ins per link and day; an opt-in only when chosen', async () => {
    const shop = await withHandle('Verdulería Eva', 'verduleria-eva');
    const person = await signIn(platform.server.url, '+34655710099');
    const today = new Date(now).toISOString().slice(0, 10);
    await call(null, 'personal', 'GET', '/links/verduleria-eva');
    await call(null, 'personal', 'GET', '/links/verduleria-eva');

    // A business cannot start a chat from a link; signed out, nobody can.
    expect((await call(shop, 'business', 'POST', '/links/verduleria-eva/chat')).status).toBe(403);
    expect((await call(null, 'personal', 'POST', '/links/verduleria-eva/chat')).status).toBe(401);
    const chat = await call(person, 'personal', 'POST', '/links/verduleria-eva/chat');
    expect(chat.status).toBe(200);
    expect(chat.body.peer).toMatchObject({ id: shop.id, kind: 'business' });
    await call(person, 'personal', 'POST', '/links/verduleria-eva/chat'); // once a day

    // Claiming an opt-in without having chosen it counts nothing.
    expect((await call(person, 'personal', 'POST', '/links/verduleria-eva/opt-in')).body).toEqual({
      counted: false,
    });
    const written = await platform.writeDoc(person, 'personal', `prefs:${person.id}`, (doc) =>
      setOptIn(doc, shop.id, true),
    );
    expect(written.type).toBe('ack');
    expect((await call(person, 'personal', 'POST', '/links/verduleria-eva/opt-in')).body).toEqual({
      counted: true,
    });
    expect((await call(person, 'personal', 'POST', '/links/verduleria-eva/opt-in')).body).toEqual({
      counted: false,
    });

    const stats = await asBusiness(shop, 'GET', `/business/link/stats?from=${today}&to=${today}`);
    expect(stats.body.rows).toEqual([
      { day: today, handle: 'verduleria-eva', visits: 2, chats: 1, optIns: 1 },
    ]);
    // Another business sees only its own.
    const other = await withHandle('Otra Verdulería', 'otra-verduleria');
    expect((await asBusiness(other, 'GET', `/business/link/stats?days=1`)).body.rows).toEqual([]);
  });
});
