/**
 * Writes a long chat fast, through the real path: a Node device (the same SyncClient the app
 * runs, over a real socket) appends the messages and the server validates, stores and
 * acknowledges every update as it would a phone's backlog. A conversation is sharded into epochs
 * that roll over once full (1000 messages or 128 KB), so each epoch gets one backlog of 1000
 * (the client cuts it into updates the server takes; the epoch fills on the last of them), then
 * the device waits for the head to name the next epoch before writing there.
 */
import * as Y from 'yjs';
import { appendText, epochDocName, raiseReceipt, readEpoch, type SyncClient } from '@souk/sync';
import { expect, type APIRequestContext } from '@playwright/test';
import { device, signIn, type SignedIn } from '../support/people.ts';
import { ensureTermsPublished, registerBusinessByApi, uniquePhone } from './support.ts';

const perEpoch = 1000;

/** Resolves once `check` holds after a change to `name`; rejects if the server refuses a change. */
function until(client: SyncClient, name: string, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      offChange();
      offAck();
      offRefused();
    };
    const test = (changed: string) => {
      if (changed === name && check()) {
        stop();
        resolve();
      }
    };
    const offChange = client.on('change', test);
    const offAck = client.on('ack', test);
    const offRefused = client.on('refused', (refused, refusal) => {
      stop();
      reject(new Error(`${refused} refused: ${JSON.stringify(refusal)}`));
    });
    test(name);
  });
}

/** Waits until the server acknowledged everything the device wrote to `name`. */
async function stored(client: SyncClient, name: string): Promise<void> {
  const doc = await client.open(name);
  await until(client, name, () => {
    const server = client.serverState(name);
    for (const [id, clock] of Y.decodeStateVector(Y.encodeStateVector(doc)))
      if ((server.get(id) ?? 0) < clock) return false;
    return true;
  });
}

export interface Seeder {
  /** Appends `texts` as `author`'s messages, rolling into new epochs as the server opens them. */
  write(texts: string[]): Promise<void>;
  /** Disconnects the device. */
  close(): void;
}

export function seeder(
  baseUrl: string,
  author: SignedIn,
  head: string,
  app: 'personal' | 'business' = 'personal',
): Seeder {
  const { client } = device(baseUrl, author, undefined, undefined, app);
  client.start();
  let inEpoch = 0;
  return {
    async write(texts) {
      for (let from = 0; from < texts.length;) {
        const headDoc = await client.open(head);
        const epoch = readEpoch(headDoc);
        const name = epoch === 0 ? head : epochDocName(head, epoch);
        const doc = await client.open(name);
        const earlier = epoch === 0 ? [] : [await client.open(epochDocName(head, epoch - 1))];
        const batch = texts.slice(from, from + perEpoch - inEpoch);
        const at = Date.now();
        doc.transact(() => {
          for (const text of batch) appendText(doc, author.id, text, at, earlier);
        });
        await stored(client, name);
        from += batch.length;
        inEpoch += batch.length;
        if (inEpoch === perEpoch) {
          await until(client, head, () => readEpoch(headDoc) === epoch + 1);
          inEpoch = 0;
        }
      }
    },
    close: () => client.stop(),
  };
}

/** `reader` marks `upTo` of the other party's messages delivered and read, from a Node device. */
export async function readUpTo(
  baseUrl: string,
  reader: SignedIn,
  head: string,
  upTo: number,
  app: 'personal' | 'business',
): Promise<void> {
  const { client } = device(baseUrl, reader, undefined, undefined, app);
  client.start();
  const doc = await client.open(head);
  raiseReceipt(doc, reader.id, { d: upTo, r: upTo });
  await stored(client, head);
  client.stop();
}

export interface ShopChat {
  shop: SignedIn;
  customer: SignedIn;
  /** The conversation's head document. */
  doc: string;
}

/**
 * A shop registered as `shopName` (through `shopRequest`, whose context keeps its cookie), a new
 * customer, and the chat the customer started with it: the start of every long-chat journey.
 * `request` (the test's own) publishes the terms first if need be, as the operator.
 */
export async function shopAndCustomer(
  baseUrl: string,
  request: APIRequestContext,
  shopRequest: APIRequestContext,
  shopName: string,
): Promise<ShopChat> {
  await ensureTermsPublished(request);
  const shopPhone = uniquePhone();
  await registerBusinessByApi(shopRequest, shopName, shopPhone);
  const shop = await signIn(baseUrl, shopPhone, 'business');
  const customer = await signIn(baseUrl, uniquePhone());
  const started = await fetch(`${baseUrl}/api/chats`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: customer.cookie,
      'x-souk-app': 'personal',
      origin: baseUrl,
    },
    body: JSON.stringify({ businessId: shop.id }),
  });
  expect(started.ok).toBe(true);
  const { doc } = (await started.json()) as { doc: string };
  return { shop, customer, doc };
}
