// Model-based path tests for the fence device: xstate/graph walks the abstract model
// (fence.model.ts); every path is replayed against the real machine, with its real stonith
// lifecycle (the resource machine) on a fake agent and fake fence runs, on a SimulatedClock.
// After every step the queue, the answers and the device state must agree with the model, at
// most one fence run may be in flight, and the stonith resource must never ask for a fence.
import { expect } from 'vitest';
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import { FENCE_TIMEOUT_GRACE_MS } from '../../src/machines/fence-types.ts';
import { MODEL_CRASHES_MAX, MODEL_REQUESTS_MAX, MODEL_RETRIES, fenceModel, type ModelEvent } from './fence.model.ts';
import { FenceHarness, fenceInput, stonithInput } from './support/fence-harness.ts';
import { describeModelPaths, replaySteps, trailOf, type ModelPath } from './support/model-paths.ts';

type ModelSnapshot = SnapshotFrom<typeof fenceModel>;
type Path = ModelPath<typeof fenceModel, ModelEvent>;

const EVENTS: ModelEvent[] = ([
  'REQ.A', 'REQ.B', 'REQ.DUP', 'RUN.OK', 'RUN.FAIL', 'RUN.ERROR', 'CLOCK.TIMEOUT', 'CLOCK.DELAY',
  'DEVICE.START', 'DEVICE.STOP', 'DEVICE.STOP_FAIL', 'DEVICE.CLEANUP', 'DEVICE.CRASH',
] as const).map((type) => ({ type }));
const TIMEOUT_MS = 60_000;
/** node-a's pcmk_delay_base; node-b has none. */
const DELAY_A_MS = 5_000;
const TARGETS = { A: { target: 'node-a', action: 'reboot' }, B: { target: 'node-b', action: 'off' } } as const;

async function step(h: FenceHarness, e: ModelEvent, requestIds: string[]): Promise<void> {
  switch (e.type) {
    case 'REQ.A': case 'REQ.B': {
      const id = `req${requestIds.length + 1}`;
      requestIds.push(id);
      return h.send({ type: 'FENCE.REQUEST', ...TARGETS[e.type === 'REQ.A' ? 'A' : 'B'], requester: `r${requestIds.length}`, requestId: id });
    }
    case 'REQ.DUP': {
      const id = requestIds.at(-1)!;
      return h.send({ type: 'FENCE.REQUEST', ...TARGETS.A, requester: 'late', requestId: id });
    }
    case 'RUN.OK': await h.finishRun({ ok: true, reason: 'fenced' }); return;
    case 'RUN.FAIL': await h.finishRun({ ok: false, reason: 'agent returned 1' }); return;
    case 'RUN.ERROR': await h.finishRun(new Error('spawn failed')); return;
    case 'CLOCK.TIMEOUT': return h.advance(TIMEOUT_MS + FENCE_TIMEOUT_GRACE_MS);
    // The device's first monitor (due at once after a start) may come due too: it finds it running.
    case 'CLOCK.DELAY': await h.advance(DELAY_A_MS); return h.settleOps();
    case 'DEVICE.START': await h.send({ type: 'RESOURCE.START' }); return h.settleOps();
    case 'DEVICE.STOP': await h.send({ type: 'RESOURCE.STOP' }); return h.settleOps();
    case 'DEVICE.STOP_FAIL': await h.send({ type: 'RESOURCE.STOP' }); await h.finishOp(1); return;
    case 'DEVICE.CLEANUP': await h.send({ type: 'RESOURCE.CLEANUP' }); return h.settleOps();
    case 'DEVICE.CRASH': await h.send({ type: 'RESOURCE.PROBE' }); await h.finishOp(new Error('executor lost')); return;
  }
}

async function replay(path: Path): Promise<void> {
  // The monitor interval is far beyond any path's clock, so only the model's events move the device.
  const h = new FenceHarness(fenceInput({
    retries: MODEL_RETRIES, timeoutsMs: { reboot: TIMEOUT_MS, off: TIMEOUT_MS, on: TIMEOUT_MS }, delay: { baseMs: { 'node-a': DELAY_A_MS }, maxMs: 0 },
    lifecycle: stonithInput({ monitor: { intervalMs: 1_000_000_000, timeoutMs: 20_000 } }),
  }));
  await h.advance(0);
  const trail = trailOf(path);
  const requestIds: string[] = [];
  for (const s of replaySteps(path)) {
    const where = `after ${s.event.type} on path ${trail}`;
    await step(h, s.event, requestIds);
    const m = s.state.context;
    const value = s.state.value as { device: string; queue: string };
    expect({ device: h.context.deviceState, queue: (h.snapshot.value as { requests: string }).requests }, where).toEqual({ device: value.device, queue: value.queue });
    expect(h.context.jobs.map((j) => ({ key: j.target === 'node-a' ? 'A' : 'B', reqs: j.requestIds.length, attempts: j.attempts, waiting: j.waitId !== null })), where).toEqual(m.jobs);
    expect({
      answered: h.results.reduce((n, r) => n + r.requestIds.length, 0), ok: h.context.succeeded, failed: h.context.failed, restarts: h.context.lifecycleRestarts,
    }, where).toEqual({ answered: m.answered, ok: m.ok, failed: m.failed, restarts: m.restarts });
    expect(h.runPending.length, `${where}: runs in flight`).toBe(m.jobs.length > 0 && !m.jobs[0]!.waiting ? 1 : 0);
  }
  expect(h.maxConcurrentRuns).toBeLessThanOrEqual(1);
}

/**
 * Bounds the walk: MODEL_REQUESTS_MAX requests, MODEL_CRASHES_MAX crashes. The device and the
 * queue are independent regions, and their full product only repeats the same checks: every
 * device state meets the queue's first request, and a second request is made only with the
 * device started and never crashed (after which the device stays put).
 */
function keep(snap: ModelSnapshot, e: ModelEvent): boolean {
  if (e.type.startsWith('DEVICE.') && snap.context.issued > 1) return false;
  const device = (snap.value as { device: string }).device;
  if (e.type.startsWith('REQ.') && snap.context.issued >= 1 && (device !== 'started' || snap.context.restarts > 0)) return false;
  const next = getNextSnapshot(fenceModel, snap, e);
  return next.context.issued <= MODEL_REQUESTS_MAX && next.context.restarts <= MODEL_CRASHES_MAX;
}

describeModelPaths({
  title: 'fence device: model-based paths', label: 'fence model', machine: fenceModel, events: EVENTS, keep, replay,
  expected: { states: 206, transitions: 6 }, timeoutMs: 30_000,
});
