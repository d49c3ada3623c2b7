// A daemon whose event loop stalls stops answering heartbeats, and its peers declare it lost
// and fence it. Logging each stall (how long, against the heartbeat timeout) turns a fence
// that looks causeless into a line that says why. The clock is the edge's, not the machines'.
import type { Logger } from 'pino';

export interface LoopWatchOptions {
  logger: Logger;
  /** Stalls at least this long are logged (warn); default 250 ms. */
  thresholdMs?: number;
  /** The cluster's heartbeat timeout, to say how close a stall came to it. */
  heartbeatTimeoutMs: () => number;
  intervalMs?: number;
}

/** Starts watching; returns a function that stops it. The timer never keeps the process alive. */
export function watchEventLoop(opts: LoopWatchOptions): () => void {
  const interval = opts.intervalMs ?? 100;
  const threshold = opts.thresholdMs ?? 250;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const stalledMs = Math.round(now - last - interval);
    last = now;
    if (stalledMs < threshold) return;
    const timeoutMs = opts.heartbeatTimeoutMs();
    const fields = { stalledMs, heartbeatTimeoutMs: timeoutMs };
    if (stalledMs >= timeoutMs) opts.logger.error(fields, 'event loop stalled past the heartbeat timeout: peers may have declared this node lost');
    else opts.logger.warn(fields, 'event loop stalled');
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
