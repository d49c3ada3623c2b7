// Non-transitive partition: n3 sees n1 and n2, but n1 and n2 do not see each other. A rule
// based on "a majority of what I can see" elects two coordinators here; the raft rule (strict
// majority of configured votes, one vote per epoch, leases with stickiness) elects at most one.
import { describe, expect, it } from 'vitest';
import type { ElectionStatus, Input, Ready } from '../../src/election/types.ts';
import { cluster, names } from './cluster.ts';
import { SafetyViolation } from './checkers.ts';
import { Sim, type SimNode } from './sim.ts';

/**
 * The naive rule, in full: ping everyone; call "visible" yourself plus whoever pinged you
 * recently; act as coordinator when you are the lowest name you can see and what you can see is
 * a majority of the cluster.
 */
function naiveNode(self: string, nodes: string[]): SimNode {
  const heardTick: Record<string, number> = {};
  let nowTicks = 0;
  let out: Ready = { messages: [], logs: [] };
  const visible = (): string[] => [self, ...nodes.filter((n) => n !== self && nowTicks - (heardTick[n] ?? -1e9) < 10)];
  const believes = (): boolean => {
    const seen = visible();
    return 2 * seen.length > nodes.length && [...seen].sort()[0] === self;
  };
  return {
    tick() {
      nowTicks++;
      if (nowTicks % 2 !== 0) return;
      for (const to of nodes) if (to !== self) out.messages.push({ type: 'HEARTBEAT.PING', from: self, to, epoch: 0, sentTick: nowTicks });
    },
    step(input: Input) {
      if (input.type === 'HEARTBEAT.PING') heardTick[input.from] = nowTicks;
    },
    ready() {
      const ready = out;
      out = { messages: [], logs: [] };
      return ready;
    },
    status(): ElectionStatus {
      const holds = believes();
      return { self, role: holds ? 'coordinator' : 'follower', epoch: 0, votedFor: null, coordinator: null, holdsLease: holds, nowTicks };
    },
    holdsLease: () => believes(),
  };
}

/** n3 is the bridge and has the highest name, so each end is the lowest it can see. */
function bridge(sim: Sim): void {
  sim.cutLink('n1', 'n2');
}

describe('non-transitive partition (n1-n3 and n2-n3 up, n1-n2 cut)', () => {
  it('should show that the naive "majority of what I see" rule elects two coordinators', () => {
    const nodes = names(3);
    const sim = new Sim({ seed: 1, nodes, make: (name) => naiveNode(name, nodes) });
    bridge(sim);
    let caught: unknown = null;
    try {
      sim.run(100);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SafetyViolation);
    expect(String(caught)).toMatch(/two coordinators in epoch 0: n1 and n2|two nodes hold a lease at once: n1, n2/);
  });

  it('should elect exactly one coordinator with the raft rule, from the start of the cut', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const sim = cluster(3, seed);
      bridge(sim);
      sim.run(1_500); // the checkers throw on two coordinators in an epoch or overlapping leases
      const holders = sim.nodes.filter((n) => sim.node(n)?.holdsLease());
      expect(holders.length, `seed ${seed}: exactly one coordinator, and it stays`).toBe(1);
    }
  });

  it('should keep an established coordinator through the cut instead of being disrupted by the cut-off end', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const sim = cluster(3, seed);
      sim.runUntil((s) => s.settledCoordinator() !== null, 300);
      const first = sim.settledCoordinator() as string;
      // Cut the coordinator from one other node (if it is the bridge, cut the two others).
      const others = sim.nodes.filter((n) => n !== first);
      if (first === 'n3') sim.cutLink(others[0] as string, others[1] as string);
      else sim.cutLink(first, others.find((n) => n !== 'n3') as string);
      sim.run(1_000);
      const holders = sim.nodes.filter((n) => sim.node(n)?.holdsLease());
      expect(holders, `seed ${seed}`).toEqual([first]);
    }
  });
});
