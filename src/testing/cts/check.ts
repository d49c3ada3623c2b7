// The one place the CTS calls the invariant checker (src/testing/ledger-checker/), and the bounds it
// judges a real-process run by.
import type { ClusterDocument } from '../../config/model.ts';
import { checkLedger, formatTrace, type Violation } from '../ledger-checker/index.ts';
import type { LedgerEntry } from '../../ledger/types.ts';

/**
 * How long a partition without quorum may take to stop its resources: the heartbeat timeout
 * (1 s in examples/cluster.yaml), the election's lost ticks, then a stop per resource, all on
 * a loaded test host.
 */
export const QUORUM_STOP_BOUND_MS = 15_000;
/** After the harness declares `healed`: how long the cluster may take to settle. */
export const QUIET_PERIOD_MS = 20_000;

export interface CheckedRun {
  violations: Violation[];
  /** One readable trace per violation (the entries around it). */
  traces: string[];
}

/** Checks `entries` against the config in `doc` (the run's final one). */
export function checkRun(entries: LedgerEntry[], doc: ClusterDocument, quietPeriodMs = QUIET_PERIOD_MS): CheckedRun {
  const violations = checkLedger(entries, { doc, quorumStopBoundMs: QUORUM_STOP_BOUND_MS, quietPeriodMs });
  return { violations, traces: violations.map((v) => formatTrace(entries, v, 12)) };
}
