// Model-based path tests for the fencer: xstate/graph walks the abstract model
// (fencer.model.ts); every path is replayed against the real machine inside a parent that
// answers as the devices would. After every step the state, the ignored answers and the
// requests sent must agree with the model; at the end, the output must name the right level
// or every failure. The suite asserts that every model transition was exercised, and the
// path counts.
import { expect } from 'vitest';
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import { MODEL_IGNORED_MAX, fencerModel, type Device, type ModelEvent } from './fencer.model.ts';
import { FencerHarness, fencerInput, resultFor } from './fencer-harness.ts';
import { describeModelPaths, replaySteps, trailOf, type ModelPath } from './support/model-paths.ts';

type ModelSnapshot = SnapshotFrom<typeof fencerModel>;
type Path = ModelPath<typeof fencerModel, ModelEvent>;

const EVENTS: ModelEvent[] = (['A.OK', 'A.FAIL', 'B.OK', 'B.FAIL', 'C.OK', 'C.FAIL', 'FOREIGN'] as const).map((type) => ({ type }));
const DEVICES: Record<Device, { name: string; level: number }> = { A: { name: 'ipmi', level: 1 }, B: { name: 'psu-a', level: 2 }, C: { name: 'psu-b', level: 2 } };
const INPUT = fencerInput({ levels: [{ index: 1, devices: ['ipmi'] }, { index: 2, devices: ['psu-a', 'psu-b'] }] });

function step(h: FencerHarness, e: ModelEvent): void {
  if (e.type === 'FOREIGN') {
    h.send(resultFor(fencerInput({ requestId: 'another-op' }), 'ipmi', 1, true));
    return;
  }
  const d = DEVICES[e.type[0] as Device];
  h.answer(d.name, d.level, e.type.endsWith('.OK'));
}

/** What the real fencer must have asked for in the model's state. */
function expectedRequests(value: string, answers: ModelSnapshot['context']['answers']): string[] {
  return value === 'level1' || answers.A === 'ok' ? ['ipmi'] : ['ipmi', 'psu-a', 'psu-b'];
}

function checkOutput(h: FencerHarness, snap: ModelSnapshot, where: string): void {
  const value = snap.value as string;
  if (value === 'fenced') {
    expect(h.output, where).toMatchObject(snap.context.answers.A === 'ok' ? { ok: true, level: 1, devices: ['ipmi'], performed: 'reboot' } : { ok: true, level: 2, devices: ['psu-a', 'psu-b'], performed: 'off' });
  } else if (value === 'failed') {
    expect(h.output?.ok, where).toBe(false);
    expect(h.output?.failures.map((f) => f.level), where).toEqual([1, 2]);
    const failedInLevel2 = h.output?.failures[1]!.devices.filter((d) => !d.ok).map((d) => d.device).sort();
    const modelFailed = (['B', 'C'] as const).filter((d) => snap.context.answers[d] === 'fail').map((d) => DEVICES[d].name).sort();
    expect(failedInLevel2, where).toEqual(modelFailed);
  } else {
    expect(h.output, where).toBeNull();
  }
}

function replay(path: Path): void {
  const h = new FencerHarness(INPUT);
  const trail = trailOf(path);
  for (const s of replaySteps(path)) {
    const where = `after ${s.event.type} on path ${trail}`;
    step(h, s.event);
    const value = s.state.value as string;
    expect(h.snapshot.value, where).toBe(value === 'level1' || value === 'level2' ? 'level' : value);
    expect(h.snapshot.context.ignored, where).toBe(s.state.context.ignored);
    expect(h.requests.map((r) => r.device), where).toEqual(expectedRequests(value, s.state.context.answers));
    expect(h.levelReports.map((r) => r.level), where).toEqual(expectedRequests(value, s.state.context.answers).length === 1 ? [1] : [1, 2]);
    checkOutput(h, s.state, where);
  }
}

function keep(snap: ModelSnapshot, e: ModelEvent): boolean {
  return getNextSnapshot(fencerModel, snap, e).context.ignored <= MODEL_IGNORED_MAX;
}

describeModelPaths({
  title: 'fencer: model-based paths', label: 'fencer model', machine: fencerModel, events: EVENTS, keep, replay,
  expected: { states: 22, transitions: 10 },
});
