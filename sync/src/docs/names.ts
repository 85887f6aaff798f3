/**
 * Document names. Every Y.Doc that crosses the wire is named `<kind>:<id>` (or just `announcements`);
 * the kind decides who may open it and which validator rules apply to its updates.
 */
export type DocKind = 'conv' | 'profile' | 'prefs' | 'announcements';

export interface DocName {
  kind: DocKind;
  id: string;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function parseDocName(name: string): DocName | null {
  if (name === 'announcements') return { kind: 'announcements', id: '' };
  const colon = name.indexOf(':');
  if (colon < 0) return null;
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (!idPattern.test(id)) return null;
  if (kind === 'conv' || kind === 'profile' || kind === 'prefs') return { kind, id };
  return null;
}

export function docName(kind: Exclude<DocKind, 'announcements'>, id: string): string {
  return `${kind}:${id}`;
}
