// Placement of a clone's instances. The clone's colocations (as dependent) are applied once
// to a clone-wide node table that gates every instance; then active instances are kept where
// they run when that node is as good as any (at most clone-max in all, clone-node-max per
// node, and no more than an even share per node at first); the rest go to the best node left.
import type { Weights } from './weights.ts';
import type { CloneInfo } from './clones.ts';
import type { Colocation, InstanceRole } from './constraints.ts';
import { addScores, INFINITY } from './score.ts';

/** What clone placement needs from the primitive placement it is part of. */
export interface CloneHooks {
  nodeOrder: readonly string[];
  /** The primitives of one instance (one, or a cloned group's members in order). */
  members(top: string): string[];
  canRun(node: string): boolean;
  /** The primitive's base weights (location, stickiness, failure bans). */
  baseOf(rsc: string): Weights;
  current(rsc: string): string[];
  failed(rsc: string): boolean;
  /** An instance whose stop failed is only stopped (after fencing), never placed again. */
  stopFailed(rsc: string): boolean;
  /** Places a resource (primitive, or clone) the clone depends on. */
  allocate(id: string): void;
  /** Nodes the resource was placed on; undefined while it is still being placed. */
  placedNodes(id: string, role?: InstanceRole): string[] | undefined;
  asDependent(id: string): Colocation[];
  /** Picks the best node (Pacemaker's tie-breaks), or null. */
  choose(rsc: string, w: Weights): string | null;
  /** Records the decision for one primitive (node null: not placed). */
  assign(rsc: string, node: string | null, w: Weights, reason?: string): void;
  /** Places the remaining members of a cloned group after its first member. */
  allocateMember(rsc: string): void;
  targetStopped(rsc: string): boolean;
  managed(rsc: string): boolean;
  /** An instance's promotion score on a node where its agent set one (0 elsewhere, and for
   *  clones that are not promotable): instances go where they can be promoted. */
  promotionPreference(top: string, node: string): number;
}

/** Clone-wide scores from colocations where the clone is the dependent. */
function cloneGate(h: CloneHooks, clone: CloneInfo): Map<string, number> {
  const gate = new Map<string, number>(h.nodeOrder.map((n) => [n, 0]));
  for (const c of h.asDependent(clone.id)) {
    h.allocate(c.primary);
    const placed = h.placedNodes(c.primary, c.primaryRole);
    if (placed === undefined || (placed.length === 0 && c.score < 0)) continue;
    const on = new Set(placed);
    for (const [node, w] of gate) {
      if (on.has(node)) { if (c.score < INFINITY) gate.set(node, addScores(w, c.score)); }
      else if (c.score >= INFINITY) gate.set(node, -INFINITY);
      else if (placed.length === 0) gate.set(node, addScores(w, -c.score));
    }
  }
  return gate;
}

/** Active instances first (on nodes that can still run them), then failed ones, then the others, by number. */
function sortInstances(h: CloneHooks, clone: CloneInfo): string[] {
  const rank = (top: string): number => {
    const first = h.members(top)[0]!;
    const cur = h.current(first)[0];
    if (cur === undefined) return 3;
    // One that may not stay where it runs is only stopped there: it does not take a node
    // before the instances that are not running yet (clone-no-shuffle).
    if ((h.baseOf(first).get(cur) ?? -INFINITY) <= -INFINITY && h.canRun(cur)) return 4;
    if (h.failed(first)) return 2;
    return h.canRun(cur) ? 0 : 1;
  };
  // Among instances not running yet, the one that can score best goes first (unique clones'
  // instances differ: promoted-11).
  const best = (top: string): number => {
    let max = -INFINITY;
    for (const node of h.nodeOrder) if (h.canRun(node)) max = Math.max(max, addScores(h.baseOf(h.members(top)[0]!).get(node) ?? -INFINITY, h.promotionPreference(top, node)));
    return max;
  };
  return clone.instances.map((top, i) => ({ top, i, r: rank(top), b: rank(top) === 3 ? best(top) : 0 }))
    .sort((a, b) => a.r - b.r || b.b - a.b || a.i - b.i).map((x) => x.top);
}


interface Pass {
  count: Map<string, number>;
  allocated: number;
  done: Set<string>;
}

function instanceWeights(h: CloneHooks, clone: CloneInfo, top: string, gate: Map<string, number>, pass: Pass): Weights {
  const members = h.members(top);
  const w: Weights = new Map();
  for (const [node, own] of h.baseOf(members[0]!)) {
    let score = addScores(addScores(own, gate.get(node) ?? 0), h.promotionPreference(top, node));
    // A later member that cannot run here does not keep the group's first members away: the
    // group runs as far as it can (Pacemaker places members one by one, bug-1822).
    for (const m of members.slice(1)) {
      const own = h.baseOf(m).get(node) ?? -INFINITY;
      if (own > -INFINITY) score = addScores(score, own);
    }
    if ((gate.get(node) ?? 0) < 0 || (pass.count.get(node) ?? 0) >= clone.nodeMax || !h.canRun(node)) score = -INFINITY;
    w.set(node, score);
  }
  return w;
}

function assignInstance(h: CloneHooks, top: string, node: string | null, w: Weights, pass: Pass, reason?: string): void {
  const members = h.members(top);
  h.assign(members[0]!, node, w, reason);
  for (const m of members.slice(1)) h.allocateMember(m);
  pass.done.add(top);
  if (node !== null) {
    pass.count.set(node, (pass.count.get(node) ?? 0) + 1);
    pass.allocated++;
  }
}

/** Keeps an active instance where it runs when that node is as good as the best. */
function preassign(h: CloneHooks, clone: CloneInfo, top: string, gate: Map<string, number>, pass: Pass, shareMax: number): void {
  const first = h.members(top)[0]!;
  const cur = h.current(first)[0];
  if (cur === undefined || h.failed(first) || !h.canRun(cur) || (gate.get(cur) ?? 0) < 0) return;
  if ((pass.count.get(cur) ?? 0) >= shareMax) return;
  const w = instanceWeights(h, clone, top, gate, pass);
  const here = w.get(cur);
  if (here === undefined || here < 0) return;
  let best = -INFINITY;
  for (const v of w.values()) best = Math.max(best, v);
  if (here >= best) assignInstance(h, top, cur, w, pass);
}

/** Places every instance of a clone. */
export function placeClone(h: CloneHooks, clone: CloneInfo): void {
  const gate = cloneGate(h, clone);
  const order = sortInstances(h, clone);
  const pass: Pass = { count: new Map(), allocated: 0, done: new Set() };
  const available = h.nodeOrder.filter((n) => h.canRun(n)).length;
  const shareMax = Math.max(1, available > 0 ? Math.floor(clone.max / available) : 1);
  for (const top of order) {
    const first = h.members(top)[0]!;
    if (pass.allocated >= clone.max) break;
    if (!h.managed(first) || h.targetStopped(first)) continue;
    preassign(h, clone, top, gate, pass, shareMax);
  }
  for (const top of order) {
    if (pass.done.has(top)) continue;
    const first = h.members(top)[0]!;
    const w = instanceWeights(h, clone, top, gate, pass);
    if (!h.managed(first)) { assignInstance(h, top, h.current(first)[0] ?? null, w, pass, 'unmanaged: left where it is'); continue; }
    if (h.targetStopped(first)) { assignInstance(h, top, null, w, pass, 'target-role is Stopped'); continue; }
    if (h.stopFailed(first)) { assignInstance(h, top, null, w, pass, 'its stop failed: it is stopped, not placed again'); continue; }
    if (pass.allocated >= clone.max) { assignInstance(h, top, null, w, pass, `clone-max (${clone.max}) instances already placed`); continue; }
    const node = h.choose(first, w);
    assignInstance(h, top, node, w, pass, node === null ? 'no node can run it (every score is negative or the nodes are unavailable)' : undefined);
  }
}
