// The action network used by reconcile: one start and one stop per current node for every
// primitive, four milestones per group, and typed propagation edges. Two facts flow along
// the edges until nothing changes: "required" (this action must happen) and "unrunnable"
// (this action cannot happen). Both only ever flip one way, so the fixpoint is reached in
// time linear in the number of edges times a small constant.
import { assert } from '../assert.ts';
import type { Reason } from './types.ts';

export type ActType = 'start' | 'stop' | 'running' | 'stopped'
  /** Instances of promotable clones, and their clone's milestones (role-network.ts). */
  | 'promote' | 'demote' | 'promoted' | 'demoted';

export interface Act {
  key: string;
  resource: string;
  type: ActType;
  node?: string;
  required: boolean;
  runnable: boolean;
  /** Why it became required or unrunnable: a code, the action it points at, and Pacemaker's
   *  words ("required rsc1 start"), made where the fact is decided. */
  reason?: Reason;
  /** This action belongs to a live migration: it implies nothing for ordered resources. */
  migrating: boolean;
  /** How reasons name this action, when not "resource type" (clone-min pseudo actions). */
  label?: string;
  /** Starts and running milestones: the resource (or a member) is active now. */
  active: boolean;
  /** Why it became unrunnable through an edge (a required stop keeps its own reason above). */
  blockedBy?: Reason;
}

/** How facts cross an edge. */
export type Propagation =
  /** Forward mandatory order: first required ⇒ then required; first unrunnable ⇒ then unrunnable. */
  | 'mandatory'
  /** A group's start milestone → a member's start: like mandatory, but a blocked group only
   *  blocks members that must (re)start, and the reason passes through the milestone. */
  | 'groupStart'
  /** Same, without the runnability (mandatory orders whose first action is a stop). */
  | 'impliesThen'
  /** An optional order: never blocks; a first that restarts (active, its start required)
   *  restarts its then. A first starting anew does not. */
  | 'optionalRestart'
  /** Reverse of a symmetrical mandatory order (stops): then required ⇒ first required;
   *  first unrunnable ⇒ then unrunnable (a dependent that cannot stop blocks the stop). */
  | 'inverse'
  /** A resource's own stop → start: stop required ⇒ start required; start unrunnable while
   *  active ⇒ stop required. */
  | 'restart'
  /** A clone's start milestone (or an interleaved instance's start) → an instance's start:
   *  first required ⇒ then required; first unrunnable ⇒ then unrunnable, for instances that
   *  must start (running instances are left alone). */
  | 'cloneStart'
  /** An instance's start → its clone's running milestone: the milestone is unrunnable only
   *  when every instance start feeding it is. Nothing else flows: a new instance does not
   *  restart what is ordered after the clone. */
  | 'anyRunnable'
  /** A clone instance's stop → the start of a resource ordered after the clone and running on
   *  the same node: the instance stopping restarts it (with the edge's reason). */
  | 'sameNodeRestart'
  /** An instance's start → its promote, a clone's promote milestone → an instance's promote:
   *  only "cannot happen" flows, to a then that must happen (a start does not ask for a promotion). */
  | 'unrunnableOnly';

export interface NetEdge {
  first: string;
  then: string;
  propagation: Propagation;
  source: string;
  /** The reason a 'sameNodeRestart' edge gives. */
  reason?: Reason;
  /** From a clone's start milestone to an instance, or a group's to its first member: when the
   *  milestone cannot happen (an unrunnable mandatory prerequisite), a running then stops too. */
  blocksRunning?: boolean;
  /** From an order with symmetrical=false: stopping its first does not stop its then. */
  asymmetric?: boolean;
  /** Built by the scheduler itself (stop before start, group milestones), not from an order:
   *  the graph orders those actions by its own rules. */
  internal?: boolean;
}

export interface Network {
  acts: Map<string, Act>;
  edges: NetEdge[];
  out: Map<string, NetEdge[]>;
  in: Map<string, NetEdge[]>;
  /** For 'anyRunnable' milestones: how many inputs are still runnable. */
  liveInputs: Map<string, number>;
  /** For 'anyRunnable' milestones needing more than one runnable input (clone-min). */
  inputsNeeded: Map<string, number>;
  /** 'anyRunnable' edges whose first was already counted as unrunnable. */
  counted: Set<NetEdge>;
}

export function newNetwork(): Network {
  return { acts: new Map(), edges: [], out: new Map(), in: new Map(), liveInputs: new Map(), inputsNeeded: new Map(), counted: new Set() };
}

export function addAct(net: Network, act: Omit<Act, 'key' | 'migrating' | 'active'> & { migrating?: boolean; active?: boolean }): Act {
  const key = act.node !== undefined ? `${act.resource}:${act.type}@${act.node}` : `${act.resource}:${act.type}`;
  if (net.acts.has(key)) assert(false, `duplicate action ${key}`);
  // Every field written, in one order: one object shape for all actions (no spread).
  const full: Act = {
    key, resource: act.resource, type: act.type, node: act.node, required: act.required, runnable: act.runnable,
    reason: act.reason, migrating: act.migrating ?? false, label: act.label, active: act.active ?? false, blockedBy: undefined,
  };
  net.acts.set(key, full);
  return full;
}

export function addEdge(net: Network, edge: NetEdge): void {
  if (!net.acts.has(edge.first) || !net.acts.has(edge.then)) assert(false, `edge between unknown actions ${edge.first} → ${edge.then}`);
  net.edges.push(edge);
  (net.out.get(edge.first) ?? net.out.set(edge.first, []).get(edge.first)!).push(edge);
  (net.in.get(edge.then) ?? net.in.set(edge.then, []).get(edge.then)!).push(edge);
  if (edge.propagation === 'anyRunnable') net.liveInputs.set(edge.then, (net.liveInputs.get(edge.then) ?? 0) + 1);
}

function label(a: Act): string {
  return a.label ?? `${a.resource} ${a.type}`;
}

/** `then` must happen because `a` does (Pacemaker: "required A start"). */
function requiredBy(a: Act): Reason {
  return { code: 'required-by-order', text: `required ${label(a)}`, cause: a.key };
}

/** `then` cannot happen because `a` cannot (Pacemaker: "unrunnable A start"). */
function unrunnableBy(a: Act): Reason {
  return { code: 'unrunnable-prerequisite', text: `unrunnable ${label(a)}`, cause: a.key };
}

/** Cannot happen for want of `a`, shown with no words (clone instances with nothing to follow). */
export function silentlyBlockedBy(cause: string): Reason {
  return { code: 'unrunnable-prerequisite', text: '', cause };
}

const NODE_AVAILABILITY: Reason = { code: 'node-availability', text: 'node availability' };

function makeRequired(a: Act, reason: Reason | undefined, queue: string[]): void {
  if (a.required) { a.reason ??= reason; return; }
  a.required = true;
  a.reason ??= reason;
  queue.push(a.key);
}

function makeUnrunnable(a: Act, reason: Reason, queue: string[]): void {
  if (!a.runnable) return;
  a.runnable = false;
  a.reason = a.reason && a.required && a.type === 'stop' ? a.reason : reason;
  a.blockedBy = reason;
  queue.push(a.key);
}

/**
 * A mandatory order's first cannot happen. A then that must start cannot; one already running
 * must stop, except when its first is running and only stopping: then a symmetrical order stops
 * it (a primitive first says "required X start", as Pacemaker does), and an asymmetrical one
 * leaves it running (checked with crm_simulate 2.1.5 on primitives and clones).
 */
function unrunnableFirst(e: NetEdge, first: Act, then: Act, queue: string[]): void {
  if (then.required || !first.active) { makeUnrunnable(then, unrunnableBy(first), queue); return; }
  if (e.asymmetric === true) return;
  makeUnrunnable(then, first.type === 'start' && first.node === undefined && first.label === undefined ? requiredBy(first) : unrunnableBy(first), queue);
}

/** Facts a changed action pushes along one edge. `active` says whether a stop's resource runs on its node. */
function pushEdge(net: Network, e: NetEdge, changed: Act, queue: string[]): void {
  const first = net.acts.get(e.first)!, then = net.acts.get(e.then)!;
  switch (e.propagation) {
    case 'mandatory':
    case 'impliesThen':
      if (changed === first && first.required && !first.migrating) makeRequired(then, requiredBy(first), queue);
      if (e.propagation === 'mandatory' && (changed === first || changed === then) && !first.runnable) unrunnableFirst(e, first, then, queue);
      return;
    case 'optionalRestart':
      if (changed === first && first.required && first.active && !first.migrating) makeRequired(then, requiredBy(first), queue);
      return;
    case 'groupStart':
      if (changed === first && first.required && !first.migrating) makeRequired(then, first.reason ?? requiredBy(first), queue);
      if ((changed === first || changed === then) && !first.runnable && (then.required || e.blocksRunning === true)) makeUnrunnable(then, first.reason ?? unrunnableBy(first), queue);
      return;
    case 'inverse':
      if (changed === then && then.required && !then.migrating) makeRequired(first, requiredBy(then), queue);
      if (changed === first && !first.runnable) makeUnrunnable(then, unrunnableBy(first), queue);
      return;
    case 'cloneStart':
      // Instances already running are left alone; the others cannot start (shown no reason).
      // A milestone required by an order passes that order's reason on (promoted-pseudo).
      if (changed === first && first.required && !first.migrating) makeRequired(then, first.reason?.code === 'required-by-order' && first.node === undefined && first.type === 'start' ? first.reason : requiredBy(first), queue);
      if ((changed === first || changed === then) && !first.runnable && then.required) makeUnrunnable(then, silentlyBlockedBy(first.key), queue);
      // A clone that cannot start at all (an unrunnable mandatory prerequisite) stops its
      // running instances too, for the prerequisite's reason.
      else if (e.blocksRunning === true && changed === first && !first.runnable && first.reason && first.reason.text !== '') makeUnrunnable(then, first.reason, queue);
      return;
    case 'sameNodeRestart':
      if (changed === first && first.required && !first.migrating) makeRequired(then, e.reason ?? requiredBy(first), queue);
      return;
    case 'unrunnableOnly':
      if ((changed === first || changed === then) && !first.runnable && then.required) makeUnrunnable(then, first.reason?.text ? first.reason : unrunnableBy(first), queue);
      return;
    case 'anyRunnable': {
      if (changed !== first || first.runnable || net.counted.has(e)) return;
      net.counted.add(e);
      const live = (net.liveInputs.get(then.key) ?? 1) - 1;
      net.liveInputs.set(then.key, live);
      if (live < (net.inputsNeeded.get(then.key) ?? 1)) makeUnrunnable(then, unrunnableBy(first), queue);
      return;
    }
    case 'restart':
      // A start required by its own stop takes the stop's reason unless an order explains it better.
      if (changed === first && first.required && then.runnable) makeRequired(then, first.reason?.code === 'required-by-order' ? undefined : first.reason, queue);
      if (changed === then && !then.runnable && !first.required) makeRequired(first, then.reason ?? NODE_AVAILABILITY, queue);
      if (changed === then && then.required && then.node === first.node && then.runnable) makeRequired(first, then.reason ?? requiredBy(then), queue);
      // A needed stop that cannot happen holds the resource where it is: it starts nowhere else.
      if ((changed === first || changed === then) && first.required && !first.runnable && then.runnable && then.required) makeUnrunnable(then, first.blockedBy ?? first.reason ?? NODE_AVAILABILITY, queue);
      return;
  }
}

/** The facts of every action as built, before propagation: lets a caller rerun propagation
 *  with other migration flags without rebuilding the network (its shape does not depend on them). */
export interface NetworkStart {
  acts: Act[];
  required: boolean[];
  runnable: boolean[];
  reasons: (Reason | undefined)[];
  liveInputs: Map<string, number>;
}

export function snapshotNetwork(net: Network): NetworkStart {
  const acts = [...net.acts.values()];
  return {
    acts, required: acts.map((a) => a.required), runnable: acts.map((a) => a.runnable), reasons: acts.map((a) => a.reason),
    liveInputs: new Map(net.liveInputs),
  };
}

/** Puts every fact back as built; `migrating(a, i)` gives the new migration flag of the i-th action. */
export function resetNetwork(net: Network, start: NetworkStart, migrating: (a: Act, i: number) => boolean): void {
  for (let i = 0; i < start.acts.length; i++) {
    const a = start.acts[i]!;
    a.required = start.required[i]!;
    a.runnable = start.runnable[i]!;
    a.reason = start.reasons[i];
    a.blockedBy = undefined;
    a.migrating = migrating(a, i);
  }
  net.liveInputs = new Map(start.liveInputs);
  net.counted = new Set();
}

/** Runs propagation to the fixpoint. */
export function propagate(net: Network): void {
  const queue: string[] = [...net.acts.keys()];
  let steps = 0;
  const stepsMax = 64 * (net.acts.size + net.edges.length + 16);
  while (queue.length > 0) {
    assert(++steps <= stepsMax, 'propagation did not converge');
    const key = queue.pop()!;
    const act = net.acts.get(key)!;
    for (const e of net.out.get(key) ?? []) pushEdge(net, e, act, queue);
    for (const e of net.in.get(key) ?? []) pushEdge(net, e, act, queue);
  }
}
