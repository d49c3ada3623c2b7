// A transition being run: the scheduler's graph plus where each action stands. Pure functions
// over plain JSON; the coordinator dispatches what `readyActions` returns and feeds results in
// with `settle`. An action may begin once every edge into it comes from a completed action.
//
// Cost: a transition may hold tens of thousands of actions, and every operation's result comes
// back as one event. So the functions below update the run's action table in place and return
// a new run object around it (the coordinator's own working record: an earlier snapshot's run
// shares the table), and each looks only at what the event touched.
import type { Action, Edge, TransitionGraph } from '../scheduler/types.ts';

export type ActionStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface RunningAction {
  action: Action;
  status: ActionStatus;
  /** Why it failed or was skipped. */
  note?: string;
}

export interface TransitionRun {
  id: number;
  actions: Record<string, RunningAction>;
  /** For each action, the actions it waits for. */
  after: Record<string, string[]>;
  /** For each action, the actions that wait for it. */
  before: Record<string, string[]>;
  /**
   * Actions whose status changed since `readyActions` last looked: only they and what waits for
   * them can have become ready, so each event costs what it touched, not the whole graph.
   */
  changed: string[];
  /** The actions running now (fences included), by `resource@node`: what an operation's result can settle. */
  running: Record<string, string[]>;
  /** How many of them are not fences (fences retry forever and never hold a transition up). */
  runningWork: number;
  /**
   * Pacemaker's node-action-limit: at most this many operations run on one node at once (0: no
   * limit). A burst of thousands of probes would otherwise fork thousands of agents at once, and
   * a daemon blocked forking misses its heartbeats.
   */
  nodeLimit: number;
  /** Work running per node (fences excluded), counted against `nodeLimit`. */
  runningOn: Record<string, number>;
  /** Per node, actions that were ready while the node was at its limit, first come first served. */
  held: Record<string, string[]>;
  /** A new failure or an unexpected result: dispatch nothing more, let running actions end. */
  aborted: string | null;
  summary: string[];
}

/** Actions that do work (pseudo milestones and recurring monitors complete at once). */
function needsWork(a: Action): boolean {
  return a.kind !== 'pseudo' && a.kind !== 'monitor';
}

export function startTransition(id: number, graph: TransitionGraph, summary: string[], nodeLimit = 0): TransitionRun {
  const actions: Record<string, RunningAction> = {};
  const after: Record<string, string[]> = {};
  const before: Record<string, string[]> = {};
  for (const action of graph.actions) {
    actions[action.id] = { action, status: action.runnable ? 'waiting' : 'skipped', note: action.runnable ? undefined : action.reason.text };
    after[action.id] = [];
    before[action.id] = [];
  }
  for (const edge of graph.edges) {
    if (!actions[edge.then] || !actions[edge.first]) continue;
    after[edge.then]!.push(edge.first);
    before[edge.first]!.push(edge.then);
  }
  return { id, actions, after, before, changed: Object.keys(actions), running: {}, runningWork: 0, nodeLimit, runningOn: {}, held: {}, aborted: null, summary };
}

/** True when the graph asks for any work at all. */
export function hasWork(graph: TransitionGraph): boolean {
  return graph.actions.some((a) => a.runnable && needsWork(a));
}

/**
 * Waiting actions whose prerequisites are all done. Pseudo actions and monitors are completed
 * on the way (as completing one may free another), so only real work is returned. Only the
 * changed actions and those waiting for them are looked at.
 */
export function readyActions(run: TransitionRun): { run: TransitionRun; ready: Action[] } {
  if (run.aborted) return { run, ready: [] };
  if (run.changed.length === 0) return { run, ready: [] };
  const { actions, running, runningOn, held, nodeLimit } = run;
  let { runningWork } = run;
  const ready: Action[] = [];
  // Looked at in passes over the graph's order, as a scan of the whole table would: an action
  // freed by one later in the order waits for the next pass. The order of `ready` is the
  // dispatch order, which the simulator's seeds replay.
  const order = orderOf(run);
  let pass = new Set<string>();
  const visit = (ids: Iterable<string>) => { for (const id of ids) for (const then of run.before[id] ?? []) pass.add(then); };
  for (const id of run.changed) pass.add(id);
  visit(run.changed.filter((id) => actions[id] && actions[id]!.status !== 'waiting' && actions[id]!.status !== 'running'));
  while (pass.size > 0) {
    const current = [...pass].filter((id) => actions[id]?.status === 'waiting').sort((a, b) => order.get(a)! - order.get(b)!);
    pass = new Set();
    const freedNow = new Set<string>();
    const queue = [...current];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      const entry = actions[id]!;
      if (entry.status !== 'waiting') continue;
      const deps = run.after[id] ?? [];
      const blocker = deps.find((d) => actions[d]!.status === 'failed' || actions[d]!.status === 'skipped');
      let finished = false;
      if (blocker !== undefined) {
        actions[id] = { ...entry, status: 'skipped', note: `a prerequisite (${blocker}) did not complete` };
        finished = true;
      } else if (!deps.every((d) => actions[d]!.status === 'done')) {
        continue;
      } else if (needsWork(entry.action)) {
        const node = countedNode(entry.action);
        if (node !== undefined && nodeLimit > 0 && (runningOn[node] ?? 0) >= nodeLimit) {
          (held[node] ??= []).push(id); // stays waiting; `settle` releases it when a slot frees
          continue;
        }
        actions[id] = { ...entry, status: 'running' };
        (running[placeOf(entry.action)] ??= []).push(id);
        if (entry.action.kind !== 'fence') runningWork += 1;
        if (node !== undefined) runningOn[node] = (runningOn[node] ?? 0) + 1;
        ready.push(entry.action);
      } else {
        actions[id] = { ...entry, status: 'done' };
        finished = true;
      }
      if (!finished) continue;
      // What waits for it: later in the order, in this pass; earlier, in the next.
      for (const then of run.before[id] ?? []) {
        if (actions[then]?.status !== 'waiting') continue;
        if (order.get(then)! > order.get(id)! && !freedNow.has(then)) {
          freedNow.add(then);
          insertByOrder(queue, i + 1, then, order);
        } else {
          pass.add(then);
        }
      }
    }
  }
  return { run: { ...run, changed: [], runningWork }, ready };
}

const orders = new WeakMap<Record<string, string[]>, Map<string, number>>();

/** Each action's place in the graph's order (built once per run, kept beside its edge table). */
function orderOf(run: TransitionRun): Map<string, number> {
  let order = orders.get(run.after);
  if (!order) {
    order = new Map(Object.keys(run.actions).map((id, i) => [id, i]));
    orders.set(run.after, order);
  }
  return order;
}

/** Inserts `id` into `queue` at or after `from`, keeping the queue's tail in graph order. */
function insertByOrder(queue: string[], from: number, id: string, order: Map<string, number>): void {
  let at = queue.length;
  while (at > from && order.get(queue[at - 1]!)! > order.get(id)!) at -= 1;
  queue.splice(at, 0, id);
}

export function settle(run: TransitionRun, id: string, ok: boolean, note?: string): TransitionRun {
  const entry = run.actions[id];
  if (!entry || entry.status !== 'running') return run;
  const place = placeOf(entry.action);
  const others = (run.running[place] ?? []).filter((r) => r !== id);
  if (others.length > 0) run.running[place] = others;
  else delete run.running[place];
  run.actions[id] = { ...entry, status: ok ? 'done' : 'failed', note };
  run.changed.push(id);
  const node = countedNode(entry.action);
  if (node !== undefined) {
    run.runningOn[node] = (run.runningOn[node] ?? 1) - 1;
    // Released one for one, so a node with thousands held costs one per result, not thousands.
    const released = run.held[node]?.splice(0, Math.max(0, run.nodeLimit - run.runningOn[node]!)) ?? [];
    run.changed.push(...released);
  }
  return { ...run, runningWork: run.runningWork - (entry.action.kind === 'fence' ? 0 : 1) };
}

export function abort(run: TransitionRun, why: string): TransitionRun {
  return run.aborted ? run : { ...run, aborted: why };
}

/** The node whose slots an action takes: work on a node, fences excluded (they run on their own terms). */
function countedNode(action: Action): string | undefined {
  return action.kind === 'fence' || action.node === undefined ? undefined : action.node;
}

/** Where an action runs, as the running index keys it. */
function placeOf(action: Action): string {
  return `${action.resource ?? ''}@${action.node ?? ''}`;
}

/** The running action of `resource` on `node` that `match` accepts, if any. */
export function runningFor(run: TransitionRun, resource: string, node: string, match: (a: Action) => boolean): string | undefined {
  return run.running[`${resource}@${node}`]?.find((id) => match(run.actions[id]!.action));
}

/**
 * Finished: nothing running but fences (which retry forever in the node machine and must not
 * hold up the rest), and nothing more can start.
 */
export function isFinished(run: TransitionRun): boolean {
  if (run.runningWork > 0) return false;
  if (run.aborted) return true;
  // Unchanged since readyActions looked: whatever waits still waits for something unfinished.
  if (run.changed.length === 0) return true;
  return !Object.values(run.actions).some((e) => e.status === 'waiting' && (run.after[e.action.id] ?? []).every((d) => run.actions[d]!.status === 'done'));
}

export function progressOf(run: TransitionRun): { id: number; actions: number; done: number; failed: number; left: number } {
  const entries = Object.values(run.actions).filter((e) => needsWork(e.action));
  return {
    id: run.id, actions: entries.length,
    done: entries.filter((e) => e.status === 'done').length,
    failed: entries.filter((e) => e.status === 'failed').length,
    // An aborted transition dispatches nothing more: only what runs is left.
    left: entries.filter((e) => e.status === 'running' || (e.status === 'waiting' && !run.aborted)).length,
  };
}

/**
 * Two clone instances the scheduler numbers apart (ping:0 stops on a node where ping:2 starts)
 * are one actor there: its stop goes first, or the start would be settled as already started
 * and the stop would then leave nothing running (chaos seed 1050).
 */
export function sameInstanceEdges(actions: Action[]): Edge[] {
  const stops = new Map(actions.filter((a) => a.kind === 'stop' && a.runnable).map((a) => [`${a.resource}@${a.node}`, a.id]));
  return actions.flatMap((a): Edge[] => {
    const stop = a.kind === 'start' ? stops.get(`${a.resource}@${a.node}`) : undefined;
    return stop !== undefined ? [{ kind: 'after', first: stop, then: a.id, source: 'the same instance stops first' }] : [];
  });
}
