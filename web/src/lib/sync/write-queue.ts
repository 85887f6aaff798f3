/**
 * Writes to the device database in batches: the writes asked for while one batch commits all go
 * into the next, one transaction for them all. A catch-up stores an update and a server state for
 * each of hundreds of documents; one transaction each cost more than the writes themselves.
 * A write fills the open batch at once (`fill`), so a batch can merge writes to the same row.
 * Batches commit in the order they were asked for; a batch that fails fails each of its writes.
 * The device store reads documents the same way (a catch-up opens hundreds at once).
 */
export class WriteQueue<B, R = unknown> {
  /** The batch still taking writes, and its commit. */
  private open: { batch: B; committed: Promise<R> } | null = null;
  /** The last batch asked for, settled (failed or not). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly fresh: () => B,
    private readonly commit: (batch: B) => Promise<R>,
  ) {}

  /** Resolves once the write is committed (with the rest of its batch), to what the commit gave. */
  add(fill: (batch: B) => void): Promise<R> {
    if (!this.open) {
      const batch = this.fresh();
      const committed = this.last.then(() => {
        this.open = null;
        return this.commit(batch);
      });
      this.open = { batch, committed };
      this.last = committed.catch(() => undefined);
    }
    fill(this.open.batch);
    return this.open.committed;
  }

  /** Resolves once everything asked for so far is committed or failed. */
  idle(): Promise<unknown> {
    return this.last;
  }
}
