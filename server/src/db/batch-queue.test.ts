import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue.ts';

/** A queue whose batches wait for the test to release them, recording what each held. */
function recordingQueue(options: { alone?: boolean } = {}) {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const queue = new BatchQueue<number, number>(async (items) => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    if (items.includes(-1)) throw new Error('bad batch');
    return items.map((n) => n * 10);
  }, options);
  /** Waits until a batch is running, then lets it finish. */
  const released = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()!();
  };
  const running = async (n: number) => {
    while (batches.length < n) await new Promise((r) => setImmediate(r));
  };
  return { queue, batches, released, running };
}

describe('BatchQueue', () => {
  it('runs what arrives together as one batch, and what arrives meanwhile as the next', async () => {
    const { queue, batches, released, running } = recordingQueue();
    const first = [queue.add(1), queue.add(2)];
    await running(1);
    const second = [queue.add(3), queue.add(4), queue.add(5)];
    await released();
    expect(await Promise.all(first)).toEqual([10, 20]);
    await released();
    expect(await Promise.all(second)).toEqual([30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('fails every item of a failed batch, and only those', async () => {
    const { queue, released } = recordingQueue();
    const bad = [queue.add(-1), queue.add(7)].map((p) => p.catch((e: Error) => e.message));
    await released();
    expect(await Promise.all(bad)).toEqual(['bad batch', 'bad batch']);
    const good = queue.add(8);
    await released();
    expect(await good).toBe(80);
  });

  it('with `alone`, runs a failed batch again item by item: only the bad item fails', async () => {
    const { queue, batches, released, running } = recordingQueue({ alone: true });
    const all = [queue.add(6), queue.add(-1), queue.add(7)].map((p) =>
      p.catch((e: Error) => e.message),
    );
    await running(1);
    const meanwhile = queue.add(9);
    for (let i = 0; i < 4; i++) await released();
    expect(await Promise.all(all)).toEqual([60, 'bad batch', 70]);
    await released();
    expect(await meanwhile).toBe(90);
    expect(batches).toEqual([[6, -1, 7], [6], [-1], [7], [9]]);
  });

  it('with gatherMs, lets what arrives over that time, turn after turn, go as one batch', async () => {
    const batches: number[][] = [];
    const queue = new BatchQueue<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { gatherMs: 50 },
    );
    const first = queue.add(1);
    await new Promise((r) => setImmediate(r)); // a turn without gatherMs would have run it
    await Promise.all([first, queue.add(2)]);
    expect(batches).toEqual([[1, 2]]);
  });
});
