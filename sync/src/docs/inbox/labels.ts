/** Labels and the labels a chat carries. */
import type * as Y from 'yjs';
import { randomId } from '../../ids.ts';
import { inboxParts } from './parts.ts';
import { chatLabelKey, idPattern } from './patterns.ts';
import { presetLabels, type LabelColor } from './basics.ts';
import { labelSchema, type LabelValue } from './schema.ts';

export interface Label {
  id: string;
  name: string;
  color: LabelColor;
  /** A preset label whose name the business never changed (apps show it in their language). */
  preset: boolean;
}

/** Every label, presets first (unless removed), then custom ones by name; invalid values skipped. */
export function readLabels(doc: Y.Doc): Label[] {
  const { labels } = inboxParts(doc);
  const presetIds = new Set<string>(presetLabels.map((l) => l.id));
  const result: Label[] = [];
  for (const preset of presetLabels) {
    const stored = labels.get(preset.id);
    if (stored === null) continue;
    const parsed = labelSchema.safeParse(stored);
    result.push(
      parsed.success
        ? { id: preset.id, ...parsed.data, preset: parsed.data.name === preset.name }
        : { ...preset, preset: true },
    );
  }
  const custom: Label[] = [];
  for (const [id, value] of labels.entries()) {
    if (presetIds.has(id) || !idPattern.test(id)) continue;
    const parsed = labelSchema.safeParse(value);
    if (parsed.success) custom.push({ id, ...parsed.data, preset: false });
  }
  custom.sort((a, b) => a.name.localeCompare(b.name));
  return [...result, ...custom];
}

/** Creates (no `id`) or changes a label; returns its id. */
export function saveLabel(doc: Y.Doc, label: LabelValue & { id?: string }): string {
  const value = labelSchema.parse({ name: label.name, color: label.color });
  const id = label.id ?? randomId(12);
  if (!idPattern.test(id)) throw new Error(`invalid label id ${id}`);
  inboxParts(doc).labels.set(id, value);
  return id;
}

/** Removes a label and takes it off every chat. */
export function removeLabel(doc: Y.Doc, id: string): void {
  const { labels, chatLabels } = inboxParts(doc);
  doc.transact(() => {
    if (presetLabels.some((l) => l.id === id)) labels.set(id, null);
    else labels.delete(id);
    for (const key of [...chatLabels.keys()]) {
      if (key.endsWith(`/${id}`)) chatLabels.delete(key);
    }
  });
}

/** Conversation id → the ids of its labels (only labels that exist). */
export function readChatLabels(doc: Y.Doc): Map<string, string[]> {
  const existing = new Set(readLabels(doc).map((l) => l.id));
  const result = new Map<string, string[]>();
  for (const [key, value] of inboxParts(doc).chatLabels.entries()) {
    const match = chatLabelKey.exec(key);
    if (!match || value !== true || !existing.has(match[2]!)) continue;
    result.set(match[1]!, [...(result.get(match[1]!) ?? []), match[2]!]);
  }
  return result;
}

export function setChatLabel(doc: Y.Doc, convId: string, labelId: string, on: boolean): void {
  const key = `${convId}/${labelId}`;
  if (!chatLabelKey.test(key)) throw new Error(`invalid chat label ${key}`);
  const { chatLabels } = inboxParts(doc);
  if (on) chatLabels.set(key, true);
  else if (chatLabels.has(key)) chatLabels.delete(key);
}
