/**
 * Counts work in flight (queued activations, running activities) so callers can wait until
 * nothing is left. Work that starts more work registers it before it settles itself, so the
 * count cannot touch zero while a chain is still going.
 */
export class WorkTracker {
  private pending = 0;
  private waiters: (() => void)[] = [];

  track<T>(work: Promise<T>): Promise<T> {
    this.pending++;
    const done = () => {
      if (--this.pending === 0) this.waiters.splice(0).forEach((wake) => wake());
    };
    work.then(done, done);
    return work;
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  async idle(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((wake) => this.waiters.push(wake));
  }
}
