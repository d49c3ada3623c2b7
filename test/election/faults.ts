// A seeded fault schedule for the simulator (TigerBeetle style): each fault has a per-tick
// probability and a minimum duration, so the network cannot flap faster than the protocol's
// timeouts, and faults stay inside the fault model (crash-stop with intact disk, loss, delay,
// reordering, any pattern of link cuts including non-transitive and one-way ones).
import { Rng } from './rng.ts';
import type { Sim } from './sim.ts';

export interface FaultOptions {
  networkFaultRate: number;
  healRate: number;
  stableTicksMin: number;
  crashRate: number;
  downTicks: [number, number];
  crashedMax: number;
}

export const defaultFaults: FaultOptions = {
  networkFaultRate: 0.02, healRate: 0.05, stableTicksMin: 40, crashRate: 0.004, downTicks: [1, 200], crashedMax: 2,
};

export type NetworkFault = 'split' | 'non-transitive' | 'one-way' | 'isolate';

export class FaultInjector {
  private readonly rng: Rng;
  private changedTick = 0;
  readonly counts: Record<NetworkFault | 'heal' | 'crash', number> = {
    split: 0, 'non-transitive': 0, 'one-way': 0, isolate: 0, heal: 0, crash: 0,
  };

  constructor(seed: number, private readonly options: FaultOptions = defaultFaults) {
    this.rng = new Rng(seed, 'faults');
  }

  /** Called once per tick, before the sim's tick. */
  inject(sim: Sim): void {
    this.network(sim);
    const aliveCount = sim.nodes.length - sim.crashed.length;
    if (sim.crashed.length < this.options.crashedMax && aliveCount > 0 && this.rng.chance(this.options.crashRate)) {
      const victim = this.rng.pick(sim.nodes.filter((name) => sim.isAlive(name)));
      sim.crash(victim, this.rng.between(...this.options.downTicks));
      this.counts.crash++;
    }
  }

  private network(sim: Sim): void {
    if (sim.nowTicks - this.changedTick < this.options.stableTicksMin) return;
    if (sim.networkFaulted) {
      if (!this.rng.chance(this.options.healRate)) return;
      sim.heal();
      this.counts.heal++;
    } else {
      if (!this.rng.chance(this.options.networkFaultRate)) return;
      this.counts[this.cut(sim)]++;
    }
    this.changedTick = sim.nowTicks;
  }

  private cut(sim: Sim): NetworkFault {
    const nodes = sim.nodes;
    const kind = this.rng.pick<NetworkFault>(['split', 'non-transitive', 'one-way', 'isolate']);
    if (kind === 'split') {
      const side = nodes.filter(() => this.rng.chance(0.5));
      sim.partition([side, nodes.filter((name) => !side.includes(name))]);
    } else if (kind === 'isolate') {
      sim.isolate(this.rng.pick(nodes));
    } else {
      // Non-transitive: cut a few pairs, each node keeps some paths (A-B, B-C up, A-C down).
      const cuts = kind === 'one-way' ? 1 : this.rng.between(1, Math.max(1, nodes.length - 2));
      for (let i = 0; i < cuts; i++) {
        const a = this.rng.pick(nodes);
        const b = this.rng.pick(nodes.filter((name) => name !== a));
        if (kind === 'one-way') sim.cutOneWay(a, b);
        else sim.cutLink(a, b);
      }
    }
    return kind;
  }
}
