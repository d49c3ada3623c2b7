// Placement's inner loop: folding the (scaled) scores of the resources that must run with a
// resource into its weights, recursively along the colocation chain. A chain of n resources
// costs n² merges, so the whole chain works in place on one plain number array (one slot per
// key of the weights being merged) instead of copying a Map; the Map is rebuilt once, in the same key
// order, when the whole chain is done.
import type { Colocation } from './constraints.ts';
import type { NodesView } from './nodes.ts';
import type { BaseWeights, Weights } from './weights.ts';
import { addScores, INFINITY } from './score.ts';

export interface MergeContext {
  base: ReadonlyMap<string, BaseWeights>;
  nodes: NodesView;
  influencers: ReadonlyMap<string, Colocation[]>;
  /** Position of each node in `nodes.order`. */
  nodeIndex: Map<string, number>;
  /** Whether each node (by position) may run resources. */
  runs: boolean[];
  /** Each resource's own scores by node position (NaN: no score there), built on first use. */
  own: Map<string, Float64Array | null>;
}

export function mergeContext(base: ReadonlyMap<string, BaseWeights>, nodes: NodesView, influencers: ReadonlyMap<string, Colocation[]>): MergeContext {
  const nodeIndex = new Map<string, number>();
  nodes.order.forEach((name, i) => nodeIndex.set(name, i));
  const runs = nodes.order.map((name) => nodes.nodes.get(name)?.canRun ?? false);
  return { base, nodes, influencers, nodeIndex, runs, own: new Map() };
}

function ownScores(ctx: MergeContext, rsc: string): Float64Array | null {
  let own = ctx.own.get(rsc);
  if (own !== undefined) return own;
  const weights = ctx.base.get(rsc)?.weights;
  own = weights ? new Float64Array(ctx.runs.length).fill(Number.NaN) : null;
  if (weights && own) {
    for (const [node, score] of weights) {
      const i = ctx.nodeIndex.get(node);
      if (i !== undefined) own[i] = score;
    }
  }
  ctx.own.set(rsc, own);
  return own;
}

/**
 * One level: `work` plus rsc's own scores scaled by factor, then its dependents' (recursively).
 * Updates `work` in place and says whether it changed: a level's new values land in `scratch`
 * first (they are dropped when the resource could then run nowhere), and the recursion only
 * starts once they are copied back, so one scratch array serves the whole chain.
 */
function mergeLevel(ctx: MergeContext, at: Int32Array, rsc: string, work: Float64Array, scratch: Float64Array, factor: number, visiting: Set<string>): boolean {
  if (visiting.has(rsc)) return false;
  visiting.add(rsc);
  const own = ownScores(ctx, rsc);
  let runnable = false;
  for (let k = 0; k < work.length; k++) {
    const i = at[k]!;
    const nodeRuns = i >= 0 && ctx.runs[i]!;
    const ownScore = nodeRuns && own !== null ? own[i]! : Number.NaN;
    const score = Number.isNaN(ownScore) ? -INFINITY : ownScore;
    const weight = work[k]!;
    let merged = weight;
    if (!(factor < 0 && score < 0)) {
      const scaled = factor * score;
      let w = Math.trunc(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
      if (w === 0 && score !== 0) w = factor > 0 ? 1 : -1;
      merged = addScores(w, weight);
    }
    scratch[k] = merged;
    if (merged >= 0 && nodeRuns) runnable = true;
  }
  // A resource that could then run nowhere contributes nothing (and neither do its dependents).
  if (!runnable) {
    visiting.delete(rsc);
    return false;
  }
  work.set(scratch);
  for (const c of ctx.influencers.get(rsc) ?? []) {
    mergeLevel(ctx, at, c.dependent, work, scratch, (factor < 0 ? -1 : 1) * c.score / INFINITY, visiting);
  }
  visiting.delete(rsc);
  return true;
}

/** Adds a dependent's scores (scaled) to `work`, then its own dependents', recursively. */
export function mergeScores(ctx: MergeContext, rsc: string, work: Weights, factor: number, visiting: Set<string>): Weights {
  if (visiting.has(rsc)) return work;
  const keys: string[] = [];
  const at = new Int32Array(work.size);
  const values = new Float64Array(work.size);
  for (const [node, weight] of work) {
    at[keys.length] = ctx.nodeIndex.get(node) ?? -1;
    values[keys.length] = weight;
    keys.push(node);
  }
  if (!mergeLevel(ctx, at, rsc, values, new Float64Array(work.size), factor, visiting)) return work;
  const out: Weights = new Map();
  for (let k = 0; k < keys.length; k++) out.set(keys[k]!, values[k]!);
  return out;
}
