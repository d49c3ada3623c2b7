// The seeded fault schedule: planned up front from the run's fault PRNG (times, kinds, nodes,
// durations), applied when due against the cluster as it is then (a fault on a node that is
// down is skipped and not counted). Each fault with a duration ends itself; heal() ends them all.
import { assert } from '../../assert.ts';
import type { Prng } from '../../transport/prng.ts';
import type { AgentFailMode } from './agents.ts';
import { SIM_LINK, type SimCluster } from './cluster.ts';
import { SIM_PRIMITIVES, simConfigText } from './config.ts';

export const FAULT_KINDS = ['crash', 'pause', 'partition', 'bridge', 'one-way', 'loss', 'delay', 'agent-fail', 'fence-fail', 'config'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Which kinds may be drawn (default all). */
  kinds?: readonly FaultKind[];
  /** Time between two faults, drawn in this range (default 500..4000 ms). */
  gapMs?: [number, number];
}

export type PlannedFault =
  | { kind: 'crash'; node: string; downMs: number }
  | { kind: 'pause'; node: string; forMs: number }
  | { kind: 'partition'; groups: string[][]; forMs: number }
  /** Non-transitive: a and b lose each other, everyone else still sees both. */
  | { kind: 'bridge'; a: string; b: string; forMs: number }
  | { kind: 'one-way'; from: string; to: string; forMs: number }
  | { kind: 'loss'; probability: number; forMs: number }
  | { kind: 'delay'; delayMaxMs: number; forMs: number }
  | { kind: 'agent-fail'; node: string; instance: string; op: 'start' | 'stop' | 'monitor'; mode: AgentFailMode }
  | { kind: 'fence-fail'; device: string; mode: 'fail' | 'hang'; forMs: number }
  | { kind: 'config'; node: string; stickiness: number };

export interface Planned { atMs: number; fault: PlannedFault }

const NETWORK_FAULTS: ReadonlySet<FaultKind> = new Set(['partition', 'bridge', 'one-way', 'loss']);

/** Faults one run may plan; the gap's lower bound keeps far below it. */
const PLANNED_MAX = 10_000;

function pick<T>(prng: Prng, items: readonly T[]): T {
  assert(items.length > 0, 'pick from nothing');
  return items[prng.int(0, items.length - 1)]!;
}

function shuffled<T>(prng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function twoNodes(prng: Prng, nodes: readonly string[]): [string, string] {
  const [a, b] = shuffled(prng, nodes);
  return [a!, b!];
}

function agentFault(prng: Prng, nodes: readonly string[]): PlannedFault {
  const op = pick(prng, ['start', 'stop', 'monitor'] as const);
  const modes: Record<typeof op, AgentFailMode[]> = {
    start: [{ kind: 'rc', rc: 1 }, { kind: 'rc', rc: 2 }, { kind: 'rc', rc: 5 }, { kind: 'timeout' }],
    stop: [{ kind: 'rc', rc: 1 }, { kind: 'timeout' }],
    monitor: [{ kind: 'dies' }, { kind: 'dies' }, { kind: 'rc', rc: 1 }],
  };
  return { kind: 'agent-fail', node: pick(prng, nodes), instance: pick(prng, SIM_PRIMITIVES), op, mode: pick(prng, modes[op]) };
}

function drawFault(prng: Prng, kind: FaultKind, nodes: readonly string[]): PlannedFault {
  const forMs = prng.int(1_000, 10_000);
  switch (kind) {
    case 'crash': return { kind, node: pick(prng, nodes), downMs: prng.int(500, 8_000) };
    case 'pause': return { kind, node: pick(prng, nodes), forMs: prng.int(300, 6_000) };
    case 'partition': {
      const order = shuffled(prng, nodes);
      const at = prng.int(1, order.length - 1);
      return { kind, groups: [order.slice(0, at).sort(), order.slice(at).sort()], forMs };
    }
    case 'bridge': { const [a, b] = twoNodes(prng, nodes); return { kind, a, b, forMs }; }
    case 'one-way': { const [from, to] = twoNodes(prng, nodes); return { kind, from, to, forMs }; }
    case 'loss': return { kind, probability: pick(prng, [0.05, 0.1, 0.2, 0.4]), forMs };
    case 'delay': return { kind, delayMaxMs: pick(prng, [50, 200, 800]), forMs };
    case 'agent-fail': return agentFault(prng, nodes);
    case 'fence-fail': return { kind, device: `fence-${pick(prng, nodes)}`, mode: prng.chance(0.5) ? 'fail' : 'hang', forMs: prng.int(2_000, 20_000) };
    case 'config': return { kind, node: pick(prng, nodes), stickiness: prng.int(0, 200) };
  }
}

export function planFaults(prng: Prng, nodes: readonly string[], fromMs: number, untilMs: number, opts: FaultOptions = {}): Planned[] {
  const kinds = opts.kinds ?? FAULT_KINDS;
  const [gapMinMs, gapMaxMs] = opts.gapMs ?? [500, 4_000];
  assert(gapMinMs > 0 && gapMaxMs >= gapMinMs, `bad fault gap ${gapMinMs}..${gapMaxMs}`);
  const plan: Planned[] = [];
  if (kinds.length === 0) return plan;
  for (let atMs = fromMs + prng.int(gapMinMs, gapMaxMs); atMs < untilMs; atMs += prng.int(gapMinMs, gapMaxMs)) {
    assert(plan.length < PLANNED_MAX, `more than ${PLANNED_MAX} faults planned`);
    plan.push({ atMs, fault: drawFault(prng, pick(prng, kinds), nodes) });
  }
  return plan;
}

/** One-line description of a fault, for the ledger. */
export function describeFault(f: PlannedFault): { nodes?: string[]; sides?: string[][]; resource?: string; detail?: string } {
  switch (f.kind) {
    case 'crash': return { nodes: [f.node], detail: `down ${f.downMs} ms` };
    case 'pause': return { nodes: [f.node], detail: `for ${f.forMs} ms` };
    case 'partition': return { nodes: f.groups.flat(), sides: f.groups, detail: `${f.groups.map((g) => g.join(',')).join(' | ')} for ${f.forMs} ms` };
    case 'bridge': return { nodes: [f.a, f.b], detail: `${f.a} x ${f.b} (others see both) for ${f.forMs} ms` };
    case 'one-way': return { nodes: [f.from, f.to], detail: `${f.from} -> ${f.to} cut for ${f.forMs} ms` };
    case 'loss': return { detail: `${f.probability * 100}% of frames lost for ${f.forMs} ms` };
    case 'delay': return { detail: `delays up to ${f.delayMaxMs} ms, reordered, for ${f.forMs} ms` };
    case 'agent-fail': return { nodes: [f.node], resource: f.instance, detail: `next ${f.op} of ${f.instance}: ${f.mode.kind === 'rc' ? `rc ${f.mode.rc}` : f.mode.kind}` };
    case 'fence-fail': return { detail: `${f.device} ${f.mode === 'hang' ? 'hangs' : 'fails'} for ${f.forMs} ms` };
    case 'config': return { nodes: [f.node], detail: `config.apply with resource-stickiness ${f.stickiness}` };
  }
}

/** Applies planned faults and ends them; counts what was really injected. */
export class FaultInjector {
  injected = 0;
  private healed = false;
  /** One network fault (partition, bridge, one-way, loss) at a time: the checker's topology knows one partition. */
  private netUntilMs = 0;
  private delayUntilMs = 0;
  private seq = 0;

  constructor(private readonly cluster: SimCluster) {}

  schedule(plan: readonly Planned[]): void {
    const clock = this.cluster.clock;
    for (const p of plan) clock.setTimeout(() => this.apply(p.fault), p.atMs - clock.now());
  }

  /** Ends every fault: links whole and fast, paused nodes woken, machines on, scripted failures dropped. */
  heal(): void {
    this.healed = true;
    const c = this.cluster;
    c.healAllCuts();
    c.setLinks(SIM_LINK);
    for (const node of c.nodes) if (c.resume(node)) c.ledger.record({ kind: 'fault', fault: 'resume', nodes: [node] });
    c.world.clearFaults();
    c.powerOnAll();
    c.ledger.record({ kind: 'fault', fault: 'heal', detail: 'every fault ended' });
  }

  private apply(f: PlannedFault): void {
    if (this.healed || !this.inject(f)) return;
    this.injected += 1;
    this.cluster.ledger.record({ kind: 'fault', fault: f.kind, ...describeFault(f) });
  }

  /** Later: runs `end` after `ms` unless the run has healed by then. */
  private later(ms: number, end: () => void): void {
    this.cluster.clock.setTimeout(() => { if (!this.healed) end(); }, ms);
  }

  private endCut(id: string, forMs: number, what: string): void {
    this.later(forMs, () => {
      this.cluster.heal(id);
      this.cluster.ledger.record({ kind: 'fault', fault: 'heal', detail: what });
    });
  }

  private inject(f: PlannedFault): boolean {
    const c = this.cluster;
    const nowMs = c.clock.now();
    const id = `cut-${++this.seq}`;
    if (NETWORK_FAULTS.has(f.kind)) {
      if (this.netUntilMs > nowMs) return false;
      this.netUntilMs = nowMs + ('forMs' in f ? f.forMs : 0);
    }
    switch (f.kind) {
      case 'crash':
        if (!c.crash(f.node)) return false;
        c.restartAfter(f.node, f.downMs);
        return true;
      case 'pause':
        if (!c.pause(f.node)) return false;
        this.later(f.forMs, () => { if (c.resume(f.node)) c.ledger.record({ kind: 'fault', fault: 'resume', nodes: [f.node] }); });
        return true;
      case 'partition': {
        const [left, right] = f.groups as [string[], string[]];
        c.cut(id, left.flatMap((a) => right.flatMap((b): [string, string][] => [[a, b], [b, a]])));
        this.endCut(id, f.forMs, `partition ${left.join(',')} | ${right.join(',')} ended`);
        return true;
      }
      case 'bridge':
        c.cut(id, [[f.a, f.b], [f.b, f.a]]);
        this.endCut(id, f.forMs, `${f.a} x ${f.b} ended`);
        return true;
      case 'one-way':
        c.cut(id, [[f.from, f.to]]);
        this.endCut(id, f.forMs, `${f.from} -> ${f.to} ended`);
        return true;
      case 'loss':
        c.setLinks({ dropProbability: f.probability });
        this.later(f.forMs, () => {
          c.setLinks({ dropProbability: SIM_LINK.dropProbability });
          c.ledger.record({ kind: 'fault', fault: 'heal', detail: 'loss ended' });
        });
        return true;
      case 'delay':
        if (this.delayUntilMs > nowMs) return false;
        this.delayUntilMs = nowMs + f.forMs;
        c.setLinks({ delayMaxMs: f.delayMaxMs, reorder: true });
        this.later(f.forMs, () => c.setLinks({ delayMaxMs: SIM_LINK.delayMaxMs, reorder: SIM_LINK.reorder }));
        return true;
      case 'agent-fail':
        c.world.addAgentFault({ node: f.node, instance: f.instance, op: f.op, mode: f.mode });
        return true;
      case 'fence-fail':
        c.world.addFenceFault({ device: f.device, mode: f.mode, untilMs: nowMs + f.forMs });
        return true;
      case 'config': {
        const daemon = c.isPaused(f.node) ? null : c.daemon(f.node);
        if (!daemon) return false;
        void daemon.handle({ type: 'config.apply', file: 'sim-change.yaml', text: simConfigText(c.nodes, f.stickiness) });
        return true;
      }
    }
  }
}
