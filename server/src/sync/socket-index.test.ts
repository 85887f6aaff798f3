import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SocketIndex } from './socket-index.ts';

interface FakeSocket {
  readonly identity: string;
  readonly n: number;
  readonly opened: Set<string>;
}

const identities = ['a', 'b', 'c', 'd'];
const docs = ['x', 'y', 'z'];

type Step =
  | { kind: 'add'; identity: string }
  | { kind: 'open'; socket: number; doc: string }
  | { kind: 'remove'; socket: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), identity: fc.constantFrom(...identities) }),
  fc.record({
    kind: fc.constant('open' as const),
    socket: fc.nat(20),
    doc: fc.constantFrom(...docs),
  }),
  fc.record({ kind: fc.constant('remove' as const), socket: fc.nat(20) }),
);

/** The fan-out rule as a scan of every socket: members get it, and those that opened the doc. */
function scan(all: FakeSocket[], doc: string, members: Set<string>) {
  return all
    .filter((s) => members.has(s.identity) || s.opened.has(doc))
    .map((s) => [s.n, members.has(s.identity)] as const);
}

describe('SocketIndex', () => {
  it('reaches exactly the sockets a scan of all of them would, each once', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 60 }),
        fc.constantFrom(...docs),
        fc.subarray(identities),
        (steps, doc, memberList) => {
          const index = new SocketIndex<FakeSocket>();
          const live: FakeSocket[] = [];
          let n = 0;
          for (const step of steps) {
            if (step.kind === 'add') {
              const socket = { identity: step.identity, n: n++, opened: new Set<string>() };
              live.push(socket);
              index.add(socket);
            } else {
              const socket = live[step.socket % Math.max(live.length, 1)];
              if (!socket) continue;
              if (step.kind === 'open' && !socket.opened.has(step.doc)) {
                socket.opened.add(step.doc);
                index.opened(step.doc, socket);
              } else if (step.kind === 'remove') {
                live.splice(live.indexOf(socket), 1);
                index.remove(socket, socket.opened);
              }
            }
          }
          const members = new Set(memberList);
          const visited: (readonly [number, boolean])[] = [];
          index.forEachRecipient(doc, members, (socket, member) =>
            visited.push([socket.n, member]),
          );
          const byN = (p: readonly [number, boolean], q: readonly [number, boolean]) => p[0] - q[0];
          expect(visited.sort(byN)).toEqual(scan(live, doc, members).sort(byN));
          expect(index.size).toBe(live.length);
          expect([...index.all()].map((s) => s.n).sort((p, q) => p - q)).toEqual(
            live.map((s) => s.n).sort((p, q) => p - q),
          );
          for (const identity of identities) {
            expect(index.countOf(identity)).toBe(
              live.filter((s) => s.identity === identity).length,
            );
          }
        },
      ),
      { seed: 808, numRuns: 1000 },
    );
  });

  it('keeps no entry for a document once its last opener is gone', () => {
    const index = new SocketIndex<FakeSocket>();
    const socket = { identity: 'a', n: 0, opened: new Set(['x']) };
    index.add(socket);
    index.opened('x', socket);
    index.remove(socket, socket.opened);
    const visited: FakeSocket[] = [];
    index.forEachRecipient('x', new Set(), (s) => visited.push(s));
    expect(visited).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('ignores a document opened after its socket was removed', () => {
    const index = new SocketIndex<FakeSocket>();
    const socket = { identity: 'a', n: 0, opened: new Set<string>() };
    index.add(socket);
    index.remove(socket, socket.opened);
    index.opened('x', socket);
    const visited: FakeSocket[] = [];
    index.forEachRecipient('x', new Set(), (s) => visited.push(s));
    expect(visited).toEqual([]);
  });
});
