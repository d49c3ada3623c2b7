// Model-based path tests for the resource lifecycle: xstate/graph walks the abstract model
// (resource.model.ts); every path is replayed against the real machine with a fake agent on a
// SimulatedClock, checking state and failure bookkeeping after every step. The suite asserts
// that every transition the model defines was exercised, and that the path counts are what
// they were (a changed model should be noticed).
import { expect } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import { SETUPS, resourceModel, type ModelEvent, type Outcome, type SetupEvent } from './resource.model.ts';
import { describeModelPaths, replaySteps, trailOf, type ModelPath } from './support/model-paths.ts';
import { ResourceHarness, baseInput } from './support/resource-harness.ts';

type Path = ModelPath<typeof resourceModel, ModelEvent>;
type ModelSnapshot = SnapshotFrom<typeof resourceModel>;

const OUTCOMES: Outcome[] = ['OK', 'DEGRADED', 'NOT_RUNNING', 'FAIL', 'TIMEOUT', 'HARD'];
const EVENTS: ModelEvent[] = [
  ...(Object.keys(SETUPS) as SetupEvent['type'][]).map((type) => ({ type })),
  ...OUTCOMES.map((o) => ({ type: `AGENT.${o}` as const })),
  ...(['RESOURCE.START', 'RESOURCE.STOP', 'RESOURCE.PROBE', 'RESOURCE.CLEANUP', 'NODE.FENCED',
    'RESOURCE.MIGRATE_TO', 'RESOURCE.MIGRATE_FROM', 'RESOURCE.RELOAD', 'CLOCK.MONITOR'] as const).map((type) => ({ type })),
];
const RC: Record<Outcome, { rc: number; timedOut?: boolean }> = {
  OK: { rc: 0 }, DEGRADED: { rc: 190 }, NOT_RUNNING: { rc: 7 }, FAIL: { rc: 1 },
  TIMEOUT: { rc: 1, timedOut: true }, HARD: { rc: 5 },
};
const MONITOR_MS = 10_000;

function flatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'live' in value) return flatValue((value as { live: unknown }).live);
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${flatValue(v)}`).join('');
}

async function replay(path: Path): Promise<void> {
  const [first, ...rest] = replaySteps(path);
  if (!first) return; // the path to the model's own `setup` state: nothing to drive yet
  expect(first.event.type, trailOf(path)).toMatch(/^SETUP\./);
  const c = first!.state.context;
  const h = new ResourceHarness(baseInput({
    monitor: { intervalMs: MONITOR_MS, timeoutMs: 5_000 },
    stopOnFail: c.stopPolicy,
    startOnFail: c.startBlock ? 'block' : 'restart',
    validateBeforeStart: c.validate,
  }));
  for (const step of rest) {
    const e = step.event;
    const where = `after ${e.type} on path ${trailOf(path)}`;
    if (e.type.startsWith('AGENT.')) await h.complete(RC[e.type.slice(6) as Outcome]);
    else if (e.type === 'CLOCK.MONITOR') await h.advance(MONITOR_MS);
    else if (e.type === 'RESOURCE.MIGRATE_TO') await h.send({ type: 'RESOURCE.MIGRATE', direction: 'to', peer: 'node2' });
    else if (e.type === 'RESOURCE.MIGRATE_FROM') await h.send({ type: 'RESOURCE.MIGRATE', direction: 'from', peer: 'node2' });
    else if (e.type === 'RESOURCE.RELOAD') await h.send({ type: 'RESOURCE.RELOAD' });
    else if (e.type === 'NODE.FENCED') await h.fence();
    else await h.send(e as Parameters<ResourceHarness['send']>[0]);
    const m = step.state.context;
    expect(h.state, where).toBe(flatValue(step.state.value));
    expect({ failed: h.context.lastFailure !== null, target: h.context.target, reload: h.context.reloadWanted }, where)
      .toEqual({ failed: m.failed, target: m.target, reload: m.reload });
    expect(h.maxConcurrentOps, `${where}: two agent operations overlapped`).toBeLessThanOrEqual(1);
  }
}

/**
 * A reload is asked for only before any failure (a wanted reload is one flag, carried through
 * failures alike): this keeps the walk from doubling.
 */
const keep = (snap: ModelSnapshot, e: ModelEvent) => !(e.type === 'RESOURCE.RELOAD' && (snap.context.reload || snap.context.failed));

describeModelPaths({
  title: 'resource lifecycle: model-based paths', label: 'resource model', machine: resourceModel, events: EVENTS,
  keep, replay, expected: { states: 624, transitions: 11 },
});
