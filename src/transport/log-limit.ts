// Rate-limits one kind of log line: connection attempts that fail authentication can come as a
// flood (a scanner, a node with the wrong key retrying), and each must not cost a log line. The
// first `burst` lines of each window are logged; the rest are counted, and the next line logged
// says how many were left out.
import { assert } from '../assert.ts';

export const LOG_LIMIT_BURST = 5;
export const LOG_LIMIT_WINDOW_MS = 10_000;

export type LogAdmission = { log: false } | { log: true; suppressed: number };

export class LogLimit {
  private windowStartMs = -Infinity;
  private loggedInWindow = 0;
  private suppressed = 0;

  constructor(private readonly now: () => number = Date.now, private readonly burst = LOG_LIMIT_BURST, private readonly windowMs = LOG_LIMIT_WINDOW_MS) {
    assert(burst >= 1 && windowMs > 0, 'a log limit lets at least one line through per window');
  }

  /** Whether to log this line; when it does, how many lines were left out since the last one logged. */
  admit(): LogAdmission {
    const nowMs = this.now();
    if (nowMs - this.windowStartMs >= this.windowMs) {
      this.windowStartMs = nowMs;
      this.loggedInWindow = 0;
    }
    if (this.loggedInWindow >= this.burst) {
      this.suppressed++;
      return { log: false };
    }
    this.loggedInWindow++;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return { log: true, suppressed };
  }

  /** The fields to add to a logged line: `suppressed` only when some were left out. */
  static fields(admission: Extract<LogAdmission, { log: true }>): { suppressed?: number } {
    return admission.suppressed > 0 ? { suppressed: admission.suppressed } : {};
  }
}
