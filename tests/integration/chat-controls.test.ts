/**
 * Chat controls (issue 18, item 3) through the real server: they live in the person's own
 * preferences document, so another person can neither set nor clear them, bad values and a
 * fourth pin are refused with their reason codes, and a muted chat sends its person no push
 * (until the mute ends) while the other party's pushes go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName, preferencesMap, readChatControls } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { eventually } from '../support/people.ts';
import { pushService, type PushService } from './push-service.ts';

describe.each(backends)('chat controls, on %s', (backend) => {
  const world = consentWorld(backend, '+34 677 810 001', '+3467782');
  let push: PushService;

  beforeAll(async () => {
    await world.start();
    push = await pushService();
  }, 60_000);
  afterAll(async () => {
    await world.stop();
    await push.close();
  });

  /** Two people with a private chat; each browser subscribed to pushes under `tag`. */
  const pair = async (tag: string) => {
    const alice = await world.person();
    const bob = await world.person();
    const reply = await world.startChat(alice.who, 'personal', { phone: bob.who.phone });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const doc = reply.body.doc as string;
    await alice.device.open(doc);
    await bob.device.open(doc);
    for (const [who, name] of [
      [alice, `${tag}-alice`],
      [bob, `${tag}-bob`],
    ] as const) {
      const sub = await world.h.call(who.who, 'personal', 'POST', '/push/subscriptions', {
        ...push.subscribe(name),
      });
      expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    }
    return { alice, bob, doc, id: doc.slice('conv:'.length) };
  };
  const controlsOf = async (member: Member) =>
    readChatControls(await world.stored(docName('prefs', member.who.id)));

  it("nobody else sets or clears a person's controls; bad values and a fourth pin are refused", async () => {
    const { alice, bob, id } = await pair('hostile');
    expect(await world.prefs(bob, (map) => map.set(`pin:${id}`, Date.now()))).toMatchObject({
      type: 'ack',
    });
    // Alice, in Bob's chat, tries to unpin it for him, mute it, archive it.
    for (const change of [
      (map: ReturnType<typeof preferencesMap>) => map.delete(`pin:${id}`),
      (map: ReturnType<typeof preferencesMap>) => map.set(`mute:${id}`, 'always'),
      (map: ReturnType<typeof preferencesMap>) => map.set(`archived:${id}`, Date.now()),
    ])
      expect(
        await alice.device.write(docName('prefs', bob.who.id), (d) => change(preferencesMap(d))),
      ).toMatchObject({ type: 'error', kind: 'forbidden' });
    expect((await controlsOf(bob)).get(id)).toEqual({ pinnedAt: expect.any(Number) });

    // Bob's own device, hostile or stale: values of the wrong shape, a key that is no chat.
    for (const [key, value] of [
      [`mute:${id}`, 'forever'],
      [`mute:${id}`, -5],
      [`pin:${id}`, 'top'],
      [`archived:${id}`, true],
      [`unread:${id}`, false],
    ] as const)
      expect(await world.prefs(bob, (map) => map.set(key, value)), key).toMatchObject({
        type: 'error',
        kind: 'refused_update',
        code: 'invalid_value',
      });
    expect(await world.prefs(bob, (map) => map.set('mute:../x', 'always'))).toMatchObject({
      type: 'error',
      kind: 'refused_update',
      code: 'unknown_field',
    });
    // Three pins at most: Bob's chat and two others are pinned, a fourth is refused.
    for (const other of ['other1', 'other2'])
      expect(await world.prefs(bob, (map) => map.set(`pin:${other}`, Date.now()))).toMatchObject({
        type: 'ack',
      });
    expect(await world.prefs(bob, (map) => map.set('pin:other3', Date.now()))).toMatchObject({
      type: 'error',
      kind: 'refused_update',
      code: 'too_many_pins',
      details: { max: 3 },
    });
    expect([...(await controlsOf(bob)).keys()].sort()).toEqual([id, 'other1', 'other2'].sort());
  });

  it('a muted chat sends no push to the person who muted it, until the mute ends', async () => {
    const { alice, bob, doc, id } = await pair('muted');
    const eightHours = 8 * 60 * 60 * 1000;
    const until = world.clock.now() + eightHours;
    expect(await world.prefs(bob, (map) => map.set(`mute:${id}`, until))).toMatchObject({
      type: 'ack',
    });
    expect(await world.say(alice, doc, 'while muted')).toMatchObject({ type: 'ack' });
    // The barrier: Bob's answer reaches Alice (her mute is not his), then every push is done.
    expect(await world.say(bob, doc, 'answer')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('muted-alice').length === 1, 5000, 'the push to Alice');
    await world.h.server.push.settled();
    expect(push.received('muted-bob')).toEqual([]);

    // Eight hours later the mute has ended by itself.
    world.advance(eightHours);
    expect(await world.say(alice, doc, 'after the mute')).toMatchObject({ type: 'ack' });
    await eventually(() => push.received('muted-bob').length === 1, 5000, 'the push to Bob');
    expect(push.received('muted-bob')[0]!.payload.body).toBe('after the mute');
  });
});
