/**
 * What the preference copies promise on either database (preference-copies.ts): a change is seen
 * by the very next read after it commits, from the writing store or (PostgreSQL) another one; an
 * unchanged document is not built again.
 */
import { expect, it } from 'vitest';
import { docName, readPreferences, setBlocked, setOptIn, type Actor } from '@souk/sync';
import type { DocStore } from '../sync/doc-store.ts';
import { change, copyOf } from '../sync/doc-store-fixtures.ts';
import type { ConsentFacts } from './consent-facts.ts';

export interface Setup {
  /** The store the person's devices write through. */
  writer: DocStore;
  /** The facts read through the writer's store, or (PostgreSQL) another process's. */
  facts: ConsentFacts;
}

export function preferenceCopiesSuite(setup: () => Setup, person: Actor): void {
  const name = docName('prefs', person.id);
  const write = async (edit: Parameters<typeof change>[1]) => {
    const { writer } = setup();
    const result = await writer.apply(name, change(await copyOf(writer, name), edit), person);
    expect(result.kind).toBe('stored');
  };
  const read = async () => (await setup().facts.preferences([person.id])).get(person.id)!;

  it('sees a change at the very next read, and reuses an unchanged copy', async () => {
    const first = await read();
    expect(readPreferences(first).blocked).toEqual({});
    expect(await read()).toBe(first); // nothing committed: the same copy
    for (const blocked of [true, false, true]) {
      await write((d) => setBlocked(d, 'b_shop', blocked));
      expect(readPreferences(await read()).blocked).toEqual({ b_shop: blocked });
    }
  });

  it('stays right across compaction of the document', async () => {
    await read();
    await write((d) => setOptIn(d, 'b_other', true));
    await setup().writer.compact(name);
    await write((d) => setOptIn(d, 'b_third', true));
    const prefs = readPreferences(await read());
    expect(prefs.optIn).toMatchObject({ b_other: true, b_third: true });
    expect(prefs.blocked).toEqual({ b_shop: true });
  });
}
