import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SentChanges } from './sent-changes.ts';
import { stateOf } from './state-vectors.ts';

const written = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
};

describe('what a connection sent', () => {
  it('is in flight until the server state covers it, document by document', () => {
    const sent = new SentChanges();
    const a = written('a');
    const b = written('b');
    sent.record('a', sent.of('a', new Map()), a);
    sent.record('b', sent.of('b', new Map()), b);
    sent.check('a', new Map());
    sent.check('b', new Map());
    expect(sent.inFlight).toBe(true);
    sent.check('a', stateOf(a)); // acknowledged
    expect(sent.inFlight).toBe(true); // b still is not
    sent.check('b', stateOf(b));
    expect(sent.inFlight).toBe(false);
    // More of a goes out: in flight again until acknowledged.
    a.getText('t').insert(1, 'a');
    sent.record('a', sent.of('a', new Map()), a);
    sent.check('a', new Map([[a.clientID, 1]]));
    expect(sent.inFlight).toBe(true);
  });

  it('forgets a document rolled back and everything on a new connection', () => {
    const sent = new SentChanges();
    const a = written('a');
    sent.record('a', sent.of('a', new Map()), a);
    sent.check('a', new Map());
    sent.forget('a');
    expect(sent.inFlight).toBe(false);
    sent.record('a', sent.of('a', new Map()), a);
    sent.check('a', new Map());
    sent.clear();
    expect(sent.inFlight).toBe(false);
    expect(sent.of('a', new Map([[1, 2]]))).toEqual(new Map([[1, 2]]));
  });
});
