/**
 * The composer's draft per chat, in the app's Dexie database (so it survives a reload and goes
 * with everything else when the person signs out).
 */
import type { SoukDb } from '../db.ts';

export async function loadDraft(db: SoukDb, doc: string): Promise<string> {
  return (await db.drafts.get(doc))?.text ?? '';
}

/** Saves what is typed; an empty composer leaves no draft. */
export async function saveDraft(db: SoukDb, doc: string, text: string): Promise<void> {
  if (text.trim() === '') await db.drafts.delete(doc);
  else await db.drafts.put({ doc, text });
}
