// N production daemons in one process: each on its own NodeClock view of the shared simulated
// clock, its own gated transport on the in-memory network, its vote kept in a simulated disk
// that survives restarts, and the simulated agents of its machine. The harness's levers:
// crash and restart (a NEW Daemon, no resource state), pause and resume, power off (a fence),
// and network cuts kept per fault so overlapping faults heal independently.
import pino from 'pino';
import type { ClusterConfig, ClusterDocument } from '../../config/model.ts';
import { createStonithAwareRunner } from '../../agents/stonith-runner.ts';
import { Daemon } from '../../daemon/daemon.ts';
import type { ConfigStore, HardStateStore } from '../../daemon/hard-state.ts';
import { createDaemonRegistry } from '../../daemon/protocol-kinds.ts';
import type { HardState } from '../../election/types.ts';
import type { Logger } from '../../runtime/logger.ts';
import { createPrng, type Prng } from '../../transport/prng.ts';
import { SimNetwork, type LinkFaults } from '../../transport/sim-network.ts';
import { NodeClock, SteppedClock } from './clock.ts';
import { SimWorld } from './agents.ts';
import { SIM_SINGLE_INSTANCE } from './config.ts';
import { MemoryLedger } from './ledger.ts';
import { GatedTransport } from './node-transport.ts';

/** Default link: 1..5 ms, in order, nothing lost. */
export const SIM_LINK: LinkFaults = { dropProbability: 0, delayMinMs: 1, delayMaxMs: 5, reorder: false };

interface Incarnation {
  clock: NodeClock;
  transport: GatedTransport;
  daemon: Daemon | null;
}

export interface SimClusterOptions {
  seed: number;
  doc: ClusterDocument;
  /** Daemon logs (default silent: the ledger tells the story). */
  logger?: Logger;
  /** How long a fenced (rebooted) machine stays down, drawn in this range. */
  rebootMs?: [number, number];
}

export class SimCluster {
  readonly clock = new SteppedClock();
  readonly ledger = new MemoryLedger(this.clock);
  readonly net: SimNetwork;
  readonly world: SimWorld;
  readonly nodes: string[];
  private readonly prng: Prng;
  private readonly seeds: Prng;
  private readonly logger: Logger;
  private readonly live = new Map<string, Incarnation>();
  private readonly disks = new Map<string, HardState>();
  /** Each machine's held config: like its vote, it survives the daemon's restarts. */
  private readonly heldConfigs = new Map<string, ClusterConfig>();
  /** Network cuts by the fault that made them, so each heals on its own. */
  private readonly cuts = new Map<string, [string, string][]>();
  /** Power-on timers of machines that are off (fenced, or crashed awaiting restart). */
  private readonly powerOn = new Map<string, unknown>();

  constructor(private readonly opts: SimClusterOptions) {
    this.prng = createPrng(opts.seed);
    this.seeds = this.prng.fork();
    this.nodes = opts.doc.config.nodes.map((n) => n.name);
    this.logger = opts.logger ?? pino({ level: 'silent' });
    const cluster = opts.doc.config.cluster!;
    this.net = new SimNetwork({
      nodes: this.nodes, clock: this.clock, seed: this.prng.fork().int(0, 2 ** 31 - 1), registry: createDaemonRegistry(), faults: SIM_LINK,
      heartbeat: { intervalMs: cluster.heartbeatIntervalMs, timeoutMs: cluster.heartbeatTimeoutMs }, logger: this.logger,
    });
    this.world = new SimWorld({
      clock: this.clock, prng: this.prng.fork(), singleInstance: SIM_SINGLE_INSTANCE,
      powerOff: (target, action) => this.fenced(target, action),
    });
  }

  isUp(node: string): boolean {
    return this.live.has(node);
  }

  isPaused(node: string): boolean {
    return this.live.get(node)?.clock.current === 'paused';
  }

  daemon(node: string): Daemon | null {
    return this.live.get(node)?.daemon ?? null;
  }

  upNodes(): string[] {
    return this.nodes.filter((n) => this.live.has(n));
  }

  /** Starts a fresh daemon on `node` (its machine powered on). */
  start(node: string): void {
    if (this.live.has(node)) return;
    this.clock.clearTimeout(this.powerOn.get(node));
    this.powerOn.delete(node);
    const clock = new NodeClock(this.clock);
    const transport = new GatedTransport(this.net.transport(node), clock);
    const inc: Incarnation = { clock, transport, daemon: null };
    this.live.set(node, inc);
    const fenceRunner = this.world.fenceRunner(node, clock);
    const disk: HardStateStore = { load: () => this.disks.get(node), save: (s) => { if (clock.current !== 'dead') this.disks.set(node, { ...s }); } };
    const configStore: ConfigStore = { load: () => this.heldConfigs.get(node), save: (c) => { if (clock.current !== 'dead') this.heldConfigs.set(node, structuredClone(c)); } };
    void Daemon.start({
      doc: this.opts.doc, node, logger: this.logger.child({ node }), clock, transport: () => transport, control: false, hardState: disk, configStore,
      seed: this.seeds.int(0, 2 ** 31 - 1), ledger: this.ledger.sinkFor(clock), fenceRunner, checkAgents: async () => undefined,
      runner: createStonithAwareRunner(this.world.runner(node, clock), fenceRunner),
      killStrays: async () => this.world.killStrays(node),
    }).then((daemon) => { if (clock.current !== 'dead') inc.daemon = daemon; });
  }

  /** The daemon dies without a word; its agents keep running until the machine is fenced. */
  crash(node: string): boolean {
    const inc = this.live.get(node);
    if (!inc) return false;
    inc.clock.kill();
    inc.transport.crash();
    this.live.delete(node);
    this.applyCuts();
    return true;
  }

  pause(node: string): boolean {
    const inc = this.live.get(node);
    if (!inc || inc.clock.current !== 'running') return false;
    inc.clock.pause();
    this.applyCuts();
    return true;
  }

  resume(node: string): boolean {
    const inc = this.live.get(node);
    if (!inc || inc.clock.current !== 'paused') return false;
    // Its links open before it wakes: what it sends at once must get through.
    this.applyCuts(node);
    inc.clock.resume();
    return true;
  }

  /** Schedules `node`'s machine to come back after `delayMs` (a restart, or the end of a reboot). */
  restartAfter(node: string, delayMs: number): void {
    this.clock.clearTimeout(this.powerOn.get(node));
    this.powerOn.set(node, this.clock.setTimeout(() => {
      this.powerOn.delete(node);
      if (this.live.has(node)) return;
      this.ledger.record({ kind: 'fault', fault: 'restart', nodes: [node], detail: this.world.activeOn(node).length ? 'daemon restarted' : 'machine back' });
      this.start(node);
    }, delayMs));
  }

  /** Cuts links for one fault (`id`); they stay until heal(id). */
  cut(id: string, links: [string, string][]): void {
    this.cuts.set(id, links);
    this.applyCuts();
  }

  heal(id: string): void {
    if (this.cuts.delete(id)) this.applyCuts();
  }

  healAllCuts(): void {
    this.cuts.clear();
    this.applyCuts();
  }

  setLinks(faults: Partial<LinkFaults>): void {
    for (const a of this.nodes) for (const b of this.nodes) if (a !== b) this.net.setLink(a, b, faults);
  }

  /** Machines that are off: powered on now (the heal phase). */
  powerOnAll(): void {
    for (const node of this.nodes) {
      if (this.live.has(node)) continue;
      this.ledger.record({ kind: 'fault', fault: 'restart', nodes: [node], detail: 'powered on at heal' });
      this.start(node);
    }
  }

  /** The machine's own power is cut by a fence device: daemon and agents gone, back after a reboot. */
  private fenced(target: string, action: string): void {
    // Ground truth for the checker: the fencer's own fence.completed may never be written
    // (its coordinator can step down first), yet the machine is off from this instant.
    if (this.live.has(target)) this.ledger.record({ kind: 'fault', fault: 'power-off', nodes: [target], detail: `${action} by a fence device` });
    this.crash(target);
    this.world.clearNode(target);
    const [minMs, maxMs] = this.opts.rebootMs ?? [2_000, 5_000];
    if (action === 'reboot') this.restartAfter(target, this.prng.int(minMs, maxMs));
    else {
      this.clock.clearTimeout(this.powerOn.get(target));
      this.powerOn.delete(target);
    }
  }

  /** Network cuts = every fault's cuts, plus a paused node's silence (its heartbeats stop too). */
  private applyCuts(waking?: string): void {
    this.net.heal();
    for (const links of this.cuts.values()) for (const [from, to] of links) this.net.cut(from, to);
    for (const [node, inc] of this.live) {
      if (inc.clock.current === 'paused' && node !== waking) for (const other of this.nodes) if (other !== node) this.net.cut(node, other);
    }
  }
}
