/**
 * The Business API through the real server: a platform on a clock the test moves, a business
 * with a published template and API keys, people with raw-frame devices, and `api()` calling
 * `/api/v1/*` with a key as a business's own server would.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { appendText, docName, raiseReceipt } from '@souk/sync';
import type { StartOptions } from '@souk/server';
import type { Backend } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { platformHarness } from '../support/platform.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';

export const hour = 60 * 60 * 1000;

export const orderShipped = {
  name: 'order_shipped',
  category: 'utility',
  defaultLanguage: 'en',
  translations: {
    en: { body: 'Hello {{name}}, your order {{order_id}} has shipped.' },
    es: { body: 'Hola {{name}}, tu pedido {{order_id}} ha salido.' },
  },
};

export interface ApiReply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function apiWorld(
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
    async business(name: string) {
      const who = await h.registered(name);
      const reply = await h.asBusiness(who, 'POST', '/business/templates', orderShipped);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return who;
    },
    async key(who: SignedIn, scopes: string[], name = 'server'): Promise<string> {
      const reply = await h.asBusiness(who, 'POST', '/business/api-keys', { name, scopes });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.key as string;
    },
    async person(): Promise<{ who: SignedIn; device: RawParty }> {
      people++;
      const who = await signIn(h.server.url, `${phonePrefix}${String(people).padStart(4, '0')}`);
      const device = await rawParty(h.server.url, who, 'personal');
      devices.push(device);
      return { who, device };
    },
    /** The person's preferences, written from their device. */
    async prefs(person: { who: SignedIn; device: RawParty }, values: Record<string, boolean>) {
      const frame = await person.device.write(docName('prefs', person.who.id), (d) => {
        const map = d.getMap('prefs');
        for (const [key, value] of Object.entries(values)) map.set(key, value);
      });
      expect(frame.type).toBe('ack');
    },
    say(person: { who: SignedIn; device: RawParty }, doc: string, text: string) {
      return person.device.write(doc, (d) => appendText(d, person.who.id, text, now));
    },
    /** The customer's device marks the business's messages up to `n` delivered (and read). */
    async receipt(person: { who: SignedIn; device: RawParty }, doc: string, d: number, r = 0) {
      const frame = await person.device.write(doc, (y: Y.Doc) => {
        raiseReceipt(y, person.who.id, { d, r });
      });
      expect(frame.type, JSON.stringify(frame)).toBe('ack');
    },
    async api(
      key: string | null,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<ApiReply> {
      const response = await fetch(`${h.server.url}/api/v1${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : null,
      };
    },
  };
  return world;
}
