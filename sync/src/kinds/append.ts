/** Appending an everyday-kind message: the common fields filled in, the whole message checked. */
import type * as Y from 'yjs';
import { randomId } from '../ids.ts';
import { nextMessageNumber, type Reply } from '../docs/message-base.ts';

/** What a new message may carry besides its content (docs/conversation.ts `MessageExtras`). */
interface MessageExtras {
  reply?: Reply;
  forwarded?: true;
}
import { everydayKindSchemas, type EverydayMessage } from './schemas.ts';

type Common = 'id' | 'author' | 'n' | 'at';
/** A message of one everyday kind without the fields every message has. */
export type EverydayContent = EverydayMessage extends infer M
  ? M extends EverydayMessage
    ? Omit<M, Common>
    : never
  : never;

const schemaOf = (kind: EverydayMessage['kind']) =>
  everydayKindSchemas.find((schema) => schema.shape.kind.value === kind)!;

/** Builds (and validates) the message; throws a ZodError on content outside the limits. */
export function buildEverydayMessage(
  docs: Y.Doc[],
  author: string,
  content: EverydayContent,
  now: number,
  extras: MessageExtras = {},
): EverydayMessage {
  const message = {
    ...content,
    ...extras,
    id: randomId(),
    author,
    n: nextMessageNumber(docs, author),
    at: now,
  };
  return schemaOf(content.kind).parse(message) as EverydayMessage;
}

/** Appends to `doc` (the current epoch); `earlier` are epochs to number after. */
export function appendEveryday(
  doc: Y.Doc,
  author: string,
  content: EverydayContent,
  now: number,
  earlier: Y.Doc[] = [],
  extras: MessageExtras = {},
): EverydayMessage {
  const message = buildEverydayMessage([doc, ...earlier], author, content, now, extras);
  doc.getArray<EverydayMessage>('messages').push([message]);
  return message;
}
