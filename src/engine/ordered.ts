/**
 * Outcomes finish out of order (requests race); reports must list rows in input order. OrderedSink takes
 * outcomes by sequence number and hands them on strictly in order. The engine stops reading input while
 * too many rows are unfinished, which bounds what waits here.
 */
import type { Outcome } from '../model.js';

export class OrderedSink {
  private readonly waiting = new Map<number, Outcome>();
  private next = 0;
  private issued = 0;
  private chain: Promise<void> = Promise.resolve();
  /** A delivery is being waited for: later outcomes queue behind it. */
  private busy = false;
  private wakeUp: (() => void) | undefined;
  private failed: { error: unknown } | undefined;

  /** `deliver` returns a promise only when the next outcome has to wait for it. */
  constructor(private readonly deliver: (outcome: Outcome) => Promise<void> | void) {}

  /** Reserve the next sequence number, in input order. */
  reserve(): number {
    return this.issued++;
  }

  /** Rows reserved but not yet delivered. */
  get pending(): number {
    return this.issued - this.next;
  }

  put(seq: number, outcome: Outcome): Promise<void> {
    this.waiting.set(seq, outcome);
    if (seq !== this.next || this.busy) return this.chain;
    this.chain = this.pump() ?? this.chain;
    return this.chain;
  }

  /**
   * A delivery that failed (a report that cannot be written): nothing more is delivered, and the run cannot
   * go on. Kept here rather than left in a rejected promise that nobody may be holding.
   */
  get failure(): { error: unknown } | undefined {
    return this.failed;
  }

  /** Resolves when at least one more row has been delivered (or at once if nothing is pending). */
  progress(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed.error);
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.wakeUp = () => (this.failed ? reject(this.failed.error) : resolve());
    });
  }

  /** Resolves once everything put so far has been delivered; rejects if a delivery failed. */
  async drained(): Promise<void> {
    await this.chain;
    if (this.failed) throw this.failed.error;
  }

  /**
   * Delivers every outcome that is next in line. Synchronous while deliveries are (a report line that fits
   * the buffer): a million rows should not cost a million promises. Once a delivery has to wait (a full
   * disk buffer), the rest follows when it is done.
   */
  private pump(): Promise<void> | undefined {
    for (let outcome = this.waiting.get(this.next); outcome; outcome = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.next++;
      const delivering = this.deliver(outcome);
      const wake = this.wakeUp;
      this.wakeUp = undefined;
      wake?.();
      if (delivering) {
        this.busy = true;
        return delivering.then(
          () => {
            this.busy = false;
            return this.pump();
          },
          (error: unknown) => {
            // Later outcomes stay queued behind this one (busy): the run is over.
            this.failed = { error };
            const waiting = this.wakeUp;
            this.wakeUp = undefined;
            waiting?.();
          },
        );
      }
    }
    return undefined;
  }
}
