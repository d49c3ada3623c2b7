// A deterministic in-process cluster for the election core: N nodes, a seeded network with
// delay, loss and reordering, link cuts (symmetric, one-way, non-transitive), crash/restart with
// the persisted HardState kept, a fencing device for two-node mode, and the checkers after
// every step. One seed decides everything; failures name the seed and the tick.
import type { ElectionStatus, HardState, Input, Msg, Ready } from '../../src/election/types.ts';
import { Checkers, SafetyViolation } from './checkers.ts';
import { Rng } from './rng.ts';

/** What the simulator needs of a node; the real election and the naive rule both provide it. */
export interface SimNode {
  tick(): void;
  step(input: Input): void;
  ready(): Ready;
  status(): ElectionStatus;
  holdsLease(): boolean;
}

export type NodeFactory = (name: string, restored: HardState | undefined) => SimNode;

export interface SimOptions {
  seed: number;
  nodes: string[];
  make: NodeFactory;
  delayTicks?: [number, number];
  /** A long tail: this share of messages is slow, delayed up to `slowDelayTicksMax`. */
  slowRate?: number;
  slowDelayTicksMax?: number;
  dropRate?: number;
  /** Two-node fencing: how long a fence takes, an extra delay per fencer (the tie breaker), downtime. */
  fenceTicks?: number;
  fenceDelayTicks?: Record<string, number>;
  fenceDownTicks?: number;
  /** Sees every trace line (debugging, scenario transcripts). */
  onLog?: (line: string) => void;
}

interface Envelope { dueTick: number; seq: number; msg: Msg }
interface PendingFence { fencer: string; life: number; target: string; epoch: number; dueTick: number }

const queueMax = 10_000;
const traceMax = 40;

export class Sim {
  nowTicks = 0;
  dropRate: number;
  readonly checkers = new Checkers();
  readonly stats = { delivered: 0, dropped: 0, crashes: 0, fences: 0, stepDowns: 0 };
  private readonly alive = new Map<string, SimNode>();
  private readonly disk = new Map<string, HardState>();
  private readonly lives = new Map<string, number>();
  private readonly restartAt = new Map<string, number>();
  private readonly cut = new Set<string>();
  private queue: Envelope[] = [];
  private fences: PendingFence[] = [];
  private seq = 0;
  private readonly net: Rng;
  private readonly trace: string[] = [];

  constructor(readonly options: SimOptions) {
    this.net = new Rng(options.seed, 'network');
    this.dropRate = options.dropRate ?? 0;
    for (const name of options.nodes) this.start(name);
  }

  get nodes(): string[] {
    return this.options.nodes;
  }

  node(name: string): SimNode | undefined {
    return this.alive.get(name);
  }

  run(ticks: number, each?: (sim: Sim) => void): void {
    for (let i = 0; i < ticks; i++) {
      each?.(this);
      this.tickOnce();
    }
  }

  /** Advance until `done` holds (checked after each tick); returns the ticks taken, or null. */
  runUntil(done: (sim: Sim) => boolean, ticksMax: number): number | null {
    for (let i = 1; i <= ticksMax; i++) {
      this.tickOnce();
      if (done(this)) return i;
    }
    return null;
  }

  tickOnce(): void {
    this.nowTicks++;
    for (const [name, at] of [...this.restartAt]) if (at <= this.nowTicks) this.restart(name);
    for (const name of this.nodes) {
      const node = this.alive.get(name);
      if (!node) continue;
      node.tick();
      this.drain(name);
    }
    this.deliverDue();
    this.completeFences();
  }

  // --- network faults (raft_test.go's cut/isolate/recover) ---
  cutLink(a: string, b: string): void { this.cut.add(`${a}>${b}`); this.cut.add(`${b}>${a}`); }
  cutOneWay(from: string, to: string): void { this.cut.add(`${from}>${to}`); }
  isolate(name: string): void { for (const other of this.nodes) if (other !== name) this.cutLink(name, other); }
  partition(groups: string[][]): void {
    for (const a of groups) for (const b of groups) if (a !== b) for (const x of a) for (const y of b) this.cutOneWay(x, y);
  }
  heal(): void { this.cut.clear(); }
  isCut(from: string, to: string): boolean { return this.cut.has(`${from}>${to}`); }
  get networkFaulted(): boolean { return this.cut.size > 0; }

  // --- process faults ---
  crash(name: string, downTicks?: number): void {
    if (!this.alive.delete(name)) return;
    this.stats.crashes++;
    this.log(`${name} crashed`);
    this.fences = this.fences.filter((fence) => fence.fencer !== name);
    if (downTicks !== undefined) this.restartAt.set(name, this.nowTicks + downTicks);
  }

  restart(name: string): void {
    this.restartAt.delete(name);
    if (this.alive.has(name)) return;
    this.start(name);
    this.log(`${name} restarted with ${JSON.stringify(this.disk.get(name) ?? null)}`);
  }

  isAlive(name: string): boolean { return this.alive.has(name); }
  get crashed(): string[] { return this.nodes.filter((name) => !this.alive.has(name)); }

  /** The one lease holder, if every live node follows it in its epoch; else null. */
  settledCoordinator(): string | null {
    const holders = this.nodes.filter((name) => this.alive.get(name)?.holdsLease());
    const holder = holders[0];
    if (holders.length !== 1 || holder === undefined) return null;
    const epoch = this.alive.get(holder)?.status().epoch;
    for (const node of this.alive.values()) {
      const status = node.status();
      if (status.coordinator !== holder || status.epoch !== epoch) return null;
    }
    return holder;
  }

  failure(error: unknown): Error {
    const what = error instanceof Error ? error.message : String(error);
    const repro = `seed ${this.options.seed}, tick ${this.nowTicks}`;
    return new SafetyViolation(`${repro}: ${what}\nlast events:\n  ${this.trace.join('\n  ')}`);
  }

  private start(name: string): void {
    this.lives.set(name, (this.lives.get(name) ?? 0) + 1);
    this.alive.set(name, this.options.make(name, this.disk.get(name)));
  }

  private drain(name: string): void {
    const node = this.alive.get(name);
    if (!node) return;
    const ready = node.ready();
    for (const line of ready.logs) this.log(line);
    if (ready.lostCoordinator) this.stats.stepDowns++;
    // The HardState reaches the disk before any message leaves (the core's contract).
    if (ready.hardState) {
      this.disk.set(name, ready.hardState);
      this.guard(() => this.checkers.persisted(name, ready.hardState as HardState));
    }
    for (const msg of ready.messages) this.send(msg);
    if (ready.fence) this.requestFence(name, ready.fence.target, ready.fence.epoch);
    this.check();
  }

  private send(msg: Msg): void {
    if (msg.type === 'VOTE.REPLY' && msg.granted) this.guard(() => this.checkers.vote(msg.from, msg.epoch, msg.to));
    if (this.isCut(msg.from, msg.to) || this.net.chance(this.dropRate)) {
      this.stats.dropped++;
      return;
    }
    const [minTicks, maxTicks] = this.options.delayTicks ?? [1, 3];
    const slow = this.net.chance(this.options.slowRate ?? 0);
    const delayTicks = slow ? this.net.between(maxTicks, this.options.slowDelayTicksMax ?? maxTicks) : this.net.between(minTicks, maxTicks);
    // Random delays reorder messages; the seq keeps ties deterministic.
    this.queue.push({ dueTick: this.nowTicks + delayTicks, seq: this.seq++, msg });
    if (this.queue.length > queueMax) throw this.failure(`message queue over ${queueMax}`);
  }

  private deliverDue(): void {
    const due = this.queue.filter((envelope) => envelope.dueTick <= this.nowTicks);
    if (due.length === 0) return;
    this.queue = this.queue.filter((envelope) => envelope.dueTick > this.nowTicks);
    due.sort((a, b) => a.dueTick - b.dueTick || a.seq - b.seq);
    for (const { msg } of due) {
      const target = this.alive.get(msg.to);
      if (!target || this.isCut(msg.from, msg.to)) {
        this.stats.dropped++;
        continue;
      }
      this.stats.delivered++;
      target.step(msg);
      this.drain(msg.to);
    }
  }

  private requestFence(fencer: string, target: string, epoch: number): void {
    const delay = (this.options.fenceTicks ?? 5) + (this.options.fenceDelayTicks?.[fencer] ?? 0);
    this.fences.push({ fencer, life: this.lives.get(fencer) ?? 0, target, epoch, dueTick: this.nowTicks + delay });
    this.log(`${fencer} asked to fence ${target} (epoch ${epoch})`);
  }

  /** A fence powers its target off; the fencer hears back only if it is still running. */
  private completeFences(): void {
    for (const fence of this.fences.filter((pending) => pending.dueTick <= this.nowTicks)) {
      this.fences = this.fences.filter((pending) => pending !== fence);
      if (!this.alive.has(fence.fencer) || this.lives.get(fence.fencer) !== fence.life) continue;
      this.stats.fences++;
      this.crash(fence.target, this.options.fenceDownTicks ?? 50);
      this.log(`${fence.fencer} fenced ${fence.target}`);
      this.alive.get(fence.fencer)?.step({ type: 'FENCE.DONE', target: fence.target, epoch: fence.epoch, ok: true });
      this.drain(fence.fencer);
    }
  }

  private check(): void {
    this.guard(() => {
      this.checkers.begin();
      for (const name of this.nodes) {
        const node = this.alive.get(name);
        if (node) this.checkers.observe(name, node.status());
      }
      this.checkers.end();
    });
  }

  private guard(check: () => void): void {
    try {
      check();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private log(line: string): void {
    this.trace.push(`[${this.nowTicks}] ${line}`);
    this.options.onLog?.(`[${this.nowTicks}] ${line}`);
    if (this.trace.length > traceMax) this.trace.shift();
  }
}
