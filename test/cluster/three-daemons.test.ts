// Three real daemon processes on loopback, with real agents (ocf:heartbeat:Dummy,
// ocf:pacemaker:Dummy, fence_dummy): the cluster forms and starts everything; SIGKILL of the
// daemon hosting the group gets its node fenced through fence_dummy and the group running on
// a survivor.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/cli/control-client.ts';
import { daemonArgs, materializeDemo, powerOn, type DemoLayout } from '../../src/demo/layout.ts';
import { loadClusterKey } from '../../src/transport/cluster-key.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let layout: DemoLayout;
let key: Buffer;
const children = new Map<string, ChildProcess>();

function start(name: string): void {
  const node = layout.nodes.find((n) => n.name === name)!;
  const out = openSync(node.logFile, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...daemonArgs(layout, node)], { stdio: ['ignore', out, out], cwd: ROOT });
  children.set(name, child);
}

async function view(): Promise<ClusterView | undefined> {
  const addresses = layout.nodes.filter((n) => children.get(n.name)?.exitCode === null).map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
  try {
    const { result } = await sendControl({ addresses, key, command: { type: 'status' }, timeoutMs: 2_000, connectTimeoutMs: 1_000 });
    return result.ok ? result.view : undefined;
  } catch {
    return undefined;
  }
}

async function until(what: string, check: (v: ClusterView) => boolean, timeoutMs = 40_000): Promise<ClusterView> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterView | undefined;
  while (Date.now() < deadline) {
    last = await view();
    if (last && check(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting until ${what}; last view: ${JSON.stringify(last?.resources.map((r) => [r.id, r.state, r.node]))} nodes ${JSON.stringify(last?.nodes.map((n) => [n.name, n.state]))}`);
}

const where = (v: ClusterView, id: string) => v.resources.find((r) => r.id === id);
const allRunning = (v: ClusterView) => v.resources.every((r) => r.state === 'started' && r.node !== null);

describe('three daemons on loopback with real agents', () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cluster-'));
    layout = await materializeDemo({ source: join(ROOT, 'examples', 'cluster.yaml'), dir, basePort: 20_000 + (process.pid % 2_000) * 8 });
    key = await loadClusterKey(layout.keyFile);
    for (const n of layout.nodes) {
      await powerOn(n, { wipe: true });
      start(n.name);
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all([...children.values()].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    })));
    await rm(layout.dir, { recursive: true, force: true });
  }, 30_000);

  it('forms, elects one coordinator and starts every resource as configured', async () => {
    const v = await until('everything runs', allRunning);
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
    const before = await until('everything runs', allRunning);
    const victim = where(before, 'ip')!.node!;
    children.get(victim)!.kill('SIGKILL');
    const after = await until(`${victim} is fenced and app runs elsewhere`, (v) =>
      v.fencing.some((f) => f.target === victim && f.result === 'succeeded')
      && ['ip', 'db', 'web'].every((id) => where(v, id)?.state === 'started' && where(v, id)?.node !== victim && where(v, id)?.node !== null));
    const survivors = new Set(['ip', 'db', 'web'].map((id) => where(after, id)!.node));
    expect(survivors.size).toBe(1);
    expect(readFileSync(layout.nodes.find((n) => n.name === victim)!.powerFile, 'utf8').trim()).toBe('off');
    const fence = after.fencing.find((f) => f.target === victim && f.result === 'succeeded')!;
    expect(fence.by).toBe(`fence-${victim}`);
  }, 60_000);
});
