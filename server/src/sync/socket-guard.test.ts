import { describe, expect, it } from 'vitest';
import { closeCodes } from '@souk/sync';
import { SocketGuard, socketLimits, type SocketLimits } from './socket-guard.ts';

/** A socket that records how it was closed; `buffered` is what it has not sent yet. */
function socket(buffered = 0) {
  const s = {
    readyState: 1,
    bufferedAmount: buffered,
    closedWith: null as number | null,
    send: () => {},
    close(code: number) {
      s.closedWith = code;
      s.readyState = 2;
    },
  };
  return s;
}

const limits: SocketLimits = {
  ...socketLimits,
  maxInboundBytes: 1000,
  maxInboundFrames: 3,
  maxOutboundBytes: 500,
  refusalBurst: 5,
  refusalsPerMinute: 60,
};

describe('socket guard', () => {
  it('closes a flood with 4413 once too many frames or bytes wait, and not before', () => {
    const s = socket();
    const reports: number[] = [];
    const guard = new SocketGuard(s, limits, (code) => reports.push(code));
    expect([guard.arrived(10), guard.arrived(10), guard.arrived(10)]).toEqual([true, true, true]);
    guard.handled(10);
    expect(guard.arrived(10)).toBe(true);
    expect(s.closedWith).toBeNull();
    expect(guard.arrived(10)).toBe(false);
    expect(s.closedWith).toBe(closeCodes.flood);
    expect(reports).toEqual([closeCodes.flood]);
    expect(guard.arrived(1)).toBe(false);

    const big = socket();
    const byBytes = new SocketGuard(big, limits, () => {});
    expect(byBytes.arrived(900)).toBe(true);
    expect(byBytes.arrived(200)).toBe(false);
    expect(big.closedWith).toBe(closeCodes.flood);
  });

  it('closes a reader whose buffer passed the limit with 4408', () => {
    const s = socket(500);
    const guard = new SocketGuard(s, limits, () => {});
    expect(guard.maySend()).toBe(true);
    s.bufferedAmount = 501;
    expect(guard.maySend()).toBe(false);
    expect(s.closedWith).toBe(closeCodes.slowReader);
  });

  it('lets a burst of refusals through, then closes with 4422', () => {
    const s = socket();
    const guard = new SocketGuard(s, limits, () => {});
    for (let i = 0; i < 5; i++) guard.refused();
    expect(s.closedWith).toBeNull();
    guard.refused();
    expect(s.closedWith).toBe(closeCodes.tooManyRefusals);
  });

  it('waits for room for bulk sends, and gives up on a reader that stays slow', async () => {
    const s = socket(400);
    const guard = new SocketGuard(s, { ...limits, slowReaderMs: 100 }, () => {});
    const waiting = guard.room();
    s.bufferedAmount = 100; // the peer read
    expect(await waiting).toBe(true);
    s.bufferedAmount = 400;
    expect(await guard.room()).toBe(false);
    expect(s.closedWith).toBe(closeCodes.slowReader);
  });
});
