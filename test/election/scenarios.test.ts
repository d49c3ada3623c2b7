// The classic election scenarios on the simulated network, with the checkers after every step.
import { describe, expect, it } from 'vitest';
import type { Generation } from '../../src/config/model.ts';
import { createElection } from '../../src/election/election.ts';
import { cluster, electionOf, names, timing } from './cluster.ts';
import { Sim } from './sim.ts';

describe('3 nodes', () => {
  it('should elect one coordinator that everybody follows, and keep it while nothing fails', () => {
    const sim = cluster(3, 1);
    const settled = sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    expect(settled).not.toBeNull();
    const first = sim.settledCoordinator();
    sim.run(1_000);
    expect(sim.settledCoordinator()).toBe(first);
    expect(sim.stats.stepDowns).toBe(0);
  });

  it('should let the majority side elect a higher epoch when the coordinator is cut off, and depose the old one', () => {
    const sim = cluster(3, 2);
    sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    const old = sim.settledCoordinator() as string;
    const oldNode = sim.node(old);
    const oldEpoch = oldNode?.status().epoch as number;
    sim.isolate(old);
    // The old coordinator stops believing in its lease within leaseTicks of its last acknowledged heartbeat.
    const lostAfter = sim.runUntil(() => oldNode?.holdsLease() === false, timing.leaseTicks + 1);
    expect(lostAfter).not.toBeNull();
    sim.runUntil((s) => s.nodes.some((n) => n !== old && s.node(n)?.holdsLease()), 200);
    const fresh = sim.nodes.find((n) => sim.node(n)?.holdsLease()) as string;
    expect(fresh).not.toBe(old);
    const freshEpoch = sim.node(fresh)?.status().epoch as number;
    expect(freshEpoch).toBeGreaterThan(oldEpoch);
    // Daemons on the majority side refuse the old coordinator's commands by epoch.
    for (const name of sim.nodes.filter((n) => n !== old)) {
      expect(sim.node(name)?.status().epoch).toBe(freshEpoch);
    }
    const follower = sim.nodes.find((n) => n !== old && n !== fresh) as string;
    expect(sim.node(old)?.status().role).not.toBe('coordinator');
    expect(sim.node(follower)?.status().coordinator).toBe(fresh);
    // A command stamped with the deposed coordinator's epoch is refused; the new one's accepted.
    expect(electionOf(sim, follower).checkEpoch(oldEpoch, old)).toMatchObject({ accepted: false, reason: 'stale-epoch' });
    expect(electionOf(sim, follower).checkEpoch(freshEpoch, fresh)).toMatchObject({ accepted: true });
    // After healing, the deposed node follows the new coordinator: epochs only grow.
    sim.heal();
    sim.runUntil((s) => s.node(old)?.status().coordinator === fresh, 200);
    expect(sim.node(old)?.status()).toMatchObject({ role: 'follower', epoch: freshEpoch, coordinator: fresh });
  });

  it('should keep the coordinator through a follower crash and re-admit the restarted follower', () => {
    const sim = cluster(3, 3);
    sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    const coordinator = sim.settledCoordinator() as string;
    const follower = sim.nodes.find((n) => n !== coordinator) as string;
    sim.crash(follower);
    sim.run(300);
    expect(sim.node(coordinator)?.holdsLease()).toBe(true);
    sim.restart(follower);
    expect(sim.runUntil((s) => s.settledCoordinator() === coordinator, 100)).not.toBeNull();
  });

  it('should keep a healthy coordinator when a node comes back from a long partition (pre-vote)', () => {
    const sim = cluster(3, 5);
    sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    const coordinator = sim.settledCoordinator() as string;
    const epoch = sim.node(coordinator)?.status().epoch as number;
    const returning = sim.nodes.find((n) => n !== coordinator) as string;
    const stepDowns = sim.stats.stepDowns;
    sim.isolate(returning);
    // Many election timeouts alone: it used to raise its epoch at each, then depose the
    // coordinator on its return with the higher epoch its refusals carried.
    sim.run(20 * timing.electionTimeoutTicks[1]);
    expect(sim.node(returning)?.status().epoch).toBe(epoch);
    sim.heal();
    sim.runUntil((s) => s.node(returning)?.status().coordinator === coordinator, 100);
    sim.run(200);
    expect(sim.settledCoordinator()).toBe(coordinator);
    expect(sim.node(coordinator)?.status().epoch).toBe(epoch);
    expect(sim.stats.stepDowns).toBe(stepDowns);
  });

  it('should elect nobody in a minority: one node of three alone never holds a lease', () => {
    const sim = cluster(3, 4);
    sim.isolate('n1');
    sim.cutLink('n2', 'n3');
    sim.run(1_000);
    expect(sim.nodes.filter((n) => sim.node(n)?.status().role === 'coordinator')).toEqual([]);
    // Pre-vote: nobody could win, so nobody raised the epoch (they used to, every timeout).
    expect(sim.checkers.marks.maxEpoch).toBe(0);
  });
});

describe('membership', () => {
  it('should mark a peer lost once it misses heartbeats past lostTicks, and present again when it answers', () => {
    const sim = cluster(3, 5);
    sim.runUntil((s) => s.settledCoordinator() !== null, 200);
    const coordinator = sim.settledCoordinator() as string;
    const peer = sim.nodes.find((n) => n !== coordinator) as string;
    expect(electionOf(sim, coordinator).membership()).toMatchObject({ lost: [], quorum: { quorate: true, via: 'majority' } });
    sim.isolate(peer);
    sim.run(timing.electionTimeoutTicks[1] + 5);
    expect(electionOf(sim, coordinator).membership().lost).toEqual([peer]);
    expect(electionOf(sim, coordinator).membership().quorum).toEqual({ quorate: true, via: 'majority' });
    sim.heal();
    sim.run(20);
    expect(electionOf(sim, coordinator).membership().lost).toEqual([]);
  });
});

describe('config generation in the vote rule', () => {
  it('should never elect a node whose config generation is older than a majority\'s', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const stale = { adminEpoch: 0, epoch: 1, updates: 0 };
      const fresh = { adminEpoch: 0, epoch: 2, updates: 0 };
      const won: string[] = [];
      const sim = clusterWithGenerations(seed, { n1: stale, n2: fresh, n3: fresh }, (line) => {
        const match = /(n\d) epoch \d+: became coordinator/.exec(line);
        if (match?.[1]) won.push(match[1]);
      });
      sim.run(600);
      expect(sim.settledCoordinator()).not.toBeNull();
      expect(won.length).toBeGreaterThan(0);
      expect(won).not.toContain('n1');
    }
  });
});

function clusterWithGenerations(seed: number, generationOf: Record<string, Generation>, onLog: (line: string) => void): Sim {
  const nodes = names(3);
  return new Sim({
    seed, nodes, onLog,
    make: (self, restored) => createElection({ self, nodes, seed, ...timing, generation: generationOf[self] }, restored),
  });
}
