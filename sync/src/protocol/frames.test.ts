import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MalformedFrame, readClientFrame, readFrame, writeFrame, type Frame } from './frames.ts';
import { limits } from '../limits.ts';

const bytes = fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array(b));
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), version: fc.nat(), cursor: fc.string() }),
  fc.record({ type: fc.constant('welcome' as const), version: fc.nat(), identity: fc.string() }),
  fc.record({ type: fc.constant('sync' as const), doc: fc.string(), body: bytes }),
  fc.record({ type: fc.constant('ack' as const), doc: fc.string(), stateVector: bytes }),
  fc.record({
    type: fc.constant('error' as const),
    doc: fc.string(),
    kind: fc.constantFrom('refused_update' as const, 'forbidden' as const),
    message: fc.string(),
  }),
  fc.record({ type: fc.constant('cursor' as const), cursor: fc.string() }),
);

describe('frames', () => {
  it('round-trips every frame', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(readFrame(writeFrame(frame))).toEqual(frame);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects random bytes with MalformedFrame and nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        try {
          readFrame(data);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedFrame);
        }
      }),
      { seed: 11, numRuns: 1000 },
    );
  });

  it('rejects trailing bytes, oversized frames and server-only frames from clients', () => {
    const ok = writeFrame({ type: 'cursor', cursor: '5' });
    expect(() => readFrame(new Uint8Array([...ok, 0]))).toThrow(MalformedFrame);
    expect(() => readFrame(new Uint8Array(limits.maxFrameBytes + 1))).toThrow(MalformedFrame);
    expect(() => readClientFrame(ok)).toThrow(MalformedFrame);
  });
});
