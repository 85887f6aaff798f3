/** One piece of async work a screen waits on: busy while it runs, its error as a sentence. */
import { describeError } from './describe-error.ts';

export class Task {
  busy = $state(false);
  error = $state('');

  /** Runs `work`; resolves true when it succeeded, false when it failed (and `error` says why). */
  async run(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      await work();
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
