// The simulation's ledger: entries in memory, stamped with the simulated time and a sequence
// number. Each daemon incarnation writes through its own sink, which goes quiet once that
// incarnation is dead (a crashed process records nothing).
import { assert } from '../../assert.ts';
import type { LedgerBody, LedgerEntry, LedgerSink } from '../../ledger/types.ts';
import type { TransportClock } from '../../transport/types.ts';
import type { NodeClock } from './clock.ts';

/** Entries one run may write; a runaway loop stops here instead of eating the memory. */
export const LEDGER_ENTRIES_MAX = 2_000_000;

export class MemoryLedger implements LedgerSink {
  readonly entries: LedgerEntry[] = [];

  constructor(private readonly clock: TransportClock) {}

  record(body: LedgerBody): void {
    assert(this.entries.length < LEDGER_ENTRIES_MAX, `more than ${LEDGER_ENTRIES_MAX} ledger entries in one run`);
    this.entries.push({ ...body, seq: this.entries.length, atMs: this.clock.now() } as LedgerEntry);
  }

  /** The sink of one daemon incarnation: silent once it is dead. */
  sinkFor(clock: NodeClock): LedgerSink {
    return { record: (body) => { if (clock.current !== 'dead') this.record(body); } };
  }
}
