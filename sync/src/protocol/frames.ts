/**
 * Frames of the multiplexed sync socket (see docs/protocol.md for the byte-level description).
 *
 * One WebSocket per app and device carries every document. Each binary frame starts with a
 * varuint frame type; `sync` frames then carry a document name and an unmodified y-protocols
 * sync message, so any Yjs peer logic applies per document. Everything else Souk adds
 * (hello/welcome, acknowledgements, errors, the catch-up cursor) is its own frame type rather
 * than a hidden convention inside Yjs messages.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { isErrorKind, type ErrorKind } from '../errors.ts';
import { limits } from '../limits.ts';

/** Bumped on incompatible changes. History: 1 — first version. */
export const protocolVersion = 1;
export const minProtocolVersion = 1;

export const frameType = {
  hello: 0,
  sync: 1,
  ack: 2,
  error: 3,
  cursor: 4,
  welcome: 5,
} as const;

/** Client → server. */
export type ClientFrame =
  | { type: 'hello'; version: number; cursor: string }
  | { type: 'sync'; doc: string; body: Uint8Array };

/** Server → client. */
export type ServerFrame =
  | { type: 'welcome'; version: number; identity: string }
  | { type: 'sync'; doc: string; body: Uint8Array }
  | { type: 'ack'; doc: string; stateVector: Uint8Array }
  | { type: 'error'; doc: string; kind: ErrorKind; message: string }
  | { type: 'cursor'; cursor: string };

export type Frame = ClientFrame | ServerFrame;

export function writeFrame(frame: Frame): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, frameType[frame.type]);
  switch (frame.type) {
    case 'hello':
      encoding.writeVarUint(encoder, frame.version);
      encoding.writeVarString(encoder, frame.cursor);
      break;
    case 'welcome':
      encoding.writeVarUint(encoder, frame.version);
      encoding.writeVarString(encoder, frame.identity);
      break;
    case 'sync':
      encoding.writeVarString(encoder, frame.doc);
      encoding.writeVarUint8Array(encoder, frame.body);
      break;
    case 'ack':
      encoding.writeVarString(encoder, frame.doc);
      encoding.writeVarUint8Array(encoder, frame.stateVector);
      break;
    case 'error':
      encoding.writeVarString(encoder, frame.doc);
      encoding.writeVarString(encoder, frame.kind);
      encoding.writeVarString(encoder, frame.message);
      break;
    case 'cursor':
      encoding.writeVarString(encoder, frame.cursor);
      break;
  }
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

export class MalformedFrame extends Error {}

function readBody(decoder: decoding.Decoder): Frame {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case frameType.hello:
      return {
        type: 'hello',
        version: decoding.readVarUint(decoder),
        cursor: decoding.readVarString(decoder),
      };
    case frameType.welcome:
      return {
        type: 'welcome',
        version: decoding.readVarUint(decoder),
        identity: decoding.readVarString(decoder),
      };
    case frameType.sync:
      return {
        type: 'sync',
        doc: decoding.readVarString(decoder),
        body: decoding.readVarUint8Array(decoder),
      };
    case frameType.ack:
      return {
        type: 'ack',
        doc: decoding.readVarString(decoder),
        stateVector: decoding.readVarUint8Array(decoder),
      };
    case frameType.error: {
      const doc = decoding.readVarString(decoder);
      const kind = decoding.readVarString(decoder);
      const message = decoding.readVarString(decoder);
      return { type: 'error', doc, kind: isErrorKind(kind) ? kind : 'internal', message };
    }
    case frameType.cursor:
      return { type: 'cursor', cursor: decoding.readVarString(decoder) };
    default:
      throw new MalformedFrame(`unknown frame type ${type}`);
  }
}

/** Decodes one frame; throws MalformedFrame for anything that is not exactly one valid frame. */
export function readFrame(data: Uint8Array): Frame {
  if (data.byteLength > limits.maxFrameBytes) throw new MalformedFrame('frame too large');
  const decoder = decoding.createDecoder(data);
  let frame: Frame;
  try {
    frame = readBody(decoder);
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame('truncated or invalid frame');
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after frame');
  return frame;
}

export function readClientFrame(data: Uint8Array): ClientFrame {
  const frame = readFrame(data);
  if (frame.type === 'hello' || frame.type === 'sync') return frame;
  throw new MalformedFrame(`frame type ${frame.type} is not sent by clients`);
}

export function readServerFrame(data: Uint8Array): ServerFrame {
  const frame = readFrame(data);
  if (frame.type === 'hello') throw new MalformedFrame('hello is not sent by servers');
  // 'sync' is shared by both directions.
  return frame as ServerFrame;
}
