/**
 * The device database (one per app; the business app will open its own). It keeps the Yjs
 * updates of every document, the sync bookkeeping, and the projected tables the UI reads.
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  EverydayMessage,
  UploadKind,
  UploadResult,
  KindSummary,
  Message,
  PackSchedule,
  TemplatePack,
  Tick,
} from '@souk/sync';

// Loaded with this module, not before it (the first screens go without Dexie): DeviceTables.live.
export { liveQuery } from 'dexie';

export interface UpdateRow {
  id?: number;
  doc: string;
  data: Uint8Array;
}

export interface DocRow {
  name: string;
  serverState?: Uint8Array;
  /** 1 while the device has changes the server has not acknowledged. */
  pending: 0 | 1;
  /** This device's Yjs client ids for the document, one per tab slot (sync/client-ids.ts). */
  slotIds?: number[];
  /** The ids of the app before tab slots (one lock per document); never written with again. */
  clientIds?: number[];
  /** Updates stored so far, and how many of them the projected tables show (a count). */
  stored?: number;
  projected?: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface ChatRow {
  doc: string;
  kind: 'private' | 'business';
  peerId: string;
  peerLabel: string;
  /** A business peer's ✅, from its profile document. */
  verified?: boolean;
  /** The peer's photo (`/media/<id>.webp`), from their profile document, if they set one. */
  peerPhoto?: string;
  /** A person peer's phone number, shown on their page (the list shows their name when known). */
  peerPhone?: string;
  lastText: string;
  /** The last message is a location, contact or media message: what the list says of it. */
  lastKind?: KindSummary;
  lastAt: number;
  unread: number;
  /**
   * In the business app: when the server received the customer's last message that opens the
   * 24-hour window (`lastMessageAt`, the server's rule), or null if none yet.
   */
  customerLastAt?: number | null;
}

export interface MessageRow {
  key: string;
  doc: string;
  /** Position in the conversation (the CRDT's order). */
  pos: number;
  id: string;
  author: string;
  mine: boolean;
  at: number;
  text: string;
  tick: Tick | null;
  /** A template message: rendered from the author's template pack in the reader's language. */
  template?: { name: string; version: number; language?: string; params: Record<string, string> };
  /** A photo: its uploaded image, thumbnail and size (the caption is `text`). */
  image?: { url: string; thumb: string; width: number; height: number };
  /** Written by the platform (e.g. confirming a STOP). */
  system?: boolean;
  /** A voice note, audio, document, video, location or contact card: drawn as its card. */
  everyday?: EverydayMessage;
  /** When the server received it (the edit and delete windows count from here). */
  receivedAt?: number;
  /** A reply: the quoted message (`mine`: quoting one's own), with its snapshot when it has one. */
  reply?: { id: string; author: string; snapshot?: string; mine: boolean };
  reactions?: ReactionCount[];
  /** Its text was edited (the row's text is the last edit's). */
  edited?: boolean;
  /** Deleted for everyone: only a stub remains. */
  deleted?: boolean;
  forwarded?: boolean;
  /** When this device first saw its own message delivered and read (for the message info). */
  deliveredAt?: number;
  readAt?: number;
}

/** One emoji's reactions on a message. */
export interface ReactionCount {
  emoji: string;
  count: number;
  mine: boolean;
}

/** A business's template pack on this device, and when to fetch it next (survives restarts). */
export interface PackRow {
  businessId: string;
  pack: TemplatePack | null;
  etag: string | null;
  schedule: PackSchedule;
}

/**
 * A message of this device the server refused: out of the conversation (rolled back), kept here
 * to show in place with its reason until it is sent again (as a new message) or deleted.
 */
export interface UnsentRow {
  /** `${doc}|${id}`, like the message row it was. */
  key: string;
  /** The conversation (its head document). */
  doc: string;
  message: Message;
  /** Why: the refusal's reason code and its details (see unsent/refusal-text.ts). */
  code: string;
  details?: Record<string, unknown>;
  refusedAt: number;
}

/**
 * A media message waiting for its upload (outbox/): shown in place with its progress until the
 * file is on the server and the message is sent. Its files are in `outboxFiles` (written once:
 * this row changes with every bit of progress, and rewriting it must not copy the bytes).
 */
export interface OutboxRow {
  id: string;
  /** The conversation (its head document). */
  doc: string;
  kind: UploadKind;
  /** When it was picked: its place in the chat. */
  at: number;
  /** The message's other fields (caption, duration, waveform, pages...), as the picker gave them. */
  fields: Record<string, unknown>;
  /** The files: the message's own first, then any it names (a video's poster, say). */
  parts: OutboxPart[];
  /** The server refused it (too large, not what it claims to be): shown with the reason. */
  refused?: { code: string; details?: Record<string, unknown> };
  /**
   * Its poster, duration or first page are still being taken on the device (kinds/prepare-file.ts)
   * by the page this names (outbox.ts `thisPage`): shown as preparing, not uploaded until ready.
   */
  preparing?: string;
}

export interface OutboxPart {
  /** The message field that gets this file's media id; null for the message's own file. */
  field: string | null;
  kind: UploadKind;
  name: string;
  size: number;
  /** Bytes the server has (as far as this device knows). */
  sent: number;
  /** The tus upload, once created. */
  url?: string;
  result?: UploadResult;
}

/** One file of a waiting media message: `${outbox id}|${part index}`. */
export interface OutboxFileRow {
  key: string;
  file: Blob;
}

/** What was typed in a chat's composer and not sent yet. */
export interface DraftRow {
  doc: string;
  text: string;
}

/**
 * One message in the search index (search/search-index.ts): its folded words, under a key that
 * sorts by the message's time, so a word's matches come out oldest to newest.
 */
export interface SearchRow {
  /** `${at, zero-padded}|${message key}`. */
  k: string;
  /** The message row's key. */
  m: string;
  doc: string;
  /** Hash of the indexed text: unchanged text is not indexed again. */
  h: number;
  w: string[];
}

export type SoukDb = Dexie & {
  updates: EntityTable<UpdateRow, 'id'>;
  docs: EntityTable<DocRow, 'name'>;
  meta: EntityTable<MetaRow, 'key'>;
  chats: EntityTable<ChatRow, 'doc'>;
  messages: EntityTable<MessageRow, 'key'>;
  packs: EntityTable<PackRow, 'businessId'>;
  unsent: EntityTable<UnsentRow, 'key'>;
  drafts: EntityTable<DraftRow, 'doc'>;
  search: EntityTable<SearchRow, 'k'>;
  outbox: EntityTable<OutboxRow, 'id'>;
  outboxFiles: EntityTable<OutboxFileRow, 'key'>;
};

export function openDb(name: string): SoukDb {
  const db = new Dexie(name) as SoukDb;
  db.version(1).stores({
    updates: '++id, doc',
    docs: 'name, pending',
    meta: 'key',
    chats: 'doc, lastAt, kind',
    messages: 'key, [doc+pos], doc',
  });
  db.version(2).stores({ packs: 'businessId' });
  // Refused messages leave the conversation for `unsent` (they were wiped before): message rows
  // no longer carry a refusal.
  db.version(3)
    .stores({ unsent: 'key, doc', drafts: 'doc' })
    .upgrade((tx) =>
      tx
        .table('messages')
        .toCollection()
        .modify((row: Record<string, unknown>) => {
          delete row.refused;
        }),
    );
  // The search index: filled as conversations are projected, and once from the stored messages.
  db.version(4).stores({ search: 'k, doc, m, *w' });
  // Media messages waiting for their upload (outbox/), and their files.
  db.version(5).stores({ outbox: 'id, doc', outboxFiles: 'key' });
  return db;
}
