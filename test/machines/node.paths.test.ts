// Model-based path tests for the cluster node: xstate/graph walks the abstract model
// (node.model.ts); every path is replayed against the real machine on a SimulatedClock,
// checking its state, its fencing bookkeeping and its last report after every step. The suite
// asserts that every transition the model defines was exercised, and the path counts.
import { expect } from 'vitest';
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import type { NodeEvent } from '../../src/machines/node-types.ts';
import {
  MODEL_FAILURES_MAX, MODEL_REFUSALS_MAX, MODEL_RETRY_INITIAL_MS, MODEL_RETRY_MAX_MS, SETUPS,
  modelRetryMs, nodeModel, realStateOf, type ModelEvent, type SetupEvent,
} from './node.model.ts';
import { NodeHarness, nodeInput } from './support/node-harness.ts';
import { describeModelPaths, replaySteps, trailOf, type ModelPath } from './support/model-paths.ts';

type ModelSnapshot = SnapshotFrom<typeof nodeModel>;
type Path = ModelPath<typeof nodeModel, ModelEvent>;

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
  const [first, ...rest] = replaySteps(path);
  if (!first) return; // the path to the model's own `setup` state
  expect(first.event.type).toMatch(/^SETUP\./);
  const c = first.state.context;
  const h = new NodeHarness(nodeInput({
    fencingEnabled: c.fencing, alwaysFenceFailedNodes: c.always, mode: c.mode,
    fenceRetryInitialMs: MODEL_RETRY_INITIAL_MS, fenceRetryMaxMs: MODEL_RETRY_MAX_MS,
  }));
  const trail = trailOf(path);
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
  const next = getNextSnapshot(nodeModel, snap, e);
  return next.context.failures <= MODEL_FAILURES_MAX && next.context.refused <= MODEL_REFUSALS_MAX;
}

describeModelPaths({
  title: 'cluster node: model-based paths', label: 'node model', machine: nodeModel, events: EVENTS, keep, replay,
  expected: { states: 649, transitions: 27 },
});
