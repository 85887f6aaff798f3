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
import { isErrorKind, isReasonCode, type ErrorKind, type ReasonCode } from '../contract/codes.ts';
import type { Reason } from '../contract/codes.ts';
import { messageOf } from '../contract/messages.ts';
import { limits } from '../limits.ts';

/**
 * Bumped on incompatible changes. History: 1 — first version; 2 — error frames carry a reason
 * code and details. The server serves every version from the minimum on, writing each socket's
 * frames in the version its hello named (`writeFrame(frame, version)`).
 */
export const protocolVersion = 2;
export const minProtocolVersion = 1;

export const frameType = {
  hello: 0,
  sync: 1,
  ack: 2,
  error: 3,
  cursor: 4,
  welcome: 5,
  awareness: 6,
} as const;

/**
 * Presence (typing, online, last seen) for a conversation: a y-protocols awareness update, never
 * stored. Either direction; the server sends them only to a socket that sent one (sync/src/presence).
 */
export interface AwarenessFrame {
  type: 'awareness';
  doc: string;
  body: Uint8Array;
}

/** Client → server. */
export type ClientFrame =
  | { type: 'hello'; version: number; cursor: string }
  | { type: 'sync'; doc: string; body: Uint8Array }
  | AwarenessFrame;

/** Server → client. */
export type ServerFrame =
  | { type: 'welcome'; version: number; identity: string }
  | { type: 'sync'; doc: string; body: Uint8Array }
  | { type: 'ack'; doc: string; stateVector: Uint8Array }
  | ErrorFrame
  | { type: 'cursor'; cursor: string }
  | AwarenessFrame;

/**
 * A refusal or failure. `doc` is empty for the connection itself. v1 frames carry only doc, kind
 * and message: read as v1, `code` is `unknown` and `details` empty.
 */
export interface ErrorFrame {
  type: 'error';
  doc: string;
  kind: ErrorKind;
  code: ReasonCode;
  details: Record<string, unknown>;
  message: string;
}

export type Frame = ClientFrame | ServerFrame;

/** The error frame of a refusal, with the reason's English sentence as its message. */
export function errorFrame(doc: string, kind: ErrorKind, reason: Reason): ErrorFrame {
  return {
    type: 'error',
    doc,
    kind,
    code: reason.code,
    details: reason.details ?? {},
    message: messageOf(reason),
  };
}

/** Encodes a frame as protocol `version` has it (only error frames differ between versions). */
export function writeFrame(frame: Frame, version = protocolVersion): Uint8Array<ArrayBuffer> {
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
    case 'awareness':
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
      if (version >= 2) {
        encoding.writeVarString(encoder, frame.code);
        encoding.writeVarString(encoder, JSON.stringify(frame.details));
      }
      encoding.writeVarString(encoder, frame.message);
      break;
    case 'cursor':
      encoding.writeVarString(encoder, frame.cursor);
      break;
  }
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

export class MalformedFrame extends Error {}

function readDetails(text: string): Record<string, unknown> {
  let details: unknown;
  try {
    details = JSON.parse(text);
  } catch {
    throw new MalformedFrame('details are not JSON');
  }
  if (typeof details !== 'object' || details === null || Array.isArray(details))
    throw new MalformedFrame('details are not an object');
  return details as Record<string, unknown>;
}

function readError(decoder: decoding.Decoder, version: number): ErrorFrame {
  const doc = decoding.readVarString(decoder);
  const kindText = decoding.readVarString(decoder);
  const kind = isErrorKind(kindText) ? kindText : 'internal';
  if (version < 2) {
    return {
      type: 'error',
      doc,
      kind,
      code: 'unknown',
      details: {},
      message: decoding.readVarString(decoder),
    };
  }
  const code = decoding.readVarString(decoder);
  const details = readDetails(decoding.readVarString(decoder));
  const message = decoding.readVarString(decoder);
  // A newer server may know codes this client does not: it shows its generic refusal.
  return {
    type: 'error',
    doc,
    kind,
    code: isReasonCode(code) ? code : 'unknown',
    details,
    message,
  };
}

function readBody(decoder: decoding.Decoder, version: number): Frame {
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
    case frameType.awareness:
      return {
        type: 'awareness',
        doc: decoding.readVarString(decoder),
        body: decoding.readVarUint8Array(decoder),
      };
    case frameType.ack:
      return {
        type: 'ack',
        doc: decoding.readVarString(decoder),
        stateVector: decoding.readVarUint8Array(decoder),
      };
    case frameType.error:
      return readError(decoder, version);
    case frameType.cursor:
      return { type: 'cursor', cursor: decoding.readVarString(decoder) };
    default:
      throw new MalformedFrame(`unknown frame type ${type}`);
  }
}

/**
 * Decodes one frame as protocol `version` has it; throws MalformedFrame for anything that is not
 * exactly one valid frame.
 */
export function readFrame(data: Uint8Array, version = protocolVersion): Frame {
  if (data.byteLength > limits.maxFrameBytes) throw new MalformedFrame('frame too large');
  const decoder = decoding.createDecoder(data);
  let frame: Frame;
  try {
    frame = readBody(decoder, version);
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame('truncated or invalid frame');
  }
  if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after frame');
  return frame;
}

export function readClientFrame(data: Uint8Array): ClientFrame {
  const frame = readFrame(data);
  if (frame.type === 'hello' || frame.type === 'sync' || frame.type === 'awareness') return frame;
  throw new MalformedFrame(`frame type ${frame.type} is not sent by clients`);
}

export function readServerFrame(data: Uint8Array, version = protocolVersion): ServerFrame {
  const frame = readFrame(data, version);
  if (frame.type === 'hello') throw new MalformedFrame('hello is not sent by servers');
  // 'sync' and 'awareness' are shared by both directions.
  return frame as ServerFrame;
}
