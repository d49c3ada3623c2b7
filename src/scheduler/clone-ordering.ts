// Ordering with clones in the action network. A clone has four milestones like a group
// (start, running, stop, stopped): its start gates every instance start, it is running once
// any instance could start, any instance stop makes the clone's stop happen (so what is
// ordered after the clone stops first), and it is stopped after its instances' stops.
// An order between two clones with interleave=true on the dependent clone links instances
// on the same node instead of whole clones.
import type { Ordering } from './constraints.ts';
import type { ReconcileInput } from './reconcile.ts';
import type { CloneInfo } from './clones.ts';
import { instanceMembers, primitivesOf } from './clones.ts';
import { addAct, addEdge, silentlyBlockedBy, type Act, type Network, type Propagation } from './network.ts';

/** Adds every clone's milestones and their edges to the instances. */
export function addCloneMilestones(net: Network, input: ReconcileInput, stops: Map<string, Act[]>): void {
  for (const clone of input.index.clones.values()) {
    const id = clone.id;
    const active = clone.instances.some((top) => instanceMembers(input.index, top).some((m) => (stops.get(m) ?? []).length > 0));
    for (const type of ['start', 'running', 'stop', 'stopped'] as const) addAct(net, { resource: id, type, required: false, runnable: true, active: type === 'running' && active });
    for (const top of clone.instances) {
      for (const m of instanceMembers(input.index, top)) {
        addEdge(net, { first: `${id}:start`, then: `${m}:start`, propagation: 'cloneStart', source: `clone ${id}`, blocksRunning: true });
        addEdge(net, { first: `${m}:start`, then: `${id}:running`, propagation: 'anyRunnable', source: `clone ${id}` });
        for (const stop of stops.get(m) ?? []) {
          addEdge(net, { first: `${id}:stop`, then: stop.key, propagation: 'cloneStart', source: `clone ${id}` });
          addEdge(net, { first: stop.key, then: `${id}:stopped`, propagation: 'impliesThen', source: `clone ${id}` });
        }
      }
    }
  }
}

/** Nodes a primitive is active on now. */
function activeOn(input: ReconcileInput, rsc: string): string[] {
  return (input.unpacked.byResource.get(rsc) ?? []).filter((s) => s.role !== 'stopped').map((s) => s.node);
}

/** The node an instance is bound to for interleaving: where it will run (starts), or where it runs (stops). */
function instanceNode(input: ReconcileInput, top: string, stops: boolean): string | undefined {
  const first = instanceMembers(input.index, top)[0]!;
  return stops ? activeOn(input, first)[0] : input.placement.node.get(first) ?? undefined;
}

/**
 * A symmetrical, non-interleaved order "clone then X": an instance stopping on a node restarts
 * what is ordered after the clone and runs on that node (elsewhere it keeps running).
 */
export function addSameNodeRestarts(net: Network, input: ReconcileInput, o: Ordering, stops: Map<string, Act[]>, symmetrical: boolean): void {
  const clone = input.index.clones.get(o.first.resource);
  if (!clone || !symmetrical || o.inverse || o.first.action !== 'start' || o.then.action !== 'start') return;
  const byNode = new Map<string, string[]>();
  for (const p of primitivesOf(input.index, o.then.resource)) {
    for (const node of activeOn(input, p)) (byNode.get(node) ?? byNode.set(node, []).get(node)!).push(p);
  }
  for (const top of clone.instances) {
    for (const stop of stops.get(instanceMembers(input.index, top)[0]!) ?? []) {
      for (const p of byNode.get(stop.node!) ?? []) {
        addEdge(net, { first: stop.key, then: `${p}:start`, propagation: 'sameNodeRestart', source: o.id, reason: { code: 'required-by-order', text: `required ${clone.id} running`, cause: `${clone.id}:running` } });
      }
    }
  }
}

/** The clone whose interleave setting governs an order between two clones, if both are clones. */
export function interleavedClones(input: ReconcileInput, o: Ordering): { first: CloneInfo; then: CloneInfo } | undefined {
  const first = input.index.clones.get(o.first.resource), then = input.index.clones.get(o.then.resource);
  if (!first || !then) return undefined;
  const dependent = o.inverse ? first : then;
  const prerequisite = o.inverse ? then : first;
  // clone-min and require-all=false count instances cluster-wide, so they override interleaving.
  return dependent.interleave && prerequisite.min === 0 && o.oneOrMore === undefined ? { first, then } : undefined;
}

function blockStart(net: Network, input: ReconcileInput, top: string): void {
  for (const m of instanceMembers(input.index, top)) {
    const start = net.acts.get(`${m}:start`);
    if (start && start.runnable) { start.runnable = false; start.reason = silentlyBlockedBy(top); }
  }
}

/**
 * "clone then X" where the clone has clone-min: X may start only while at least clone-min
 * instances can run, through a pseudo action named like Pacemaker's. Returns false when the
 * order is not of that kind.
 */
export function addCloneMinOrder(net: Network, input: ReconcileInput, o: Ordering, thens: string[]): boolean {
  const clone = input.index.clones.get(o.first.resource);
  // require-all=false on the order asks for one instance, like clone-min=1.
  const min = Math.max(clone?.min ?? 0, o.oneOrMore !== undefined ? 1 : 0);
  if (!clone || min === 0 || o.inverse || o.first.action !== 'start') return false;
  const name = `clone-one-or-more:${o.id}`;
  const pseudo = addAct(net, { resource: name, type: 'running', required: false, runnable: true, label: name });
  net.inputsNeeded.set(pseudo.key, min);
  let inputs = 0;
  for (const top of clone.instances) {
    for (const m of instanceMembers(input.index, top)) {
      addEdge(net, { first: `${m}:start`, then: pseudo.key, propagation: 'anyRunnable', source: o.id });
      inputs++;
    }
  }
  if (inputs < min) { pseudo.runnable = false; pseudo.reason = { code: 'unrunnable-prerequisite', text: `clone-min ${min} exceeds the instances`, cause: clone.id }; }
  for (const t of thens) addEdge(net, { first: pseudo.key, then: t, propagation: 'mandatory', source: o.id });
  return true;
}

/** Instance-to-instance edges of an interleaved order, node by node. */
export function addInterleavedOrder(net: Network, input: ReconcileInput, o: Ordering, pair: { first: CloneInfo; then: CloneInfo }, stops: Map<string, Act[]>, propagation: Propagation): void {
  const byNode = new Map<string, string>();
  const stopSide = o.inverse || o.first.action === 'stop';
  for (const top of pair.first.instances) {
    const node = instanceNode(input, top, stopSide);
    if (node !== undefined && !byNode.has(node)) byNode.set(node, top);
  }
  const ends = (top: string, action: string, side: 'first' | 'then'): string[] => {
    const members = instanceMembers(input.index, top);
    if (action === 'start' || action === 'promote') return [`${side === 'first' ? members[members.length - 1]! : members[0]!}:start`];
    const m = side === 'first' ? members[0]! : members[members.length - 1]!;
    return (stops.get(m) ?? []).map((a) => a.key);
  };
  for (const top of pair.then.instances) {
    const node = instanceNode(input, top, stopSide);
    const match = node === undefined ? undefined : byNode.get(node);
    if (match === undefined) {
      // Nothing of the first clone will run on this node: this instance cannot start here.
      if (node !== undefined && !stopSide && propagation === 'mandatory') blockStart(net, input, top);
      continue;
    }
    for (const f of ends(match, o.first.action, 'first')) {
      for (const t of ends(top, o.then.action, 'then')) addEdge(net, { first: f, then: t, propagation: propagation === 'mandatory' ? 'cloneStart' : propagation, source: o.id });
    }
  }
}
