// The shared scaffolding of the model-based path tests: xstate/graph walks an abstract model,
// the walk is extended until every transition the model defines was taken, and each test file
// replays the paths on its real machine. Transitions get a key each, and the keys a step takes
// are read from the model's own '@xstate.microstep' inspection events, so eventless (always)
// transitions count exactly.
import { describe, expect, it } from 'vitest';
import { TestModel, serializeSnapshot, type StatePath } from 'xstate/graph';
import {
  createActor, getNextSnapshot, type ActorLogic, type AnyStateMachine, type AnyStateNode,
  type AnyTransitionDefinition, type EventObject, type SnapshotFrom,
} from 'xstate';

export type ModelPath<M extends AnyStateMachine, E extends EventObject> = StatePath<SnapshotFrom<M>, E>;
export type ModelStep<M extends AnyStateMachine, E extends EventObject> = ModelPath<M, E>['steps'][number];
/** Which events the walk may send in a state (bounds it); the helper skips events with no transition itself. */
export type Keep<M extends AnyStateMachine, E extends EventObject> = (snap: SnapshotFrom<M>, e: E) => boolean;

function keyOf(t: AnyTransitionDefinition): string {
  const always = t.source.always?.indexOf(t) ?? -1;
  if (always >= 0) return `${t.source.id} always #${always}`;
  return `${t.source.id} ${t.eventType} #${t.source.transitions.get(t.eventType)?.indexOf(t) ?? -1}`;
}

/** Every transition the model defines. */
export function allDefinitions(node: AnyStateNode, into = new Set<string>()): Set<string> {
  for (const [eventType, defs] of node.transitions) defs.forEach((_, i) => into.add(`${node.id} ${eventType} #${i}`));
  node.always?.forEach((_, i) => into.add(`${node.id} always #${i}`));
  for (const child of Object.values(node.states)) allDefinitions(child as AnyStateNode, into);
  return into;
}

/** The definitions taken by sending `event` to the model in snapshot `from`. */
export function stepTaken<M extends AnyStateMachine>(machine: M, from: SnapshotFrom<M>, event: EventObject): string[] {
  const keys: string[] = [];
  const actor = createActor(machine as AnyStateMachine, {
    snapshot: from as never,
    inspect: (e) => {
      if (e.type === '@xstate.microstep') keys.push(...(e as unknown as { _transitions: AnyTransitionDefinition[] })._transitions.map(keyOf));
    },
  });
  actor.start();
  keys.length = 0; // restoring may run nothing, but start-up is not part of the step
  actor.send(event as never);
  actor.stop();
  return keys;
}

export interface ModelPaths<M extends AnyStateMachine, E extends EventObject> {
  /** The shortest path to every reachable state, prefixes kept so each can be extended. */
  statePaths: ModelPath<M, E>[];
  /** Shortest paths extended by one step that exercises a definition no earlier path took. */
  transitionPaths: ModelPath<M, E>[];
  definitions: Set<string>;
  covered: Set<string>;
}

/** Marks what the state paths cover, then extends them one step at a time for the rest. */
function coverTransitions<M extends AnyStateMachine, E extends EventObject>(
  machine: M, statePaths: ModelPath<M, E>[], events: E[], enabled: Keep<M, E>,
): ModelPaths<M, E> {
  const covered = new Set<string>();
  for (const p of statePaths) {
    for (let i = 1; i < p.steps.length; i++) {
      for (const k of stepTaken(machine, p.steps[i - 1]!.state, p.steps[i]!.event)) covered.add(k);
    }
  }
  const transitionPaths: ModelPath<M, E>[] = [];
  for (const p of statePaths) {
    for (const event of events) {
      if (!enabled(p.state, event)) continue;
      const taken = stepTaken(machine, p.state, event);
      if (taken.every((k) => covered.has(k))) continue;
      const next = getNextSnapshot(machine as AnyStateMachine, p.state, event) as SnapshotFrom<M>;
      transitionPaths.push({ state: next, weight: p.weight + 1, steps: [...p.steps, { event, state: next }] });
      for (const k of taken) covered.add(k);
    }
  }
  return { statePaths, transitionPaths, definitions: allDefinitions(machine.root), covered };
}

/** What makes two model states the same state for the walk (default: value and context). */
export type SerializeState<M extends AnyStateMachine> = (snap: SnapshotFrom<M>) => string;

/** Walks `machine` with `events` (where `keep` allows) and extends the walk to cover every transition. */
export function walkModel<M extends AnyStateMachine, E extends EventObject>(
  machine: M, events: E[], keep: Keep<M, E>, serializeState: SerializeState<M> = (s) => serializeSnapshot(s),
): ModelPaths<M, E> {
  const enabled: Keep<M, E> = (s, e) => machine.getTransitionData(s, e).length > 0 && keep(s, e);
  // TestModel rather than createTestModel: the models list their own concrete events (wildcard
  // descriptors are not events), and a state is its value and context alone.
  const model = new TestModel(machine as unknown as ActorLogic<SnapshotFrom<M>, E, unknown>, {
    events, filterEvents: enabled, serializeState: (s) => serializeState(s as SnapshotFrom<M>),
  });
  return coverTransitions(machine, model.getShortestPaths({ allowDuplicatePaths: true }), events, enabled);
}

/** A path's events for messages ("A > B > C"). */
export function trailOf<M extends AnyStateMachine, E extends EventObject>(path: ModelPath<M, E>): string {
  return path.steps.map((s) => s.event.type).join(' > ');
}

/** The steps a replay drives: all but the model's own start-up. */
export function replaySteps<M extends AnyStateMachine, E extends EventObject>(path: ModelPath<M, E>): ModelStep<M, E>[] {
  return path.steps.filter((s) => (s.event.type as string) !== 'xstate.init');
}

export interface ModelPathSuite<M extends AnyStateMachine, E extends EventObject> {
  /** The describe block's name. */
  title: string;
  /** Names the model in the printed counts ("node model"). */
  label: string;
  machine: M;
  events: E[];
  keep: Keep<M, E>;
  /** Drives one path on the real machine, asserting agreement after every step. */
  replay: (path: ModelPath<M, E>) => void | Promise<void>;
  /** The path counts: a changed model changes them, so look at the new paths before updating. */
  expected: { states: number; transitions: number };
  timeoutMs?: number;
  /** State identity for the walk, e.g. to leave out counters that only bound it. */
  serializeState?: SerializeState<M>;
}

/** The two tests every model gets: full transition coverage, and agreement along every path. */
export function describeModelPaths<M extends AnyStateMachine, E extends EventObject>(suite: ModelPathSuite<M, E>): void {
  describe(suite.title, () => {
    const { statePaths, transitionPaths, definitions, covered } = walkModel(suite.machine, suite.events, suite.keep, suite.serializeState);

    it('covers every transition the model defines', () => {
      const missing = [...definitions].filter((d) => !covered.has(d));
      console.log(`${suite.label}: ${statePaths.length} state paths + ${transitionPaths.length} transition paths; ${covered.size}/${definitions.size} transitions covered`);
      expect(missing).toEqual([]);
    });

    it('agrees with the real machine along every path', async () => {
      for (const p of [...statePaths, ...transitionPaths]) await suite.replay(p);
      expect({ states: statePaths.length, transitions: transitionPaths.length }).toEqual(suite.expected);
    }, suite.timeoutMs);
  });
}
