// Pacemaker's node-action-limit: how many operations the coordinator runs on one node at once.
// Its default (0) means twice the node's CPU cores; the coordinator is pure and does not know
// the nodes' cores, so the daemon passes twice its own (clusters are usually alike), and where
// nothing is passed (the simulator) there is no limit.
import type { ClusterOptions } from '../config/model.ts';

/** The configured limit (0: the default), or throws with the fix. */
export function configuredNodeActionLimit(options: ClusterOptions): number {
  const raw = options.other['node-action-limit'];
  if (raw === undefined) return 0;
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`node-action-limit '${raw}' is not a whole number of operations (0 means twice the node's CPU cores)`);
  return n;
}

/** The limit a transition runs under: the configured one, else the default given (0: none). */
export function nodeActionLimit(options: ClusterOptions, fallback: number | undefined): number {
  let configured = 0;
  try {
    configured = configuredNodeActionLimit(options);
  } catch {
    // Refused when the config was read; a config held from before is run with the default.
  }
  return configured > 0 ? configured : fallback ?? 0;
}
