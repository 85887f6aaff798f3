/**
 * Writes to the device database in batches: the writes asked for while one batch commits all go
 * into the next, one transaction for them all. A catch-up stores an update and a server state for
 * each of hundreds of documents; one transaction each cost more than the writes themselves.
 * Batches commit in the order they were asked for; a batch that fails fails each of its writes.
 */
export class WriteQueue {
  private writes: Array<() => Promise<unknown>> = [];
  /** The batch still taking writes, and the last batch asked for, settled (failed or not). */
  private next: Promise<unknown> | null = null;
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly transaction: (body: () => Promise<void>) => Promise<unknown>) {}

  /** Resolves once the write is committed (with the rest of its batch). */
  add(write: () => Promise<unknown>): Promise<unknown> {
    this.writes.push(write);
    if (!this.next) {
      this.next = this.last.then(() => {
        const writes = this.writes;
        this.writes = [];
        this.next = null;
        return this.transaction(async () => {
          for (const one of writes) await one();
        });
      });
      this.last = this.next.catch(() => undefined);
    }
    return this.next;
  }

  /** Resolves once everything asked for so far is committed or failed. */
  idle(): Promise<unknown> {
    return this.last;
  }
}
