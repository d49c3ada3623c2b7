// The scheduler: a pure, deterministic function from (config, status, now) to a transition
// graph. Each stage is a typed input → output function in its own file; they are wired here,
// in this order, and only here.
import type { ClusterDocument } from '../config/model.ts';
import type { TransitionGraph } from './types.ts';
import { indexResources, parseDurationS, type ResourceIndex } from './resources.ts';
import { activeNodes, attributeFailCount, nodeFailIndexes, unpackStatus, type ResourceOnNode, type Unpacked } from './unpack.ts';
import { requestFence, viewNodes, type NodesView } from './nodes.ts';
import { applyFailurePolicies } from './failures.ts';
import { indexConstraints } from './constraints.ts';
import { baseWeights, promotedLocationWeights, type BaseWeights, type Weights } from './weights.ts';
import type { ConstraintIndex } from './constraints.ts';
import { place } from './placement.ts';
import { reconcile } from './reconcile.ts';
import { buildGraph } from './graph.ts';
import { recoveriesLeft } from './recovery-left.ts';
import { summaryItems } from './summary.ts';
import { explain } from './explain.ts';
import { matchCloneHistory } from './clone-history.ts';
import { baseId } from './clones.ts';
import { assert } from '../assert.ts';
import { parseBoolean } from '../config/scalars.ts';

export type { TransitionGraph, Action, ActionId, Edge, Explanation, SummaryItem } from './types.ts';
export { formatSummary, formatItem } from './summary.ts';
export { formatExplanation } from './explain.ts';

export interface ScheduleOptions {
  /** Seconds since the epoch: failure-timeout expiry and date rules are judged against it. */
  now: number;
}

/**
 * History on nodes that are cleanly offline says nothing about what runs now: their resources
 * were stopped when the node left. Except where the cluster could not stop them: on a node in
 * maintenance, or a resource that is unmanaged. Those still count as running there.
 */
function dropOfflineHistory(unpacked: Unpacked, nodes: NodesView, index: ResourceIndex): Unpacked {
  const online = (node: string): boolean => nodes.nodes.get(node)?.state !== 'offline';
  if (nodes.order.every(online)) return unpacked; // nothing to drop: skip copying every list
  const keep = (s: ResourceOnNode): boolean => online(s.node) || nodes.nodes.get(s.node)?.maintenance === true
    || (s.role !== 'stopped' && index.primitives.get(s.resource)?.meta.managed === false);
  const byResource = new Map([...unpacked.byResource].map(([id, states]) => [id, states.filter(keep)]));
  return { byResource, orphans: unpacked.orphans.filter((s) => online(s.node)) };
}

/**
 * A resource that does not require fencing (a fence device, requires=quorum or nothing) and
 * runs on a clean node is not multiply active because of a copy on a node being fenced: the
 * fencing ends that copy (Pacemaker counts only clean nodes for such resources,
 * multiply-active-stonith).
 */
function dropFencedCopies(unpacked: Unpacked, index: ResourceIndex, nodes: NodesView): Unpacked {
  const fenced = (node: string): boolean => nodes.nodes.get(node)?.fence !== undefined;
  if (!nodes.order.some(fenced)) return unpacked;
  let changed = false;
  const byResource = new Map(unpacked.byResource);
  for (const [id, states] of unpacked.byResource) {
    const requires = index.primitives.get(id)?.meta.requires;
    if (requires === undefined || requires === 'fencing' || requires === 'unfencing') continue;
    if (!states.some((s) => s.role !== 'stopped' && !fenced(s.node))) continue;
    const kept = states.filter((s) => s.role === 'stopped' || !fenced(s.node));
    if (kept.length !== states.length) { byResource.set(id, kept); changed = true; }
  }
  return changed ? { byResource, orphans: unpacked.orphans } : unpacked;
}

/**
 * shutdown-lock: a resource (not a fence device) active on a node shutting down cleanly is
 * locked to it, so it stops rather than moves; one whose history records a lock on a node now
 * cleanly offline stays stopped until the lock expires (shutdown-lock-limit, 0 = never) or the
 * node returns.
 */
function shutdownLocks(doc: ClusterDocument, index: ResourceIndex, raw: Unpacked, nodes: NodesView, nowS: number): Map<string, string> {
  const locks = new Map<string, string>();
  if (parseBoolean(doc.config.options.other['shutdown-lock'] ?? 'false') !== true) return locks;
  const limitS = parseDurationS(doc.config.options.other['shutdown-lock-limit']);
  for (const [id, states] of raw.byResource) {
    if (index.primitives.get(id)?.def.class === 'stonith') continue;
    for (const s of states) if (s.role !== 'stopped' && nodes.nodes.get(s.node)?.state === 'shutdown') locks.set(id, s.node);
  }
  for (const h of doc.status.history) {
    if (h.shutdownLockS === undefined || locks.has(h.resource) || nodes.nodes.get(h.node)?.state !== 'offline') continue;
    if (limitS > 0 && nowS >= h.shutdownLockS + limitS) continue;
    if (index.primitives.get(h.resource)?.def.class !== 'stonith') locks.set(h.resource, h.node);
  }
  return locks;
}

/** no-quorum-policy=suicide fences the partition only once it lost the quorum it had; a
 *  partition that never had quorum acts as with stop (Pacemaker's no-quorum-panic). */
function applyQuorumPolicy(doc: ClusterDocument, nodes: NodesView): void {
  if (nodes.quorum || doc.config.options.noQuorumPolicy !== 'suicide' || !doc.config.options.fencingEnabled) return;
  if (doc.status.quorumLost !== true) return;
  for (const name of nodes.order) {
    const state = nodes.nodes.get(name)!.state;
    if (state !== 'offline' && state !== 'unclean') requestFence(nodes, name, 'cluster does not have quorum');
  }
}

/** Every promotable instance member's role=Promoted location scores. */
function promotedLocationsOf(index: ResourceIndex, constraints: ConstraintIndex, nodes: NodesView, nowS: number): Map<string, Weights> {
  const out = new Map<string, Weights>();
  for (const [id, info] of index.primitives) {
    if (info.clone === undefined || index.clones.get(info.clone)?.promotable !== true) continue;
    out.set(id, promotedLocationWeights(constraints.locations.get(id) ?? [], nodes, nowS).weights);
  }
  return out;
}

export function schedule(doc: ClusterDocument, opts: ScheduleOptions): TransitionGraph {
  assert(Number.isFinite(opts.now), 'schedule needs `now` in seconds since the epoch');
  const nowS = doc.status.now ?? opts.now;
  const options = doc.config.options;
  // 0. Index: flatten groups, resolve meta against parents and defaults.
  const configured = indexResources(doc.config);
  // 1. Unpack: replay each history into roles, failures, fail-counts, digests (anonymous clone
  // histories first matched to instances).
  const history = matchCloneHistory(doc, configured, nowS);
  const rawUnpacked = unpackStatus(history === doc.status.history ? doc : { ...doc, status: { ...doc.status, history } }, configured, nowS);
  // 2. Nodes: states, quorum, fencing of unclean nodes; then on-fail policies and suicide.
  const nodes = viewNodes(doc, rawUnpacked);
  const online = dropOfflineHistory(rawUnpacked, nodes, configured);
  const index = applyFailurePolicies(configured, online, nodes, options.fencingEnabled);
  // After the failure policies: they decide which further nodes are fenced.
  const unpacked = dropFencedCopies(online, configured, nodes);
  applyQuorumPolicy(doc, nodes);
  // 3. Scores and placement: constraints indexed by resource, own scores, then allocation.
  const constraints = indexConstraints(doc.config, index);
  const base = new Map<string, BaseWeights>();
  const current = new Map<string, string[]>();
  const failIndex = nodeFailIndexes(doc);
  const locks = shutdownLocks(doc, configured, rawUnpacked, nodes, nowS);
  for (const id of index.order) {
    const states = unpacked.byResource.get(id) ?? [];
    const info = index.primitives.get(id)!;
    current.set(id, activeNodes(states));
    const failCountOn = (node: string): number => attributeFailCount(failIndex, node, info, nowS);
    const lockedTo = locks.get(id);
    base.set(id, baseWeights({ info, states, constraints, nodes, symmetric: options.symmetricCluster, nowS, failCountOn, ...(lockedTo === undefined ? {} : { lockedTo }) }));
  }
  const failed = new Set<string>();
  const stopFailed = new Set<string>();
  const promotedNow = new Set<string>();
  for (const [id, states] of unpacked.byResource) {
    if (states.some((st) => st.failed && st.role !== 'stopped')) failed.add(id);
    if (states.some((st) => st.stopFailed)) stopFailed.add(id);
    for (const st of states) if (st.role === 'promoted') promotedNow.add(`${id}@${st.node}`);
  }
  const promotedLocations = promotedLocationsOf(index, constraints, nodes, nowS);
  const recordedNames = new Map<string, string[]>();
  for (const h of doc.status.history) {
    const key = `${baseId(h.resource)}@${h.node}`;
    (recordedNames.get(key) ?? recordedNames.set(key, []).get(key)!).push(h.resource);
  }
  const placement = place({ index, constraints, nodes, base, current, failed, stopFailed, promotedNow, promotedLocations, recordedNames });
  // 4. Reconcile: typed buckets, ordering consequences and live migrations, decided once.
  const stopOrphans = parseBoolean(options.other['stop-orphan-resources'] ?? 'true') !== false;
  const rec = reconcile({ index, constraints, nodes, unpacked, placement, quorumPolicy: options.noQuorumPolicy, stopOrphans });
  // 5. Graph: actions and ordering edges from the buckets.
  const built = buildGraph(rec, index, nodes, unpacked);
  const left = recoveriesLeft(built, doc, index, nowS);
  const graph = left.size === 0 ? built : { ...built, actions: built.actions.map((a) => (left.has(a.id) ? { ...a, recoveryLeft: left.get(a.id)! } : a)) };
  // 6. Summary and explanation.
  return {
    ...graph,
    explanation: explain(nodes, placement, rec),
    summary: summaryItems(rec, nodes, options.fencingAction, graph.actions),
  };
}
