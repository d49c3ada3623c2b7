// Judges one simulation run: the ledger invariant checker (src/testing/ledger-checker/), plus the
// harness's own oracle (a single-instance resource really running on two machines at once).
// Also renders a violation as a readable trace: the ledger entries around it.
import type { LedgerEntry } from '../../ledger/types.ts';
import { checkLedger, type CheckContext, type Violation } from '../ledger-checker/index.ts';
import type { SimulationResult } from './run.ts';

export type { Violation };

/** How long a partition without quorum may take to stop its resources (detection + serial stops, some timing out). */
export const SIM_QUORUM_STOP_BOUND_MS = 15_000;
/** After `healed`, how long the cluster may take to settle (failure-timeout, reboots, re-probes). */
export const SIM_QUIET_PERIOD_MS = 35_000;

export function checkContext(result: SimulationResult): CheckContext {
  return { doc: result.doc, quorumStopBoundMs: SIM_QUORUM_STOP_BOUND_MS, quietPeriodMs: SIM_QUIET_PERIOD_MS };
}

/** The seq of the last entry written at or before `atMs` (a truth violation's place in the ledger). */
function seqAt(entries: LedgerEntry[], atMs: number): number {
  let seq = 0;
  for (const e of entries) if (e.atMs <= atMs) seq = e.seq;
  return seq;
}

/** The ledger checker's violations, then the harness's own: truly double active, daemons that threw. */
export function checkSimulation(result: SimulationResult): Violation[] {
  const violations = checkLedger(result.ledger, checkContext(result));
  for (const t of result.truthViolations) {
    const atSeq = seqAt(result.ledger, t.atMs);
    violations.push({ invariant: 'truly-double-active', atSeq, entries: [atSeq], message: `${t.instance} really ran on ${t.nodes.join(' and ')} at ${(t.atMs / 1000).toFixed(3)}s` });
  }
  const last = result.ledger.at(-1)?.seq ?? 0;
  for (const error of result.errors) violations.push({ invariant: 'daemon-threw', atSeq: last, entries: [], message: error.split('\n').slice(0, 4).join(' | ') });
  return violations;
}

/** One entry as a line: time, seq, kind and its fields. */
export function formatEntry(e: LedgerEntry): string {
  const { seq, atMs, kind, ...rest } = e;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  return `${(atMs / 1000).toFixed(3).padStart(8)}s #${String(seq).padEnd(5)} ${kind.padEnd(19)} ${fields}`;
}

/**
 * The trace of a violation: the entries it names, every fault, coordinator and fencing entry up
 * to it, and the `context` entries just before it; routine monitors are left out.
 */
export function traceOf(entries: LedgerEntry[], v: Violation, context = 25): string[] {
  const named = new Set(v.entries);
  const story = new Set(['fault', 'coordinator.up', 'coordinator.down', 'fence.requested', 'fence.completed', 'healed']);
  const routine = (e: LedgerEntry) => (e.kind === 'op.invoked' || e.kind === 'op.completed') && e.op === 'monitor' && !e.probe && !(e.kind === 'op.completed' && e.outcome !== 'ok');
  const lines: string[] = [];
  for (const e of entries) {
    if (e.seq > v.atSeq + 3) break;
    const near = e.seq >= v.atSeq - context;
    if (named.has(e.seq)) lines.push(`>> ${formatEntry(e)}`);
    else if (story.has(e.kind) || (near && !routine(e))) lines.push(`   ${formatEntry(e)}`);
  }
  return lines;
}
