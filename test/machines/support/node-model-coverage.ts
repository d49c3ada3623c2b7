// Transition coverage for model-based path tests (node and fence models): every transition a
// model defines gets a key, and the keys a step takes are read from the model's own
// '@xstate.microstep' inspection events, so eventless (always) transitions count exactly.
import { createActor, getNextSnapshot, type AnyStateMachine, type AnyStateNode, type AnyTransitionDefinition, type EventObject, type SnapshotFrom } from 'xstate';
import type { StatePath } from 'xstate/graph';

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

export interface Coverage<M extends AnyStateMachine, E extends EventObject> {
  definitions: Set<string>;
  covered: Set<string>;
  /** Shortest paths extended by one step that exercises a definition no earlier path took. */
  transitionPaths: StatePath<SnapshotFrom<M>, E>[];
}

/** Marks what the state paths cover, then extends them one step at a time for the rest. */
export function coverTransitions<M extends AnyStateMachine, E extends EventObject>(
  machine: M, statePaths: StatePath<SnapshotFrom<M>, E>[], events: E[], keep: (s: SnapshotFrom<M>, e: E) => boolean,
): Coverage<M, E> {
  const definitions = allDefinitions(machine.root);
  const covered = new Set<string>();
  for (const p of statePaths) {
    for (let i = 1; i < p.steps.length; i++) {
      for (const k of stepTaken(machine, p.steps[i - 1]!.state, p.steps[i]!.event)) covered.add(k);
    }
  }
  const transitionPaths: StatePath<SnapshotFrom<M>, E>[] = [];
  for (const p of statePaths) {
    for (const event of events) {
      if (!keep(p.state, event)) continue;
      const taken = stepTaken(machine, p.state, event);
      if (taken.every((k) => covered.has(k))) continue;
      const next = getNextSnapshot(machine as AnyStateMachine, p.state, event) as SnapshotFrom<M>;
      transitionPaths.push({ state: next, weight: p.weight + 1, steps: [...p.steps, { event, state: next }] });
      for (const k of taken) covered.add(k);
    }
  }
  return { definitions, covered, transitionPaths };
}
