/**
 * Moving a running Souk to the other database: devices write through the real sync protocol while
 * `souk export` (a separate process) asks the running server (a real process) for an export;
 * `souk import` loads it into an empty database of the other kind; a server on the imported
 * database holds everything acknowledged before the export began (every Yjs clock below the
 * acknowledged state vectors), the imported data is consistent (every stored conversation has its
 * row and its members, the sequence counter is past every stored update), and people sign in
 * and go on chatting there. An import into a database that holds data is refused in one line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { appendText, conversationParts, readMessageEntries, tickOf } from '@souk/sync';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { device, eventually, signIn, startChat, type SignedIn } from '../support/people.ts';
import { soukCli } from '../support/souk-cli.ts';

const token = 'export-import-test-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every Yjs clock of `acked` is covered by `doc`: everything acknowledged is in it. */
function coveredBy(acked: Map<number, number>, doc: Y.Doc): boolean {
  const stored = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...acked].every(([client, clock]) => (stored.get(client) ?? 0) >= clock);
}

const messageIds = (doc: Y.Doc) =>
  conversationParts(doc)
    .messages.toArray()
    .map((m) => m.id);

describe.each([
  ['pglite', 'postgres'],
  ['postgres', 'pglite'],
] as const)('from %s into %s', (from, into) => {
  // Devices and writers stop first, then the server, then its database goes.
  const cleanup: Array<() => Promise<void> | void> = [];
  const drops: Array<() => Promise<void> | void> = [];
  let server: ServerProcess | null = null;
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    await server?.stop();
    for (const drop of drops) await drop();
    cleanup.length = 0;
    drops.length = 0;
    server = null;
  });

  it('an export taken under load serves every message acknowledged before it', async () => {
    const source = await testStorage(from);
    drops.push(() => source.drop());
    const dir = mkdtempSync(join(tmpdir(), 'souk-export-file-'));
    drops.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { SOUK_OPERATOR_TOKEN: token, SOUK_FOLLOWER_DELAY_MS: '0' };
    const first = await startServerProcess({ ...source.env, ...env }, await freePort());
    server = first;

    const phone = (n: number) => `+34633300${String(n).padStart(3, '0')}`;
    const people = await Promise.all([1, 2, 3, 4].map((n) => signIn(first.url, phone(n))));
    const chats = [
      await startChat(first.url, people[0]!, people[1]!.phone),
      await startChat(first.url, people[2]!, people[3]!.phone),
    ];
    const refusals: string[] = [];
    const devices = await Promise.all(
      people.map(async (person, i) => {
        const d = device(first.url, person);
        cleanup.push(() => d.client.stop());
        d.client.on('refused', (name, { code }) => refusals.push(`${name}: ${code}`));
        d.client.start();
        const chat = chats[Math.floor(i / 2)]!;
        return { person, chat, doc: await d.client.open(chat), ...d };
      }),
    );
    let acks = 0;
    devices.forEach((d) => d.client.on('ack', () => acks++));
    /** What the server acknowledged to each device: its state vector and the message ids it covers. */
    const acknowledged = () =>
      devices.map((d) => {
        const state = new Map(d.client.serverState(d.chat));
        const ids = readMessageEntries(d.doc)
          .filter((e) => e.message.author === d.person.id)
          .filter((e) => tickOf(e, state, undefined) !== 'pending')
          .map((e) => e.message.id);
        return { chat: d.chat, state, ids };
      });

    // Load: every device types, one message per 20 ms, for the whole test.
    let writing = true;
    const writers = devices.map(async (d, i) => {
      for (let k = 0; writing; k++) {
        appendText(d.doc, d.person.id, `d${i}-${k}`, Date.now());
        await sleep(20); // the pace of typing, not a wait for anything
      }
    });
    cleanup.push(async () => {
      writing = false;
      await Promise.all(writers);
    });
    const moreAcks = async (n: number) => {
      const target = acks + n;
      await eventually(() => acks >= target, 30_000, `${target} acknowledgements`);
    };
    await moreAcks(20);

    // The export, from another process, while the devices keep writing.
    const file = join(dir, 'souk.ndjson.gz');
    const before = acknowledged();
    const exported = await soukCli(['export', file], { SOUK_URL: first.url, ...env });
    expect(exported).toEqual({ code: 0, stdout: `Exported to ${file}.\n` });
    await moreAcks(8); // the load went on past the export
    writing = false;
    await Promise.all(writers);
    expect(refusals).toEqual([]);
    expect(before.flatMap((b) => b.ids).length).toBeGreaterThanOrEqual(20);
    devices.forEach((d) => d.client.stop());
    expect(await first.stop()).toBe(0);
    server = null;

    // Into an empty database of the other kind.
    const target: TestStorage = await testStorage(into);
    drops.push(() => target.drop());
    const imported = await soukCli(['import', file], target.env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported \d+ rows of \d+ tables into .+\.\n$/);
    for (const { chat, state, ids } of before) {
      const stored = await target.stored(chat);
      expect(coveredBy(state, stored)).toBe(true);
      const storedIds = new Set(messageIds(stored));
      for (const id of ids) expect(storedIds.has(id)).toBe(true);
    }
    await expectConsistent(target, chats);

    // A second import into it is refused, in one line, and changes nothing.
    const again = await soukCli(['import', file], target.env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(
      /^(.+ already holds a database|The target database is not empty)[^\n]*\n$/,
    );

    // The imported Souk: old sessions still open, people sign in and the chat goes on.
    const moved = await startServerProcess({ ...target.env, ...env }, await freePort());
    server = moved;
    const again0 = await signIn(moved.url, people[0]!.phone);
    expect(again0.id).toBe(people[0]!.id);
    const expected = new Set(before[0]!.ids);
    const writer = await openFresh(moved.url, again0, chats[0]!, cleanup);
    const reader = await openFresh(moved.url, people[1]!, chats[0]!, cleanup); // the old cookie
    await eventually(
      () => [...expected].every((id) => messageIds(writer.doc).includes(id)),
      20_000,
      'history on a new device',
    );
    const sent = appendText(writer.doc, again0.id, 'after the move', Date.now()).id;
    await eventually(async () => (await writer.store.pendingDocs()).length === 0, 20_000, 'ack');
    await eventually(() => messageIds(reader.doc).includes(sent), 20_000, 'delivered');
  }, 240_000);
});

async function openFresh(url: string, person: SignedIn, chat: string, cleanup: Array<() => void>) {
  const d = device(url, person);
  cleanup.push(() => d.client.stop());
  d.client.start();
  return { ...d, doc: await d.client.open(chat) };
}

/** What a torn (non-snapshot) export would break: rows that are committed together. */
async function expectConsistent(storage: TestStorage, chats: string[]): Promise<void> {
  const orphans = await storage.query<{ doc: string }>(
    `SELECT DISTINCT doc FROM (SELECT doc FROM doc_updates UNION SELECT doc FROM doc_snapshots) d
     WHERE doc LIKE 'conv:%'
       AND NOT EXISTS (SELECT 1 FROM doc_members m WHERE m.doc = split_part(d.doc, '~', 1))`,
    [],
  );
  expect(orphans).toEqual([]);
  const [counter] = await storage.query<{ behind: boolean }>(
    `SELECT (SELECT value FROM seq_counter) < coalesce((SELECT max(seq) FROM doc_updates), 0) AS behind`,
    [],
  );
  expect(counter?.behind).toBe(false);
  for (const chat of chats) {
    const rows = await storage.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversations WHERE 'conv:' || id = $1`,
      [chat],
    );
    expect(rows[0]?.n).toBe(1);
  }
}
