/**
 * The highest sequence number up to which every committed update has been forwarded by this
 * process. Updates can be announced out of order (two documents commit concurrently; another
 * process's notification arrives late), so a live `cursor` frame must not jump past a sequence
 * number whose update has not gone out yet: a device that stored such a cursor and then went
 * offline would never receive that update. Sequence numbers have no gaps (the counter is taken
 * inside the committing transaction), so "contiguous" is well defined.
 */
export class SeqWatermark {
  private readonly pending = new Set<number>();

  constructor(private current: number) {}

  get value(): number {
    return this.current;
  }

  /** Marks `seq` forwarded; returns the (possibly advanced) watermark. */
  mark(seq: number): number {
    if (seq <= this.current) return this.current;
    this.pending.add(seq);
    while (this.pending.delete(this.current + 1)) this.current++;
    return this.current;
  }
}
