/**
 * Coalesces work that arrives while the database is busy into one batch: the first item waits
 * one turn of the event loop (so everything that arrived together goes together), and while a
 * batch runs the next items gather for the one after it. Under light load a batch holds one item
 * and costs one turn; under heavy load batches grow, and with them the work per statement — the
 * group commit of databases, for any `run` that handles many items in one go. Work that may wait
 * (`gatherMs`) lets its first item wait that long instead, so what arrives over that time goes
 * together even while the database is idle.
 */
export class BatchQueue<In, Out> {
  private pending: Array<{ item: In; resolve: (out: Out) => void; reject: (e: unknown) => void }> =
    [];
  private running = false;
  private scheduled = false;

  /**
   * `run` answers every item of a batch, in order; if it throws, each item of the batch does —
   * unless `alone`: then a failed batch of several runs again one item at a time, so one bad item
   * fails only itself (for a `run` that leaves nothing behind when it throws, a transaction).
   */
  constructor(
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly options: { alone?: boolean; gatherMs?: number } = {},
  ) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.options.gatherMs) setTimeout(go, this.options.gatherMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.running = true;
    try {
      const outs = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outs[i]!));
    } catch (error) {
      if (!this.options.alone || batch.length === 1) batch.forEach((p) => p.reject(error));
      else
        for (const p of batch) await this.run([p.item]).then(([out]) => p.resolve(out!), p.reject);
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
