// SIGSTOP of the daemon that hosts the group: the process lives on but says nothing, so its
// peers see it silent past the heartbeat timeout; its node is fenced through fence_dummy (its
// power file reads off, and the cluster's power watch kills the paused process as a power cut
// would) and the group runs on a survivor. A node resumed before its power is cut must never
// run the group while a survivor does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { allRunning, allRunningOnline, freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';
import { holdersNow, watchHolders } from './holders.ts';

const APP = ['ip', 'db', 'web'];
let cluster: LocalCluster;

const appOnOneNodeBut = (v: ClusterView, victim: string) =>
  APP.every((id) => where(v, id)?.state === 'started' && ![null, victim].includes(where(v, id)!.node))
  && new Set(APP.map((id) => where(v, id)!.node)).size === 1;
const fenced = (v: ClusterView, node: string) => v.fencing.some((f) => f.target === node && f.result === 'succeeded');
/** Nodes where the view shows `ip` running (started or being monitored). */
const ipActiveIn = (v: ClusterView) => (where(v, 'ip')?.instances ?? []).filter((i) => ['started', 'monitoring'].includes(i.state)).map((i) => i.node);

describe('SIGSTOP of the daemon hosting the group', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: await freeBasePort(7624, 7648) });
  }, 30_000);

  afterAll(() => cluster.stop(), 30_000);

  it('fences the paused node through fence_dummy and runs the group on a survivor', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const victim = where(before, 'ip')!.node!;
    expect(holdersNow(cluster, 'ip')).toEqual([victim]);
    const watch = watchHolders(cluster, 'ip');
    try {
      cluster.kill(victim, 'SIGSTOP');
      const after = await cluster.until(`${victim} is fenced and app runs elsewhere`, (v) => fenced(v, victim) && appOnOneNodeBut(v, victim));
      expect(cluster.poweredOn(victim)).toBe(false);
      expect(after.fencing.find((f) => f.target === victim && f.result === 'succeeded')!.by).toBe(`fence-${victim}`);
      // Fenced while paused: the power cut killed it.
      await waitFor(() => !cluster.alive(victim), `${victim}'s paused daemon to be killed by the power cut`);
      expect(cluster.children.get(victim)!.signalCode).toBe('SIGKILL');
      cluster.kill(victim, 'SIGCONT'); // harmless now
      const survivor = where(after, 'ip')!.node!;
      expect(holdersNow(cluster, 'ip')).toEqual([survivor]);
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
  }, 60_000);

  it('a host resumed before its power is cut never runs the group while a survivor does', async () => {
    // Power the victim of the first test back on: three nodes again.
    const down = cluster.layout.nodes.find((n) => !cluster.alive(n.name))!.name;
    await cluster.powerCycle(down);
    const before = await cluster.until('three nodes online and everything runs', (v) => allRunning(v) && v.nodes.every((n) => n.state === 'online'));
    const victim = where(before, 'ip')!.node!;
    const watch = watchHolders(cluster, 'ip');
    const viewOverlaps: string[][] = [];
    try {
      cluster.kill(victim, 'SIGSTOP');
      // Resume it as soon as the cluster has noticed, usually before the fence cuts its power.
      await cluster.until(`${victim} is seen lost`, (v) => v.nodes.find((n) => n.name === victim)?.state !== 'online', { pollMs: 20 });
      cluster.kill(victim, 'SIGCONT');
      const after = await cluster.until(`${victim} is fenced and app runs elsewhere`, (v) => {
        if (ipActiveIn(v).length > 1) viewOverlaps.push(ipActiveIn(v));
        return fenced(v, victim) && appOnOneNodeBut(v, victim);
      }, { pollMs: 50 });
      expect(cluster.poweredOn(victim)).toBe(false);
      await waitFor(() => !cluster.alive(victim), `${victim}'s daemon to die of the power cut`);
      expect(holdersNow(cluster, 'ip')).toEqual([where(after, 'ip')!.node]);
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
    expect(viewOverlaps).toEqual([]);
  }, 60_000);

  it('a coordinator resumed before its power is cut fences no one and runs nothing concurrently', async () => {
    const down = cluster.layout.nodes.find((n) => !cluster.alive(n.name))!.name;
    await cluster.powerCycle(down);
    const before = await cluster.until('three nodes online and everything runs', (v) => allRunning(v) && v.nodes.every((n) => n.state === 'online'));
    const victim = before.coordinator!;
    const fencesBefore = before.fencing.length;
    const watch = watchHolders(cluster, 'ip');
    try {
      cluster.kill(victim, 'SIGSTOP');
      await cluster.until(`a new coordinator sees ${victim} lost`, (v) => v.coordinator !== victim && v.nodes.find((n) => n.name === victim)?.state !== 'online', { pollMs: 20 });
      cluster.kill(victim, 'SIGCONT');
      const after = await cluster.until(`${victim} is fenced and everything runs elsewhere`, (v) => fenced(v, victim) && allRunningOnline(v) && v.resources.every((r) => r.node !== victim), { pollMs: 50 });
      // Only the victim is fenced, and once: the completed fence is replicated at once, so no
      // later coordinator fences it again for the same loss.
      const fences = after.fencing.slice(fencesBefore).map((f) => [f.target, f.result]);
      expect(fences).toEqual([[victim, 'succeeded']]);
      for (const n of cluster.layout.nodes) expect([n.name, cluster.poweredOn(n.name)]).toEqual([n.name, n.name !== victim]);
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
  }, 60_000);
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
