// Builds reconcile's action network from the unpacked state, the placement and the order
// constraints: one start per primitive (on its target), one stop per node it is active on,
// group milestones, and an edge per mandatory ordering.
import type { OrderEnd, Ordering } from './constraints.ts';
import type { PrimitiveInfo } from './resources.ts';
import type { ResourceOnNode } from './unpack.ts';
import type { ReconcileInput } from './reconcile.ts';
import { addCloneMilestones, addCloneMinOrder, addInterleavedOrder, addSameNodeRestarts, interleavedClones } from './clone-ordering.ts';
import { addAct, addEdge, newNetwork, type Act, type Network } from './network.ts';
import { addRoleActs, addRoleMilestones, roleEndpoint } from './role-network.ts';
import type { Reason } from './types.ts';

function fenced(input: ReconcileInput, node: string): boolean {
  return input.nodes.nodes.get(node)?.fence !== undefined;
}

const NODE_AVAILABILITY: Reason = { code: 'node-availability', text: 'node availability' };

function startBlockedReason(input: ReconcileInput, info: PrimitiveInfo, target: string, current: string[]): Reason | undefined {
  // An unmanaged resource running where it stays is as good as started for what follows it.
  if (!info.meta.managed) return current.includes(target) ? undefined : { code: 'unmanaged', text: 'unmanaged', cause: info.id };
  if (input.nodes.quorum || info.meta.requires === 'nothing') return undefined;
  if (input.quorumPolicy === 'stop' || input.quorumPolicy === 'suicide') return { code: 'no-quorum', text: 'no quorum' };
  if ((input.quorumPolicy === 'freeze' || input.quorumPolicy === 'demote') && current.length === 0) return { code: 'quorum-freeze', text: 'quorum freeze' };
  return undefined;
}

function stopReason(input: ReconcileInput, s: ResourceOnNode, target: string | null, multiple: boolean, requiresUnfencing: boolean): Reason | undefined {
  if (target !== s.node || fenced(input, s.node)) return NODE_AVAILABILITY;
  if (s.failed) return { code: 'failed', text: 'failed', cause: `${s.resource}@${s.node}` };
  if (multiple) return { code: 'multiple-active', text: 'multiple active' };
  // A start still in flight is restarted with no words of its own (Pacemaker 2.1.5, params-3).
  if (s.digest === 'restart') return { code: 'definition-changed', text: s.pending !== undefined ? '' : 'resource definition change' };
  // Running where the node is not unfenced (unfencing was just turned on): restarted around the unfencing.
  if (requiresUnfencing && input.nodes.nodes.get(s.node)?.needsUnfencing === true) return { code: 'unfencing', text: 'required stonith' };
  return undefined;
}

function addPrimitive(net: Network, input: ReconcileInput, info: PrimitiveInfo, migrating: boolean): void {
  const states = (input.unpacked.byResource.get(info.id) ?? []).filter((s) => s.role !== 'stopped');
  const target = input.placement.node.get(info.id) ?? null;
  const current = states.map((s) => s.node);
  const multiple = states.length > 1;
  const stopKeys: string[] = [];
  for (const s of states) {
    const reason = stopReason(input, s, target, multiple, info.meta.requires === 'unfencing');
    const blocked = !info.meta.managed || (s.failure?.onFail === 'block') || (s.stopFailed && !fenced(input, s.node));
    // An unmanaged resource is never stopped by the cluster: nothing follows from its stop.
    stopKeys.push(addAct(net, { resource: info.id, type: 'stop', node: s.node, required: reason !== undefined && info.meta.managed, runnable: !blocked || fenced(input, s.node), reason, migrating }).key);
  }
  const blockedWhy = target === null ? NODE_AVAILABILITY : startBlockedReason(input, info, target, current);
  const start = addAct(net, {
    resource: info.id, type: 'start', required: target !== null && !current.includes(target),
    runnable: target !== null && blockedWhy === undefined, reason: blockedWhy, node: undefined, migrating, active: current.length > 0,
  });
  for (const stop of stopKeys) addEdge(net, { first: stop, then: start.key, propagation: 'restart', source: 'stop before start', internal: true });
  if (info.clone !== undefined && input.index.clones.get(info.clone)?.promotable === true) {
    addRoleActs(net, input, info.id, states.find((s) => s.role === 'promoted')?.node, stopKeys.map((k) => net.acts.get(k)!));
  }
}

function addGroup(net: Network, id: string, members: string[], stops: Map<string, Act[]>): void {
  const active = members.some((m) => (stops.get(m) ?? []).length > 0);
  const [start, running, stop, stopped] = (['start', 'running', 'stop', 'stopped'] as const).map((type) => addAct(net, { resource: id, type, required: false, runnable: true, active: type === 'running' && active }).key);
  const source = `group ${id}`;
  for (const [i, m] of members.entries()) {
    const memberStart = `${m}:start`;
    addEdge(net, { first: start!, then: memberStart, propagation: 'groupStart', source, blocksRunning: i === 0, internal: true });
    addEdge(net, { first: memberStart, then: running!, propagation: 'mandatory', source, internal: true });
    for (const memberStop of stops.get(m) ?? []) {
      addEdge(net, { first: stop!, then: memberStop.key, propagation: 'impliesThen', source, internal: true });
      addEdge(net, { first: memberStop.key, then: stopped!, propagation: 'impliesThen', source, internal: true });
    }
  }
}

function stopsByResource(net: Network): Map<string, Act[]> {
  const stops = new Map<string, Act[]>();
  for (const a of net.acts.values()) if (a.type === 'stop' && a.node !== undefined) (stops.get(a.resource) ?? stops.set(a.resource, []).get(a.resource)!).push(a);
  return stops;
}

/** The actions an order endpoint stands for ("first" side uses group completion milestones). */
function endpoint(net: Network, input: ReconcileInput, end: OrderEnd, side: 'first' | 'then', stops: Map<string, Act[]>): string[] {
  const role = end.action === 'promote' || end.action === 'demote' ? roleEndpoint(input, end.resource, end.action, side) : undefined;
  if (role !== undefined) return [role];
  const isGroup = input.index.groups.has(end.resource) || input.index.clones.has(end.resource);
  if (end.action === 'start' || end.action === 'promote') {
    return [isGroup && side === 'first' ? `${end.resource}:running` : `${end.resource}:start`];
  }
  if (isGroup) return [side === 'first' ? `${end.resource}:stopped` : `${end.resource}:stop`];
  return (stops.get(end.resource) ?? []).map((a) => a.key);
}

/**
 * A require-all=false set ordered before `thens`: they need only one of the set's members,
 * through one pseudo action per set (named like Pacemaker's "one-or-more:SET"), runnable
 * while any member's start is. A member starting does not restart what follows the set.
 */
function addOneOrMoreOrder(net: Network, set: string, firsts: string[], thens: string[], source: string): void {
  const name = `one-or-more:${set}`;
  const key = `${name}:running`;
  if (!net.acts.has(key)) addAct(net, { resource: name, type: 'running', required: false, runnable: true, label: name });
  const linked = (first: string, then: string): boolean => (net.out.get(first) ?? []).some((e) => e.then === then);
  for (const f of firsts) if (!linked(f, key)) addEdge(net, { first: f, then: key, propagation: 'anyRunnable', source });
  for (const t of thens) if (!linked(key, t)) addEdge(net, { first: key, then: t, propagation: 'mandatory', source });
}

/**
 * An optional order between two starts never blocks, but a first that restarts in this
 * transition restarts its then too (Pacemaker 2.1.5: rec-rsc-9 "due to required bar running";
 * a first starting anew does not, order-optional).
 */
function addOptionalOrder(net: Network, input: ReconcileInput, o: Ordering, stops: Map<string, Act[]>): void {
  const firsts = endpoint(net, input, o.first, 'first', stops);
  const thens = endpoint(net, input, o.then, 'then', stops);
  for (const f of firsts) for (const t of thens) addEdge(net, { first: f, then: t, propagation: 'optionalRestart', source: o.id });
}

function addOrderings(net: Network, input: ReconcileInput, stops: Map<string, Act[]>): void {
  const symmetrical = new Set(input.constraints.orderings.filter((o) => o.inverse).map((o) => o.id));
  for (const o of input.constraints.orderings) {
    if (o.kind === 'Optional' && !o.inverse && o.first.action === 'start' && o.then.action === 'start') { addOptionalOrder(net, input, o, stops); continue; }
    if (o.kind !== 'Mandatory') continue;
    const firsts = endpoint(net, input, o.first, 'first', stops);
    const thens = endpoint(net, input, o.then, 'then', stops);
    // A stop-first order passes runnability too: the then stop waits for a stop that may be blocked (unmanaged-stop-2).
    const propagation = o.inverse ? 'inverse' : o.first.action === 'start' || o.first.action === 'promote' || o.then.action === 'stop' ? 'mandatory' : 'impliesThen';
    const interleaved = interleavedClones(input, o);
    if (interleaved) { addInterleavedOrder(net, input, o, interleaved, stops, propagation); continue; }
    addSameNodeRestarts(net, input, o, stops, symmetrical.has(o.id));
    if (addCloneMinOrder(net, input, o, thens)) continue;
    if (o.oneOrMore !== undefined && !o.inverse && (o.first.action === 'start' || o.first.action === 'promote')) { addOneOrMoreOrder(net, o.oneOrMore, firsts, thens, o.id); continue; }
    const asymmetric = !o.inverse && !symmetrical.has(o.id);
    for (const f of firsts) for (const t of thens) addEdge(net, { first: f, then: t, propagation, source: o.id, asymmetric });
  }
}

/** Builds the action network; `migrating` lists primitives planned to migrate live.
 *  `primitiveActs`: how many actions (the first ones, in insertion order) are primitives'. */
export function buildNetworkCounted(input: ReconcileInput, migrating: ReadonlySet<string>): { net: Network; primitiveActs: number } {
  const net = newNetwork();
  for (const id of input.index.order) addPrimitive(net, input, input.index.primitives.get(id)!, migrating.has(id));
  const primitiveActs = net.acts.size;
  const stops = stopsByResource(net);
  for (const g of input.index.groups.values()) addGroup(net, g.id, g.members, stops);
  addCloneMilestones(net, input, stops);
  addRoleMilestones(net, input);
  addOrderings(net, input, stops);
  return { net, primitiveActs };
}

/** Builds the action network; `migrating` lists primitives planned to migrate live. */
export function buildNetwork(input: ReconcileInput, migrating: ReadonlySet<string>): Network {
  return buildNetworkCounted(input, migrating).net;
}

