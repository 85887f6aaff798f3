/**
 * Property tests (fixed seed, always on): honest devices editing offline in any interleaving are
 * always accepted by the validator and converge to the same messages, with none lost or doubled.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  appendText,
  conversationParts,
  initConversation,
  latestFromOthers,
  raiseReceipt,
} from '../docs/conversation.ts';
import { validateUpdate } from './validate-update.ts';

const people = ['u_alice', 'u_bob'] as const;

type Step =
  | { op: 'write'; device: number; text: string }
  | { op: 'receipt'; device: number }
  | { op: 'sync'; device: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('write' as const),
    device: fc.nat(3),
    text: fc.string({ minLength: 1, maxLength: 20 }),
  }),
  fc.record({ op: fc.constant('receipt' as const), device: fc.nat(3) }),
  fc.record({ op: fc.constant('sync' as const), device: fc.nat(3) }),
);

describe('offline edits converge', () => {
  it('accepts every honest change and converges in any interleaving', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const server = new Y.Doc();
        initConversation(
          server,
          'private',
          people.map((id) => ({ id, kind: 'person' as const })),
        );
        const owners = new Map<number, string>();
        // Four devices: two per person.
        const devices = [0, 1, 2, 3].map((i) => {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
          return { doc, person: people[i % 2]! };
        });
        const written = new Set<string>();
        const sync = (device: (typeof devices)[number]) => {
          const update = Y.encodeStateAsUpdate(device.doc, Y.encodeStateVector(server));
          const verdict = validateUpdate(server, update, {
            name: { kind: 'conv', id: 'c', epoch: 0 },
            actor: { id: device.person, kind: 'person' },
            now: Date.now(),
            ownerOf: (client) => owners.get(client),
          });
          expect(verdict).toMatchObject({ ok: true });
          if (verdict.ok) verdict.newClients.forEach((c) => owners.set(c, device.person));
          Y.applyUpdate(server, update);
          Y.applyUpdate(device.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(device.doc)));
        };
        for (const step of steps) {
          const device = devices[step.device]!;
          if (step.op === 'write') {
            if (step.text.trim() === '') continue;
            written.add(appendText(device.doc, device.person, step.text, Date.now()).id);
          } else if (step.op === 'receipt') {
            const latest = latestFromOthers(device.doc, device.person);
            raiseReceipt(device.doc, device.person, { d: latest, r: latest });
          } else sync(device);
        }
        devices.forEach(sync);
        devices.forEach(sync);
        const ids = (doc: Y.Doc) =>
          conversationParts(doc)
            .messages.toArray()
            .map((m) => m.id);
        const serverIds = ids(server);
        expect(new Set(serverIds)).toEqual(written);
        expect(serverIds.length).toBe(written.size);
        for (const device of devices) expect(ids(device.doc)).toEqual(serverIds);
      }),
      { seed: 20261125, numRuns: 150 },
    );
  });
});
