// When the run's quiet period starts and whether the ledger reaches past it. The faults have
// healed at the last `healed` entry that no disruptive fault follows (a run with no fault at all
// is healed from its first entry), or at the last acknowledged config change if later; the
// cluster must have settled `quietPeriodMs` after that.
import type { LedgerEntry } from '../../ledger/types.ts';
import type { CheckContext } from './types.ts';

export interface Settle {
  /** The entry that declared the heal (or the first entry). */
  healSeq: number;
  healAtMs: number;
  /** From here on: one partition, everything that can run runs, no transitions. */
  settleAtMs: number;
  /** The last entry; settle checks apply only when it reaches settleAtMs. */
  end: LedgerEntry;
}

/** Faults that repair rather than disrupt: they may follow `healed`. */
const REPAIRS: ReadonlySet<string> = new Set(['heal', 'resume', 'restart', 'start', 'boot', 'recover']);

/** The settle point, or undefined when the faults never healed or the ledger stops too early. */
export function settleOf(ordered: LedgerEntry[], ctx: CheckContext): Settle | undefined {
  const end = ordered.at(-1);
  if (end === undefined) return undefined;
  let heal: LedgerEntry | undefined;
  let disrupted = false;
  for (const e of ordered) {
    if (e.kind === 'healed') { heal = e; disrupted = false; }
    else if (e.kind === 'fault' && !REPAIRS.has(e.fault)) disrupted = true;
  }
  if (disrupted) return undefined;
  heal ??= ordered.find((e) => e.kind === 'fault') === undefined ? ordered[0] : undefined;
  if (heal === undefined) return undefined;
  // A config change is work too: the quiet period starts after the last one.
  const change = [...ordered].reverse().find((e) => e.kind === 'config.acknowledged');
  if (change !== undefined && change.seq > heal.seq) heal = change;
  const settleAtMs = heal.atMs + ctx.quietPeriodMs;
  return end.atMs >= settleAtMs ? { healSeq: heal.seq, healAtMs: heal.atMs, settleAtMs, end } : undefined;
}
