// The ledger invariant checker: pure (no I/O, no clock), reads a whole run's ledger and says
// which safety and liveness rules it broke. Each family lives in its own file with its rules
// written out at the top; world.ts says how activity is read, topology.ts how partitions and
// quorum are, model.ts how ledger instances map onto the configuration, settle.ts when the
// quiet period starts.
//
// Invariant names (stable):
//   ledger-malformed                                        ledger-wellformed.ts
//   double-active, recovery-before-fence, clone-max-exceeded double-active.ts
//   start-without-quorum, quorum-stop-late                 quorum.ts
//   two-coordinators, epoch-reused, epoch-regressed,
//   stale-epoch-accepted, refused-current-epoch            coordinators.ts
//   config-diverged, config-lost, config-unequal           config.ts
//   ban-violated, standby-violated, target-role-violated,
//   maintenance-violated                                   placement.ts
//   order-violated                                         order.ts
//   colocation-violated                                    colocation.ts
//   concurrent-ops                                         serial-ops.ts
//   fenced-twice                                           fencing.ts
//   flapping, not-one-partition, not-running               convergence.ts
//   stale-params                                           params.ts
import type { LedgerEntry } from '../../ledger/types.ts';
import { assert } from '../../assert.ts';
import { checkColocation } from './colocation.ts';
import { checkConfig } from './config.ts';
import { checkConvergence } from './convergence.ts';
import { checkCoordinators } from './coordinators.ts';
import { checkDoubleActive } from './double-active.ts';
import { checkFencing } from './fencing.ts';
import { checkWellFormed } from './ledger-wellformed.ts';
import { checkOrder } from './order.ts';
import { checkParams } from './params.ts';
import { checkPlacement } from './placement.ts';
import { checkQuorum } from './quorum.ts';
import { checkSerialOps } from './serial-ops.ts';
import type { CheckContext, InvariantCheck, Violation } from './types.ts';

export type { CheckContext, InvariantCheck, Violation } from './types.ts';
export { formatEntry, formatTrace } from './trace.ts';
export {
  checkColocation, checkConfig, checkConvergence, checkCoordinators, checkDoubleActive, checkOrder, checkPlacement,
  checkQuorum, checkSerialOps, checkWellFormed, checkFencing, checkParams,
};

/** Every family, by file name. */
export const INVARIANT_FAMILIES: Readonly<Record<string, InvariantCheck>> = {
  'ledger-wellformed': checkWellFormed,
  'double-active': checkDoubleActive,
  quorum: checkQuorum,
  coordinators: checkCoordinators,
  config: checkConfig,
  placement: checkPlacement,
  order: checkOrder,
  colocation: checkColocation,
  'serial-ops': checkSerialOps,
  fencing: checkFencing,
  convergence: checkConvergence,
  params: checkParams,
};

/** Every violation of every invariant, ordered by the entry where it became certain. */
export function checkLedger(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  assert(ctx.quorumStopBoundMs >= 0 && ctx.quietPeriodMs >= 0, 'quorumStopBoundMs and quietPeriodMs must be >= 0');
  assert(ctx.doc.config.nodes.length > 0, 'the check context needs the configured nodes (ctx.doc.config.nodes)');
  const all = Object.values(INVARIANT_FAMILIES).flatMap((check) => check(entries, ctx));
  return all.sort((a, b) => a.atSeq - b.atSeq || (a.invariant < b.invariant ? -1 : a.invariant > b.invariant ? 1 : 0));
}
