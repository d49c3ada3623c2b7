// A coordinator that throws is replaced, like a supervised child: its daemon steps it down and,
// after a pause, starts a fresh one in the same epoch, which re-probes and keeps everything
// running without restarting anything. (Chaos seed 24 once left a crashed coordinator in
// place, and the cluster ran nothing for the rest of the run.)
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Daemon } from '../../src/daemon/daemon.ts';
import type { CoordinatorHost } from '../../src/daemon/coordinator-host.ts';
import type { LedgerEntry } from '../../src/ledger/types.ts';
import { SimCluster } from '../../src/testing/sim/cluster.ts';
import { simConfig, simNodeNames } from '../../src/testing/sim/config.ts';
import { runTo } from '../../src/testing/sim/run.ts';

function hostOf(daemon: Daemon | null): CoordinatorHost | null {
  return (daemon as unknown as { host: CoordinatorHost | null } | null)?.host ?? null;
}

const kinds = (entries: LedgerEntry[]) => entries.map((e) => (e.kind === 'coordinator.up' || e.kind === 'coordinator.down' ? `${e.kind} ${e.node} ${e.epoch}` : e.kind));

describe('simulated cluster: a crashed coordinator', () => {
  it('should be replaced in the same epoch, and nothing that runs restarts', async () => {
    const nodes = simNodeNames(3);
    const cluster = new SimCluster({ seed: 7, doc: simConfig(nodes), logger: pino({ level: 'silent' }) });
    const budget = { steps: 0 };
    for (const node of nodes) cluster.start(node);
    await runTo(cluster.clock, 10_000, budget);
    const coordinator = nodes.find((n) => hostOf(cluster.daemon(n)) !== null)!;
    expect(coordinator, 'a coordinator was elected').toBeDefined();
    const running = Object.fromEntries(nodes.map((n) => [n, cluster.world.activeOn(n).sort()]));
    expect(Object.values(running).flat().length).toBeGreaterThan(5);
    const crashed = hostOf(cluster.daemon(coordinator))!;
    const from = cluster.ledger.entries.length;

    // An event the coordinator cannot digest makes it throw (a bug's stand-in).
    crashed.actor.send({ type: 'OP.RECORDED', op: undefined, result: undefined } as never);
    await runTo(cluster.clock, 20_000, budget);

    // Its children went with it: none of its instances monitors on, none of its fencers fences on.
    const orphans = Object.entries(crashed.actor.getSnapshot().children).filter(([, c]) => c?.getSnapshot().status === 'active');
    expect(orphans.map(([id]) => id), 'children of the crashed coordinator still running').toEqual([]);
    const replacement = hostOf(cluster.daemon(coordinator));
    expect(replacement).not.toBeNull();
    expect(replacement).not.toBe(crashed);
    const after = cluster.ledger.entries.slice(from);
    const epoch = after.find((e) => e.kind === 'coordinator.down')!;
    expect(kinds(after).filter((k) => k.startsWith('coordinator.'))).toEqual([
      `coordinator.down ${coordinator} ${(epoch as { epoch: number }).epoch}`, `coordinator.up ${coordinator} ${(epoch as { epoch: number }).epoch}`,
    ]);
    const lifecycle = after.filter((e) => e.kind === 'op.invoked' && ['start', 'stop'].includes(e.op));
    expect(lifecycle, 'nothing was stopped or started again').toEqual([]);
    expect(Object.fromEntries(nodes.map((n) => [n, cluster.world.activeOn(n).sort()]))).toEqual(running);
    for (const node of nodes) cluster.crash(node);
  }, 60_000);
});
