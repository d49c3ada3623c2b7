// An administrator's config change is acknowledged only once a majority of the configured votes
// hold it on disk: Raft's commit rule, for the one replicated thing that must never be lost.
// The next coordinator needs a majority of votes, and a voter refuses a candidate that holds an
// older config, so an acknowledged change survives anything short of losing that majority.
// (Chaos seed 2029, a 60 s run: a coordinator left alone acknowledged a change, crashed, and
// the two others elected one without it.)
import { compareGeneration } from '../config/generation.ts';
import type { ClusterConfig } from '../config/model.ts';
import { quorum, voteTable } from '../election/quorum.ts';
import type { TransportClock } from '../transport/types.ts';

type Generation = ClusterConfig['generation'];

interface Waiter { generation: Generation; resolve: (committed: boolean) => void; timer: unknown }

export interface ConfigCommitDeps {
  clock: TransportClock;
  /** The config whose nodes vote (two-node: one of two suffices, as for quorum). */
  config: () => ClusterConfig;
  /** How long an acknowledgement may wait for the majority. */
  timeoutMs: number;
}

export class ConfigCommits {
  private readonly holds = new Map<string, Generation>();
  private waiters: Waiter[] = [];

  constructor(private readonly deps: ConfigCommitDeps) {}

  /** `node` holds `generation` (or newer) on disk. */
  held(node: string, generation: Generation): void {
    const was = this.holds.get(node);
    if (was !== undefined && compareGeneration(was, generation) >= 0) return;
    this.holds.set(node, generation);
    this.waiters = this.waiters.filter((w) => !this.settle(w));
  }

  /** Resolves true once a majority holds `generation` or newer; false after the timeout or a cancel. */
  whenCommitted(generation: Generation): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = { generation, resolve, timer: null };
      if (this.settle(waiter)) return;
      waiter.timer = this.deps.clock.setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, this.deps.timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The coordinator stepped down: no acknowledgement is waited for any more. */
  cancelAll(): void {
    for (const w of this.waiters.splice(0)) {
      this.deps.clock.clearTimeout(w.timer);
      w.resolve(false);
    }
  }

  private committed(generation: Generation): boolean {
    const config = this.deps.config();
    const names = config.nodes.map((n) => n.name);
    const holders = names.filter((n) => { const g = this.holds.get(n); return g !== undefined && compareGeneration(g, generation) >= 0; });
    if (config.cluster?.twoNode === true && names.length === 2) return holders.length >= 1;
    return quorum(voteTable(names), holders);
  }

  private settle(w: Waiter): boolean {
    if (!this.committed(w.generation)) return false;
    if (w.timer !== null) this.deps.clock.clearTimeout(w.timer);
    w.resolve(true);
    return true;
  }
}
