/**
 * Document names. Every Y.Doc that crosses the wire is named `<kind>:<id>` (or just `announcements`);
 * the kind decides who may open it and which validator rules apply to its updates.
 *
 * Long conversations are sharded by epoch: `conv:<id>` is the head (participants, receipts, and
 * the first epoch's messages) and `conv:<id>~<k>` holds epoch k's messages, so accepting a new
 * message never needs more than the current epoch in memory.
 */
export type DocKind = 'conv' | 'profile' | 'person' | 'prefs' | 'inbox' | 'announcements';

export interface DocName {
  kind: DocKind;
  id: string;
  /** For conversations: 0 for the head, k for `conv:<id>~<k>`. */
  epoch: number;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function parseDocName(name: string): DocName | null {
  if (name === 'announcements') return { kind: 'announcements', id: '', epoch: 0 };
  const colon = name.indexOf(':');
  if (colon < 0) return null;
  const kind = name.slice(0, colon);
  let id = name.slice(colon + 1);
  let epoch = 0;
  const tilde = id.indexOf('~');
  if (kind === 'conv' && tilde > 0) {
    const suffix = id.slice(tilde + 1);
    if (!/^[1-9]\d{0,6}$/.test(suffix)) return null;
    epoch = Number(suffix);
    id = id.slice(0, tilde);
  }
  if (!idPattern.test(id)) return null;
  if (
    kind === 'conv' ||
    kind === 'profile' ||
    kind === 'person' ||
    kind === 'prefs' ||
    kind === 'inbox'
  )
    return { kind, id, epoch };
  return null;
}

/** `conv:<id>` for epoch 0, `conv:<id>~<k>` after. */
export function epochDocName(head: string, epoch: number): string {
  return epoch === 0 ? head : `${head}~${epoch}`;
}

/** The head document of a conversation shard (the name itself for anything else). */
export function headDocName(name: string): string {
  const tilde = name.indexOf('~');
  return name.startsWith('conv:') && tilde > 0 ? name.slice(0, tilde) : name;
}

export function docName(kind: Exclude<DocKind, 'announcements'>, id: string): string {
  return `${kind}:${id}`;
}
