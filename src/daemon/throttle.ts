// Runs an action soon after it is asked for, at most once per interval, on the injected clock:
// many changes in a burst make one replication, not one each.
import type { TransportClock } from '../transport/types.ts';

export class Throttle {
  private timer: unknown = null;
  private lastMs = -Infinity;

  constructor(private readonly clock: TransportClock, private intervalMs: number, private readonly action: () => void) {}

  /** Changes the interval from the next request on. */
  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
  }

  /** Runs the action once the interval since its last run is over (at once if it is). */
  request(): void {
    if (this.timer !== null) return;
    const waitMs = Math.max(0, this.lastMs + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.lastMs = this.clock.now();
      this.action();
    }, waitMs);
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
