// Model-based path tests for the resource lifecycle: xstate/graph walks the abstract model
// (resource.model.ts); every path is replayed against the real machine with a fake agent on a
// SimulatedClock, checking state and failure bookkeeping after every step. The suite asserts
// that every transition the model defines was exercised, and that the path counts are what
// they were (a changed model should be noticed).
import { describe, expect, it } from 'vitest';
import { TestModel, serializeSnapshot, type StatePath } from 'xstate/graph';
import { getNextSnapshot, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { MODEL_THRESHOLD, SETUPS, resourceModel, type ModelEvent, type Outcome, type SetupEvent } from './resource.model.ts';
import { ResourceHarness, baseInput } from './support/resource-harness.ts';

type ModelSnapshot = SnapshotFrom<typeof resourceModel>;
type Path = StatePath<ModelSnapshot, ModelEvent>;

const OUTCOMES: Outcome[] = ['OK', 'DEGRADED', 'NOT_RUNNING', 'FAIL', 'TIMEOUT', 'HARD', 'FATAL'];
const EVENTS: ModelEvent[] = [
  ...(Object.keys(SETUPS) as SetupEvent['type'][]).map((type) => ({ type })),
  ...OUTCOMES.map((o) => ({ type: `AGENT.${o}` as const })),
  ...(['RESOURCE.START', 'RESOURCE.STOP', 'RESOURCE.PROBE', 'RESOURCE.CLEANUP', 'NODE.FENCED',
    'RESOURCE.MIGRATE_TO', 'RESOURCE.MIGRATE_FROM', 'CLOCK.MONITOR', 'CLOCK.EXPIRE'] as const).map((type) => ({ type })),
];
const RC: Record<Outcome, { rc: number; timedOut?: boolean }> = {
  OK: { rc: 0 }, DEGRADED: { rc: 190 }, NOT_RUNNING: { rc: 7 }, FAIL: { rc: 1 },
  TIMEOUT: { rc: 1, timedOut: true }, HARD: { rc: 5 }, FATAL: { rc: 6 },
};
const MONITOR_MS = 10_000;
const EXPIRE_MS = 1_000_000_000;

function flatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'live' in value) return flatValue((value as { live: unknown }).live);
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${flatValue(v)}`).join('');
}

/** Every transition the model defines, keyed by source, event and position. */
function allDefinitions(node: AnyStateNode, into = new Set<string>()): Set<string> {
  for (const [eventType, defs] of node.transitions) defs.forEach((_, i) => into.add(`${node.id} ${eventType} #${i}`));
  node.always?.forEach((t, i) => into.add(`${node.id} always #${i} -> ${t.target?.[0]?.id}`));
  for (const child of Object.values(node.states)) allDefinitions(child as AnyStateNode, into);
  return into;
}

/** The definitions a step took: the event's transition, and any eventless ones it led through. */
function definitionsTaken(from: ModelSnapshot, event: ModelEvent, to: ModelSnapshot): string[] {
  const taken = resourceModel.getTransitionData(from, event).map((t) => {
    const i = t.source.transitions.get(t.eventType)?.indexOf(t) ?? -1;
    return { key: `${t.source.id} ${t.eventType} #${i}`, targets: t.target?.map((n) => n.id) ?? [] };
  });
  const keys = taken.map((t) => t.key);
  for (const t of taken) {
    for (const targetId of t.targets) {
      const node = resourceModel.getStateNodeById(targetId);
      node.always?.forEach((a, i) => {
        const dest = a.target?.[0]?.id;
        if (dest && flatValue(to.value) === dest.replace(/^.*\blive\./, '').replace('.', '')) keys.push(`${node.id} always #${i} -> ${dest}`);
      });
    }
  }
  return keys;
}

async function replay(path: Path): Promise<void> {
  const [first, ...rest] = path.steps.filter((s) => (s.event.type as string) !== 'xstate.init');
  if (!first) return; // the path to the model's own `setup` state: nothing to drive yet
  expect(first.event.type, path.steps.map((s) => s.event.type).join(' > ')).toMatch(/^SETUP\./);
  const c = first!.state.context;
  const h = new ResourceHarness(baseInput({
    monitor: { intervalMs: MONITOR_MS, timeoutMs: 5_000, onFail: c.policy },
    stopOnFail: c.stopPolicy,
    startFailureIsFatal: c.startFatal,
    validateBeforeStart: c.validate,
    migrationThreshold: MODEL_THRESHOLD,
    failureTimeoutMs: EXPIRE_MS / 2,
  }));
  for (const step of rest) {
    const e = step.event;
    const where = `after ${e.type} on path ${path.steps.map((s) => s.event.type).join(' > ')}`;
    if (e.type.startsWith('AGENT.')) await h.complete(RC[e.type.slice(6) as Outcome]);
    else if (e.type === 'CLOCK.MONITOR') await h.advance(MONITOR_MS);
    else if (e.type === 'CLOCK.EXPIRE') await h.advance(EXPIRE_MS);
    else if (e.type === 'RESOURCE.MIGRATE_TO') await h.send({ type: 'RESOURCE.MIGRATE', direction: 'to', peer: 'node2' });
    else if (e.type === 'RESOURCE.MIGRATE_FROM') await h.send({ type: 'RESOURCE.MIGRATE', direction: 'from', peer: 'node2' });
    else if (e.type === 'NODE.FENCED') await h.fence();
    else await h.send(e as Parameters<ResourceHarness['send']>[0]);
    const m = step.state.context;
    expect(h.state, where).toBe(flatValue(step.state.value));
    expect({ failCount: h.context.failCount, ban: h.context.ban, target: h.context.target, request: h.context.request }, where)
      .toEqual({ failCount: m.failCount, ban: m.ban, target: m.target, request: m.request });
    expect(h.maxConcurrentOps, `${where}: two agent operations overlapped`).toBeLessThanOrEqual(1);
  }
}

/** Failures stop being explored once the count passes the threshold: beyond it nothing new happens. */
const filterEvents = (snap: ModelSnapshot, e: ModelEvent) =>
  !(e.type.startsWith('AGENT.') && !['AGENT.OK', 'AGENT.DEGRADED'].includes(e.type)
    && snap.context.failCount > MODEL_THRESHOLD && snap.context.failCount < 1_000_000);

describe('resource lifecycle: model-based paths', () => {
  // TestModel rather than createTestModel: this model lists its own concrete events (the
  // machine's wildcard descriptors are not events), and a state is its value and context alone.
  const model = new TestModel(resourceModel, {
    events: EVENTS, filterEvents, serializeState: (s) => serializeSnapshot(s),
  });
  // Every reachable state gets its own path (prefixes kept), so each can be extended below.
  const statePaths = model.getShortestPaths({ allowDuplicatePaths: true });

  // Transition coverage: extend the shortest path to each state by each transition leaving it,
  // keeping the extensions that exercise a definition no earlier path took.
  const definitions = allDefinitions(resourceModel.root);
  const covered = new Set<string>();
  const markSteps = (p: Path) => {
    for (let i = 1; i < p.steps.length; i++) {
      for (const k of definitionsTaken(p.steps[i - 1]!.state, p.steps[i]!.event, p.steps[i]!.state)) covered.add(k);
    }
  };
  statePaths.forEach(markSteps);
  const transitionPaths: Path[] = [];
  for (const p of statePaths) {
    for (const event of EVENTS) {
      if (!filterEvents(p.state, event) || resourceModel.getTransitionData(p.state, event).length === 0) continue;
      const next = getNextSnapshot(resourceModel, p.state, event);
      if (definitionsTaken(p.state, event, next).every((k) => covered.has(k))) continue;
      const extended: Path = { state: next, weight: p.weight + 1, steps: [...p.steps, { event, state: next }] };
      transitionPaths.push(extended);
      markSteps(extended);
    }
  }

  it('covers every transition the model defines', () => {
    const missing = [...definitions].filter((d) => !covered.has(d));
    console.log(`resource model: ${statePaths.length} state paths + ${transitionPaths.length} transition paths; ${covered.size}/${definitions.size} transitions covered`);
    expect(missing).toEqual([]);
  });

  it('agrees with the real machine along every path', async () => {
    for (const p of [...statePaths, ...transitionPaths]) await replay(p);
    // A changed model changes these numbers: look at the new paths before updating them.
    expect({ states: statePaths.length, transitions: transitionPaths.length }).toEqual({ states: 1967, transitions: 13 });
  });
});
