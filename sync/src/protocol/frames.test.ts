import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import {
  errorFrame,
  MalformedFrame,
  protocolVersion,
  readClientFrame,
  readFrame,
  writeFrame,
  type ErrorFrame,
  type Frame,
} from './frames.ts';
import { reasonCodes } from '../contract/codes.ts';
import { limits } from '../limits.ts';

const bytes = fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array(b));
const details = fc.dictionary(
  fc.string(),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
);
const errorArb: fc.Arbitrary<ErrorFrame> = fc.record({
  type: fc.constant('error' as const),
  doc: fc.string(),
  kind: fc.constantFrom('refused_update' as const, 'forbidden' as const),
  code: fc.constantFrom(...reasonCodes),
  details,
  message: fc.string(),
});
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), version: fc.nat(), cursor: fc.string() }),
  fc.record({ type: fc.constant('welcome' as const), version: fc.nat(), identity: fc.string() }),
  fc.record({ type: fc.constant('sync' as const), doc: fc.string(), body: bytes }),
  fc.record({ type: fc.constant('ack' as const), doc: fc.string(), stateVector: bytes }),
  errorArb,
  fc.record({ type: fc.constant('cursor' as const), cursor: fc.string() }),
);

/** An error frame written by hand, field by field, as a v2 server would. */
function handWrittenError(code: string, detailsText: string): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const field of [3, 'conv:c1', 'refused_update', code, detailsText, 'no'] as const) {
    if (typeof field === 'number') encoding.writeVarUint(encoder, field);
    else encoding.writeVarString(encoder, field);
  }
  return encoding.toUint8Array(encoder);
}

describe('frames', () => {
  it('speaks protocol version 2', () => {
    expect(protocolVersion).toBe(2);
  });

  it('round-trips every frame', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(readFrame(writeFrame(frame))).toEqual(frame);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('writes a v1 error frame as doc, kind, message: read as v1, code unknown, no details', () => {
    fc.assert(
      fc.property(errorArb, (frame) => {
        const v1 = writeFrame(frame, 1);
        expect(readFrame(v1, 1)).toEqual({ ...frame, code: 'unknown', details: {} });
        // The v1 layout, byte for byte: type, doc, kind, message.
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 3);
        encoding.writeVarString(encoder, frame.doc);
        encoding.writeVarString(encoder, frame.kind);
        encoding.writeVarString(encoder, frame.message);
        expect(v1).toEqual(encoding.toUint8Array(encoder));
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('writes the other frames the same in v1 and v2', () => {
    fc.assert(
      fc.property(
        frameArb.filter((f) => f.type !== 'error'),
        (frame) => {
          expect(writeFrame(frame, 1)).toEqual(writeFrame(frame, 2));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('a v1 reader refuses a v2 error frame and a v2 reader a v1 one (the version matters)', () => {
    const frame = errorFrame('conv:c1', 'refused_update', { code: 'not_author' });
    expect(() => readFrame(writeFrame(frame, 2), 1)).toThrow(MalformedFrame);
    expect(() => readFrame(writeFrame(frame, 1), 2)).toThrow(MalformedFrame);
  });

  it('builds an error frame from a reason: code, details and the English sentence', () => {
    expect(
      errorFrame('conv:c1', 'refused_update', {
        code: 'head_only_field',
        details: { field: 'meta' },
      }),
    ).toEqual({
      type: 'error',
      doc: 'conv:c1',
      kind: 'refused_update',
      code: 'head_only_field',
      details: { field: 'meta' },
      message: "meta lives in the conversation's first document.",
    });
  });

  it('reads a code it does not know as unknown, and refuses details that are not a JSON object', () => {
    expect(readFrame(handWrittenError('from_the_future', '{}'))).toMatchObject({ code: 'unknown' });
    for (const bad of ['[1]', 'null', '"x"', '{', '']) {
      expect(() => readFrame(handWrittenError('not_author', bad))).toThrow(MalformedFrame);
    }
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
