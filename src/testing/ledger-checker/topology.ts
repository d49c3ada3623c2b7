// The cluster's physical topology as the harness made it (ground truth from `fault` entries and
// fencing): which nodes are up, which can talk, which had been cut off since when, and which
// partitions hold quorum. The checker judges the cluster against this, never against what one
// node believed.
//
// - Up: not crashed, not paused, not fenced. A fenced node counts as up again at a restart
//   fault or at the first entry it writes itself (a reboot brought its daemon back).
// - Connected: on the same side of the current partition (all connected when none).
// - Cut: a holder could not talk to a viewer (the holder down, paused or losing messages, the
//   viewer losing messages, or a partition between them). `cutSince(holder, viewer, seq)` says
//   whether such a cut is ongoing or began at or after `seq`: then the viewer may legitimately
//   have taken the holder for lost. A cut that began before the holder's instance became active
//   does not count (the viewer learns of that instance with the replicated status), nor does the
//   viewer's own crash or pause (it comes back knowing nothing and learns from the cluster).
// - Quorum: a strict majority of configured votes among the up nodes connected to a node
//   (two-node mode: one node of two suffices).
import type { LedgerEntry } from '../../ledger/types.ts';
import type { CheckContext } from './types.ts';

export interface NodeFacts {
  crashed: boolean;
  paused: boolean;
  /** Fenced and not yet seen back. */
  fencedDown: boolean;
  /** Its messages are being lost (fault loss). */
  lossy: boolean;
  /** The last seq at which it went down, paused or began losing messages (-1: never). */
  cutSeq: number;
  /** The last seq at which it began losing messages (-1: never). */
  lossSeq: number;
  /** The seq of its last successful fencing (-1: never). */
  lastFenceSeq: number;
}

export interface Topology {
  nodes: Map<string, NodeFacts>;
  /** null: no partition. */
  sides: string[][] | null;
  allLossy: boolean;
  /** The last seq at which a pair (key `a|b`, sorted) was split onto two sides of a partition. */
  pairCutSeq: Map<string, number>;
  /** Pairs that cannot talk though no partition splits them (a bridge, a one-way cut). */
  pairCuts: Set<string>;
  votes: Record<string, number>;
  totalVotes: number;
  twoNode: boolean;
  /** When each up node's partition lost quorum (ms and seq), while it lacks it. */
  nonQuorateSince: Map<string, { atMs: number; seq: number }>;
}

const BACK_FAULTS = new Set(['restart', 'start', 'boot', 'recover']);

export function createTopology(nodes: string[], ctx: CheckContext): Topology {
  const down = new Set(ctx.initiallyDown ?? []);
  const votes: Record<string, number> = {};
  for (const n of nodes) votes[n] = ctx.votes?.[n] ?? 1;
  const totalVotes = Object.values(votes).reduce((a, b) => a + b, 0);
  const topo: Topology = {
    nodes: new Map(nodes.map((n) => [n, { crashed: down.has(n), paused: false, fencedDown: false, lossy: false, cutSeq: down.has(n) ? 0 : -1, lossSeq: -1, lastFenceSeq: -1 }])),
    sides: null, allLossy: false, pairCutSeq: new Map(), pairCuts: new Set(), votes, totalVotes, twoNode: ctx.twoNode ?? false, nonQuorateSince: new Map(),
  };
  return topo;
}

function facts(topo: Topology, node: string): NodeFacts {
  let f = topo.nodes.get(node);
  if (f === undefined) {
    // A node the config does not list: tracked, but it holds no vote.
    f = { crashed: false, paused: false, fencedDown: false, lossy: false, cutSeq: -1, lossSeq: -1, lastFenceSeq: -1 };
    topo.nodes.set(node, f);
  }
  return f;
}

export function isUp(topo: Topology, node: string): boolean {
  const f = facts(topo, node);
  return !f.crashed && !f.paused && !f.fencedDown;
}

function sideOf(topo: Topology, node: string): number {
  return topo.sides === null ? 0 : topo.sides.findIndex((s) => s.includes(node));
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function connected(topo: Topology, a: string, b: string): boolean {
  if (a !== b && topo.pairCuts.has(pairKey(a, b))) return false;
  return topo.sides === null || sideOf(topo, a) === sideOf(topo, b);
}

function cutNow(topo: Topology, holder: string, viewer: string): boolean {
  const h = facts(topo, holder);
  return !isUp(topo, holder) || h.lossy || facts(topo, viewer).lossy || topo.allLossy || !connected(topo, holder, viewer);
}

/**
 * Was `holder` cut off from `viewer` at some moment from `seq` on (ongoing, or begun since)?
 * Returns the seq of the entry that began the cut (for traces; 0 if unknown), or undefined.
 */
export function cutEvidence(topo: Topology, holder: string, viewer: string, seq: number): number | undefined {
  if (holder === viewer) return undefined;
  const latest = Math.max(facts(topo, holder).cutSeq, facts(topo, viewer).lossSeq, topo.pairCutSeq.get(pairKey(holder, viewer)) ?? -1);
  if (cutNow(topo, holder, viewer)) return Math.max(latest, 0);
  return latest >= seq ? latest : undefined;
}

export function cutSince(topo: Topology, holder: string, viewer: string, seq: number): boolean {
  return cutEvidence(topo, holder, viewer, seq) !== undefined;
}

/** The up nodes `node` can talk to, itself included (empty if it is not up). */
export function partitionOf(topo: Topology, node: string): string[] {
  if (!isUp(topo, node)) return [];
  return [...topo.nodes.keys()].filter((n) => isUp(topo, n) && connected(topo, node, n));
}

export function isQuorate(topo: Topology, node: string): boolean {
  const part = partitionOf(topo, node);
  if (part.length === 0) return false;
  const held = part.reduce((sum, n) => sum + (topo.votes[n] ?? 0), 0);
  if (2 * held > topo.totalVotes) return true;
  return topo.twoNode && Object.keys(topo.votes).length === 2 && held > 0;
}

function markPartition(topo: Topology, seq: number, next: string[][] | null): void {
  const names = [...topo.nodes.keys()];
  const before = names.map((a) => names.map((b) => connected(topo, a, b)));
  topo.sides = next;
  names.forEach((a, i) => names.forEach((b, j) => {
    if (i < j && before[i]![j] && !connected(topo, a, b)) topo.pairCutSeq.set(pairKey(a, b), seq);
  }));
}

/** Partition sides, with the configured nodes no side lists gathered into one more side. */
function sidesOf(topo: Topology, e: { nodes?: string[]; sides?: string[][] }): string[][] | null {
  const listed = e.sides ?? (e.nodes !== undefined ? [e.nodes] : null);
  if (listed === null) return null;
  const rest = [...topo.nodes.keys()].filter((n) => !listed.some((s) => s.includes(n)));
  return rest.length > 0 ? [...listed, rest] : listed;
}

function applyFault(topo: Topology, e: Extract<LedgerEntry, { kind: 'fault' }>): void {
  const targets = e.nodes ?? [];
  const cut = (n: string): void => { facts(topo, n).cutSeq = e.seq; };
  const lose = (n: string): void => { const f = facts(topo, n); f.lossy = true; f.cutSeq = e.seq; f.lossSeq = e.seq; };
  if (e.fault === 'crash' || e.fault === 'power-off') targets.forEach((n) => { facts(topo, n).crashed = true; cut(n); });
  // A machine back from a restart runs again whatever it was (a paused one was power cycled).
  else if (BACK_FAULTS.has(e.fault)) targets.forEach((n) => { const f = facts(topo, n); f.crashed = false; f.fencedDown = false; f.paused = false; });
  else if (e.fault === 'pause') targets.forEach((n) => { facts(topo, n).paused = true; cut(n); });
  else if (e.fault === 'resume') targets.forEach((n) => { facts(topo, n).paused = false; });
  else if (e.fault === 'loss') {
    if (e.nodes === undefined) topo.allLossy = true;
    (e.nodes ?? [...topo.nodes.keys()]).forEach(lose);
  } else if (e.fault === 'partition') markPartition(topo, e.seq, sidesOf(topo, e));
  else if ((e.fault === 'bridge' || e.fault === 'one-way') && targets.length === 2) {
    // A bridge cuts a pair both ways; a one-way cut silences one side, and either may then
    // take the other for lost: both count as the pair cut off.
    const key = pairKey(targets[0]!, targets[1]!);
    if (!topo.pairCuts.has(key)) topo.pairCutSeq.set(key, e.seq);
    topo.pairCuts.add(key);
  } else if (e.fault === 'heal') {
    topo.pairCuts.clear();
    markPartition(topo, e.seq, null);
    for (const f of topo.nodes.values()) f.lossy = false;
    topo.allLossy = false;
  }
}

/** The node an entry was written by (its evidence of being up), if any. */
export function writerOf(e: LedgerEntry): string | undefined {
  switch (e.kind) {
    case 'op.invoked': case 'op.completed': case 'coordinator.up': case 'coordinator.down': case 'membership.changed':
    case 'command.refused': case 'quorum.changed': case 'config.acknowledged': case 'config.held':
      return e.node;
    default:
      return undefined;
  }
}

/** Applies one entry's effect on the topology; when it changed, refreshes who lacks quorum. */
export function applyTopology(topo: Topology, e: LedgerEntry): void {
  let changed = e.kind === 'fault';
  if (e.kind === 'fault') applyFault(topo, e);
  else if (e.kind === 'fence.completed' && e.ok) {
    const f = facts(topo, e.target);
    f.fencedDown = true;
    f.lastFenceSeq = e.seq;
    f.cutSeq = e.seq;
    changed = true;
  }
  const writer = writerOf(e);
  if (writer !== undefined && facts(topo, writer).fencedDown) {
    facts(topo, writer).fencedDown = false;
    changed = true;
  }
  if (changed) refreshQuorum(topo, e.atMs, e.seq);
}

/** Starts or ends each configured node's stretch without quorum (only up nodes can lack it). */
export function refreshQuorum(topo: Topology, atMs: number, seq: number): void {
  for (const node of Object.keys(topo.votes)) {
    const lacking = isUp(topo, node) && !isQuorate(topo, node);
    if (!lacking) topo.nonQuorateSince.delete(node);
    else if (!topo.nonQuorateSince.has(node)) topo.nonQuorateSince.set(node, { atMs, seq });
  }
}
