// Stage 3b: place every primitive, in Pacemaker's order: top-level resources by priority,
// then by their score on the node they run on, then by their scores node by node. Placing a
// resource first places the resources it must run with, applies those colocations, folds in
// the preferences of the resources that must run with it, then picks the best node. Ties go
// to the node with fewer resources placed so far, then the current node, then the name.
import type { NamedScore } from './types.ts';
import type { ConstraintIndex, Colocation } from './constraints.ts';
import type { NodesView } from './nodes.ts';
import type { ResourceIndex } from './resources.ts';
import type { Weights, BaseWeights } from './weights.ts';
import { addScores, INFINITY } from './score.ts';
import { assert } from '../assert.ts';

export interface PlacementInput {
  index: ResourceIndex;
  constraints: ConstraintIndex;
  nodes: NodesView;
  base: Map<string, BaseWeights>;
  /** Current nodes of each primitive (first = Pacemaker's "current node"). */
  current: Map<string, string[]>;
}

export interface Placement {
  /** Primitive → chosen node, or null when it will not run. */
  node: Map<string, string | null>;
  /** Final scores used for the choice. */
  weights: Map<string, Weights>;
  /** Named contributions per primitive per node (base plus colocation). */
  parts: Map<string, Map<string, NamedScore[]>>;
  /** Why a primitive was not placed, or moved. */
  reasons: Map<string, string[]>;
  /** Top-level allocation order, for explanations. */
  order: string[];
}

interface State {
  input: PlacementInput;
  out: Placement;
  allocating: Set<string>;
  assignedCount: Map<string, number>;
}

function canRun(nodes: NodesView, node: string): boolean {
  return nodes.nodes.get(node)?.canRun ?? false;
}

function canRunAny(nodes: NodesView, w: Weights): boolean {
  for (const [n, s] of w) if (s >= 0 && canRun(nodes, n)) return true;
  return false;
}

function note(st: State, rsc: string, node: string, source: string, score: number): void {
  const byNode = st.out.parts.get(rsc)!;
  const list = byNode.get(node) ?? [];
  list.push({ source, score });
  byNode.set(node, list);
}

/** Adds a dependent's scores (scaled) to `work`, then its own dependents', recursively. */
function merge(st: State, rsc: string, work: Weights, factor: number, visiting: Set<string>): Weights {
  if (visiting.has(rsc)) return work;
  visiting.add(rsc);
  const own = st.input.base.get(rsc)?.weights ?? new Map<string, number>();
  const next = new Map(work);
  for (const [node, weight] of next) {
    const score = canRun(st.input.nodes, node) ? (own.get(node) ?? -INFINITY) : -INFINITY;
    if (factor < 0 && score < 0) continue;
    const scaled = factor * score;
    let w = Math.trunc(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    if (w === 0 && score !== 0) w = factor > 0 ? 1 : -1;
    next.set(node, addScores(w, weight));
  }
  let result = next;
  if (canRunAny(st.input.nodes, result)) {
    for (const c of st.input.constraints.influencers.get(rsc) ?? []) {
      result = merge(st, c.dependent, result, (factor < 0 ? -1 : 1) * c.score / INFINITY, visiting);
    }
  } else {
    visiting.delete(rsc);
    return work;
  }
  visiting.delete(rsc);
  return result;
}

function applyColocation(st: State, rsc: string, w: Weights, c: Colocation): Weights {
  const primaryNode = st.out.node.get(c.primary);
  if (primaryNode === undefined) return w; // primary still being placed (a loop): no influence
  if (primaryNode === null && c.score < 0) return w;
  const work = new Map(w);
  for (const [node, weight] of work) {
    if (primaryNode === null) work.set(node, addScores(-c.score, weight));
    else if (node === primaryNode) { if (c.score < INFINITY) work.set(node, addScores(c.score, weight)); }
    else if (c.score >= INFINITY) work.set(node, -INFINITY);
  }
  if (Math.abs(c.score) >= INFINITY || canRunAny(st.input.nodes, work)) {
    for (const [node, weight] of work) if (weight !== w.get(node)) note(st, rsc, node, `colocation ${c.id} with ${c.primary}`, weight - (w.get(node) ?? 0));
    return work;
  }
  return w;
}

function choose(st: State, rsc: string, w: Weights): string | null {
  const nodes = st.input.nodes;
  const current = st.input.current.get(rsc)?.[0];
  const candidates = [...w.entries()].map(([node, weight]) => ({ node, weight: canRun(nodes, node) ? weight : -INFINITY }));
  candidates.sort((a, b) => b.weight - a.weight
    || (st.assignedCount.get(a.node) ?? 0) - (st.assignedCount.get(b.node) ?? 0)
    || (a.node === current ? -1 : b.node === current ? 1 : 0)
    || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  let best = candidates[0];
  if (best && best.weight > 0 && current && canRun(nodes, current)) {
    const same = candidates.find((c) => c.node === current && c.weight === best!.weight);
    if (same) best = same;
  }
  if (!best || best.weight < 0) return null;
  return best.node;
}

function allocate(st: State, rsc: string): void {
  if (st.out.node.has(rsc) || st.allocating.has(rsc)) return;
  const info = st.input.index.primitives.get(rsc);
  assert(info !== undefined, `placing unknown primitive ${rsc}`);
  st.allocating.add(rsc);
  st.out.parts.set(rsc, new Map([...st.input.base.get(rsc)!.parts].map(([n, p]) => [n, [...p]])));
  let w: Weights = new Map(st.input.base.get(rsc)!.weights);
  for (const c of st.input.constraints.asDependent.get(rsc) ?? []) {
    allocate(st, c.primary);
    w = applyColocation(st, rsc, w, c);
  }
  for (const c of st.input.constraints.influencers.get(rsc) ?? []) {
    const before = w;
    w = merge(st, c.dependent, w, c.score / INFINITY, new Set([rsc]));
    for (const [node, weight] of w) if (weight !== before.get(node)) note(st, rsc, node, `preferences of ${c.dependent} (${c.id})`, weight - (before.get(node) ?? 0));
  }
  st.out.weights.set(rsc, w);
  const reasons: string[] = [];
  let chosen: string | null;
  const current = st.input.current.get(rsc) ?? [];
  if (info.meta.targetRole === 'stopped') { chosen = null; reasons.push('target-role is Stopped'); }
  else if (!info.meta.managed) { chosen = current[0] ?? null; reasons.push('unmanaged: left where it is'); }
  else if (current.length > 1 && info.meta.multipleActive === 'stop_only') { chosen = null; reasons.push('active on several nodes and multiple-active=stop_only'); }
  else {
    chosen = choose(st, rsc, w);
    if (chosen === null) reasons.push('no node can run it (every score is negative or the nodes are unavailable)');
  }
  if (chosen !== null) st.assignedCount.set(chosen, (st.assignedCount.get(chosen) ?? 0) + 1);
  st.out.node.set(rsc, chosen);
  st.out.reasons.set(rsc, reasons);
  st.allocating.delete(rsc);
}

interface TopLevel {
  id: string;
  members: string[];
  priority: number;
  configOrder: number;
}

function topLevel(index: ResourceIndex): TopLevel[] {
  const out: TopLevel[] = [];
  const seen = new Set<string>();
  for (const id of index.order) {
    const p = index.primitives.get(id)!;
    if (p.group) {
      if (seen.has(p.group)) continue;
      seen.add(p.group);
      const g = index.groups.get(p.group)!;
      out.push({ id: g.id, members: g.members, priority: g.meta.priority, configOrder: out.length });
    } else out.push({ id, members: [id], priority: p.meta.priority, configOrder: out.length });
  }
  return out;
}

/** Scores a top-level resource sorts by: its members' scores and those of what it runs with. */
function sortWeights(st: State, r: TopLevel): Weights {
  let w: Weights = new Map(st.input.base.get(r.members[r.members.length - 1]!)!.weights);
  for (let i = r.members.length - 2; i >= 0; i--) w = merge(st, r.members[i]!, w, 1, new Set());
  for (const c of st.input.constraints.asDependent.get(r.members[0]!) ?? []) {
    w = merge(st, c.primary, w, (c.score < 0 ? -1 : 1) * Math.abs(c.score) / INFINITY, new Set());
  }
  return w;
}

function sortTopLevel(st: State, list: TopLevel[]): TopLevel[] {
  const keyed = list.map((r) => {
    const w = sortWeights(st, r);
    const cur = st.input.current.get(r.members[0]!)?.[0];
    const curWeight = cur !== undefined ? (w.get(cur) ?? -INFINITY) : -INFINITY;
    return { r, w, curWeight };
  });
  keyed.sort((a, b) => {
    if (a.r.priority !== b.r.priority) return b.r.priority - a.r.priority;
    if (a.curWeight !== b.curWeight) return b.curWeight - a.curWeight;
    return a.r.configOrder - b.r.configOrder;
  });
  return keyed.map((k) => k.r);
}

/** Places every primitive. */
export function place(input: PlacementInput): Placement {
  const out: Placement = { node: new Map(), weights: new Map(), parts: new Map(), reasons: new Map(), order: [] };
  const st: State = { input, out, allocating: new Set(), assignedCount: new Map() };
  for (const r of sortTopLevel(st, topLevel(input.index))) {
    out.order.push(r.id);
    for (const m of r.members) allocate(st, m);
  }
  assert(out.node.size === input.index.primitives.size, 'every primitive must be placed or refused');
  return out;
}
