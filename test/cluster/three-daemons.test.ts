// Three real daemon processes on loopback, with real agents (ocf:heartbeat:Dummy,
// ocf:pacemaker:Dummy, fence_dummy): the cluster forms and starts everything; SIGKILL of the
// daemon hosting the group gets its node fenced through fence_dummy and the group running on
// a survivor.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRunning, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';

let cluster: LocalCluster;

describe('three daemons on loopback with real agents', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: 20_000 + (process.pid % 2_000) * 8 });
  }, 30_000);

  afterAll(() => cluster.stop(), 30_000);

  it('forms, elects one coordinator and starts every resource as configured', async () => {
    const v = await cluster.until('everything runs', allRunning);
    expect(v.nodes.map((n) => [n.name, n.state])).toEqual([['node1', 'online'], ['node2', 'online'], ['node3', 'online']]);
    expect(v.coordinator).toMatch(/^node[123]$/);
    expect(v.epoch).toBeGreaterThan(0);
    // The group runs on one node; the clone once per node; no device on the node it fences.
    const app = ['ip', 'db', 'web'].map((id) => where(v, id)!.node);
    expect(new Set(app).size).toBe(1);
    expect(new Set(v.resources.filter((r) => r.parent === 'pinger').map((r) => r.node))).toEqual(new Set(['node1', 'node2', 'node3']));
    for (const n of ['node1', 'node2', 'node3']) expect(where(v, `fence-${n}`)!.node).not.toBe(n);
  }, 60_000);

  it('fences the node whose daemon was SIGKILLed and recovers its group on a survivor', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const victim = where(before, 'ip')!.node!;
    cluster.kill(victim, 'SIGKILL');
    const after = await cluster.until(`${victim} is fenced and app runs elsewhere`, (v) =>
      v.fencing.some((f) => f.target === victim && f.result === 'succeeded')
      && ['ip', 'db', 'web'].every((id) => where(v, id)?.state === 'started' && where(v, id)?.node !== victim && where(v, id)?.node !== null));
    const survivors = new Set(['ip', 'db', 'web'].map((id) => where(after, id)!.node));
    expect(survivors.size).toBe(1);
    expect(readFileSync(cluster.layout.nodes.find((n) => n.name === victim)!.powerFile, 'utf8').trim()).toBe('off');
    const fence = after.fencing.find((f) => f.target === victim && f.result === 'succeeded')!;
    expect(fence.by).toBe(`fence-${victim}`);
  }, 60_000);
});
