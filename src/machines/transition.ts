// A transition being run: the scheduler's graph plus where each action stands. Pure functions
// over plain JSON; the coordinator dispatches what `readyActions` returns and feeds results in
// with `settle`. An action may begin once every edge into it comes from a completed action.
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
  /** A new failure or an unexpected result: dispatch nothing more, let running actions end. */
  aborted: string | null;
  summary: string[];
}

/** Actions that do work (pseudo milestones and recurring monitors complete at once). */
function needsWork(a: Action): boolean {
  return a.kind !== 'pseudo' && a.kind !== 'monitor';
}

export function startTransition(id: number, graph: TransitionGraph, summary: string[]): TransitionRun {
  const actions: Record<string, RunningAction> = {};
  const after: Record<string, string[]> = {};
  for (const action of graph.actions) {
    actions[action.id] = { action, status: action.runnable ? 'waiting' : 'skipped', note: action.runnable ? undefined : action.reason.text };
    after[action.id] = [];
  }
  for (const edge of graph.edges) {
    if (actions[edge.then] && actions[edge.first]) after[edge.then]!.push(edge.first);
  }
  return { id, actions, after, aborted: null, summary };
}

/** True when the graph asks for any work at all. */
export function hasWork(graph: TransitionGraph): boolean {
  return graph.actions.some((a) => a.runnable && needsWork(a));
}

/**
 * Waiting actions whose prerequisites are all done. Pseudo actions and monitors are completed
 * on the way (repeatedly, as completing one may free another), so only real work is returned.
 */
export function readyActions(run: TransitionRun): { run: TransitionRun; ready: Action[] } {
  if (run.aborted) return { run, ready: [] };
  const actions = { ...run.actions };
  const ready: Action[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const [id, entry] of Object.entries(actions)) {
      if (entry.status !== 'waiting') continue;
      const deps = run.after[id] ?? [];
      if (deps.some((d) => actions[d]!.status === 'failed' || actions[d]!.status === 'skipped')) {
        actions[id] = { ...entry, status: 'skipped', note: `a prerequisite (${deps.find((d) => actions[d]!.status !== 'done')}) did not complete` };
        progressed = true;
        continue;
      }
      if (!deps.every((d) => actions[d]!.status === 'done')) continue;
      if (needsWork(entry.action)) {
        actions[id] = { ...entry, status: 'running' };
        ready.push(entry.action);
      } else {
        actions[id] = { ...entry, status: 'done' };
        progressed = true;
      }
    }
  }
  return { run: { ...run, actions }, ready };
}

export function settle(run: TransitionRun, id: string, ok: boolean, note?: string): TransitionRun {
  const entry = run.actions[id];
  if (!entry || entry.status !== 'running') return run;
  return { ...run, actions: { ...run.actions, [id]: { ...entry, status: ok ? 'done' : 'failed', note } } };
}

export function abort(run: TransitionRun, why: string): TransitionRun {
  return run.aborted ? run : { ...run, aborted: why };
}

/** The running action for an instance and kind, if any. */
export function runningFor(run: TransitionRun, match: (a: Action) => boolean): string | undefined {
  for (const [id, entry] of Object.entries(run.actions)) {
    if (entry.status === 'running' && match(entry.action)) return id;
  }
  return undefined;
}

/**
 * Finished: nothing running but fences (which retry forever in the node machine and must not
 * hold up the rest), and nothing more can start.
 */
export function isFinished(run: TransitionRun): boolean {
  const entries = Object.values(run.actions);
  if (entries.some((e) => e.status === 'running' && e.action.kind !== 'fence')) return false;
  if (run.aborted) return true;
  return !entries.some((e) => e.status === 'waiting' && (run.after[e.action.id] ?? []).every((d) => run.actions[d]!.status === 'done'));
}

export function progressOf(run: TransitionRun): { id: number; actions: number; done: number; failed: number } {
  const entries = Object.values(run.actions).filter((e) => needsWork(e.action));
  return {
    id: run.id, actions: entries.length,
    done: entries.filter((e) => e.status === 'done').length,
    failed: entries.filter((e) => e.status === 'failed').length,
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
