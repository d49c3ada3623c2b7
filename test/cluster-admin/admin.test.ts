// An administrator's day with three real daemons and the real `vigil` command: a transparent
// upgrade (`daemon stop --leave-resources`, then a new daemon: nothing restarts), standby,
// a config replaced whole or refused whole, and a node alone without quorum stopping what it runs.
import { execFile } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/cli/control-client.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { allRunning, freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';
import { loadClusterKey } from '../../src/transport/cluster-key.ts';
import { operationsDone } from '../fencing/daemon-log.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const APP = ['ip', 'db', 'web'];
let cluster: LocalCluster;

interface CliRun { code: number; stdout: string; stderr: string }
/** The real CLI, as an administrator types it, against this cluster's config. */
function vigil(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...args, '--config', cluster.layout.configFile], { cwd: ROOT },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** One daemon's own answer (not whichever answers first). */
async function viewOf(node: string): Promise<ClusterView | undefined> {
  const n = cluster.node(node);
  const { result } = await sendControl({ addresses: [{ name: n.name, host: n.host, port: n.port + 1 }], key: await loadClusterKey(cluster.layout.keyFile), command: { type: 'status' }, timeoutMs: 2_000 });
  return result.ok ? result.view : undefined;
}

const appNode = (v: ClusterView) => where(v, 'ip')!.node!;
const appOn = (v: ClusterView, node: string) => APP.every((id) => where(v, id)?.state === 'started' && where(v, id)?.node === node);
/** ocf:heartbeat:Dummy's state file for a resource on a node (HA_RSCTMP/Dummy-ID.state). */
const stateFile = (node: string, id: string) => join(cluster.node(node).rsctmpDir, `Dummy-${id}.state`);
const opsOf = (node: string, resource: string, op: string) => operationsDone(cluster.log(node), resource, op);

describe('administering a cluster of real daemons', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: await freeBasePort(7540, 7600) });
    await cluster.until('everything runs', allRunning, { timeoutMs: 60_000 });
  }, 90_000);
  afterAll(() => cluster.stop({ keepFiles: process.env["VIGIL_KEEP"] === "1" }), 30_000);

  it('restarts a daemon with --leave-resources without restarting anything it runs', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const node = appNode(before);
    const inodes = APP.map((id) => statSync(stateFile(node, id)).ino);
    const startsBefore = APP.map((id) => opsOf(node, id, 'start').length);

    const stopped = await vigil('daemon', 'stop', '--leave-resources', '--node', node);
    expect(stopped.code).toBe(0);
    await waitFor(() => !cluster.alive(node), `${node}'s daemon exits`);
    // Its resources keep running unmanaged: not fenced, not started elsewhere.
    const detached = await cluster.until(`${node} shown detached`, (v) => v.nodes.find((n) => n.name === node)?.mode === 'maintenance');
    expect(detached.fencing.filter((f) => f.target === node)).toEqual([]);
    expect(APP.map((id) => existsSync(stateFile(node, id)))).toEqual([true, true, true]);

    cluster.startDaemon(node);
    const after = await cluster.until(`${node} back and everything runs`, (v) => allRunning(v) && v.nodes.find((n) => n.name === node)?.state === 'online' && appOn(v, node));
    expect(appNode(after)).toBe(node);
    // The new daemon's probes find them running (the view may show them started before the
    // probes have answered): no start, the same state files.
    await waitFor(() => APP.every((id) => opsOf(node, id, 'monitor').some((l) => l.rc === 0)), `${node}'s new daemon probed the group`);
    await cluster.until('everything runs', allRunning);
    expect(APP.map((id) => opsOf(node, id, 'start').length)).toEqual(startsBefore);
    expect(APP.map((id) => statSync(stateFile(node, id)).ino)).toEqual(inodes);
  }, 90_000);

  it('moves the group off a node in standby and back when it is online', async () => {
    const node = appNode(await cluster.until('everything runs', allRunning));
    expect((await vigil('node', 'standby', node)).code).toBe(0);
    const moved = await cluster.until('app left the standby node', (v) => APP.every((id) => where(v, id)?.state === 'started' && where(v, id)?.node !== node && where(v, id)?.node !== null));
    expect(moved.nodes.find((n) => n.name === node)!.state).toBe('standby');
    expect(APP.map((id) => existsSync(stateFile(node, id)))).toEqual([false, false, false]);
    expect((await vigil('node', 'online', node)).code).toBe(0);
    await cluster.until(`${node} online again`, (v) => v.nodes.find((n) => n.name === node)?.state === 'online' && allRunning(v));
  }, 90_000);

  it('refuses a bad config whole and applies a good one to every daemon', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const shown = await vigil('config', 'show');
    expect(shown.code).toBe(0);

    const bad = join(cluster.layout.dir, 'bad.yaml');
    writeFileSync(bad, shown.stdout.replace('agent: ocf:heartbeat:Dummy', 'agent: ocf:heartbeat:NoSuchAgent'));
    const refused = await vigil('config', 'apply', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/bad\.yaml/);
    expect(refused.stderr).toMatch(/NoSuchAgent/);
    expect((await cluster.until('still everything runs', allRunning)).generation).toEqual(before.generation);

    const good = join(cluster.layout.dir, 'good.yaml');
    writeFileSync(good, `${shown.stdout}\n`.replace(/^resources:\n/m, 'resources:\n  - primitive: extra\n    agent: ocf:heartbeat:Dummy\n'));
    const applied = await vigil('config', 'apply', good);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const after = await cluster.until('extra runs', (v) => where(v, 'extra')?.state === 'started' && allRunning(v));
    expect(after.generation).not.toEqual(before.generation);
    // Every daemon holds the new generation (replicated), not only the coordinator.
    for (const n of ['node1', 'node2', 'node3']) {
      await waitForAsync(async () => JSON.stringify((await viewOf(n))?.generation) === JSON.stringify(after.generation), `${n} holds the new config`);
    }
  }, 90_000);

  it('stops what a node runs once it is alone without quorum', async () => {
    const node = appNode(await cluster.until('everything runs', allRunning));
    for (const other of ['node1', 'node2', 'node3'].filter((n) => n !== node)) cluster.kill(other, 'SIGKILL');
    // no-quorum-policy=stop: the lone node stops the group (its state files go away).
    await waitFor(() => APP.every((id) => !existsSync(stateFile(node, id))), `${node} stops app without quorum`, 30_000);
    const stopping = cluster.log(node).find((l) => l.msg === 'stopping every resource this node started');
    expect(stopping?.reason).toBe('quorum lost (no-quorum-policy=stop)');
    expect(cluster.alive(node)).toBe(true);
  }, 60_000);
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  await waitForAsync(async () => check(), what, timeoutMs);
}

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
