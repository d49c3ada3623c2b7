// The order in which a node stops everything it runs on its own (quorum lost, shutdown), when
// no coordinator plans it: the reverse of the configured start order. A group's members and
// the two sides of every order constraint say what starts after what; whatever depends on
// something stops before it. Pure.
import type { ClusterConfig } from '../config/model.ts';
import { baseId, primitivesOf } from './clones.ts';
import { indexResources, type ResourceIndex } from './resources.ts';

/** The id an executor knows an instance by: anonymous clone instances share their child's. */
function runtimeId(index: ResourceIndex, primitive: string): string {
  const info = index.primitives.get(primitive);
  return info?.clone !== undefined && !info.uniqueInstance ? baseId(primitive) : primitive;
}

/**
 * How deep each primitive (by runtime id) sits in the start order: 0 for one nothing must start
 * before, else one more than the deepest of its prerequisites. A cycle (which the scheduler
 * would refuse anyway) stops deepening after one pass per primitive.
 */
export function startDepths(config: ClusterConfig): Map<string, number> {
  const index = indexResources(config);
  const before = new Map<string, Set<string>>();
  const require = (first: string[], then: string[]): void => {
    for (const t of then.map((p) => runtimeId(index, p))) {
      const set = before.get(t) ?? new Set<string>();
      for (const f of first.map((p) => runtimeId(index, p))) if (f !== t) set.add(f);
      before.set(t, set);
    }
  };
  for (const group of index.groups.values()) {
    group.members.forEach((m, i) => { if (i > 0) require([group.members[i - 1]!], [m]); });
  }
  for (const c of config.constraints) {
    if (c.kind === 'order') require(primitivesOf(index, c.first), primitivesOf(index, c.then));
  }
  const depth = new Map<string, number>([...index.primitives.keys()].map((p) => [runtimeId(index, p), 0]));
  for (let pass = 0; pass < depth.size; pass++) {
    let changed = false;
    for (const [id, firsts] of before) {
      const d = Math.max(...[...firsts].map((f) => (depth.get(f) ?? 0) + 1));
      if (d > (depth.get(id) ?? 0)) { depth.set(id, d); changed = true; }
    }
    if (!changed) break;
  }
  return depth;
}

/** `ids` (newest start first) reordered so that whatever depends on another stops before it. */
export function stopOrder(config: ClusterConfig, ids: readonly string[]): string[] {
  const depth = startDepths(config);
  // A stable sort: among equals, the newest start still stops first.
  return [...ids].sort((a, b) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0));
}
