/**
 * Two server processes on one PostgreSQL database count an identity's Yjs client ids in a
 * document together (docs/protocol.md, Limits): 64 bound through either, the 65th is refused by
 * both, whichever process bound the others.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendText, limits } from '@souk/sync';
import { freshDatabase, startServerProcess, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { signIn, startChat } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let first: ServerProcess;
let second: ServerProcess;

beforeAll(async () => {
  database = await freshDatabase();
  first = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
  second = await startServerProcess({ DATABASE_URL: database.url }, await freePort());
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await database?.drop();
});

it("refuses an identity's 65th client id in a document on every process", async () => {
  const alice = await signIn(first.url, '+34644600001');
  const bob = await signIn(second.url, '+34644600002');
  const chat = await startChat(first.url, alice, bob.phone);
  const parties = [await rawParty(first.url, bob), await rawParty(second.url, bob)];
  await Promise.all(parties.map((p) => p.open(chat)));
  for (let i = 1; i <= limits.maxClientsPerIdentity; i++) {
    const answer = await parties[i % 2]!.write(chat, (doc) => {
      doc.clientID = 1000 + i;
      appendText(doc, bob.id, `device ${i}`, Date.now());
    });
    expect(answer.type).toBe('ack');
  }
  for (const party of parties) {
    const answer = await party.write(chat, (doc) => {
      doc.clientID = 5000;
      appendText(doc, bob.id, 'one device too many', Date.now());
    });
    expect(answer).toMatchObject({ type: 'error', code: 'too_many_clients' });
    party.close();
  }
});
