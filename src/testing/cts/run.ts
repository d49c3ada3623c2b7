// One CTS test's cluster: three real daemons (src/demo/local-cluster.ts) running the CTS config
// (src/testing/cts/config.ts) with the ledger agent, each daemon writing its own ledger file and each
// node's agents theirs; the harness adds its faults. finish() merges them and checks them.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendControl } from '../../cli/control-client.ts';
import { loadDocumentFile, loadDocumentText } from '../../config/load.ts';
import type { ClusterConfig, ClusterDocument } from '../../config/model.ts';
import type { ClusterView } from '../../daemon/view-types.ts';
import { allRunningOnline, LocalCluster } from '../../demo/local-cluster.ts';
import type { FaultInjected, LedgerBody, LedgerEntry } from '../../ledger/types.ts';
import { checkRun, QUIET_PERIOD_MS, type CheckedRun } from './check.ts';
import { writeCtsConfig } from './config.ts';
import { mergeLedgers, parseLedgerLines, type LedgerLine, type LedgerSource } from './ledger-merge.ts';
import { createNetns, destroyNetns, inNamespace, type NetnsLayout } from './netns.ts';
import { LEDGER_AGENT, makeOcfRoot, REPO_ROOT } from './ocf-root.ts';

export interface CtsRunOptions {
  basePort: number;
  /** Each daemon in its own network namespace (root only; see netns.ts). */
  netns?: boolean;
  quietPeriodMs?: number;
  /** Progress lines (the runner prints them on stderr). */
  progress?: (line: string) => void;
  /** Keep the run's folders (logs, ledgers) for a look afterwards. */
  keepFiles?: boolean;
}

export interface CliRun { code: number; stdout: string; stderr: string }

/** A named fact the test expects the ledger to show (that the fault really happened). */
interface Expectation { what: string; holds: (entries: LedgerEntry[]) => boolean }

interface Checkpoint { label: string; atMs: number; doc: ClusterDocument }

export interface RunOutcome extends CheckedRun {
  entries: LedgerEntry[];
  /** Every expectation, and those the ledger does not meet. */
  expected: string[];
  unmet: string[];
  /** Where the files are, when kept. */
  dir?: string;
}

function wrappedIds(config: ClusterConfig): string[] {
  const primitives = config.resources.flatMap((r) => (r.kind === 'primitive' ? [r] : r.kind === 'group' ? r.children : r.child.kind === 'group' ? r.child.children : [r.child]));
  return primitives.filter((p) => p.provider === LEDGER_AGENT.provider && p.type === LEDGER_AGENT.type).map((p) => p.id);
}

const NODE_NAMES_DEFAULT = ['node1', 'node2', 'node3'];
const END_TAIL_MS = 1_500;

export class CtsRun {
  private readonly harness: LedgerLine[] = [];
  private readonly expectations: Expectation[] = [];
  private readonly checkpoints: Checkpoint[] = [];
  private healedAtMs: number | undefined;
  readonly quietPeriodMs: number;

  private constructor(readonly cluster: LocalCluster, readonly dir: string, readonly net: NetnsLayout | undefined,
    /** The primitives the ledger agent runs (clone children by their own id). */
    readonly wrappedInstances: string[], private readonly opts: CtsRunOptions) {
    this.quietPeriodMs = opts.quietPeriodMs ?? QUIET_PERIOD_MS;
  }

  static async start(opts: CtsRunOptions): Promise<CtsRun> {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-cts-'));
    const ocfRoot = await makeOcfRoot(join(dir, 'ocf'));
    for (const sub of ['ledger', 'slow']) await mkdir(join(dir, sub));
    const net = opts.netns ? await createNetns(NODE_NAMES_DEFAULT, opts.basePort) : undefined;
    try {
      const source = join(dir, 'cts-source.yaml');
      const config = await writeCtsConfig({ file: source, hosts: net ? NODE_NAMES_DEFAULT.map((n) => net.nodes.get(n)!.address) : undefined });
      if (net && config.nodes.some((n) => !net.nodes.has(n.name))) throw new Error(`the CTS source config must name its nodes ${NODE_NAMES_DEFAULT.join(', ')} for SplitBrain`);
      for (const n of config.nodes) await mkdir(join(dir, 'slow', n.name));
      const cluster = await LocalCluster.start({
        source, basePort: opts.basePort, dir: join(dir, 'cluster'),
        command: (node, argv) => [
          ...(net ? inNamespace(net, node.name) : []), ...argv,
          '--ledger', join(dir, 'ledger', `${node.name}.daemon.jsonl`), '--ocf-root', ocfRoot,
          '--agent-env', `VIGIL_LEDGER=${join(dir, 'ledger', `${node.name}.agent.jsonl`)}`,
          '--agent-env', `VIGIL_NODE=${node.name}`, '--agent-env', `VIGIL_POWER_FILE=${node.powerFile}`,
          '--agent-env', `VIGIL_SLOW_DIR=${join(dir, 'slow', node.name)}`,
        ],
      });
      return new CtsRun(cluster, dir, net, wrappedIds(config), opts);
    } catch (error) {
      if (net) await destroyNetns(net);
      throw error;
    }
  }

  get nodes(): string[] {
    return this.cluster.layout.nodes.map((n) => n.name);
  }

  progress(line: string): void {
    this.opts.progress?.(line);
  }

  /** A harness entry, stamped now. */
  record(body: LedgerBody): void {
    this.harness.push({ ...body, atMs: Date.now() } as LedgerLine);
  }

  fault(f: Omit<FaultInjected, 'kind'>): void {
    this.progress(`fault ${f.fault} ${(f.nodes ?? f.sides?.map((s) => s.join(',')) ?? []).join(' | ')}${f.resource ? ` ${f.resource}` : ''}`);
    this.record({ kind: 'fault', ...f });
  }

  /** Every fault is repaired: the cluster must settle within the quiet period from now. */
  healed(): void {
    this.healedAtMs = Date.now();
    this.record({ kind: 'healed' });
  }

  expect(what: string, holds: (entries: LedgerEntry[]) => boolean): void {
    this.expectations.push({ what, holds });
  }

  /** Also checks the ledger up to now against the config as it is now (for a state the run later undoes, e.g. maintenance). */
  async checkpoint(label: string): Promise<void> {
    this.checkpoints.push({ label, atMs: Date.now(), doc: await this.currentDoc() });
  }

  /** The real `vigil` command against this cluster's config. */
  vigil(...args: string[]): Promise<CliRun> {
    this.progress(`vigil ${args.join(' ')}`);
    return new Promise((resolve) => {
      execFile(process.execPath, [join(REPO_ROOT, 'bin', 'vigil.mjs'), ...args, '--config', this.cluster.layout.configFile], { cwd: REPO_ROOT, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
  }

  /** Like vigil(), and throws unless it exits 0. */
  async admin(...args: string[]): Promise<CliRun> {
    const r = await this.vigil(...args);
    if (r.code !== 0) throw new Error(`vigil ${args.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
    return r;
  }

  until(what: string, check: (v: ClusterView) => boolean, timeoutMs = 60_000): Promise<ClusterView> {
    this.progress(`waiting until ${what}`);
    return this.cluster.until(what, check, { timeoutMs, pollMs: 100 });
  }

  /** Waits until the ledger written so far shows something (polls the files). */
  async untilLedger(what: string, holds: (entries: LedgerEntry[]) => boolean, timeoutMs = 30_000): Promise<void> {
    this.progress(`waiting until the ledger shows ${what}`);
    const deadline = Date.now() + timeoutMs;
    while (!holds(mergeLedgers(this.sources()))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until the ledger shows ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Everything that can run runs on the online nodes and no transition is under way. */
  settled(what = 'the cluster settles', timeoutMs = 60_000): Promise<ClusterView> {
    return this.until(what, (v) => allRunningOnline(v) && v.transition === null, timeoutMs);
  }

  /** An agent state file of ocf:heartbeat:Dummy on a node (what "the resource runs there" means for it). */
  stateFile(node: string, instance: string): string {
    return join(this.cluster.node(node).rsctmpDir, `Dummy-${instance}.state`);
  }

  slowFile(node: string, instance: string, action: string): string {
    return join(this.dir, 'slow', node, `${instance}.${action}`);
  }

  private async currentDoc(): Promise<ClusterDocument> {
    const addresses = this.cluster.layout.nodes.filter((n) => this.cluster.alive(n.name)).map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
    if (addresses.length > 0) {
      try {
        const { result } = await sendControl({ addresses, key: this.cluster.key, command: { type: 'config.show' }, timeoutMs: 5_000, connectTimeoutMs: 2_000 });
        if (result.ok && result.text !== undefined) return await loadDocumentText(result.text, 'vigil config show');
      } catch {
        // No daemon answers: the config the run started with.
      }
    }
    return loadDocumentFile(this.cluster.layout.configFile);
  }

  /**
   * Ends the run: waits out the quiet period after `healed` (declared now if the test did not),
   * asks every daemon to record the config it holds, merges the ledgers, stops the cluster and
   * checks the ledger.
   */
  async finish(): Promise<RunOutcome> {
    if (this.healedAtMs === undefined) this.healed();
    const endAtMs = this.healedAtMs! + this.quietPeriodMs + END_TAIL_MS;
    if (Date.now() < endAtMs) this.progress(`quiet period: ${((endAtMs - Date.now()) / 1000).toFixed(1)} s more`);
    while (Date.now() < endAtMs) await new Promise((r) => setTimeout(r, Math.min(500, endAtMs - Date.now())));
    const doc = await this.currentDoc();
    for (const [name, child] of this.cluster.children) if (this.cluster.alive(name)) child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
    this.record({ kind: 'run.ended' });
    const entries = mergeLedgers(this.sources(), this.harness.at(-1)!.atMs);
    const checked = checkRun(entries, doc, this.quietPeriodMs);
    for (const c of this.checkpoints) {
      const prefix = entries.filter((e) => e.atMs <= c.atMs);
      const early = checkRun(prefix, c.doc, Infinity);
      const seen = new Set(checked.violations.map((v) => `${v.invariant}#${v.atSeq}`));
      early.violations.forEach((v, i) => {
        if (seen.has(`${v.invariant}#${v.atSeq}`)) return;
        checked.violations.push({ ...v, message: `${v.message} [checked against the config at ${c.label}]` });
        checked.traces.push(early.traces[i]!);
      });
    }
    const unmet = this.expectations.filter((x) => !x.holds(entries)).map((x) => x.what);
    return { ...checked, entries, expected: this.expectations.map((x) => x.what), unmet, ...(this.opts.keepFiles ? { dir: this.dir } : {}) };
  }

  private sources(): LedgerSource[] {
    const sources: LedgerSource[] = [{ kind: 'harness', name: 'harness', lines: this.harness }];
    for (const node of this.nodes) {
      for (const kind of ['daemon', 'agent'] as const) {
        const file = join(this.dir, 'ledger', `${node}.${kind}.jsonl`);
        if (existsSync(file)) sources.push({ kind, name: `${node} ${kind}`, lines: parseLedgerLines(readFileSync(file, 'utf8'), file) });
      }
    }
    return sources;
  }

  /** Stops every daemon and removes the namespaces, and the files unless kept. Never throws. */
  async close(): Promise<void> {
    for (const [name] of this.cluster.children) if (this.cluster.alive(name)) this.cluster.kill(name, 'SIGCONT');
    await this.cluster.stop({ keepFiles: this.opts.keepFiles }).catch(() => undefined);
    if (this.net) await destroyNetns(this.net);
    if (!this.opts.keepFiles) await rm(this.dir, { recursive: true, force: true });
  }
}
