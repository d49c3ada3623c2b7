// Who may command this daemon: only the coordinator of the current epoch (election.authorize).
// A command from a node this daemon does not yet know as coordinator waits for a few election
// batches before it is refused: the new coordinator's first heartbeat may arrive after its
// first command (a reordering network, or this daemon just restarted and has not heard a
// heartbeat yet), and refusing would fail a healthy coordinator's operation.
import { assert } from '../assert.ts';
import type { Authorization } from '../election/types.ts';

/** Election batches a command from an unknown coordinator waits (one per tick: 100 ms each by default). */
export const AUTHORITY_WAIT_BATCHES = 30;
/** Commands waiting at once; more is a flood from a peer. */
export const AUTHORITY_WAITERS_MAX = 10_000;

export interface AuthorityDeps {
  authorize(epoch: number, from: string): Authorization;
}

export class Authority {
  private waiters: (() => void)[] = [];

  constructor(private readonly deps: AuthorityDeps, private waitBatches = AUTHORITY_WAIT_BATCHES) {}

  check(epoch: number, from: string): Authorization {
    return this.deps.authorize(epoch, from);
  }

  /** Accepted at once, or after this daemon hears `from` coordinate `epoch`; refused otherwise. */
  async whenAuthorized(epoch: number, from: string): Promise<Authorization> {
    for (let batch = 0; ; batch++) {
      const verdict = this.deps.authorize(epoch, from);
      if (verdict.accepted || verdict.reason !== 'not-coordinator' || batch >= this.waitBatches) return verdict;
      if (this.waiters.length >= AUTHORITY_WAITERS_MAX) return verdict;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The election handed over a batch (its epoch or coordinator may have changed). */
  changed(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resume of waiting) resume();
  }

  /** Shutting down: every waiting command is decided now. */
  close(): void {
    this.waitBatches = 0;
    this.changed();
    assert(this.waiters.length === 0, 'no command waits once the authority is closed');
  }
}
