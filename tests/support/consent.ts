/**
 * The consent rules through the real server: a platform (operator, published terms) with a
 * clock the test moves, registered businesses and fresh people, each with a raw-frame device
 * (tests/support/raw-party.ts), so every send is exactly what a modified app could send.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, docName, type Message } from '@souk/sync';
import type { StartOptions } from '@souk/server';
import type { Backend } from './server.ts';
import { signIn, type SignedIn } from './people.ts';
import { platformHarness, type Reply } from './platform.ts';
import { rawParty, type RawParty } from './raw-party.ts';

export const hour = 60 * 60 * 1000;

/** A message's text, whatever its kind (a template's is its plain-text fallback). */
export function textOf(message: Message): string {
  const fields = message as { text?: unknown; fallback?: unknown };
  return String(fields.text ?? fields.fallback ?? '');
}

export interface Member {
  who: SignedIn;
  device: RawParty;
}

export function consentWorld(
  backend: Backend,
  operatorPhone: string,
  phonePrefix: string,
  options: StartOptions = {},
  env: Record<string, string> = {},
) {
  let now = Date.now();
  const clock = { now: () => now };
  const h = platformHarness(
    backend,
    operatorPhone,
    `${phonePrefix}0000`,
    { clock, ...options },
    env,
  );
  const devices: RawParty[] = [];
  let people = 0;

  const world = {
    h,
    clock,
    advance(ms: number) {
      now += ms;
    },
    async start() {
      await h.start();
      await h.publish('tos', 'Terms of service.');
      await h.publish('privacy', 'Privacy policy.');
    },
    async stop() {
      devices.forEach((d) => d.close());
      await h.cleanup();
    },
    async connect(who: SignedIn, app: 'personal' | 'business'): Promise<RawParty> {
      const device = await rawParty(h.server.url, who, app);
      devices.push(device);
      return device;
    },
    async business(name: string): Promise<Member> {
      const who = await h.registered(name);
      return { who, device: await world.connect(who, 'business') };
    },
    async person(): Promise<Member> {
      people++;
      const who = await signIn(h.server.url, `${phonePrefix}${String(people).padStart(4, '0')}`);
      return { who, device: await world.connect(who, 'personal') };
    },
    /** `POST /api/chats` as `who` from `app`. */
    startChat(who: SignedIn, app: 'personal' | 'business', body: unknown): Promise<Reply> {
      return h.call(who, app, 'POST', '/chats', body);
    },
    /** A person's chat with a business, opened on both devices. */
    async chatWith(person: Member, business: Member): Promise<string> {
      const reply = await world.startChat(person.who, 'personal', { businessId: business.who.id });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const doc = reply.body.doc as string;
      await person.device.open(doc);
      await business.device.open(doc);
      return doc;
    },
    say(member: Member, doc: string, text: string) {
      return member.device.write(doc, (d) => appendText(d, member.who.id, text, now));
    },
    /** The person's own preferences, written from their device. */
    prefs(member: Member, change: (map: Y.Map<unknown>) => void) {
      return member.device.write(docName('prefs', member.who.id), (d) => change(d.getMap('prefs')));
    },
    async setSuspended(businessId: string, suspended: boolean) {
      const reply = suspended
        ? await h.admin('POST', `/admin/businesses/${businessId}/suspend`, { reason: 'test' })
        : await h.admin('POST', `/admin/businesses/${businessId}/restore`, { reason: 'test' });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    },
    /** A document as committed in the database. */
    async stored(name: string): Promise<Y.Doc> {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await h.server.store.readStored(name));
      return doc;
    },
    async storedMessages(name: string): Promise<Message[]> {
      return conversationParts(await world.stored(name)).messages.toArray();
    },
    async storedTexts(name: string): Promise<string[]> {
      return (await world.storedMessages(name)).map(textOf);
    },
  };
  return world;
}
