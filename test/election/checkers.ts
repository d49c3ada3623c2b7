// Safety checkers, outside the nodes, run after every step of the simulation. They judge by
// what a global observer sees: statuses of the living nodes and the votes on the wire.
import type { ElectionStatus, HardState } from '../../src/election/types.ts';

export class SafetyViolation extends Error {
  override name = 'SafetyViolation';
}

export class Checkers {
  private readonly coordinatorOfEpoch = new Map<number, string>();
  private readonly lastEpoch = new Map<string, number>();
  private readonly voteOf = new Map<string, string>();
  /** Rare branches seen, so tests can assert the faults actually exercised them. */
  readonly marks = { elections: 0, leaseHandovers: 0, maxEpoch: 0 };
  private lastLeaseHolder: string | null = null;

  private holders: string[] = [];

  /** After every step: begin(), observe() each live node, end(). */
  begin(): void {
    this.holders = [];
  }

  observe(name: string, status: ElectionStatus): void {
    const last = this.lastEpoch.get(name) ?? 0;
    if (status.epoch < last) this.fail(`epoch of ${name} went back from ${last} to ${status.epoch}`);
    if (status.epoch !== last) this.lastEpoch.set(name, status.epoch);
    if (status.epoch > this.marks.maxEpoch) this.marks.maxEpoch = status.epoch;
    if (status.role === 'coordinator') this.coordinator(name, status.epoch);
    if (status.holdsLease) this.holders.push(name);
  }

  end(): void {
    if (this.holders.length > 1) this.fail(`two nodes hold a lease at once: ${this.holders.join(', ')}`);
    const holder = this.holders[0];
    if (holder !== undefined && holder !== this.lastLeaseHolder) {
      if (this.lastLeaseHolder !== null) this.marks.leaseHandovers++;
      this.lastLeaseHolder = holder;
    }
  }

  private coordinator(name: string, epoch: number): void {
    const known = this.coordinatorOfEpoch.get(epoch);
    if (known === undefined) {
      this.coordinatorOfEpoch.set(epoch, name);
      this.marks.elections++;
    } else if (known !== name) {
      this.fail(`two coordinators in epoch ${epoch}: ${known} and ${name}`);
    }
  }

  /** A vote seen either as a persisted HardState or as a granted reply on the wire. */
  vote(voter: string, epoch: number, candidate: string): void {
    const key = `${voter}@${epoch}`;
    const earlier = this.voteOf.get(key);
    if (earlier !== undefined && earlier !== candidate) {
      this.fail(`${voter} voted twice in epoch ${epoch}: ${earlier} and ${candidate}`);
    }
    this.voteOf.set(key, candidate);
  }

  persisted(node: string, hardState: HardState): void {
    if (hardState.votedFor !== null) this.vote(node, hardState.epoch, hardState.votedFor);
  }

  private fail(what: string): never {
    throw new SafetyViolation(what);
  }
}
