// Questions about a merged ledger that the catalogue's expectations ask: did the fault happen,
// did the cluster react. Pure.
import type { LedgerEntry } from '../../ledger/types.ts';

type Of<K extends LedgerEntry['kind']> = Extract<LedgerEntry, { kind: K }>;

export interface OpFilter {
  node?: string;
  instance?: string;
  op?: string;
  /** Only entries after this time. */
  afterMs?: number;
  beforeMs?: number;
}

function matches(e: Of<'op.invoked'> | Of<'op.completed'>, f: OpFilter): boolean {
  return (f.node === undefined || e.node === f.node) && (f.instance === undefined || e.instance === f.instance)
    && (f.op === undefined || e.op === f.op) && (f.afterMs === undefined || e.atMs > f.afterMs) && (f.beforeMs === undefined || e.atMs < f.beforeMs);
}

export function invoked(entries: LedgerEntry[], f: OpFilter): Of<'op.invoked'>[] {
  return entries.filter((e): e is Of<'op.invoked'> => e.kind === 'op.invoked' && matches(e, f));
}

export function completed(entries: LedgerEntry[], f: OpFilter): Of<'op.completed'>[] {
  return entries.filter((e): e is Of<'op.completed'> => e.kind === 'op.completed' && matches(e, f));
}

/** Successful fencing of `target` (after `afterMs`). */
export function fenced(entries: LedgerEntry[], target: string, afterMs = -Infinity): boolean {
  return entries.some((e) => e.kind === 'fence.completed' && e.target === target && e.ok && e.atMs > afterMs);
}

export function faultAt(entries: LedgerEntry[], fault: string): Of<'fault'> | undefined {
  return entries.find((e): e is Of<'fault'> => e.kind === 'fault' && e.fault === fault);
}

/** Starts or stops (or migrations, promotions) of anything, probes and monitors aside. */
export function transitions(entries: LedgerEntry[], f: OpFilter): Of<'op.invoked'>[] {
  return invoked(entries, f).filter((e) => e.op !== 'monitor');
}

/** A coordinator (after `afterMs`) whose membership left `node` out. */
export function lostFrom(entries: LedgerEntry[], node: string, afterMs: number): boolean {
  return entries.some((e) => (e.kind === 'membership.changed' || e.kind === 'coordinator.up') && e.atMs > afterMs && e.node !== node && !e.members.includes(node));
}
