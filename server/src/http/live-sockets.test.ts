import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../logger.ts';
import { LiveSockets } from './live-sockets.ts';

/** What LiveSockets needs of a `ws` socket: its events. */
const fakeSocket = () => new EventEmitter() as unknown as WebSocket;

function recorder() {
  const seen: unknown[] = [];
  return {
    seen,
    handlers: {
      message: (data: string | ArrayBuffer | Uint8Array) => seen.push(data),
      closed: () => seen.push('closed'),
    },
  };
}

describe('live sockets', () => {
  it("feeds each socket's events to its own handlers, binary frames as bytes of their own", () => {
    const live = new LiveSockets(createLogger('silent'));
    const [a, b] = [fakeSocket(), fakeSocket()];
    const [ra, rb] = [recorder(), recorder()];
    live.listen(a, ra.handlers);
    live.listen(b, rb.handlers);
    const frame = Buffer.from([1, 2, 3]);
    a.emit('message', frame, true);
    b.emit('message', Buffer.from('hi'), false);
    expect(ra.seen).toEqual([new Uint8Array([1, 2, 3])]);
    expect((ra.seen[0] as Uint8Array).buffer).not.toBe(frame.buffer);
    expect(rb.seen).toEqual(['hi']);
    a.emit('error', new Error('reset'));
    expect(live.size).toBe(2);
  });

  it('forgets a socket once it closed, and resolves drained when none is left', async () => {
    const live = new LiveSockets(createLogger('silent'));
    const [a, b] = [fakeSocket(), fakeSocket()];
    const [ra, rb] = [recorder(), recorder()];
    live.listen(a, ra.handlers);
    live.listen(b, rb.handlers);
    const drained = live.drained();
    a.emit('close');
    expect([...live.sockets()]).toEqual([b]);
    expect(ra.seen).toEqual(['closed']);
    b.emit('close');
    await drained;
    expect(live.size).toBe(0);
    expect(rb.seen).toEqual(['closed']);
  });
});
