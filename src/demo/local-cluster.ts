// Three (or more) real daemon processes on loopback, laid out like the demo: for the
// real-process tests and the failover benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendControl } from '../cli/control-client.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import { loadClusterKey } from '../transport/cluster-key.ts';
import { daemonArgs, materializeDemo, powerOn, type DemoLayout } from './layout.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export class LocalCluster {
  readonly children = new Map<string, ChildProcess>();

  private constructor(readonly layout: DemoLayout, private readonly key: Buffer) {}

  /** Lays out a fresh cluster from `source` in a temporary folder and starts every daemon. */
  static async start(opts: { source?: string; basePort: number }): Promise<LocalCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cluster-'));
    const layout = await materializeDemo({ source: opts.source ?? join(ROOT, 'examples', 'cluster.yaml'), dir, basePort: opts.basePort });
    const cluster = new LocalCluster(layout, await loadClusterKey(layout.keyFile));
    for (const n of layout.nodes) {
      await powerOn(n, { wipe: true });
      cluster.startDaemon(n.name);
    }
    return cluster;
  }

  startDaemon(name: string): void {
    const node = this.layout.nodes.find((n) => n.name === name)!;
    const out = openSync(node.logFile, 'a');
    this.children.set(name, spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...daemonArgs(this.layout, node)], { stdio: ['ignore', out, out], cwd: ROOT }));
  }

  kill(name: string, signal: NodeJS.Signals): void {
    this.children.get(name)!.kill(signal);
  }

  /** The status from any live daemon, or undefined when none answers. */
  async view(): Promise<ClusterView | undefined> {
    const addresses = this.layout.nodes.filter((n) => this.children.get(n.name)?.exitCode === null)
      .map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
    try {
      const { result } = await sendControl({ addresses, key: this.key, command: { type: 'status' }, timeoutMs: 2_000, connectTimeoutMs: 1_000 });
      return result.ok ? result.view : undefined;
    } catch {
      return undefined;
    }
  }

  async until(what: string, check: (v: ClusterView) => boolean, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<ClusterView> {
    const deadline = Date.now() + (opts.timeoutMs ?? 40_000);
    let last: ClusterView | undefined;
    while (Date.now() < deadline) {
      last = await this.view();
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    }
    throw new Error(`timed out waiting until ${what}; last view: ${JSON.stringify(last?.resources.map((r) => [r.id, r.state, r.node]))} nodes ${JSON.stringify(last?.nodes.map((n) => [n.name, n.state]))}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.values()].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    })));
    await rm(this.layout.dir, { recursive: true, force: true });
  }
}

export const resourceIn = (v: ClusterView, id: string) => v.resources.find((r) => r.id === id);
export const allRunning = (v: ClusterView) => v.resources.every((r) => r.state === 'started' && r.node !== null);
