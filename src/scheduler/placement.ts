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
import { mergeContext, mergeScores, type MergeContext } from './merge-scores.ts';
import { baseId, instanceMembers, type CloneInfo } from './clones.ts';
import { placeClone, type CloneHooks } from './clone-placement.ts';
import { assignRoles, promotionAttribute, type PromotionHooks, type RolePlan } from './promotion.ts';
import type { InstanceRole } from './constraints.ts';

export interface PlacementInput {
  index: ResourceIndex;
  constraints: ConstraintIndex;
  nodes: NodesView;
  base: Map<string, BaseWeights>;
  /** Current nodes of each primitive (first = Pacemaker's "current node"). */
  current: Map<string, string[]>;
  /** Primitives that failed where they run (clone instances are not kept there). */
  failed?: ReadonlySet<string>;
  /** Primitives whose stop failed somewhere. */
  stopFailed?: ReadonlySet<string>;
  /** `primitive@node` where an instance of a promotable clone runs promoted now. */
  promotedNow?: ReadonlySet<string>;
  /** Each promotable instance member's role=Promoted location scores. */
  promotedLocations?: ReadonlyMap<string, Weights>;
  /** `baseId@node` → the resource names that node's history recorded (before instance matching). */
  recordedNames?: ReadonlyMap<string, string[]>;
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
  /** The next role of every placed primitive of a promotable clone (a cloned group's members share it). */
  roles: Map<string, RolePlan>;
}

interface State {
  input: PlacementInput;
  out: Placement;
  allocating: Set<string>;
  assignedCount: Map<string, number>;
  /** Unmanaged primitives left on a node their scores ban: nothing may follow them there. */
  strandedUnmanaged: Set<string>;
  /** Node positions and score arrays for merge, built on first use. */
  merging?: MergeContext;
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
  const list = byNode.get(node);
  // Parts start as the base lists, shared: copy one only when it first gains an entry.
  const own = list === undefined ? [] : list === st.input.base.get(rsc)?.parts.get(node) ? list.slice() : list;
  own.push({ source, score });
  byNode.set(node, own);
}

/** Adds a dependent's scores (scaled) to `work`, then its own dependents', recursively. */
function merge(st: State, rsc: string, work: Weights, factor: number, visiting: Set<string>): Weights {
  st.merging ??= mergeContext(st.input.base, st.input.nodes, st.input.constraints.influencers);
  return mergeScores(st.merging, rsc, work, factor, visiting);
}

function applyColocation(st: State, rsc: string, w: Weights, c: Colocation): Weights {
  const placed = placedNodes(st, c.primary, c.primaryRole);
  if (placed === undefined) return w; // primary still being placed (a loop): no influence
  if (placed.length === 0 && c.score < 0) return w;
  // One pass: the new scores (same key order) and the nodes whose score changed, in order.
  const work: Weights = new Map();
  const changed: string[] = [];
  for (const [node, weight] of w) {
    let next = weight;
    if (placed.length === 0) next = addScores(-c.score, weight);
    else if (placed.includes(node)) { if (c.score < INFINITY) next = addScores(c.score, weight); }
    else if (c.score >= INFINITY) next = -INFINITY;
    work.set(node, next);
    if (next !== weight) changed.push(node);
  }
  if (Math.abs(c.score) >= INFINITY || canRunAny(st.input.nodes, work)) {
    const source = changed.length > 0 ? `colocation ${c.id} with ${c.primary}` : '';
    for (const node of changed) note(st, rsc, node, source, work.get(node)! - w.get(node)!);
    return work;
  }
  return w;
}

/** Higher score first, then fewer resources placed so far, then the current node, then the name. */
function ranksBefore(st: State, current: string | undefined, a: string, aWeight: number, b: string, bWeight: number): boolean {
  return (bWeight - aWeight
    || (st.assignedCount.get(a) ?? 0) - (st.assignedCount.get(b) ?? 0)
    || (a === current ? -1 : b === current ? 1 : 0)
    || (a < b ? -1 : a > b ? 1 : 0)) < 0;
}

function choose(st: State, rsc: string, w: Weights): string | null {
  const nodes = st.input.nodes;
  const current = st.input.current.get(rsc)?.[0];
  // The first node in `ranksBefore` order (a total order: names are unique), in one pass.
  let best: string | undefined;
  let bestWeight = -INFINITY;
  for (const [node, weight] of w) {
    const effective = canRun(nodes, node) ? weight : -INFINITY;
    if (best === undefined || ranksBefore(st, current, node, effective, best, bestWeight)) { best = node; bestWeight = effective; }
  }
  // Among equally good nodes, the current one wins (stickiness without a score).
  if (best !== undefined && bestWeight > 0 && current && canRun(nodes, current) && w.get(current) === bestWeight) best = current;
  if (best === undefined || bestWeight < 0) return null;
  return best;
}

/** Where a primary runs: its node, or every node a clone's instances were placed on (in `role`, when given). */
function placedNodes(st: State, id: string, role?: InstanceRole): string[] | undefined {
  const clone = st.input.index.clones.get(id);
  if (clone === undefined) {
    const node = st.out.node.get(id);
    return node === undefined ? undefined : node === null || st.strandedUnmanaged.has(id) ? [] : [node];
  }
  if (!st.out.node.has(instanceMembers(st.input.index, clone.instances[0]!)[0]!)) return undefined;
  const out: string[] = [];
  for (const top of clone.instances) {
    // A cloned group's instance counts where all of its members were placed.
    const members = instanceMembers(st.input.index, top);
    const node = st.out.node.get(members[0]!);
    if (role !== undefined && st.out.roles.get(members[0]!)?.role !== role) continue;
    if (node && members.every((m) => st.out.node.get(m) === node)) out.push(node);
  }
  return out;
}

function promotionHooks(st: State, clone: CloneInfo): PromotionHooks {
  const { index, nodes, constraints } = st.input;
  return {
    members: (top) => instanceMembers(index, top),
    placedOn: (top) => {
      const members = instanceMembers(index, top);
      const node = st.out.node.get(members[0]!) ?? null;
      return node !== null && members.every((m) => st.out.node.get(m) === node) ? node : null;
    },
    promotedNow: (top, node) => st.input.promotedNow?.has(`${instanceMembers(index, top)[0]!}@${node}`) ?? false,
    promotable: (top) => instanceMembers(index, top).every((m) => {
      const meta = index.primitives.get(m)!.meta;
      return meta.managed && meta.targetRole !== 'unpromoted' && meta.targetRole !== 'stopped';
    }),
    failed: (top) => instanceMembers(index, top).some((m) => st.input.failed?.has(m) ?? false),
    attributes: (node) => nodes.nodes.get(node)?.attributes ?? {},
    recordedNames: (member, node) => st.input.recordedNames?.get(`${baseId(member)}@${node}`) ?? [],
    promotedLocations: (member) => st.input.promotedLocations?.get(member) ?? new Map(),
    primaryNodes: (c) => { allocate(st, c.primary); return placedNodes(st, c.primary, c.primaryRole); },
    dependentWeights: (c) => dependentPreferences(st, c),
    promotedWith: constraints.promotedWith.get(clone.id) ?? [],
    withPromoted: constraints.withPromoted.get(clone.id) ?? [],
  };
}

/**
 * What a resource colocated with a promoted role would like, scaled by the colocation: its own
 * scores, or its whole group's when it heads one (a node none of them may use stays banned).
 * What is colocated with it in turn does not count.
 */
function dependentPreferences(st: State, c: Colocation): Weights | undefined {
  const { index, nodes, base } = st.input;
  const info = index.primitives.get(c.dependent);
  if (info === undefined) return undefined;
  const members = info.group === undefined ? [c.dependent] : index.groups.get(info.group)!.members;
  const factor = c.score / INFINITY;
  const out: Weights = new Map();
  for (const node of nodes.order) {
    let sum = 0;
    for (const m of members) sum = addScores(sum, base.get(m)?.weights.get(node) ?? -INFINITY);
    out.set(node, Math.abs(sum) >= INFINITY ? (factor < 0 ? -sum : sum) : Math.trunc(sum * factor));
  }
  // One that can run nowhere has no preferences to give (they are rolled back).
  for (const [node, w] of out) if (w > -INFINITY && nodes.nodes.get(node)?.canRun === true) return out;
  return undefined;
}

function placeRoles(st: State, clone: CloneInfo): void {
  const plans = assignRoles(promotionHooks(st, clone), clone, clone.instances);
  for (const [top, plan] of plans) for (const m of instanceMembers(st.input.index, top)) st.out.roles.set(m, plan);
}

function cloneHooks(st: State): CloneHooks {
  const { index, nodes } = st.input;
  return {
    nodeOrder: nodes.order,
    members: (top) => instanceMembers(index, top),
    canRun: (node) => canRun(nodes, node),
    baseOf: (rsc) => st.input.base.get(rsc)!.weights,
    current: (rsc) => st.input.current.get(rsc) ?? [],
    failed: (rsc) => st.input.failed?.has(rsc) ?? false,
    stopFailed: (rsc) => st.input.stopFailed?.has(rsc) ?? false,
    allocate: (id) => allocate(st, id),
    placedNodes: (id, role) => placedNodes(st, id, role),
    asDependent: (id) => st.input.constraints.asDependent.get(id) ?? [],
    choose: (rsc, w) => choose(st, rsc, w),
    assign: (rsc, node, w, reason) => {
      st.out.parts.set(rsc, new Map([...st.input.base.get(rsc)!.parts].map(([n, p]) => [n, [...p]])));
      st.out.weights.set(rsc, w);
      st.out.node.set(rsc, node);
      st.out.reasons.set(rsc, reason ? [reason] : []);
      if (node !== null) st.assignedCount.set(node, (st.assignedCount.get(node) ?? 0) + 1);
    },
    allocateMember: (rsc) => allocate(st, rsc),
    targetStopped: (rsc) => index.primitives.get(rsc)!.meta.targetRole === 'stopped',
    managed: (rsc) => index.primitives.get(rsc)!.meta.managed,
    promotionPreference: (top, node) => {
      const members = instanceMembers(index, top);
      const clone = index.clones.get(index.primitives.get(members[0]!)!.clone ?? '');
      if (clone?.promotable !== true) return 0;
      // An anonymous clone's score on a node belongs to the instance running there, if any.
      if (!clone.unique && clone.instances.some((other) => other !== top && (st.input.current.get(instanceMembers(index, other)[0]!) ?? []).includes(node))) return 0;
      let sum = 0;
      for (const m of members) sum = addScores(sum, promotionAttribute(nodes.nodes.get(node)?.attributes ?? {}, m, clone.unique) ?? 0);
      // A negative promotion score keeps an instance from being promoted, not from running.
      return Math.max(0, sum);
    },
  };
}

function allocate(st: State, rsc: string): void {
  if (st.out.node.has(rsc) || st.allocating.has(rsc)) return;
  const clone = st.input.index.clones.get(rsc);
  if (clone !== undefined) {
    if (placedNodes(st, rsc) !== undefined) return;
    st.allocating.add(rsc);
    placeClone(cloneHooks(st), clone);
    if (clone.promotable) placeRoles(st, clone);
    st.allocating.delete(rsc);
    return;
  }
  const info = st.input.index.primitives.get(rsc);
  if (info === undefined) assert(false, `placing unknown primitive ${rsc}`);
  st.allocating.add(rsc);
  st.out.parts.set(rsc, new Map(st.input.base.get(rsc)!.parts));
  let w: Weights = new Map(st.input.base.get(rsc)!.weights);
  for (const c of st.input.constraints.asDependent.get(rsc) ?? []) {
    allocate(st, c.primary);
    w = applyColocation(st, rsc, w, c);
  }
  for (const c of st.input.constraints.influencers.get(rsc) ?? []) {
    const before = w;
    w = merge(st, c.dependent, w, c.score / INFINITY, new Set([rsc]));
    if (w === before) continue; // nothing merged: no node changed
    const source = `preferences of ${c.dependent} (${c.id})`;
    for (const [node, weight] of w) if (weight !== before.get(node)) note(st, rsc, node, source, weight - (before.get(node) ?? 0));
  }
  st.out.weights.set(rsc, w);
  const reasons: string[] = [];
  let chosen: string | null;
  const current = st.input.current.get(rsc) ?? [];
  if (info.meta.targetRole === 'stopped') { chosen = null; reasons.push('target-role is Stopped'); }
  else if (!info.meta.managed) {
    chosen = current[0] ?? null;
    reasons.push('unmanaged: left where it is');
    // Left where its scores forbid it: what must run with it cannot follow it there.
    if (chosen !== null && (w.get(chosen) ?? -INFINITY) <= -INFINITY) st.strandedUnmanaged.add(rsc);
  }
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
  /** A clone: placed as a whole (members holds its first instance, for sorting). */
  clone?: boolean;
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
    if (p.clone !== undefined) {
      if (seen.has(p.clone)) continue;
      seen.add(p.clone);
      const c = index.clones.get(p.clone)!;
      out.push({ id: c.id, members: [id], priority: c.meta.priority, configOrder: out.length, clone: true });
    } else if (p.group) {
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
    const factor = (c.score < 0 ? -1 : 1) * Math.abs(c.score) / INFINITY;
    const clone = st.input.index.clones.get(c.primary);
    w = clone === undefined ? merge(st, c.primary, w, factor, new Set()) : mergeClone(st, clone, w, factor);
  }
  return w;
}

/** Adds a clone primary's scores (on each node, its best instance's) to what follows it, scaled;
 *  nothing when the result could run nowhere. */
function mergeClone(st: State, clone: CloneInfo, w: Weights, factor: number): Weights {
  const out: Weights = new Map();
  let runnable = false;
  for (const [node, weight] of w) {
    let best = -INFINITY;
    for (const top of clone.instances) best = Math.max(best, st.input.base.get(instanceMembers(st.input.index, top)[0]!)?.weights.get(node) ?? -INFINITY);
    const scaled = Math.abs(best) >= INFINITY ? (factor < 0 ? -best : best) : Math.trunc(best * factor);
    const next = factor < 0 && best < 0 ? weight : addScores(weight, scaled);
    out.set(node, next);
    if (next >= 0 && canRun(st.input.nodes, node)) runnable = true;
  }
  return runnable ? out : w;
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
  const out: Placement = { node: new Map(), weights: new Map(), parts: new Map(), reasons: new Map(), order: [], roles: new Map() };
  const st: State = { input, out, allocating: new Set(), assignedCount: new Map(), strandedUnmanaged: new Set() };
  for (const r of sortTopLevel(st, topLevel(input.index))) {
    out.order.push(r.id);
    if (r.clone) allocate(st, r.id);
    else for (const m of r.members) allocate(st, m);
  }
  assert(out.node.size === input.index.primitives.size, 'every primitive must be placed or refused');
  return out;
}
