/**
 * People who opted in to a shop, made fast through the real path: each signs in over HTTP and
 * writes the opt-in into their own preferences document over a real sync socket, as their app's
 * Receive updates switch does; the server acknowledges it like any device's update.
 */
import { expect, type BrowserContext } from '@playwright/test';
import { signIn, type SignedIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';
import { uniquePhone } from './support.ts';

/** Writes `optIn:<businessId>` = true as `who`, and waits for the server's acknowledgement. */
export async function optIn(baseUrl: string, who: SignedIn, businessId: string): Promise<void> {
  const party = await rawParty(baseUrl, who);
  try {
    await party.open(`prefs:${who.id}`);
    const answer = await party.write(`prefs:${who.id}`, (d) =>
      d.getMap('prefs').set(`optIn:${businessId}`, true),
    );
    expect(answer).toMatchObject({ type: 'ack' });
  } finally {
    party.close();
  }
}

/** `count` new people who opted in to `businessId`. */
export async function optedInPeople(
  baseUrl: string,
  businessId: string,
  count: number,
): Promise<SignedIn[]> {
  const people: SignedIn[] = [];
  for (let i = 0; i < count; i++) {
    const who = await signIn(baseUrl, uniquePhone());
    await optIn(baseUrl, who, businessId);
    people.push(who);
  }
  return people;
}

/** The person signed in in `context` (its session cookie), to opt in as them. */
export async function signedInAs(context: BrowserContext, baseUrl: string): Promise<SignedIn> {
  const me = await (await context.request.get('/api/me')).json();
  const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'souk_session');
  expect(cookie, 'a personal session').toBeDefined();
  return { id: me.id, phone: me.phone, cookie: `${cookie!.name}=${cookie!.value}` };
}
