// Stage 5: the transition graph. Actions come straight from the reconcile buckets (never
// reclassified here): fencing, probes, stops, starts, live-migration steps, recurring
// monitors and group milestones; edges from the order constraints, stop-before-start,
// probe-before-start and fence-before-recovery; then the unfencing of nodes (unfencing.ts).
import type { Action, ActionId, Edge, Reason } from './types.ts';
import type { Reconciled, Decision } from './reconcile.ts';
import type { NodesView } from './nodes.ts';
import type { ResourceIndex } from './resources.ts';
import type { Unpacked } from './unpack.ts';
import { actionId } from './types.ts';
import { assert } from '../assert.ts';
import { baseId } from './clones.ts';
import { addRoleActions, demotesBeforePromotes, monitorsRole } from './role-actions.ts';
import { unfencingOf } from './unfencing.ts';

interface Builder {
  actions: Map<ActionId, Action>;
  edges: Edge[];
}

function add(b: Builder, action: Omit<Action, 'id'>, id: string): ActionId {
  const aid = actionId(id);
  if (!b.actions.has(aid)) {
    (action as Action).id = aid;
    b.actions.set(aid, action as Action);
  }
  return aid;
}

const PROBE_REASON: Reason = { code: 'probe', text: 'state on this node unknown' };
const MONITOR_REASON: Reason = { code: 'monitor', text: 'recurring monitor after start' };

/** The decision's own reason (made where it was decided); else what its bucket says. */
function reasonOf(d: Decision): Reason {
  if (d.bucket.kind === 'recover') return { code: 'failed', text: d.reason ?? 'recover', cause: d.resource };
  if (d.bucket.kind === 'migrate') return { code: 'migration', text: d.reason ?? 'migrate' };
  if (d.why !== undefined && d.why.text !== '') return d.why;
  return { code: d.why?.code ?? 'placement', text: d.bucket.kind, ...(d.why?.cause === undefined ? {} : { cause: d.why.cause }) };
}

function stopsAndStarts(b: Builder, d: Decision, index: ResourceIndex, nodes: NodesView): void {
  const reason = reasonOf(d);
  const runnable = !d.blocked;
  const bk = d.bucket;
  // A move or recovery of a resource active on several nodes stops it on every one of them.
  const stopNodes = bk.kind === 'stop' ? bk.nodes : bk.kind === 'migrate' ? [bk.from]
    : bk.kind === 'move' || bk.kind === 'recover' ? [bk.from, ...d.current.filter((n) => n !== bk.from)]
      : bk.kind === 'restart' ? d.current : [];
  const startNode = bk.kind === 'start' || bk.kind === 'restart' ? bk.node : bk.kind === 'move' || bk.kind === 'recover' ? bk.to : undefined;
  const stops = stopNodes.map((node) => {
    const fenceFirst = nodes.nodes.get(node)?.fence !== undefined;
    const id = add(b, { kind: fenceFirst ? 'pseudo' : 'stop', resource: d.resource, node, runnable, reason, milestone: fenceFirst ? 'stopped' : undefined }, `${d.resource}:stop@${node}`);
    if (fenceFirst) b.edges.push({ kind: 'fenceBefore', first: actionId(`${node}:fence`), then: id });
    return id;
  });
  if (bk.kind === 'reload') add(b, { kind: 'reload', resource: d.resource, node: bk.node, runnable, reason }, `${d.resource}:reload@${bk.node}`);
  if (bk.kind === 'migrate') {
    const to = add(b, { kind: 'migrate_to', resource: d.resource, node: bk.from, runnable, reason }, `${d.resource}:migrate_to@${bk.from}`);
    const from = add(b, { kind: 'migrate_from', resource: d.resource, node: bk.to, runnable, reason }, `${d.resource}:migrate_from@${bk.to}`);
    b.edges.push({ kind: 'migrationStep', first: to, then: from }, { kind: 'migrationStep', first: from, then: stops[0]! });
  }
  let start: ActionId | undefined;
  if (startNode !== undefined) {
    start = add(b, { kind: 'start', resource: d.resource, node: startNode, runnable, reason }, `${d.resource}:start@${startNode}`);
    for (const s of stops) b.edges.push({ kind: 'after', first: s, then: start, source: 'stop before start' });
    // A resource that requires fencing starts only once every node being fenced is (Pacemaker
    // orders such starts after each fencing of the transition): one that was never probed may
    // run it unseen (chaos seed 839, a coordinator that started knowing nothing).
    const requires = index.primitives.get(d.resource)?.meta.requires;
    if (requires === 'fencing' || requires === 'unfencing') {
      for (const [name, n] of nodes.nodes) if (n.fence !== undefined) b.edges.push({ kind: 'fenceBefore', first: actionId(`${name}:fence`), then: start! });
    }
  }
  // Instances of promotable clones: demote and promote, and the monitors of the role they end in.
  const stopsByNode = new Map(stopNodes.map((node, i) => [node, stops[i]!]));
  const after = addRoleActions({ add: (a, id) => add(b, a, id), edges: b.edges }, d, stopsByNode, start === undefined ? undefined : { node: startNode!, id: start }, reason);
  const monitorNode = startNode ?? d.target ?? undefined;
  if (after !== undefined && monitorNode !== undefined) monitors(b, d, index, monitorNode, after, d.roles?.to === 'Promoted');
}

function monitors(b: Builder, d: Decision, index: ResourceIndex, node: string, after: ActionId, promoted: boolean): void {
  const info = index.primitives.get(d.resource);
  for (const op of info?.def.operations ?? []) {
    if (op.name !== 'monitor' || op.intervalMs === 0 || !op.enabled) continue;
    if (!monitorsRole(op, promoted)) continue;
    const id = add(b, { kind: 'monitor', resource: d.resource, node, intervalMs: op.intervalMs, runnable: !d.blocked, reason: MONITOR_REASON }, `${d.resource}:monitor_${op.intervalMs}@${node}`);
    b.edges.push({ kind: 'after', first: after, then: id, source: 'monitor after start' });
  }
}

/** Nodes where some instance of an anonymous clone member is known (`member@node`): one probe per node is enough. */
function anonymousKnown(index: ResourceIndex, unpacked: Unpacked): Set<string> {
  const out = new Set<string>();
  if (index.clones.size === 0) return out;
  for (const [id, states] of unpacked.byResource) {
    const info = index.primitives.get(id);
    if (info?.clone === undefined || info.uniqueInstance) continue;
    for (const s of states) if (s.known) out.add(`${baseId(id)}@${s.node}`);
  }
  return out;
}

function probes(b: Builder, d: Decision, unpacked: Unpacked, nodes: NodesView, index: ResourceIndex, cloneKnown: Set<string>): void {
  const known = new Set<string>();
  const info = index.primitives.get(d.resource);
  if (info?.clone !== undefined && !info.uniqueInstance) {
    // Anonymous instances are interchangeable: instance 0 probes the nodes no instance knows.
    if (info.instance !== 0) return;
    for (const name of nodes.order) if (cloneKnown.has(`${baseId(d.resource)}@${name}`)) known.add(name);
  }
  for (const s of unpacked.byResource.get(d.resource) ?? []) if (s.known) known.add(s.node);
  const start = b.actions.get(actionId(`${d.resource}:start@${d.target ?? ''}`));
  for (const name of nodes.order) {
    const n = nodes.nodes.get(name)!;
    if (known.has(name) || (n.state !== 'online' && n.state !== 'standby')) continue;
    const id = add(b, { kind: 'probe', resource: d.resource, node: name, intervalMs: 0, runnable: true, reason: PROBE_REASON }, `${d.resource}:probe@${name}`);
    if (start) b.edges.push({ kind: 'probeBefore', first: id, then: start.id });
  }
}

/**
 * Orderings wait for the probes of the other side. What starts after a resource waits for that
 * resource's probes: one believed running (a start pending when its node rejoined) has no
 * start of its own to wait for, and its probe may find it stopped (chaos seed 440). And a
 * resource stops only once what starts after it has been probed: one whose state is unknown
 * has no stop of its own to go first, yet may be running (chaos seed 75).
 */
function probesBeforeDependents(b: Builder, rec: Reconciled): void {
  const byKind = { probe: new Map<string, ActionId[]>(), start: new Map<string, ActionId[]>(), stop: new Map<string, ActionId[]>() };
  for (const a of b.actions.values()) {
    if (a.resource === undefined || (a.kind !== 'probe' && a.kind !== 'start' && a.kind !== 'stop')) continue;
    const map = byKind[a.kind];
    (map.get(a.resource) ?? map.set(a.resource, []).get(a.resource)!).push(a.id);
  }
  if (byKind.probe.size === 0) return;
  const order = (probed: string, then: Map<string, ActionId[]>, resource: string): void => {
    for (const p of byKind.probe.get(probed) ?? []) {
      for (const t of then.get(resource) ?? []) b.edges.push({ kind: 'probeBefore', first: p, then: t });
    }
  };
  for (const e of rec.network.edges) {
    const first = rec.network.acts.get(e.first)!, then = rec.network.acts.get(e.then)!;
    if (first.type !== 'start' || then.type !== 'start' || first.resource === then.resource) continue;
    order(first.resource, byKind.start, then.resource);
    order(then.resource, byKind.stop, first.resource);
  }
}

function orderEdges(b: Builder, rec: Reconciled, index: ResourceIndex): void {
  const ordered = new Set<string>();
  for (const e of rec.network.edges) {
    if (e.internal === true) continue;
    ordered.add(rec.network.acts.get(e.first)!.resource).add(rec.network.acts.get(e.then)!.resource);
  }
  const byKey = new Map<string, ActionId[]>();
  const withActions = new Set<string>();
  for (const a of b.actions.values()) {
    if (a.resource === undefined || !ordered.has(a.resource) || a.kind === 'probe' || a.kind === 'monitor') continue;
    withActions.add(a.resource);
    for (const key of [`${a.resource}:${a.kind}`, `${a.resource}:${a.kind}@${a.node ?? ''}`]) {
      (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(a.id);
    }
  }
  const lookup = (act: { resource: string; type: string; node?: string }): ActionId[] =>
    byKey.get(act.node === undefined ? `${act.resource}:${act.type}` : `${act.resource}:${act.type}@${act.node}`) ?? [];
  // A promotable clone's role milestones stand for its instances' promotions or demotions.
  const roles = roleMilestoneActions(b, index);
  const expand = (act: { resource: string; type: string; node?: string }): ActionId[] =>
    (act.node === undefined ? roles.get(`${act.resource}:${act.type}`) : undefined) ?? lookup(act);
  for (const e of rec.network.edges) {
    if (e.internal === true) continue;
    const first = rec.network.acts.get(e.first)!, then = rec.network.acts.get(e.then)!;
    // Most orderings join resources with nothing to do: skip them before building any key.
    if (!(withActions.has(first.resource) || roles.has(`${first.resource}:${first.type}`)) || !(withActions.has(then.resource) || roles.has(`${then.resource}:${then.type}`))) continue;
    for (const f of expand(first)) {
      for (const t of expand(then)) b.edges.push({ kind: 'after', first: f, then: t, source: e.source });
    }
  }
}

/** `clone:promote` and `clone:promoted` → its instances' promote actions; demote and demoted likewise. */
function roleMilestoneActions(b: Builder, index: ResourceIndex): Map<string, ActionId[]> {
  const out = new Map<string, ActionId[]>();
  for (const a of b.actions.values()) {
    if ((a.kind !== 'promote' && a.kind !== 'demote') || a.resource === undefined) continue;
    const clone = index.primitives.get(a.resource)?.clone;
    if (clone === undefined) continue;
    for (const key of a.kind === 'promote' ? [`${clone}:promote`, `${clone}:promoted`] : [`${clone}:demote`, `${clone}:demoted`]) {
      (out.get(key) ?? out.set(key, []).get(key)!).push(a.id);
    }
  }
  return out;
}

export interface GraphParts {
  actions: Action[];
  edges: Edge[];
}

/** Builds the graph's actions and edges. */
export function buildGraph(rec: Reconciled, index: ResourceIndex, nodes: NodesView, unpacked: Unpacked): GraphParts {
  const b: Builder = { actions: new Map(), edges: [] };
  for (const name of nodes.order) {
    const n = nodes.nodes.get(name)!;
    if (n.fence !== undefined) add(b, { kind: 'fence', node: name, runnable: true, reason: { code: 'unclean-node', text: n.fence } }, `${name}:fence`);
  }
  const cloneKnown = anonymousKnown(index, unpacked);
  for (const d of rec.decisions.values()) {
    if (!d.managed) continue;
    stopsAndStarts(b, d, index, nodes);
    probes(b, d, unpacked, nodes, index, cloneKnown);
  }
  demotesBeforePromotes(b.actions.values(), (rsc) => index.primitives.get(rsc)?.clone, b.edges);
  for (const o of rec.orphanStops) add(b, { kind: 'stop', resource: o.resource, node: o.node, runnable: true, reason: { code: 'orphan', text: 'no longer configured' } }, `${o.resource}:stop@${o.node}`);
  orderEdges(b, rec, index);
  probesBeforeDependents(b, rec);
  const unfencing = unfencingOf([...b.actions.values()], index, nodes);
  for (const a of unfencing.actions) add(b, a, a.id);
  b.edges.push(...unfencing.edges);
  for (const e of b.edges) assert(typeof e.first === 'string' && typeof e.then === 'string', 'edges name actions');
  return { actions: [...b.actions.values()], edges: b.edges };
}
