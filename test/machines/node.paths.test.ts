// Model-based path tests for the cluster node: xstate/graph walks the abstract model
// (node.model.ts); every path is replayed against the real machine on a SimulatedClock,
// checking its state, its fencing bookkeeping and its last report after every step. The suite
// asserts that every transition the model defines was exercised, and the path counts.
import { describe, expect, it } from 'vitest';
import { TestModel, serializeSnapshot, type StatePath } from 'xstate/graph';
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import type { NodeEvent } from '../../src/machines/node-types.ts';
import {
  MODEL_FAILURES_MAX, MODEL_REFUSALS_MAX, MODEL_RETRY_INITIAL_MS, MODEL_RETRY_MAX_MS, SETUPS,
  modelRetryMs, nodeModel, realStateOf, type ModelEvent, type SetupEvent,
} from './node.model.ts';
import { NodeHarness, nodeInput } from './support/node-harness.ts';
import { coverTransitions } from './support/node-model-coverage.ts';

type ModelSnapshot = SnapshotFrom<typeof nodeModel>;
type Path = StatePath<ModelSnapshot, ModelEvent>;

const EVENTS: ModelEvent[] = [
  ...(Object.keys(SETUPS) as SetupEvent['type'][]).map((type) => ({ type })),
  ...(['NODE.JOIN', 'NODE.JOINED', 'NODE.LEFT', 'NODE.SHUTDOWN', 'NODE.ONLINE', 'NODE.STANDBY', 'NODE.MAINTENANCE',
    'NODE.LOST_NEEDED', 'NODE.LOST_UNNEEDED', 'NODE.FENCE', 'NODE.FENCE_OFF',
    'FENCE.SUCCEEDED', 'FENCE.FAILED', 'FENCE.CONFIRMED', 'CLOCK.RETRY'] as const).map((type) => ({ type })),
];

/** The real event a model event stands for (CLOCK.RETRY is time, handled by replay). */
function realEvent(e: ModelEvent): NodeEvent {
  switch (e.type) {
    case 'NODE.LOST_NEEDED': return { type: 'NODE.LOST', needsFencing: true };
    case 'NODE.LOST_UNNEEDED': return { type: 'NODE.LOST', needsFencing: false };
    case 'NODE.FENCE': return { type: 'NODE.FENCE', reason: 'stop of rsc1 failed' };
    case 'NODE.FENCE_OFF': return { type: 'NODE.FENCE', reason: 'on-fail=fence', action: 'off' };
    case 'FENCE.FAILED': return { type: 'FENCE.FAILED', reason: 'fence_dummy returned 1' };
    case 'FENCE.SUCCEEDED': return { type: 'FENCE.SUCCEEDED', device: 'fence1' };
    case 'FENCE.CONFIRMED': return { type: 'FENCE.CONFIRMED', by: 'admin' };
    default: return e as NodeEvent;
  }
}

function replay(path: Path): void {
  const [first, ...rest] = path.steps.filter((s) => (s.event.type as string) !== 'xstate.init');
  if (!first) return; // the path to the model's own `setup` state
  expect(first.event.type).toMatch(/^SETUP\./);
  const c = first.state.context;
  const h = new NodeHarness(nodeInput({
    fencingEnabled: c.fencing, alwaysFenceFailedNodes: c.always, mode: c.mode,
    fenceRetryInitialMs: MODEL_RETRY_INITIAL_MS, fenceRetryMaxMs: MODEL_RETRY_MAX_MS,
  }));
  const trail = path.steps.map((s) => s.event.type).join(' > ');
  for (const step of rest) {
    const where = `after ${step.event.type} on path ${trail}`;
    if (step.event.type === 'CLOCK.RETRY') {
      // The wait is exactly the model's backoff: 1 ms early it is still waiting.
      h.advance(modelRetryMs(h.context.fenceFailures) - 1);
      expect(h.state, `${where}: retried early`).toBe('fencing.backoff');
      h.advance(1);
    } else {
      h.send(realEvent(step.event));
    }
    const m = step.state.context;
    expect(h.state, where).toBe(realStateOf(step.state.value));
    expect({
      mode: h.context.mode, unknown: h.context.resourcesUnknown, action: h.context.fenceAction,
      attempts: h.context.fenceAttempts, failures: h.context.fenceFailures, refused: h.context.refused,
    }, where).toEqual({ mode: m.mode, unknown: m.unknown, action: m.action, attempts: m.attempts, failures: m.failures, refused: m.refused });
    expect(h.refusals.length, where).toBe(m.refused);
    const report = h.lastReport!;
    expect(report.state, where).toBe(h.state.split('.')[0]);
    expect(report.request, where).toBe(h.state === 'fencing.requested' ? 'fence' : null);
    expect(report.resourcesUnknown, where).toBe(m.unknown);
  }
}

/** Bounds the walk: at most MODEL_FAILURES_MAX failed fences and MODEL_REFUSALS_MAX refusals per path. */
function keep(snap: ModelSnapshot, e: ModelEvent): boolean {
  if (nodeModel.getTransitionData(snap, e).length === 0) return false;
  const next = getNextSnapshot(nodeModel, snap, e);
  return next.context.failures <= MODEL_FAILURES_MAX && next.context.refused <= MODEL_REFUSALS_MAX;
}

describe('cluster node: model-based paths', () => {
  const model = new TestModel(nodeModel, { events: EVENTS, filterEvents: keep, serializeState: (s) => serializeSnapshot(s) });
  const statePaths = model.getShortestPaths({ allowDuplicatePaths: true });
  const { definitions, covered, transitionPaths } = coverTransitions(nodeModel, statePaths, EVENTS, keep);

  it('covers every transition the model defines', () => {
    const missing = [...definitions].filter((d) => !covered.has(d));
    console.log(`node model: ${statePaths.length} state paths + ${transitionPaths.length} transition paths; ${covered.size}/${definitions.size} transitions covered`);
    expect(missing).toEqual([]);
  });

  it('agrees with the real machine along every path', () => {
    for (const p of [...statePaths, ...transitionPaths]) replay(p);
    // A changed model changes these numbers: look at the new paths before updating them.
    expect({ states: statePaths.length, transitions: transitionPaths.length }).toEqual({ states: 649, transitions: 27 });
  });
});
