/**
 * Presence across two server processes on one PostgreSQL database (docs/operations.md, Several
 * processes): people connected to different processes see each other online, typing and last
 * seen; a client id held on one process cannot be taken on the other; a block hides presence both
 * ways; an oversized or flooding client is refused and nothing of it crosses; nothing of presence
 * is stored; and when a process dies its people go offline within the presence timeout.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import {
  docName,
  presenceLimits,
  protocolVersion,
  readAwarenessEntries,
  setBlockedPerson,
  writeAwarenessEntries,
  type ServerFrame,
} from '@souk/sync';
import { freshDatabase, startServerProcess, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';

/** Short, so a killed process's people go offline quickly (production: 30 s). */
const timeoutMs = 6000;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let first: ServerProcess;
let second: ServerProcess;
let alice: SignedIn;
let bob: SignedIn;
let carol: SignedIn;
/** alice–bob, alice–carol, bob–carol. */
let ab: string;
let ac: string;
let bc: string;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  const env = { DATABASE_URL: database.url, SOUK_PRESENCE_TIMEOUT_MS: String(timeoutMs) };
  first = await startServerProcess(env, await freePort());
  second = await startServerProcess(env, await freePort());
  alice = await signIn(first.url, '+34655500001');
  bob = await signIn(second.url, '+34655500002');
  carol = await signIn(second.url, '+34655500003');
  ab = await startChat(first.url, alice, bob.phone);
  ac = await startChat(first.url, alice, carol.phone);
  bc = await startChat(second.url, bob, carol.phone);
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([first?.stop(), second?.stop()]);
  await database?.drop();
});

type Entry = [clientId: number, state: unknown, clock?: number];
const update = (entries: Entry[]) =>
  writeAwarenessEntries(
    entries.map(([clientId, state, clock = 1]) => ({
      clientId,
      clock,
      state: JSON.stringify(state),
    })),
  );

async function welcomed(server: ServerProcess, person: SignedIn): Promise<RawSocket> {
  const socket = await rawSocket(server.url, person.cookie);
  sockets.push(socket);
  socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
  await socket.next((f) => f.type === 'cursor');
  return socket;
}

/** The socket joins the room of `doc` with one client id. */
function join(socket: RawSocket, doc: string, clientId: number, typing = false): void {
  socket.send({ type: 'awareness', doc, body: update([[clientId, { typing }]]) });
}

/** Each entry of the socket's awareness frames for `doc`, in order, with its state read. */
function heard(socket: RawSocket, doc: string) {
  return socket.frames.flatMap((f: ServerFrame) =>
    f.type === 'awareness' && f.doc === doc
      ? (readAwarenessEntries(f.body) ?? []).map((e) => ({
          ...e,
          state: JSON.parse(e.state) as Record<string, unknown> | null,
        }))
      : [],
  );
}

/** The last thing the socket heard of `who` in `doc`'s server entries (online, seen). */
const lastOf = (socket: RawSocket, doc: string, who: string) =>
  heard(socket, doc)
    .filter((e) => e.clientId < presenceLimits.reservedClients)
    .map((e) => e.state)
    .filter((s) => s === null || s.who === who)
    .at(-1);

const typingBy = (socket: RawSocket, doc: string, who: string) =>
  heard(socket, doc).filter((e) => e.state?.who === who && 'typing' in e.state);

/** How many updates the commit log holds. */
const committed = async () => {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM doc_updates`;
  await sql.end();
  return Number(row!.n);
};

it('shows online, typing and last seen across processes, and stores none of it', async () => {
  const before = await committed();
  const bobs = await welcomed(second, bob);
  join(bobs, ab, 800_001);
  const alices = await welcomed(first, alice);
  join(alices, ab, 800_002);
  // Each hears the other online, whichever of the two joined first.
  await eventually(() => lastOf(bobs, ab, alice.id)?.online === true, 10_000, 'alice online');
  await eventually(() => lastOf(alices, ab, bob.id)?.online === true, 10_000, 'bob online');

  join(alices, ab, 800_002, true);
  await eventually(
    () => typingBy(bobs, ab, alice.id).some((e) => e.state?.typing),
    10_000,
    'typing',
  );
  join(bobs, ab, 800_001, true);
  await eventually(() => typingBy(alices, ab, bob.id).some((e) => e.state?.typing), 10_000, 'back');

  const closedAt = Date.now();
  alices.close();
  await eventually(() => lastOf(bobs, ab, alice.id)?.online === false, 10_000, 'alice offline');
  const seen = lastOf(bobs, ab, alice.id)?.seen as number;
  expect(seen).toBeGreaterThanOrEqual(closedAt - 1000);
  expect(seen).toBeLessThanOrEqual(Date.now());
  // Her typing went with her socket.
  expect(
    heard(bobs, ab)
      .filter((e) => e.clientId === 800_002)
      .at(-1)?.state,
  ).toBeNull();
  bobs.close();
  expect(await committed()).toBe(before);
});

it('refuses a client id held by another person on the other process', async () => {
  const bobs = await welcomed(second, bob);
  join(bobs, ab, 810_001);
  const alices = await welcomed(first, alice);
  join(alices, ab, 810_002);
  await eventually(() => heard(alices, ab).some((e) => e.clientId === 810_001), 10_000, 'held');
  join(alices, ab, 810_001, true);
  const refused = await alices.next((f) => f.type === 'error' && f.code === 'client_id_taken');
  expect(refused).toMatchObject({ kind: 'forbidden', details: { awareness: ab } });
  // Bob's state stands: the next thing he hears of the id is nothing of alice's.
  join(alices, ab, 810_002, true);
  await eventually(() => typingBy(bobs, ab, alice.id).length > 0, 10_000, 'alice typing');
  expect(heard(bobs, ab).filter((e) => e.clientId === 810_001)).toEqual([]);
  [alices, bobs].forEach((s) => s.close());
});

it('hides presence both ways between a blocker and the person blocked, across processes', async () => {
  const alices = await welcomed(first, alice);
  join(alices, ab, 820_001);
  join(alices, ac, 820_002);
  const carols = await welcomed(second, carol);
  join(carols, ac, 820_003);
  join(carols, bc, 820_004);
  const bobs = await welcomed(second, bob);
  join(bobs, ab, 820_005);
  const bobOnFirst = await welcomed(first, bob);
  join(bobOnFirst, bc, 820_006);
  await eventually(() => lastOf(alices, ac, carol.id)?.online === true, 10_000, 'carol online');
  await eventually(() => lastOf(carols, ac, alice.id)?.online === true, 10_000, 'alice online');

  // Carol blocks alice (her device on the second process writes her preferences).
  const { client } = device(second.url, carol);
  client.start();
  setBlockedPerson(await client.open(docName('prefs', carol.id)), alice.id, true);
  await eventually(() => lastOf(alices, ac, carol.id) === null, 10_000, 'carol gone for alice');
  await eventually(() => lastOf(carols, ac, alice.id) === null, 10_000, 'alice gone for carol');
  client.stop();

  // Carol types; then bob on her process types where alice hears him: she heard carol first.
  join(carols, ac, 820_003, true);
  join(bobs, ab, 820_005, true);
  await eventually(() => typingBy(alices, ab, bob.id).length > 0, 10_000, 'bob typing');
  // Alice types; then bob on her process types where carol hears him.
  join(alices, ac, 820_002, true);
  join(bobOnFirst, bc, 820_006, true);
  await eventually(() => typingBy(carols, bc, bob.id).length > 0, 10_000, 'bob typing to carol');

  expect(typingBy(alices, ac, carol.id).filter((e) => e.state?.typing)).toEqual([]);
  expect(typingBy(carols, ac, alice.id).filter((e) => e.state?.typing)).toEqual([]);
  expect(lastOf(alices, ac, carol.id)).toBeNull();
  expect(lastOf(carols, ac, alice.id)).toBeNull();
  [alices, carols, bobs, bobOnFirst].forEach((s) => s.close());
});

it('refuses an oversized or flooding client, and nothing beyond its limits crosses', async () => {
  const bobs = await welcomed(second, bob);
  join(bobs, ab, 830_001);
  const oversized = await welcomed(first, alice);
  const padded = new Uint8Array(presenceLimits.maxBytes + 1);
  padded.set(update([[830_002, { typing: true }]]));
  oversized.send({ type: 'awareness', doc: ab, body: padded });
  const refused = await oversized.next((f) => f.type === 'error');
  expect(refused).toMatchObject({
    kind: 'limit_exceeded',
    code: 'awareness_too_large',
    details: { max: presenceLimits.maxBytes, awareness: ab },
  });

  // A flood: each update a new clock. The rate's worth crosses, the rest is dropped, and the
  // socket is closed; its leaving is the last thing bob hears of it.
  const flooder = await welcomed(first, alice);
  for (let clock = 1; clock <= presenceLimits.closeAt + 10; clock++)
    flooder.send({
      type: 'awareness',
      doc: ab,
      body: update([[830_003, { typing: true }, clock]]),
    });
  expect((await flooder.closed).code).toBe(4413);
  await eventually(
    () => heard(bobs, ab).some((e) => e.clientId === 830_003 && e.state === null),
    10_000,
    'the flooder left',
  );
  const crossed = heard(bobs, ab).filter((e) => e.clientId === 830_003 && e.state !== null);
  expect(crossed.map((e) => e.clock)).toEqual(
    Array.from({ length: presenceLimits.perWindow }, (_, i) => i + 1),
  );
  expect(heard(bobs, ab).some((e) => e.clientId === 830_002)).toBe(false);
  [bobs, oversized].forEach((s) => s.close());
});

it("shows a killed process's people offline, last seen before it died, within the timeout", async () => {
  const bobs = await welcomed(second, bob);
  join(bobs, ab, 840_001);
  const alices = await welcomed(first, alice);
  join(alices, ab, 840_002, true);
  await eventually(() => typingBy(bobs, ab, alice.id).length > 0, 10_000, 'alice typing');
  await eventually(() => lastOf(bobs, ab, alice.id)?.online === true, 10_000, 'alice online');

  const killedAt = Date.now();
  await first.kill();
  await eventually(
    () => lastOf(bobs, ab, alice.id)?.online === false,
    timeoutMs * 3,
    'alice offline after the kill',
  );
  const seen = lastOf(bobs, ab, alice.id)?.seen as number;
  expect(seen).toBeLessThanOrEqual(killedAt);
  expect(seen).toBeGreaterThan(killedAt - timeoutMs);
  await eventually(
    () =>
      heard(bobs, ab)
        .filter((e) => e.clientId === 840_002)
        .at(-1)?.state === null,
    timeoutMs * 3,
    'her typing expired',
  );
  bobs.close();
});
