// Three (or more) real daemon processes on loopback, laid out like the demo: for the
// real-process tests and the failover benchmark.
//
// Each "machine" has a power switch (its fence_dummy power file). A daemon watches its own file
// and dies when it reads off, but a paused (SIGSTOPped) process cannot, so the cluster watches
// every power file too and SIGKILLs a daemon whose file reads off, as cutting power would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert } from '../assert.ts';
import { sendControl } from '../cli/control-client.ts';
import { watchPowerFile, type PowerFileWatch } from '../daemon/power-file.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import { loadClusterKey } from '../transport/cluster-key.ts';
import { daemonArgs, materializeDemo, powerOn, type DemoLayout, type DemoNode } from './layout.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** How often the cluster reads each power file (the daemons poll theirs every 100 ms too). */
const POWER_POLL_MS = 50;

/** One line of a daemon's log (pino JSON); only the fields the tests and the bench read are typed. */
export interface LogEntry {
  time: number;
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface LocalClusterOptions {
  /** The config to start from (default examples/cluster.yaml). */
  source?: string;
  /** Node i listens on basePort + 2i, its control channel on the port above. */
  basePort: number;
  /** VIGIL_LOG_LEVEL of the daemons (default info). */
  logLevel?: string;
  /** Each daemon's command line (node binary first), to add to or wrap (the CTS adds --ledger and may run it in a network namespace). */
  command?: (node: DemoNode, argv: string[]) => string[];
  /** The cluster's folder (default a fresh one in the system's temporary folder); removed by stop(). */
  dir?: string;
  /** Each daemon's status page (layout.ts): default `any`, a free port each daemon logs. */
  http?: 'fixed' | 'any' | 'off';
}

export class LocalCluster {
  readonly children = new Map<string, ChildProcess>();
  /** When the cluster saw a node's power file read off (and killed its daemon), by node. */
  readonly poweredOffAtMs = new Map<string, number>();
  private readonly watches = new Map<string, PowerFileWatch>();

  private constructor(readonly layout: DemoLayout, readonly key: Buffer, private readonly logLevel: string,
    private readonly command: (node: DemoNode, argv: string[]) => string[] = (_node, argv) => argv) {}

  /** Lays out a fresh cluster from `source` in a temporary folder and starts every daemon. */
  static async start(opts: LocalClusterOptions): Promise<LocalCluster> {
    const dir = opts.dir ?? await mkdtemp(join(tmpdir(), 'vigil-cluster-'));
    const layout = await materializeDemo({ source: opts.source ?? join(ROOT, 'examples', 'cluster.yaml'), dir, basePort: opts.basePort, http: opts.http });
    const cluster = new LocalCluster(layout, await loadClusterKey(layout.keyFile), opts.logLevel ?? 'info', opts.command);
    for (const n of layout.nodes) {
      await powerOn(n, { wipe: true });
      cluster.startDaemon(n.name);
    }
    return cluster;
  }

  node(name: string): DemoNode {
    const node = this.layout.nodes.find((n) => n.name === name);
    assert(node !== undefined, `no node ${name} in this cluster`);
    return node;
  }

  /** Starts a node's daemon (its power must be on) and watches its power file. */
  startDaemon(name: string): void {
    const node = this.node(name);
    assert(!this.alive(name), `${name}'s daemon is already running`);
    const out = openSync(node.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_LOG_LEVEL: this.logLevel };
      delete env['VIGIL_LOG_PRETTY'];
      const argv = this.command(node, [process.execPath, join(ROOT, 'bin', 'vigil.mjs'), ...daemonArgs(this.layout, node)]);
      child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', out, out], cwd: ROOT, env });
    } finally {
      closeSync(out);
    }
    this.children.set(name, child);
    this.poweredOffAtMs.delete(name);
    this.watches.get(name)?.close();
    this.watches.set(name, watchPowerFile({
      file: node.powerFile,
      pollMs: POWER_POLL_MS,
      onOff: () => {
        this.poweredOffAtMs.set(name, Date.now());
        if (this.children.get(name) === child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    }));
  }

  /** Powers a node's machine back on (power file on, its agents' folders emptied) and starts its daemon. */
  async powerCycle(name: string): Promise<void> {
    const child = this.children.get(name);
    if (child && this.alive(name)) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await powerOn(this.node(name), { wipe: true });
    this.startDaemon(name);
  }

  kill(name: string, signal: NodeJS.Signals): void {
    this.children.get(name)!.kill(signal);
  }

  /** Whether a node's daemon process has not exited (a paused one is alive). */
  alive(name: string): boolean {
    const child = this.children.get(name);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Whether a node's power file says on (what the cluster's fence_dummy devices write). */
  poweredOn(name: string): boolean {
    try {
      return readFileSync(this.node(name).powerFile, 'utf8').trim() !== 'off';
    } catch {
      return true;
    }
  }

  /** Every JSON line of a node's daemon log so far (other lines are skipped). */
  log(name: string): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const line of readFileSync(this.node(name).logFile, 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        entries.push(JSON.parse(line) as LogEntry);
      } catch {
        // A line cut by a kill: not an entry.
      }
    }
    return entries;
  }

  /** The status from any live daemon, or undefined when none answers. */
  async view(): Promise<ClusterView | undefined> {
    const addresses = this.layout.nodes.filter((n) => this.alive(n.name))
      .map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
    if (addresses.length === 0) return undefined;
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
    const dead = this.layout.nodes.filter((n) => !this.alive(n.name)).map((n) => `${n.name} (last log line: ${JSON.stringify(this.lastLogLine(n.name))})`);
    throw new Error(`timed out waiting until ${what}; last view: ${JSON.stringify(last?.resources.map((r) => [r.id, r.state, r.node]))} nodes ${JSON.stringify(last?.nodes.map((n) => [n.name, n.state]))} transition ${JSON.stringify(last?.transition)}; daemons not running: ${dead.join(', ') || 'none'}`);
  }

  private lastLogLine(name: string): string {
    try {
      return readFileSync(this.node(name).logFile, 'utf8').trim().split('\n').at(-1)?.slice(0, 300) ?? '';
    } catch {
      return '';
    }
  }

  async stop(opts: { keepFiles?: boolean } = {}): Promise<void> {
    for (const watch of this.watches.values()) watch.close();
    this.watches.clear();
    await Promise.all([...this.children.values()].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      c.kill('SIGCONT'); // a paused daemon handles SIGTERM only once resumed
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    })));
    // VIGIL_KEEP_CLUSTER=1 keeps the folder (logs, power files, agents' state) to look at afterwards.
    if (!opts.keepFiles && !process.env['VIGIL_KEEP_CLUSTER']) await rm(this.layout.dir, { recursive: true, force: true });
  }
}

/** Whether nothing listens on host:port now (a bind succeeds). */
function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A base port in [lo, hi) whose `nodes` mesh and control ports (basePort + 2i, + 1) are all
 * free, tried from a random slot so that two runs of the same test rarely pick the same one.
 */
export async function freeBasePort(lo: number, hi: number, nodes = 3): Promise<number> {
  const width = 2 * nodes;
  const slots = Math.floor((hi - lo) / width);
  assert(slots > 0, `no room for ${nodes} nodes in ports ${lo}..${hi}`);
  const first = randomInt(slots);
  for (let k = 0; k < slots; k++) {
    const base = lo + ((first + k) % slots) * width;
    const free = await Promise.all(Array.from({ length: width }, (_, i) => portFree('127.0.0.1', base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${width} free ports in a row between ${lo} and ${hi}`);
}

export const resourceIn = (v: ClusterView, id: string) => v.resources.find((r) => r.id === id);
export const allRunning = (v: ClusterView) => v.resources.every((r) => r.state === 'started' && r.node !== null);

/**
 * Everything runs that can: every resource is started on an online node, except the clone
 * instances beyond the number of online nodes (an anonymous clone runs once per node).
 */
export function allRunningOnline(v: ClusterView): boolean {
  const online = new Set(v.nodes.filter((n) => n.state === 'online').map((n) => n.name));
  const onOnline = (r: ClusterView['resources'][number]) => r.state === 'started' && r.node !== null && online.has(r.node);
  const clones = new Map<string, { running: number; total: number }>();
  for (const r of v.resources) {
    if (r.parent === undefined || !/:\d+$/.test(r.id)) {
      if (!onOnline(r)) return false;
      continue;
    }
    const c = clones.get(r.parent) ?? { running: 0, total: 0 };
    clones.set(r.parent, { running: c.running + (onOnline(r) ? 1 : 0), total: c.total + 1 });
  }
  return [...clones.values()].every((c) => c.running === Math.min(c.total, online.size));
}
