// SIGKILL of the coordinator's daemon: the survivors elect a new coordinator with a higher
// epoch, which fences the lost node and re-probes the rest, and restarts nothing that kept
// running on a survivor. Proof from outside the view: the survivors' daemon logs show no start
// or stop of those resources after the kill (but do show the new coordinator's probes finding
// them running), and their agents' state files are the very same files (inode and mtime).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { allRunning, allRunningOnline, freeBasePort, LocalCluster } from '../../src/demo/local-cluster.ts';

let cluster: LocalCluster;

/** The agent's resource name (a clone instance `ping:1` runs as `ping`). */
const agentId = (id: string) => id.replace(/:\d+$/, '');

/** Where ocf:heartbeat:Dummy (HA_RSCTMP) or ocf:pacemaker:Dummy (HA_VARRUN) keeps this resource's state. */
function stateFileOf(c: LocalCluster, id: string, node: string): string | undefined {
  const n = c.node(node);
  for (const file of [join(n.rsctmpDir, `Dummy-${agentId(id)}.state`), join(n.runDir, `Dummy-${agentId(id)}.state`)]) {
    try {
      statSync(file);
      return file;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const identity = (file: string) => {
  const s = statSync(file);
  return `inode ${s.ino}, mtime ${s.mtimeMs}`;
};

describe('a coordinator lost, and every daemon lost', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: await freeBasePort(7648, 7672) });
  }, 30_000);

  afterAll(() => cluster.stop(), 30_000);

  it('elects a new coordinator with a higher epoch and restarts nothing that ran on a survivor', async () => {
    const before = await cluster.until('everything runs on three online nodes', (v) => allRunning(v) && v.nodes.every((n) => n.state === 'online'));
    const victim = before.coordinator!;
    expect(victim).toMatch(/^node[123]$/);
    // What runs on the survivors, as [agent id, node], and its state file's identity.
    const kept = before.resources.filter((r) => r.node !== victim).map((r) => [agentId(r.id), r.node!] as const);
    expect(kept.length).toBeGreaterThan(3);
    const files = new Map<string, string>();
    for (const [id, node] of kept) {
      const file = stateFileOf(cluster, id, node);
      if (file) files.set(file, identity(file));
    }
    expect(files.size).toBeGreaterThan(0);

    const killedAtMs = Date.now();
    cluster.kill(victim, 'SIGKILL');
    const after = await cluster.until(`a new coordinator has fenced ${victim} and everything runs on the survivors`, (v: ClusterView) =>
      v.coordinator !== null && v.coordinator !== victim && v.epoch > before.epoch
      && v.fencing.some((f) => f.target === victim && f.result === 'succeeded')
      && allRunningOnline(v) && v.resources.every((r) => r.node !== victim));
    expect(after.epoch).toBeGreaterThan(before.epoch);

    // Still where they were.
    for (const [id, node] of kept) {
      expect([id, node, after.resources.some((r) => agentId(r.id) === id && r.node === node && r.state === 'started')]).toEqual([id, node, true]);
    }
    // Never stopped nor started again; probed by the new coordinator, found running.
    const keptOn = (node: string) => new Set(kept.filter(([, n]) => n === node).map(([id]) => id));
    let probes = 0;
    for (const node of new Set(kept.map(([, n]) => n))) {
      const ops = cluster.log(node).filter((e) => e.msg === 'operation done' && e.time >= killedAtMs && keptOn(node).has(String(e['resource'])));
      expect(ops.filter((e) => e['op'] === 'start' || e['op'] === 'stop').map((e) => `${String(e['op'])} ${String(e['resource'])} on ${node}`)).toEqual([]);
      probes += ops.filter((e) => e['op'] === 'monitor' && e['rc'] === 0).length;
    }
    expect(probes).toBeGreaterThan(0);
    for (const [file, was] of files) expect([file, identity(file)]).toEqual([file, was]);
  }, 60_000);

  it('daemons all killed and restarted find what runs, settle, and restart nothing', async () => {
    const down = cluster.layout.nodes.find((n) => !cluster.alive(n.name))!.name;
    await cluster.powerCycle(down);
    const before = await cluster.until('everything runs on three online nodes', (v) => allRunning(v) && v.nodes.every((n) => n.state === 'online') && v.transition === null);
    const files = new Map<string, string>();
    for (const r of before.resources) {
      const file = stateFileOf(cluster, r.id, r.node!);
      if (file) files.set(file, identity(file));
    }
    // Every daemon dies at once; their resources keep running (the agents' state files stay).
    // The next coordinator starts with no status at all, and must learn it all by probing.
    for (const n of cluster.layout.nodes) cluster.kill(n.name, 'SIGKILL');
    for (const n of cluster.layout.nodes) await waitForExit(n.name);
    const restartedAtMs = Date.now();
    for (const n of cluster.layout.nodes) cluster.startDaemon(n.name);
    const after = await cluster.until('the new coordinator has settled with everything running', (v) =>
      allRunning(v) && v.nodes.every((n) => n.state === 'online') && v.transition === null);
    expect(after.fencing.filter((f) => f.atMs >= restartedAtMs)).toEqual([]);
    for (const n of cluster.layout.nodes) expect([n.name, cluster.poweredOn(n.name)]).toEqual([n.name, true]);
    for (const r of before.resources.filter((x) => x.parent === 'app' || x.id === 'vm')) {
      expect([r.id, after.resources.find((x) => x.id === r.id)!.node]).toEqual([r.id, r.node]);
    }
    // Only the fence devices (registrations inside the daemon, gone with it) start again.
    const starts = cluster.layout.nodes.flatMap((n) => cluster.log(n.name)
      .filter((e) => e.msg === 'operation done' && e.time >= restartedAtMs && (e['op'] === 'start' || e['op'] === 'stop'))
      .map((e) => `${String(e['op'])} ${String(e['resource'])}`));
    expect(starts.filter((s) => !s.startsWith('start fence-'))).toEqual([]);
    for (const [file, was] of files) expect([file, identity(file)]).toEqual([file, was]);
  }, 60_000);
});

async function waitForExit(name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (cluster.alive(name)) {
    if (Date.now() > deadline) throw new Error(`${name}'s daemon did not exit`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
