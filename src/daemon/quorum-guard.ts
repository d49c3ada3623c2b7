// Whether this node's partition has quorum, and what losing it means for the node: with
// no-quorum-policy=stop it stops everything it runs. Only a loss counts: a daemon (re)starting
// has no quorum until it hears its peers, and what its probes find running then is the
// coordinator's to decide, not a stop's.
import type { ClusterConfig } from '../config/model.ts';
import type { Election } from '../election/election.ts';
import { quorum, voteTable } from '../election/quorum.ts';
import type { LedgerSink } from '../ledger/types.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Executor } from './executor.ts';

export interface QuorumGuardDeps {
  self: string;
  election: () => Election;
  /** The peers the mesh has live links to. */
  peers: () => string[];
  config: () => ClusterConfig;
  executor: () => Executor;
  now: () => number;
  ledger: LedgerSink;
  logger: Logger;
}

export class QuorumGuard {
  private last: boolean | null = null;
  private lostSinceMs: number | null = null;
  private had = false;

  constructor(private readonly deps: QuorumGuardDeps) {}

  /**
   * Whether this node's partition holds a strict majority of the configured votes. Followers
   * hear election messages only from the coordinator, so the election alone would count a
   * coordinator's death as losing every peer: the mesh's links (heartbeats between every pair)
   * say who is still here.
   */
  quorate(): boolean {
    if (this.deps.election().membership().quorum.quorate) return true;
    return quorum(voteTable(this.deps.config().nodes.map((n) => n.name)), [this.deps.self, ...this.deps.peers()]);
  }

  /** Records a change, and acts on a loss (no-quorum-policy=stop: stop what runs here). */
  check(): void {
    const quorate = this.quorate();
    if (quorate !== this.last) this.deps.ledger.record({ kind: 'quorum.changed', node: this.deps.self, quorate });
    this.last = quorate;
    if (quorate) {
      this.lostSinceMs = null;
      this.had = true;
      return;
    }
    if (this.lostSinceMs !== null || !this.had) return;
    this.lostSinceMs = this.deps.now();
    const policy = this.deps.config().options.noQuorumPolicy;
    this.deps.logger.warn({ policy }, 'this partition has no quorum');
    const executor = this.deps.executor();
    if (policy === 'stop' && executor.running().length > 0) void executor.stopAll('quorum lost (no-quorum-policy=stop)');
  }
}
