// A tiny, correct-by-construction cluster controller that turns a list of abstract actions into
// a ledger: moves, live migration, crashes (fenced before recovery), stop failures (fenced),
// single-node partitions (the minority stops its resources at once), coordinator hand-offs and
// config changes, then a heal and a quiet period in which everything runs. The checker must
// find nothing in what it writes; with a `bug` it writes one known mistake instead.
import type { ClusterDocument, Resource } from '../../src/config/model.ts';
import { INFINITY } from '../../src/config/model.ts';
import { Ledger, makeDoc, prim } from './support.ts';

export type ActionKind = 'move' | 'migrate' | 'crash' | 'restart' | 'failStop' | 'partition' | 'heal' | 'handoff' | 'config' | 'monitor' | 'wait';
export interface Action { kind: ActionKind; a: number; b: number }
export type Bug = 'none' | 'skip-fence' | 'no-minority-stop' | 'overlap';

export const NODES = ['n1', 'n2', 'n3'];
/** Primitives that move together, in start order: rsc1, rsc2 (migratable), group g, db→web, a fence device. */
const STACKS: string[][] = [['rsc1'], ['rsc2'], ['a', 'b'], ['db', 'web'], ['fence1']];
const ALL_IDS = [...STACKS.flat(), 'ping'];

export function historyDoc(): ClusterDocument {
  const resources: Resource[] = [
    prim('rsc1'), prim('rsc2', { 'allow-migrate': 'true' }),
    { kind: 'group', id: 'g', meta: {}, children: [prim('a'), prim('b')] },
    prim('db'), prim('web'), prim('fence1', {}, 'stonith'),
    { kind: 'clone', id: 'ping-clone', meta: {}, child: prim('ping') },
  ];
  return makeDoc({
    resources,
    constraints: [
      { kind: 'order', id: 'db-then-web', first: 'db', then: 'web', firstAction: 'start', thenAction: 'start', orderKind: 'Mandatory', symmetrical: true },
      { kind: 'colocation', id: 'web-with-db', resource: 'web', with: 'db', score: INFINITY },
    ],
  });
}

export class HistoryWriter {
  readonly l = new Ledger();
  triggered = false;
  private coordinator = 'n1';
  private epoch = 1;
  private readonly placed: (string | null)[] = STACKS.map(() => null);
  private readonly pingOn = new Set<string>();
  /** Crashed or fenced, waiting for a restart. */
  private readonly down = new Set<string>();
  private isolated: string | null = null;
  private generation = 0;

  constructor(private readonly bug: Bug) {
    this.l.coordinator('n1', 1, NODES);
    for (const n of NODES) for (const id of ALL_IDS) this.l.probe(n, id, 7);
  }

  private usable(): string[] {
    return NODES.filter((n) => !this.down.has(n) && n !== this.isolated);
  }

  private calm(): boolean {
    return this.down.size === 0 && this.isolated === null;
  }

  private startStack(s: number, node: string): void {
    for (const id of STACKS[s]!) this.l.start(node, id);
    this.placed[s] = node;
  }

  private stopStack(s: number, node: string): void {
    for (const id of [...STACKS[s]!].reverse()) this.l.stop(node, id);
    this.placed[s] = null;
  }

  /** Starts every stack placed nowhere on a usable node (spreading by `a`). */
  private recover(a: number): void {
    const nodes = this.usable();
    this.placed.forEach((p, s) => { if (p === null) this.startStack(s, nodes[(a + s) % nodes.length]!); });
  }

  apply(act: Action): void {
    switch (act.kind) {
      case 'move': return this.move(act.a, act.b);
      case 'migrate': return this.migrate(act.b);
      case 'crash': return this.crash(act.a, act.b);
      case 'restart': return this.restart();
      case 'failStop': return this.failStop(act.a, act.b);
      case 'partition': return this.partition(act.a, act.b);
      case 'heal': return this.heal();
      case 'handoff': return this.handoff(act.b);
      case 'config': return this.config();
      case 'monitor': return this.monitor(act.a);
      case 'wait': this.l.wait(act.a % 3000); return;
    }
  }

  private move(a: number, b: number): void {
    const s = a % STACKS.length;
    const nodes = this.usable();
    const target = nodes[b % nodes.length]!;
    const from = this.placed[s] ?? null;
    if (from === target) return;
    if (from !== null && this.bug === 'overlap' && !this.triggered) this.triggered = true;
    else if (from !== null) this.stopStack(s, from);
    this.startStack(s, target);
  }

  private migrate(b: number): void {
    const from = this.placed[1] ?? null;
    const targets = this.usable().filter((n) => n !== from);
    if (from === null || targets.length === 0) return;
    const to = targets[b % targets.length]!;
    this.l.op(from, 'rsc2', 'migrate_to').op(to, 'rsc2', 'migrate_from').stop(from, 'rsc2');
    this.placed[1] = to;
  }

  private crash(a: number, b: number): void {
    if (!this.calm()) return;
    const x = NODES[a % NODES.length]!;
    this.l.fault('crash', [x]);
    this.down.add(x);
    // A crashed coordinator writes no step-down: its role ends with it.
    if (x === this.coordinator) { this.coordinator = this.usable()[0]!; this.l.coordinator(this.coordinator, ++this.epoch, this.usable()); }
    // The fence device requires quorum only: moving it without fencing is no mistake.
    const hosted = this.placed.some((p, s) => p === x && STACKS[s]![0] !== 'fence1');
    if (this.bug === 'skip-fence' && hosted) this.triggered = true;
    else {
      if (b % 3 === 0) this.l.fence(x, false);
      this.l.fence(x);
      this.pingOn.delete(x);
    }
    this.placed.forEach((p, s) => { if (p === x) this.placed[s] = null; });
    this.recover(b);
  }

  private restart(): void {
    for (const x of [...this.down]) {
      this.l.fault('restart', [x]);
      for (const id of ALL_IDS) this.l.probe(x, id, 7);
      this.down.delete(x);
      this.pingOn.delete(x);
      if (this.isolated === null) this.startPing(x);
    }
  }

  private startPing(x: string): void {
    if (this.pingOn.has(x)) return;
    this.l.start(x, 'ping');
    this.pingOn.add(x);
  }

  private failStop(a: number, b: number): void {
    const s = a % STACKS.length;
    const x = this.placed[s] ?? null;
    if (!this.calm() || x === null || x === this.coordinator) return;
    const top = STACKS[s]!.at(-1)!;
    this.l.stop(x, top, b % 2 === 0 ? 'failed' : 'timeout');
    this.l.fence(x);
    this.down.add(x);
    this.pingOn.delete(x);
    this.placed.forEach((p, i) => { if (p === x) this.placed[i] = null; });
    this.recover(b);
  }

  private partition(a: number, b: number): void {
    if (!this.calm()) return;
    const x = NODES[a % NODES.length]!;
    const rest = NODES.filter((n) => n !== x);
    this.l.fault('partition', undefined, { sides: [[x], rest] });
    this.isolated = x;
    if (x === this.coordinator) this.l.down(x, this.epoch);
    const hosted = this.placed.some((p) => p === x) || this.pingOn.has(x);
    if (this.bug === 'no-minority-stop' && hosted) {
      this.triggered = true;
      this.l.wait(2000);
      this.l.fence(x);
      this.down.add(x);
    } else {
      this.placed.forEach((p, s) => { if (p === x) this.stopStack(s, x); });
      if (this.pingOn.delete(x)) this.l.stop(x, 'ping');
      if (b % 2 === 0) { this.l.fence(x); this.down.add(x); }
    }
    this.placed.forEach((p, s) => { if (p === x) this.placed[s] = null; });
    if (x === this.coordinator) { this.coordinator = rest[0]!; this.l.coordinator(this.coordinator, ++this.epoch, rest); }
    this.recover(b);
  }

  private heal(): void {
    if (this.isolated === null) return;
    const x = this.isolated;
    this.l.fault('heal');
    this.isolated = null;
    if (!this.down.has(x)) for (const id of ALL_IDS) this.l.probe(x, id, 7);
    this.restart();
    for (const n of this.usable()) this.startPing(n);
    this.l.add({ kind: 'membership.changed', node: this.coordinator, epoch: this.epoch, members: this.usable() });
  }

  private handoff(b: number): void {
    const nodes = this.usable().filter((n) => n !== this.coordinator);
    if (nodes.length === 0) return;
    const next = nodes[b % nodes.length]!;
    this.l.down(this.coordinator, this.epoch);
    this.coordinator = next;
    this.l.coordinator(next, ++this.epoch, this.usable());
  }

  private config(): void {
    this.generation++;
    const [generation, digest] = [`0.${this.generation}.0`, `d${this.generation}`];
    this.l.acked(this.coordinator, generation, digest);
    for (const n of this.usable()) this.l.held(n, generation, digest);
  }

  private monitor(a: number): void {
    const s = a % STACKS.length;
    const x = this.placed[s] ?? null;
    if (x !== null && x !== this.isolated && !this.down.has(x)) this.l.op(x, STACKS[s]![0]!, 'monitor');
  }

  /** Heals everything, runs all, replicates the config, declares the heal and idles past the quiet period. */
  finish(quietPeriodMs: number): Ledger {
    this.heal();
    this.restart();
    this.recover(0);
    for (const n of NODES) this.startPing(n);
    const [generation, digest] = [`0.${this.generation}.0`, `d${this.generation}`];
    for (const n of NODES) this.l.held(n, generation, digest);
    this.l.add({ kind: 'membership.changed', node: this.coordinator, epoch: this.epoch, members: NODES });
    this.l.healed().wait(quietPeriodMs + 1000);
    this.placed.forEach((p, s) => { if (p !== null) this.l.op(p, STACKS[s]![0]!, 'monitor'); });
    return this.l.ended();
  }
}

export function writeHistory(actions: Action[], bug: Bug, quietPeriodMs: number): { ledger: Ledger; triggered: boolean } {
  const w = new HistoryWriter(bug);
  for (const act of actions) w.apply(act);
  return { ledger: w.finish(quietPeriodMs), triggered: w.triggered };
}
