/**
 * Broadcasts in tests: a broadcast is a job (server/src/broadcasts/), so a test starts it, waits
 * for the job to say it finished (its own status, not a pause), and reads every result page.
 */
import { expect } from 'vitest';
import type { BroadcastJob, BroadcastRecipient } from '@souk/sync';
import { eventually } from './people.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { status: number; body: any };

type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;

export interface Finished extends BroadcastJob {
  results: BroadcastRecipient[];
}

/** Starts a broadcast; a refusal comes back as is, a started job once it finished. */
export async function broadcastAndWait(call: Call, body: unknown, ms = 30_000): Promise<Reply> {
  const started = await call('POST', '/business/broadcasts', body);
  if (started.status !== 201) return started;
  return { status: 201, body: await finished(call, started.body.broadcast, ms) };
}

/** Waits until the job is no longer running, then reads all its results. */
export async function finished(call: Call, id: string, ms = 30_000): Promise<Finished> {
  let job!: BroadcastJob;
  await eventually(
    async () => {
      const reply = await call('GET', `/business/broadcasts/${id}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      job = reply.body;
      return job.status !== 'running';
    },
    ms,
    `broadcast ${id} finished`,
  );
  return { ...job, results: await allResults(call, id) };
}

export async function allResults(call: Call, id: string): Promise<BroadcastRecipient[]> {
  const results: BroadcastRecipient[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const reply = await call('GET', `/business/broadcasts/${id}/results?after=${after}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    results.push(...reply.body.results);
    after = reply.body.next;
  }
  return results;
}
