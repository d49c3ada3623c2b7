// The in-memory network for N nodes under one simulated clock and one seeded PRNG, with
// raft's drop/cut/isolate/ignore/recover and TigerBeetle's delay and reordering:
//   cut(a, b)            one-way: a's frames stop reaching b (asymmetric partitions)
//   disconnect(a, b)     both ways; with a still seeing b and c, non-transitive setups
//   partition([[a,b],[c]]), isolate(a), ignore(kind), heal()
//   setLink(a, b, { dropProbability, delayMinMs, delayMaxMs, reorder })
// Frames pass through the codec, so receivers get copies and bad messages assert as on the
// mesh. Every send, drop and delivery is recorded in trace() for deterministic replay.
import type { Logger } from 'pino';
import { assert } from '../assert.ts';
import { HEARTBEAT_DEFAULTS, SIM_IN_FLIGHT_PER_LINK_MAX } from './constants.ts';
import { createRegistry, type KindRegistry } from './kinds.ts';
import { createPrng, type Prng } from './prng.ts';
import { SimTransport, type SimWire } from './sim-transport.ts';
import type { HeartbeatOptions, TransportClock } from './types.ts';

export interface LinkFaults {
  /** Probability that one frame is lost. */
  dropProbability: number;
  delayMinMs: number;
  delayMaxMs: number;
  /** When false, frames on one link arrive in send order (as on TCP). */
  reorder: boolean;
}

export const NO_FAULTS: LinkFaults = { dropProbability: 0, delayMinMs: 1, delayMaxMs: 1, reorder: false };

export interface SimNetworkOptions {
  nodes: readonly string[];
  clock: TransportClock;
  seed: number;
  heartbeat?: Partial<HeartbeatOptions>;
  /** Faults of every link unless setLink says otherwise. */
  faults?: Partial<LinkFaults>;
  registry?: KindRegistry;
  logger?: Logger;
  /** Record heartbeats in the trace too (off: they swamp it). */
  traceHeartbeats?: boolean;
}

export type TraceEvent =
  | { atMs: number; event: 'send'; from: string; to: string; kind: string; id: number; deliverAtMs: number }
  | { atMs: number; event: 'deliver'; from: string; to: string; kind: string; id: number }
  | { atMs: number; event: 'drop'; from: string; to: string; kind: string; reason: string };

interface LinkState { faults: LinkFaults; lastDeliverAtMs: number; inFlight: number }

export class SimNetwork implements SimWire {
  readonly clock: TransportClock;
  readonly registry: KindRegistry;
  readonly heartbeat: HeartbeatOptions;
  readonly logger: Logger | undefined;
  readonly nodes: readonly string[];
  private readonly prng: Prng;
  private readonly defaults: LinkFaults;
  private readonly links = new Map<string, LinkState>();
  private readonly cuts = new Set<string>();
  private readonly ignored = new Set<string>();
  private readonly transports = new Map<string, SimTransport>();
  private readonly events: TraceEvent[] = [];
  private nextId = 1;

  constructor(private readonly opts: SimNetworkOptions) {
    assert(new Set(opts.nodes).size === opts.nodes.length, `duplicate node names in ${opts.nodes.join(',')}`);
    this.nodes = [...opts.nodes];
    this.clock = opts.clock;
    this.registry = opts.registry ?? createRegistry();
    this.heartbeat = { ...HEARTBEAT_DEFAULTS, ...opts.heartbeat };
    assert(this.heartbeat.timeoutMs > 2 * this.heartbeat.intervalMs, 'the heartbeat timeout must span more than two intervals');
    this.logger = opts.logger;
    this.prng = createPrng(opts.seed);
    this.defaults = checkFaults({ ...NO_FAULTS, ...opts.faults });
  }

  /** The node's transport; a new one after the previous was closed (a restart). */
  transport(node: string): SimTransport {
    this.assertNode(node);
    const existing = this.transports.get(node);
    if (existing && !existing.isClosed) return existing;
    const created = new SimTransport(node, this, existing ? existing.incarnation + 1 : 0);
    this.transports.set(node, created);
    return created;
  }

  setLink(from: string, to: string, faults: Partial<LinkFaults>): void {
    const link = this.link(from, to);
    link.faults = checkFaults({ ...link.faults, ...faults });
  }

  cut(from: string, to: string): void {
    this.link(from, to);
    this.cuts.add(key(from, to));
  }

  restore(from: string, to: string): void {
    this.cuts.delete(key(from, to));
  }

  disconnect(a: string, b: string): void {
    this.cut(a, b);
    this.cut(b, a);
  }

  /** Every node appears in exactly one group; links between groups are cut both ways. */
  partition(groups: readonly (readonly string[])[]): void {
    const listed = groups.flat();
    assert(listed.length === this.nodes.length && this.nodes.every((n) => listed.includes(n)), `partition must list every node once: ${JSON.stringify(groups)}`);
    this.heal();
    for (const [i, group] of groups.entries()) {
      for (const other of groups.slice(i + 1)) for (const a of group) for (const b of other) this.disconnect(a, b);
    }
  }

  isolate(node: string): void {
    for (const other of this.nodes) if (other !== node) this.disconnect(node, other);
  }

  /** Drops every frame of this kind (raft's ignore). */
  ignore(kind: string): void {
    this.ignored.add(kind);
  }

  /** Removes every cut and ignore (raft's recover); per-link faults stay. */
  heal(): void {
    this.cuts.clear();
    this.ignored.clear();
  }

  /** Delivers a raw frame to `to` as if sent by `from`, bypassing the codec (malformed-input tests). */
  injectRaw(from: string, to: string, text: string): void {
    this.transports.get(to)?.receive(from, text);
  }

  trace(): readonly TraceEvent[] {
    return this.events;
  }

  transmit(from: string, to: string, kind: string, text: string, incarnation?: number): void {
    const link = this.link(from, to);
    const traced = kind !== 'heartbeat' || this.opts.traceHeartbeats === true;
    const reason = this.cuts.has(key(from, to)) ? 'cut' : this.ignored.has(kind) ? 'ignored' : this.prng.chance(link.faults.dropProbability) ? 'lost' : undefined;
    if (reason !== undefined) return traced ? this.dropped(from, to, kind, reason) : undefined;
    assert(link.inFlight < SIM_IN_FLIGHT_PER_LINK_MAX, `more than ${SIM_IN_FLIGHT_PER_LINK_MAX} frames in flight ${from}->${to}`);
    const nowMs = this.clock.now();
    let deliverAtMs = nowMs + this.prng.int(link.faults.delayMinMs, link.faults.delayMaxMs);
    if (!link.faults.reorder) deliverAtMs = Math.max(deliverAtMs, link.lastDeliverAtMs);
    link.lastDeliverAtMs = Math.max(link.lastDeliverAtMs, deliverAtMs);
    link.inFlight += 1;
    const id = this.nextId++;
    if (traced) this.events.push({ atMs: nowMs, event: 'send', from, to, kind, id, deliverAtMs });
    this.clock.setTimeout(() => this.deliver(link, from, to, kind, text, id, traced, incarnation), deliverAtMs - nowMs);
  }

  dropped(from: string, to: string, kind: string, reason: string): void {
    this.events.push({ atMs: this.clock.now(), event: 'drop', from, to, kind, reason });
  }

  detached(node: string, notifyPeers: boolean): void {
    if (!notifyPeers) return;
    for (const peer of this.nodes) {
      if (peer === node || this.cuts.has(key(node, peer))) continue;
      const link = this.link(node, peer);
      this.clock.setTimeout(() => this.transports.get(peer)?.peerClosed(node), Math.max(link.faults.delayMinMs, link.lastDeliverAtMs - this.clock.now()));
    }
  }

  private deliver(link: LinkState, from: string, to: string, kind: string, text: string, id: number, traced: boolean, incarnation?: number): void {
    link.inFlight -= 1;
    const receiver = this.transports.get(to);
    // A partition that starts while a frame is in flight eats it.
    const reason = this.cuts.has(key(from, to)) ? 'cut-in-flight' : receiver === undefined || receiver.isClosed ? 'receiver-down' : undefined;
    if (reason !== undefined) return traced ? this.dropped(from, to, kind, reason) : undefined;
    if (traced) this.events.push({ atMs: this.clock.now(), event: 'deliver', from, to, kind, id });
    receiver?.receive(from, text, incarnation);
  }

  private link(from: string, to: string): LinkState {
    this.assertNode(from);
    this.assertNode(to);
    assert(from !== to, `a link from '${from}' to itself`);
    let link = this.links.get(key(from, to));
    if (!link) this.links.set(key(from, to), (link = { faults: { ...this.defaults }, lastDeliverAtMs: 0, inFlight: 0 }));
    return link;
  }

  private assertNode(node: string): void {
    assert(this.nodes.includes(node), `'${node}' is not a node of the simulated network (${this.nodes.join(', ')})`);
  }
}

function key(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function checkFaults(faults: LinkFaults): LinkFaults {
  assert(faults.dropProbability >= 0 && faults.dropProbability <= 1, `dropProbability ${faults.dropProbability} is outside 0..1`);
  assert(Number.isInteger(faults.delayMinMs) && faults.delayMinMs >= 0 && faults.delayMaxMs >= faults.delayMinMs, `bad delay range ${faults.delayMinMs}..${faults.delayMaxMs}`);
  return faults;
}
